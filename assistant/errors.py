"""The small hierarchy of errors the core raises.

The core never prints or exits: the edges (CLI, API, UI) turn these into a one-line
message, a non-zero exit code or a 4xx JSON `detail`.
"""


class AssistantError(Exception):
    """Base class: its message is written for the user, in one line."""


class CorpusError(AssistantError):
    """A corpus file is missing, empty, binary or cannot be decoded."""


class UnknownDocumentError(AssistantError):
    """A document id that is not in the corpus."""


class IndexError_(AssistantError):
    """The index is missing, stale or corrupt and could not be (re)built."""


class ModelError(AssistantError):
    """The embedding model cannot be loaded or materialised."""


class InputError(AssistantError):
    """A question, query or parameter is empty, too long or malformed."""


class IngestError(AssistantError):
    """A file to add to the corpus was refused (type, size, name, content)."""


class LLMError(AssistantError):
    """The optional LLM failed (timeout, HTTP error, failed grounding check)."""

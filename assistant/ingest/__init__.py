"""Adding documents: validate an upload, convert .docx/.pdf/.txt to corpus text, parse it,
and add or remove it together with the index (all or nothing).

    upload = read_upload(path, settings.max_upload_mb)        # or validate_upload(bytes, name, ...)
    result = add_document(settings, upload, MetaOverrides(title=...))
    remove_document(settings, "某某方案.txt")
"""

from assistant.ingest.loaders import convert
from assistant.ingest.prepare import MetaOverrides, Prepared, prepare_document
from assistant.ingest.store import AddResult, IndexUpdate, RemoveResult, add_document, remove_document
from assistant.ingest.validate import Upload, read_upload, validate_upload

__all__ = [
    "AddResult", "IndexUpdate", "MetaOverrides", "Prepared", "RemoveResult", "Upload", "add_document",
    "convert", "prepare_document", "read_upload", "remove_document", "validate_upload",
]

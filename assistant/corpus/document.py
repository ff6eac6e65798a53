"""Parse a document into its model, and load the whole corpus folder.

`parse_text` is pure (text in, `ParsedDocument` out); `parse_document` reads a file;
`load_corpus` reads every ``*.txt`` of a folder with one shared unit gazetteer.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from assistant.corpus.clauses import parse_clauses
from assistant.corpus.ledger import extract_tasks
from assistant.corpus.loading import read_text
from assistant.corpus.events import document_events
from assistant.corpus.metadata import complete_metadata, derive_metadata, load_metadata
from assistant.corpus.layout import PageLayout, page_layout
from assistant.corpus.references import articles_of, referenced_text
from assistant.corpus.roster import parse_roster
from assistant.corpus.tables import find_tables, table_lines
from assistant.corpus.units import UnitGazetteer, is_generic, is_unit_like
from assistant.errors import CorpusError, UnknownDocumentError
from assistant.models import DocumentMeta, ParsedDocument, Task


def split_lines(text: str) -> list[str]:
    """The text's lines as `cat -n` numbers them (a final newline does not add a line)."""
    lines = text.replace("\r\n", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.rstrip("\r") for line in lines]


def text_layout(text: str) -> PageLayout:
    """A text's lines as the parser reads them (page furniture blanked, wrapped lines joined, OCR put right): the
    header its metadata is derived from too."""
    return page_layout(split_lines(text))


def parse_text(doc: str, text: str, meta: DocumentMeta | None = None, *,
               gazetteer: UnitGazetteer | None = None, layout: PageLayout | None = None) -> ParsedDocument:
    """The structured model of one document's text.

    Args:
        doc: document id (the corpus file name).
        text: the decoded text.
        meta: known metadata; derived from the header when None.
        gazetteer: units known corpus-wide; built from this text alone when None.
        layout: `text_layout(text)`, when the caller has read it already (for the metadata).
    """
    layout = layout or text_layout(text)  # "— 2 —" between rows, a page's running header, wrapped lines
    lines = layout.lines
    tables = find_tables(doc, lines, cells_wrap=layout.wrapped)
    clauses = parse_clauses(doc, lines, table_lines(tables))
    meta = complete_metadata(meta, lines) if meta is not None else derive_metadata(doc, lines)
    if gazetteer is None:
        gazetteer = UnitGazetteer.from_texts([text], places=place_names([meta]))
    rows = [table.rows for table in tables]
    return ParsedDocument(
        meta=meta,
        lines=lines,
        clauses=clauses,
        tables=rows,
        tasks=extract_tasks(doc, clauses, rows, gazetteer, lines, issuer=meta.issuer),
        roster=parse_roster(doc, lines),
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        events=document_events(doc, lines, meta),
    )


def parse_document(path: Path, meta: DocumentMeta | None = None) -> ParsedDocument:
    """Read and parse one file; metadata from its folder's metadata.json, else derived.

    Raises:
        CorpusError: the file is missing, empty, binary or undecodable.
    """
    path = Path(path)
    text = read_text(path)
    if meta is None:
        meta = load_metadata(path.parent).get(path.name)
    return parse_text(path.name, text, meta)


@dataclass
class Corpus:
    """All parsed documents of a corpus folder, ordered by file name, and their units."""

    documents: dict[str, ParsedDocument]
    gazetteer: UnitGazetteer
    _articles: dict[str, dict] = field(default_factory=dict, repr=False)

    def referenced(self, doc: str, sentence: str) -> str:
        """What a sentence of `doc` points to by number ("本办法第三条第一项至第四项"), or ""."""
        if doc not in self._articles:
            self._articles[doc] = articles_of(self.documents[doc].clauses) if doc in self.documents else {}
        return referenced_text(sentence, self._articles[doc]) if self._articles[doc] else ""

    @property
    def tasks(self) -> list[Task]:
        return [task for document in self.documents.values() for task in document.tasks]

    @property
    def place_names(self) -> list[str]:
        """Every place the documents are about or name (regions, their parents, towns and streets)."""
        metas = [d.meta for d in self.documents.values()]
        return sorted({*place_names(metas), *(p for m in metas for p in m.subplaces)})

    def get(self, doc: str) -> ParsedDocument:
        """The document with id `doc`.

        Raises:
            UnknownDocumentError: no such document in the corpus.
        """
        if doc not in self.documents:
            raise UnknownDocumentError(f"语料中没有文档 {doc}；可用：{'、'.join(self.documents) or '（无）'}")
        return self.documents[doc]

    def resolve(self, name: str) -> ParsedDocument:
        """A document by id, by id without ".txt", or by a prefix that only one id has ("yubei").

        Raises:
            UnknownDocumentError: no document, or more than one, matches.
        """
        name = name.strip()
        for candidate in (name, f"{name}.txt"):
            if candidate in self.documents:
                return self.documents[candidate]
        matches = [doc for doc in self.documents if doc.startswith(name)] if name else []
        if len(matches) == 1:
            return self.documents[matches[0]]
        return self.get(name)

    def __iter__(self) -> Iterator[ParsedDocument]:
        return iter(self.documents.values())

    def __len__(self) -> int:
        return len(self.documents)


def load_corpus(corpus_dir: Path) -> Corpus:
    """Parse every ``*.txt`` file of `corpus_dir`.

    Raises:
        CorpusError: the folder is missing or has no .txt file, or a file cannot be read.
    """
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.is_dir():
        raise CorpusError(f"语料文件夹不存在：{corpus_dir}")
    paths = sorted(p for p in corpus_dir.glob("*.txt") if p.is_file())
    if not paths:
        raise CorpusError(f"语料文件夹里没有 .txt 文件：{corpus_dir}")
    texts = {path.name: read_text(path) for path in paths}
    given = load_metadata(corpus_dir)
    layouts = {doc: text_layout(text) for doc, text in texts.items()}
    metas = {doc: complete_metadata(given[doc], layouts[doc].lines) if doc in given else
             derive_metadata(doc, layouts[doc].lines) for doc in texts}
    gazetteer = UnitGazetteer.from_texts(texts.values(), places=place_names(metas.values()))
    documents = {doc: parse_text(doc, text, metas[doc], gazetteer=gazetteer, layout=layouts[doc])
                 for doc, text in texts.items()}
    # Units named only in sentences join the gazetteer when they are specific enough to
    # find in a question ("住建部门" yes, "社区" no).
    gazetteer.add(unit for document in documents.values() for task in document.tasks for unit in task.all_units
                  if task.labelled or (len(unit) >= 4 and is_unit_like(unit) and not is_generic(unit)))
    return Corpus(documents=documents, gazetteer=gazetteer)


def place_names(metas) -> list[str]:
    """Every name of every document's place and its parents (folded out of unit names for matching)."""
    return sorted({n for m in metas for n in [m.region, *m.region_aliases, *m.parents] if n})

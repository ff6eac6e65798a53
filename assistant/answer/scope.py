"""Which documents a question is about, from the places it names.

A question that names a document's place ("青浦", "古美路街道"), the city or province its district
belongs to ("上海"), or a town its text names ("彭浦镇") is scoped to those documents. A place the
question names that occurs nowhere in the corpus is reported, so the answer can say the documents
do not cover it instead of answering from another district.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from assistant.corpus.normalize import normalize_for_match
from assistant.corpus.places import is_place_name, opening_name, place_mentions, place_suffix, short_forms
from assistant.models import DocumentMeta

REGION, PARENT, SUBPLACE = 0, 1, 2  # how directly a name names a document (lower wins)
MIN_PLACE_TAIL = 3  # the fewest characters before its suffix a tail of a place-like name keeps to name a place


@dataclass(frozen=True)
class Scope:
    docs: tuple[str, ...]  # in order of first mention; () = every document
    unknown_place: str = ""  # a place named in the question that no document mentions
    named: tuple[str, ...] = ()  # the place names the question used


class Places:
    """The place names of a corpus: each document's own place, its parents and the towns it names."""

    def __init__(self, metas: Iterable[DocumentMeta], texts: dict[str, str]) -> None:
        self._names: dict[str, dict[int, list[str]]] = {}  # name → kind → docs
        for meta in metas:
            own = {meta.region, *meta.region_aliases} - {""}
            for kind, names in ((REGION, own), (PARENT, meta.parents), (SUBPLACE, meta.subplaces)):
                for name in names:
                    for form in short_forms(name) if kind == SUBPLACE else [name]:
                        if len(form) >= 2:
                            self._names.setdefault(normalize_for_match(form), {}).setdefault(kind, []).append(meta.doc)
        self._texts = {doc: normalize_for_match(text) for doc, text in texts.items()}

    @property
    def words(self) -> list[str]:
        """Every place name that stands for a whole document (its own place or a parent), longest first."""
        return sorted((n for n, kinds in self._names.items() if REGION in kinds or PARENT in kinds),
                      key=len, reverse=True)

    def _naming(self, name: str) -> list[str]:
        """The documents whose text holds a place-like name the question used; or a tail of it that keeps
        `MIN_PLACE_TAIL` characters before its suffix ("城东火车站片区" read as "东火车站片区": the text's "…火车站片区";
        never "综合实验区" alone for "平潭综合实验区"); or both its halves."""
        suffix = place_suffix(name)
        for start in range(0, max(1, len(name) - len(suffix) - MIN_PLACE_TAIL + 1)):
            docs = [doc for doc, body in self._texts.items() if name[start:] in body]
            if docs:
                return docs
        # "北川城关镇": a place the text names ("北川县") and a town of it the text names ("城关镇"), run together
        return [doc for doc, body in self._texts.items()
                if any(name[:k] in body and name[k:] in body for k in range(2, len(name) - 2))]

    def scope(self, question: str) -> Scope:
        """The documents a question's place names point to, and a place no document mentions."""
        text = normalize_for_match(question)
        taken = [False] * len(text)
        found: list[tuple[int, int, list[str], str]] = []  # position, kind, docs, name
        for name in sorted(self._names, key=len, reverse=True):
            start = text.find(name)
            while start != -1:
                end = start + len(name)
                if not any(taken[start:end]):
                    taken[start:end] = [True] * len(name)
                    kind = min(self._names[name])
                    found.append((start, kind, self._names[name][kind], name))
                start = text.find(name, end)
        unknown = ""
        for start, name in place_mentions(text):
            if any(taken[start : start + len(name)]):
                continue
            docs = self._naming(name)
            if docs:
                found.append((start, SUBPLACE, docs, name))  # a town or street the text names
            elif not unknown:
                unknown = name
        if not found and not unknown and (name := opening_name(text)) \
                and not any(name in body for body in self._texts.values()):
            unknown = name  # "静安推进消防站点建设…": opened with a place no document has
        if not found or (unknown and is_place_name(unknown) and all(
                kind == SUBPLACE and not place_suffix(name) for _, kind, _, name in found)):
            # "成都市武侯区…要新建多少个…": a place named in full that no document has outweighs a word the texts
            # also use ("新建", which jieba knows as a county)
            return Scope((), unknown)
        best = min(kind for _, kind, _, _ in found)
        docs: list[str] = []
        for _, _, names_docs, _ in sorted(f for f in found if f[1] == best):
            docs += [d for d in names_docs if d not in docs]
        return Scope(tuple(docs), "", tuple(name for *_, name in sorted(found)))

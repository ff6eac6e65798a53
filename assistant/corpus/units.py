"""Unit names (区财政局, 乡镇（街道）…): splitting unit lists, aliases, and finding mentions.

Names come from the corpus itself (table unit cells and 〔责任单位：…〕 annotations) plus a
small hand-written alias table. Aliases only join names that are the same body under two
spellings (区住建委 = 区住房城乡建委 in the same 渝北 table); units of different districts
are different bodies, but sharing one normalised name is fine for matching.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from assistant.corpus.normalize import normalize_for_match, repair_spaces

# canonical name → other spellings of the same body
ALIASES: dict[str, tuple[str, ...]] = {
    "区住房城乡建委": ("区住建委", "区住房和城乡建设委员会", "区住房城乡建设委员会"),
    "区住房和城乡建设局": ("区住建局",),
    "区应急管理局": ("区应急局",),
    "区发展改革委": ("区发改委", "区发展和改革委员会"),
    "区大数据发展局": ("区大数据局",),
    "区城市管理局": ("区城管局",),
    # 重庆's districts call their police bureau 公安分局; a document uses only one form.
    "区公安局": ("区公安分局",),
    "区消防安全委员会办公室": ("区消安办", "区消安委办公室"),
    "区政府办公室": ("区政府办",),
    "区经济信息委": ("区经信委",),
    "区卫生健康委": ("区卫健委",),
    "区文化旅游委": ("区文旅委",),
    "区人社局": ("区人力社保局", "区人力资源和社会保障局"),
    "区市场监管局": ("区市场监督管理局",),
    "区规划自然资源局": ("区规划和自然资源局",),
    "乡镇（街道）": ("各乡镇（街道）", "镇街", "各镇街"),
}

# Endings that make a phrase a unit name (for subjects found in sentences).
UNIT_SUFFIX = re.compile(
    r"(?:局|委|会|办|办公室|(?<![全内外干总])部|部门|机关|机构|队|站|所|中心|公司|集团|政府|街道|镇|乡|院|厅|处|社区|镇街)$"
)
_SEPARATORS = re.compile(r"[、，,；;\n]+")
# "区退役军人事务局区人社局": a unit ending followed directly by the next unit's 区/市/县.
_RUN_TOGETHER = re.compile(r"(?<=[局委办队部])(?=[区市县])")
_TRIM = " \t\u3000。.、，,；;：:"


def is_unit_like(phrase: str) -> bool:
    """True when `phrase` ends like a unit name (a trailing "（街道）" is ignored)."""
    core = re.sub(r"（[^（）]*）$|\([^()]*\)$", "", phrase.strip())
    return bool(core) and bool(UNIT_SUFFIX.search(core))


class UnitGazetteer:
    """Known unit names with alias-aware matching."""

    def __init__(self, names: Iterable[str] = (), aliases: Mapping[str, Iterable[str]] = ALIASES) -> None:
        self._names: dict[str, str] = {}  # normalised → display name (first spelling seen)
        self._canonical: dict[str, str] = {}  # normalised spelling → normalised canonical name
        for canonical, variants in aliases.items():
            key = normalize_for_match(canonical)
            for spelling in (canonical, *variants):
                self._canonical[normalize_for_match(spelling)] = key
                self._names.setdefault(normalize_for_match(spelling), spelling)
        self.add(names)

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> UnitGazetteer:
        """A gazetteer of the units named in table unit cells and labelled annotations of `texts`."""
        from assistant.corpus.tables import parse_tables, unit_cells

        gazetteer = cls()
        for text in texts:
            lines = text.split("\n")
            for rows in parse_tables("", lines):
                for row in rows:
                    for cell in unit_cells(row):
                        gazetteer.add(gazetteer.split(cell))
            for _label, content, _start, _end in labelled_lists(text):
                gazetteer.add(gazetteer.split(content))
        return gazetteer

    def add(self, names: Iterable[str]) -> None:
        for name in names:
            display = repair_spaces(name).strip(_TRIM)
            if display:
                self._names.setdefault(normalize_for_match(display), display)

    @property
    def names(self) -> list[str]:
        """Every known spelling, corpus names and alias-table spellings, sorted."""
        return sorted(self._names.values())

    def __contains__(self, name: str) -> bool:
        return normalize_for_match(name) in self._names

    def __len__(self) -> int:
        return len(self._names)

    def canonical(self, name: str) -> str:
        """The matching key of a unit name: normalised, with aliases folded together."""
        key = normalize_for_match(name).strip(_TRIM)
        return self._canonical.get(key, key)

    def same(self, a: str, b: str) -> bool:
        return self.canonical(a) == self.canonical(b)

    def split(self, text: str) -> list[str]:
        """Split a unit list ("区财政局、区消防救援支队\\n各镇街") into names, keeping their wording."""
        out: list[str] = []
        for piece in _SEPARATORS.split(repair_spaces(text)):
            piece = piece.strip(_TRIM)
            if not piece:
                continue
            for name in self._segment(piece) or _RUN_TOGETHER.split(piece):
                name = name.strip(_TRIM)
                if name and name not in out:
                    out.append(name)
        return out

    def _segment(self, piece: str) -> list[str] | None:
        """`piece` as two or more known names back to back, or None."""
        if normalize_for_match(piece) in self._names:
            return None
        known = {display for display in self._names.values() if 2 <= len(display) <= len(piece)}

        def cover(start: int) -> list[str] | None:
            if start == len(piece):
                return []
            for end in range(len(piece), start + 1, -1):
                if piece[start:end] in known:
                    rest = cover(end)
                    if rest is not None:
                        return [piece[start:end], *rest]
            return None

        parts = cover(0)
        return parts if parts and len(parts) >= 2 else None

    def find_in(self, text: str) -> list[str]:
        """Known unit names mentioned in free text, longest match first, in text order."""
        normalised = normalize_for_match(text)
        taken = [False] * len(normalised)
        found: list[tuple[int, str]] = []
        for key in sorted(self._names, key=len, reverse=True):
            if len(key) < 2:
                continue
            start = normalised.find(key)
            while start != -1:
                end = start + len(key)
                if not any(taken[start:end]):
                    taken[start:end] = [True] * len(key)
                    found.append((start, self._names[key]))
                start = normalised.find(key, end)
        return [name for _, name in sorted(found)]


_LABEL_OPEN = re.compile(
    r"[〔（(【\[]\s*((?:牵\s*头|责\s*任|配\s*合|协\s*办|主\s*办)\s*(?:单\s*位|部\s*门)(?:和部门|及部门)?)\s*[:：]"
)
_CLOSERS = {"〔": "〕", "（": "）", "(": ")", "【": "】", "[": "]"}


def labelled_lists(text: str) -> list[tuple[str, str, int, int]]:
    """Bracketed unit annotations: 〔责任单位：…〕, （牵头单位：…）, with nested brackets kept.

    Returns:
        (label with spaces removed, content, start offset, end offset) per annotation.
    """
    out: list[tuple[str, str, int, int]] = []
    for match in _LABEL_OPEN.finditer(text):
        opener = text[match.start()]
        closer, depth, pos = _CLOSERS[opener], 0, match.end()
        while pos < len(text):
            ch = text[pos]
            if ch in "（(〔【[":
                depth += 1
            elif ch in "）)〕】]":
                if depth == 0:
                    break
                depth -= 1
            pos += 1
        if pos >= len(text) or text[pos] not in (closer, "）", ")", "〕"):
            continue
        label = re.sub(r"\s+", "", match.group(1))
        out.append((label, text[match.end() : pos], match.start(), pos + 1))
    return out

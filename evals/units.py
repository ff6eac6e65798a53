"""Extract the set of unit (department) names an answer names, aliases folded to one spelling."""

from __future__ import annotations

import re
from collections.abc import Iterable

from evals.normalize import alias_table, normalize

# Names outside the vocabulary still count (as extras) when they look like a unit:
# 区/市/县 + a short name + an organ suffix, or a town government. Lazy, so that
# "区消防救援支队数字化指挥中心" yields 区消防救援支队 rather than a longer phantom unit.
# The name part may not contain function words, so "市政消火栓建设由区水利局" is not one name.
_NAME = r"[^\x00-\u4dff由和与及或的在等是为对将把并负牵配协责由、，。；：\u9fff-\U0010ffff]"
UNIT_PATTERNS = [
    re.compile(rf"(?:区|市|县){_NAME}{{1,10}}?(?:委员会|管委会|支队|大队|总队|分局|中心|局|委|办|部门|部)"),
    re.compile(rf"{_NAME}{{2,3}}镇人民政府"),
]


_ANSWER_LABELS = {f"{role}{body}" for role in ("牵头", "配合", "责任", "负责", "协办", "主办") for body in ("单位", "部门")}


class UnitMatcher:
    """Longest-match extraction against a vocabulary (gold units + alias table), then patterns."""

    def __init__(self, canonical: dict[str, str]) -> None:
        """Args: canonical: normalised surface form → normalised canonical name."""
        self.canonical = canonical
        self._by_first: dict[str, list[str]] = {}
        for surface in sorted(canonical, key=len, reverse=True):
            self._by_first.setdefault(surface[0], []).append(surface)

    @classmethod
    def build(cls, extra_units: Iterable[str] = ()) -> UnitMatcher:
        """Vocabulary = the alias table plus `extra_units` (e.g. every gold unit of the QA set)."""
        canonical: dict[str, str] = {}
        for name, aliases in alias_table()["units"].items():
            canon = normalize(name)
            canonical[canon] = canon
            for alias in aliases:
                canonical.setdefault(normalize(alias), canon)
        for phrase in alias_table().get("non_units", []):
            canonical[normalize(phrase)] = ""  # consumed by longest match, never counted
        for unit in extra_units:
            key = normalize(unit)
            canonical.setdefault(key, key)
        return cls(canonical)

    def canon(self, unit: str) -> str:
        """The canonical spelling of one unit name (itself, normalised, when unknown). A leading 各 ("each")
        is folded away: "各街道" and "街道" name the same bodies, and gold writers distribute it over a
        list ("各机关、各团体") or not ("各乡镇、街道") as the document does."""
        key = normalize(unit)
        key = self.canonical.get(key, key)
        if key.startswith("各") and len(key) >= 3 and not key.startswith(("各级", "各有关", "各相关")):
            key = self.canonical.get(key[1:], key[1:])
        return key

    def extract(self, text: str) -> set[str]:
        """Canonical names of all units mentioned in `text` (raw or normalised)."""
        text = normalize(text)
        found: set[str] = set()
        i = 0
        while i < len(text):
            surface = next((s for s in self._by_first.get(text[i], ()) if text.startswith(s, i)
                            and (len(s) > 1 or _stands_alone(text, i))), None)
            if surface is not None:
                # "牵头单位：…" labels the answer, it names no one ("区应急局：统筹协调" still does)
                label = surface in _ANSWER_LABELS and text.startswith(("：", ":"), i + len(surface))
                if self.canonical[surface] and not label:
                    found.add(self.canon(self.canonical[surface]))
                i += len(surface)
                continue
            match = next((m for p in UNIT_PATTERNS if (m := p.match(text, i))), None)
            if match is not None:
                found.add(self.canon(match.group(0)))
                i = match.end()
                continue
            i += 1
        return found


def _stands_alone(text: str, i: int) -> bool:
    """A one-character name ("各街道、镇" → 镇) counts only as a list item of its own, never inside a word
    ("银滩镇任务", "镇党政办")."""
    before = text[i - 1] if i else "、"
    after = text[i + 1] if i + 1 < len(text) else "。"
    return before in "、，,；;：:" and after in "、，,。.；;）)"

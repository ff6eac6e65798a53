"""Grounding check: every unit name, number and date in an answer must occur in a cited source.

Answers are split into small segments (on 。；，、 and line breaks); a segment that names a
unit, number or date found in none of the cited texts is dropped. This applies to the
offline composer (where a failure means a parsing bug) and to LLM output alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from assistant.answer.match import NUMBER_PATTERN
from assistant.corpus.normalize import normalize_for_match
from assistant.lexicon import DEADLINE_PATTERN

_SHARED_SUFFIXES = ("部门", "单位", "机构", "机关", "街道", "镇", "乡", "社区", "村")
_SEGMENT = re.compile(r"(?<=[。；;，,、\n])")
_CITATION_MARK = re.compile(r"\[\d+\]")
_TITLE_CHARS = 8  # a label this long is a title, not a district name or a clause path
_ENUMERATOR = re.compile(r"(?m)(?:^|(?<=[：:；;]))\s*\d+\.\s*")


@dataclass
class Check:
    text: str  # the answer with unsupported segments removed
    unsupported: list[str]  # the unit names / numbers / dates that were not in any source


def claims(text: str, find_units: Callable[[str], list[str]], ignore: list[str] = ()) -> list[str]:
    """Unit names, dates and numbers stated in a piece of answer text.

    `ignore` holds strings that are labels, not claims (clause paths such as "附件2 第12项",
    district names); list enumerators ("3. ") are not claims either.
    """
    plain = normalize_for_match(_CITATION_MARK.sub("", text))
    labels = {normalize_for_match(label) for label in ignore if label}
    # Units first, on the whole text: a label such as a district name may be part of a unit ("公安青浦分局").
    # A cited document's title quoted in the answer is taken out first: the units in its name state nothing.
    titled = plain
    for title in (label for label in labels if len(label) >= _TITLE_CHARS):
        titled = titled.replace(f"《{title}》", " ")
    found = [u for u in find_units(_ENUMERATOR.sub(" ", titled)) if normalize_for_match(u) not in labels]
    for label in sorted(labels, key=len, reverse=True):
        plain = plain.replace(label, " ")
    plain = _ENUMERATOR.sub(" ", plain)
    dates = [m.group(0) for m in DEADLINE_PATTERN.finditer(plain)]
    found += dates
    rest = DEADLINE_PATTERN.sub(" ", plain)
    rest = re.sub(r"第\s*\d+\s*[项条行]|附件\s*\d+|\d+\s*项|专栏\s*\d+", " ", rest)  # clause paths and counts
    found += NUMBER_PATTERN.findall(rest)
    return found


def supported(claim: str, sources: str) -> bool:
    claim = normalize_for_match(claim)
    if claim.replace(".", "").isdigit():
        return re.search(rf"(?<![\d.]){re.escape(claim)}(?![\d])", sources) is not None
    if claim in sources:
        return True
    # A list that writes its suffix (and level) once names each body without writing it out:
    # "教育、民政等部门" names 教育部门; "区质监、工商、公安消防部门" names 区工商部门; "木耳、洛碛…石船镇" names 木耳镇.
    suffix = next((s for s in _SHARED_SUFFIXES if claim.endswith(s)), "")
    stem = re.sub(r"^[区市县]", "", claim[: -len(suffix)]) if suffix else ""
    return len(stem) >= 2 and stem in sources and suffix in sources


def check(text: str, source_texts: list[str], find_units: Callable[[str], list[str]], ignore: list[str] = ()) -> Check:
    """Drop every segment of `text` that states something no source contains."""
    sources = normalize_for_match("\n".join(source_texts))
    kept, unsupported = [], []
    for segment in _SEGMENT.split(text):
        bad = [c for c in claims(segment, find_units, ignore) if not supported(c, sources)]
        if bad:
            unsupported.extend(bad)
            continue
        kept.append(segment)
    return Check("".join(kept).strip(), unsupported)

"""Questions and checks shared by the server tests."""

from __future__ import annotations

from pathlib import Path

from assistant.settings import Settings

API_KEY = "test-key-1"
CORS_ORIGIN = "http://oa.example.test"
KAIZHOU = "kaizhou-2023-grassroots-fire-governance-plan.txt"
YUBEI = "yubei-2021-fire-3yr-action-plan.txt"
DAFENG = "dafeng-14th-5yr-fire-plan.txt"
Q_FOUND = "大丰老旧小区改造里电动自行车充电设施怎么要求？"
Q_XINGHUA = "兴化养老机构的消防整治谁来管？"
Q_FINANCE = "区财政局牵头哪些任务？"
Q_FOLLOW_UP = "完成时限是什么时候？"
Q_NOT_FOUND = "火星基地的消防站由谁建设？"


def source_lines(doc: str) -> list[str]:
    """The original lines of a corpus file (line 1 is index 0)."""
    return (Path(Settings().corpus_dir) / doc).read_text(encoding="utf-8").splitlines()


def cited(answer: dict) -> list[dict]:
    """The citations of an answer, or its nearest clauses when it found nothing."""
    return answer["citations"] or answer["suggestions"]


def assert_citations_match_source(citations: list[dict]) -> None:
    """Every citation's text is exactly its line span in the original file."""
    assert citations, "expected at least one citation"
    for c in citations:
        lines = source_lines(c["doc"])
        assert 1 <= c["line_start"] <= c["line_end"] <= len(lines)
        assert c["text"] == "\n".join(lines[c["line_start"] - 1 : c["line_end"]])

"""The evaluation suites: the five bundled documents, the tuning half and the held-out half of the
development corpus, and the documents we wrote in styles none of those use, each with its own corpus
folder, questions and gold ledger.

Rules and thresholds are decided on `five`, `tuning` and `written` (each batch of `written` measured once
cold first); `heldout` is measured and never tuned on (evals/dev/README.md). Each suite gets its own index, so the documents of one never answer the
questions of another.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from evals.dataset import COMPOSITE_FILE, CONVERSATIONS_FILE, QA_FILE, read_jsonl

EVALS_DIR = Path(__file__).resolve().parent
DEV_DIR = EVALS_DIR / "dev"
SUITE_NAMES = ("five", "tuning", "written", "heldout")  # report order; all but the five are folders of dev/


@dataclass(frozen=True)
class Suite:
    """One corpus folder with its gold questions and gold ledger."""

    name: str
    corpus_dir: Path
    qa_files: tuple[Path, ...]
    ledger_files: tuple[Path, ...]
    index_dir: Path | None  # None: the settings' own index (the bundled corpus)
    limit: int | None = None  # only the first N questions, round-robin over types

    def items(self) -> list[dict]:
        from evals.runner import select_items

        return select_items([row for path in self.qa_files for row in read_jsonl(path)], self.limit)

    def ledger(self) -> list[dict]:
        return [row for path in self.ledger_files for row in read_jsonl(path)]

    @property
    def documents(self) -> list[str]:
        return sorted(p.name for p in self.corpus_dir.glob("*.txt"))


def dev_suite(name: str, index_root: Path) -> Suite:
    folder = DEV_DIR / name
    return Suite(name, folder, tuple(sorted(folder.glob("*.qa.jsonl"))), tuple(sorted(folder.glob("*.ledger.jsonl"))),
                 index_root / name)


def suites(corpus_dir: Path, index_root: Path) -> dict[str, Suite]:
    """The suites, in report order. `index_root` holds the development halves' indexes."""
    qa_files = tuple(p for p in (QA_FILE, CONVERSATIONS_FILE, COMPOSITE_FILE) if p.is_file())
    five = Suite("five", corpus_dir, qa_files, (EVALS_DIR / "ledger.jsonl",), None)
    return {"five": five, **{name: dev_suite(name, index_root) for name in SUITE_NAMES[1:]}}


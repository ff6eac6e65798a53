"""evals/README.md stays true: its options exist and its counts match qa.jsonl."""

import re
from collections import Counter
from pathlib import Path

from click.testing import CliRunner
from eval_fixtures import gold_items

from assistant.cli import cli

README = Path(__file__).resolve().parents[2] / "evals" / "README.md"


def test_every_option_in_the_readme_exists():
    help_text = CliRunner().invoke(cli, ["eval", "--help"]).output
    options = set(re.findall(r"`?(--[a-z]+)", README.read_text(encoding="utf-8")))
    assert options and {o for o in options if o not in help_text} == set()


def test_type_counts_and_totals_in_the_readme_match_the_gold_set():
    text = README.read_text(encoding="utf-8")
    counts = Counter(it["type"] for it in gold_items())
    rows = re.findall(r"^\| (`[a-z_]+`(?: / `[a-z_]+`)*) \|.*\| ([\d /]+) \|$", text, flags=re.MULTILINE)
    assert len(rows) == 8
    for row in rows:
        types = re.findall(r"`([a-z_]+)`", row[0])
        numbers = [int(n) for n in row[1].split("/")]
        assert [counts[t] for t in types] == numbers, row
    hard = sum(1 for it in gold_items() if it.get("hard"))
    assert f"{hard} of {len(gold_items())} are `hard`" in text
    assert f"{len(gold_items())} questions" in text


def test_suite_sizes_in_the_readme_match_the_gold_files():
    from evals.suites import suites

    text = README.read_text(encoding="utf-8")
    for name, suite in suites(Path("corpus"), Path("unused")).items():
        row = next(line for line in text.splitlines() if line.startswith(f"| `{name}` |"))
        questions, ledger = len(suite.items()), len(suite.ledger())
        assert f"({questions})" in row and f"({ledger} rows)" in row, (name, questions, ledger, row)

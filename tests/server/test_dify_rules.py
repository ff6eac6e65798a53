"""Dify metadata conditions and score normalisation (pure parts of /retrieval)."""

import pytest

from assistant.models import Chunk, Hit
from assistant.errors import InputError
from assistant.server.dify import check_operators, condition_holds, metadata_matches, normalise_scores
from assistant.server.schemas import MetadataCondition, MetadataConditionItem
from assistant.settings import Settings

META = {"doc": "kaizhou.txt", "kind": "row", "path": "附件 第43项", "date": "2023-07-03", "line_start": 371,
        "region": ""}


def item(name, op, value=None):
    return MetadataConditionItem(name=name, comparison_operator=op, value=value)


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        (item("kind", "is", "row"), True),
        (item("kind", "is not", "row"), False),
        (item("path", "contains", "第43"), True),
        (item("path", "not contains", "第43"), False),
        (item("doc", "start with", "kai"), True),
        (item("doc", "end with", ".txt"), True),
        (item("kind", "in", ["clause", "row"]), True),
        (item("kind", "not in", ["clause", "row"]), False),
        (item("region", "empty"), True),
        (item("region", "not empty"), False),
        (item("line_start", ">", 300), True),
        (item("line_start", "≤", 300), False),
        (item("line_start", "=", "371"), True),
        (item("date", "before", "2024-01-01"), True),
        (item("date", "after", "2024-01-01"), False),
        (item(["kind"], "is", "row"), True),  # Dify may send the name as a list
        (item("region", "null"), True),  # the older name of "empty"
        (item("line_start", ">", "abc"), False),  # not a number: cannot hold
    ],
)
def test_condition_holds(condition, expected):
    assert condition_holds(META, condition) is expected


def test_an_operator_dify_does_not_define_is_refused_naming_the_ones_it_does():
    check_operators(MetadataCondition(conditions=[item("kind", "is", "row"), item("date", "≥", 1)]))
    with pytest.raises(InputError, match=r"不支持的比较运算符.*some future operator.*contains"):
        check_operators(MetadataCondition(conditions=[item("kind", "some future operator", "x")]))


def test_logical_operators():
    yes, no = item("kind", "is", "row"), item("kind", "is", "clause")
    assert metadata_matches(META, MetadataCondition(logical_operator="and", conditions=[yes, no])) is False
    assert metadata_matches(META, MetadataCondition(logical_operator="or", conditions=[yes, no])) is True
    assert metadata_matches(META, None) is True
    assert metadata_matches(META, MetadataCondition(conditions=[])) is True


def hit(score):
    chunk = Chunk(id="c", doc="d", kind="clause", path="一、", title="t", region="r", text="x", context="x",
                  line_start=1, line_end=1)
    return Hit(chunk=chunk, score=score)


def test_scores_are_relative_to_the_best_possible_fused_score():
    settings = Settings(fusion="rrf", bm25_weight=1.0, dense_weight=1.0, rrf_k=60)
    top_both, top_one, low = 2 / 61, 1 / 61, 1 / 70 + 1 / 80
    assert normalise_scores([hit(top_both), hit(top_one), hit(low)], settings) == [
        1.0, 0.5, round(low / (2 / 61), 4)]
    assert normalise_scores([], settings) == []


def test_convex_scores_are_scaled_by_the_sum_of_weights():
    settings = Settings(fusion="convex", bm25_weight=0.8, dense_weight=0.2)
    assert normalise_scores([hit(1.0), hit(0.8), hit(0.1)], settings) == [1.0, 0.8, 0.1]

"""BM25 scoring, persistence and reciprocal-rank fusion on hand-made data."""

import numpy as np
import pytest

from assistant.retrieval.bm25 import BM25Index
from assistant.retrieval.search import reciprocal_rank_fusion


def test_bm25_ranks_the_chunk_with_the_rare_term_first():
    index = BM25Index.build([["区财政局", "经费"], ["区消防救援支队", "消防站"], ["消防站", "建设", "消防站"]])
    scores = index.scores(["消防站"])
    assert scores[0] == 0
    assert scores[2] > scores[1] > 0  # two occurrences beat one
    assert index.scores(["区财政局"]).argmax() == 0


def test_bm25_unknown_terms_score_zero():
    index = BM25Index.build([["甲"], ["乙"]])
    assert not index.scores(["丙"]).any()


def test_bm25_save_and_load_round_trip(tmp_path):
    index = BM25Index.build([["消防", "通道"], ["消防", "站"], []])
    index.save(tmp_path)
    loaded = BM25Index.load(tmp_path)
    np.testing.assert_allclose(loaded.scores(["消防", "站"]), index.scores(["消防", "站"]))
    assert not any(p.suffix == ".pkl" for p in tmp_path.iterdir())


def test_bm25_load_rejects_mismatched_arrays(tmp_path):
    index = BM25Index.build([["消防"], ["站"]])
    index.save(tmp_path)
    np.save(tmp_path / "bm25_indptr.npy", np.array([0, 1], dtype=np.int64))
    with pytest.raises(ValueError):
        BM25Index.load(tmp_path)


def test_rrf_rewards_items_ranked_well_by_both():
    fused = reciprocal_rank_fusion({"bm25": [1, 2, 3], "dense": [3, 1, 4]}, {"bm25": 1.0, "dense": 1.0}, k=60)
    order = [item for item, _ in fused]
    assert order[0] == 1  # 1st and 2nd beats 3rd and 1st
    assert order[1] == 3
    assert set(order) == {1, 2, 3, 4}


def test_rrf_weights_shift_the_winner():
    rankings = {"bm25": [1, 2], "dense": [2, 1]}
    assert reciprocal_rank_fusion(rankings, {"bm25": 2.0, "dense": 1.0})[0][0] == 1
    assert reciprocal_rank_fusion(rankings, {"bm25": 1.0, "dense": 2.0})[0][0] == 2

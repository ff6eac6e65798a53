"""Dify's External Knowledge API at /retrieval, over plain HTTP."""

import pytest

from .helpers import API_KEY, KAIZHOU

pytestmark = pytest.mark.slow


def body(query="电动自行车充电设施", knowledge_id="all", top_k=5, threshold=0.0, **extra):
    return {"knowledge_id": knowledge_id, "query": query,
            "retrieval_setting": {"top_k": top_k, "score_threshold": threshold}, **extra}


def test_records_have_dify_shape(http):
    response = http.post("/retrieval", json=body())
    assert response.status_code == 200
    records = response.json()["records"]
    assert 0 < len(records) <= 5
    for r in records:
        assert set(r) == {"content", "score", "title", "metadata"}
        assert isinstance(r["metadata"], dict)  # Dify fails on null metadata
        assert 0.0 <= r["score"] <= 1.0 and r["content"].strip()
    assert [r["score"] for r in records] == sorted((r["score"] for r in records), reverse=True)


def test_knowledge_id_selects_one_document(http):
    records = http.post("/retrieval", json=body(knowledge_id=KAIZHOU)).json()["records"]
    assert records and {r["metadata"]["doc"] for r in records} == {KAIZHOU}


def test_score_threshold_and_top_k(http):
    everything = http.post("/retrieval", json=body(top_k=20)).json()["records"]
    cut = sorted(r["score"] for r in everything)[len(everything) // 2]
    kept = http.post("/retrieval", json=body(top_k=20, threshold=cut)).json()["records"]
    assert kept and all(r["score"] >= cut for r in kept)
    assert len(kept) < len(everything)
    assert len(http.post("/retrieval", json=body(top_k=2)).json()["records"]) == 2


def test_metadata_condition_filters_records(http):
    condition = {"logical_operator": "and",
                 "conditions": [{"name": ["doc"], "comparison_operator": "is", "value": KAIZHOU}]}
    records = http.post("/retrieval", json=body(metadata_condition=condition)).json()["records"]
    assert records and {r["metadata"]["doc"] for r in records} == {KAIZHOU}


@pytest.mark.parametrize("top_k", [1, 3])
def test_the_metadata_filter_restricts_candidates_before_ranking(http, top_k):
    # 开州's clauses rank below other districts' for this query: filtering after the top k gave nothing
    condition = {"conditions": [{"name": ["region"], "comparison_operator": "is", "value": "开州区"}]}
    unfiltered = http.post("/retrieval", json=body(query="老旧小区电动自行车充电设施", top_k=top_k)).json()["records"]
    assert "开州区" not in {r["metadata"]["region"] for r in unfiltered}
    records = http.post("/retrieval", json=body(query="老旧小区电动自行车充电设施", top_k=top_k,
                                                metadata_condition=condition)).json()["records"]
    assert len(records) == top_k and {r["metadata"]["region"] for r in records} == {"开州区"}


def test_the_documentation_example_and_an_unknown_operator(http):
    # the request of Dify's External Knowledge API documentation, pointed at this corpus
    example = {"knowledge_id": "all", "query": "电动自行车", "retrieval_setting": {"top_k": 2, "score_threshold": 0.0},
               "metadata_condition": {"logical_operator": "and", "conditions": [
                   {"name": ["document_title"], "comparison_operator": "contains", "value": "消防"}]}}
    records = http.post("/retrieval", json=example).json()["records"]
    assert len(records) == 2 and all("消防" in r["metadata"]["document_title"] for r in records)
    example["metadata_condition"]["conditions"][0]["comparison_operator"] = "resembles"
    response = http.post("/retrieval", json=example)
    assert response.status_code == 400
    assert response.json()["error_code"] == 400 and "resembles" in response.json()["error_msg"]


def test_unknown_knowledge_is_2001(http):
    response = http.post("/retrieval", json=body(knowledge_id="no-such-kb"))
    assert response.status_code == 404
    assert response.json()["error_code"] == 2001


@pytest.mark.parametrize(
    "payload",
    [body(top_k=0), body(threshold=1.5), {"knowledge_id": "all"}, body(query=" ")],
)
def test_bad_input_is_a_4xx_with_an_error_message(http, payload):
    response = http.post("/retrieval", json=payload)
    assert response.status_code == 400, response.text
    assert response.json()["error_msg"]


def test_malformed_json(http):
    response = http.post("/retrieval", content=b"{", headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.json()["error_msg"] == "请求体不是有效的 JSON"


@pytest.mark.parametrize(
    ("headers", "code"),
    [({}, 1001), ({"Authorization": "Basic abc"}, 1001), ({"Authorization": "Bearer"}, 1001),
     ({"Authorization": "Bearer wrong"}, 1002)],
)
def test_auth_errors_use_dify_codes(keyed_http, headers, code):
    response = keyed_http.post("/retrieval", json=body(), headers=headers)
    assert response.status_code == 403
    assert response.json()["error_code"] == code


def test_valid_key_is_accepted(keyed_http):
    response = keyed_http.post("/retrieval", json=body(), headers={"Authorization": f"Bearer {API_KEY}"})
    assert response.status_code == 200 and response.json()["records"]

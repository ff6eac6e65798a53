"""The gold set itself: evidence is real, fields are complete, the mix of types is as planned."""

from collections import Counter

from eval_fixtures import corpus_texts, gold_items

from evals.dataset import COMPOSITE_FILE, CONVERSATIONS_FILE, KINDS, RULES, TYPES, read_jsonl, rule_of, validate_item
from evals.normalize import normalize

# Rough counts asked for; the set must not fall below them.
MIN_COUNTS = {"lead_unit": 20, "cooperating_units": 12, "responsible_units": 15, "deadline": 15, "number": 15,
              "fact": 15, "list": 8, "cross_doc": 10, "follow_up": 10, "not_in_corpus": 12}


def test_every_item_is_well_formed_and_its_evidence_is_in_its_document():
    problems = {it["id"]: p for it in gold_items() if (p := validate_item(it, corpus_texts()))}
    assert problems == {}


def test_ids_are_unique():
    ids = Counter(it["id"] for it in gold_items())
    assert [i for i, n in ids.items() if n > 1] == []


def test_size_type_mix_and_hard_share():
    items = gold_items()
    counts = Counter(it["type"] for it in items)
    assert len(items) >= 150
    assert set(counts) == set(TYPES) - set(KINDS)  # conversations and composites have files of their own
    assert {t: n for t, n in counts.items() if n < MIN_COUNTS[t]} == {}
    assert sum(1 for it in items if it.get("hard")) * 3 >= len(items)


def test_every_document_is_asked_about():
    docs = Counter(it["doc"] for it in gold_items() if it.get("doc"))
    assert set(docs) == set(corpus_texts())
    assert min(docs.values()) >= 10


def test_gold_units_use_the_documents_own_wording():
    texts = {doc: normalize(text) for doc, text in corpus_texts().items()}
    missing = []
    for it in gold_items():
        for unit in it.get("units", []) + [u for alt in it.get("accept_units", []) for u in alt]:
            if normalize(unit) not in texts[it["doc"]]:
                missing.append((it["id"], unit))
    assert missing == []


def test_only_the_fields_a_type_needs():
    unit_fields = {"units", "accept_units"}
    for it in gold_items():
        rule = rule_of(it)
        assert rule in RULES
        if rule not in ("lead_unit", "cooperating_units", "responsible_units"):
            assert not unit_fields & set(it), it["id"]
        if it["type"] == "not_in_corpus":
            assert "doc" not in it and "evidence" not in it, it["id"]
        if it["type"] != "follow_up":
            assert "history" not in it, it["id"]
        if it["type"] not in ("cross_doc", "follow_up"):
            assert "score_as" not in it, it["id"]


def test_follow_up_histories_alternate_user_and_assistant():
    for it in gold_items():
        if it["type"] == "follow_up":
            roles = [t["role"] for t in it["history"]]
            assert roles == ["user", "assistant"] * (len(roles) // 2) and roles, it["id"]
            assert all(t["content"].strip() for t in it["history"])


def test_conflicting_sources_are_few_and_explained():
    conflicts = [it for it in gold_items() if it.get("accept_units")]
    assert 1 <= len(conflicts) <= 5
    assert all(it.get("note") for it in conflicts)
    kaizhou_smoke = next(it for it in gold_items() if it["id"] == "kz-resp-07")
    assert kaizhou_smoke["units"] == ["乡镇（街道）"] and "区大数据发展局" in kaizhou_smoke["accept_units"][0]


def test_questions_are_not_copied_from_the_evidence():
    copied = [it["id"] for it in gold_items() if it.get("evidence") and normalize(it["evidence"]) in normalize(it["question"])]
    assert copied == []


def test_conversations_and_composites_are_well_formed_with_their_kinds_mixed():
    from collections import Counter as C

    for path, qtype, least in ((CONVERSATIONS_FILE, "multi_turn", 30), (COMPOSITE_FILE, "composite", 25)):
        if not path.is_file():
            continue
        items = read_jsonl(path)
        assert len(items) >= least and {it["type"] for it in items} == {qtype}
        problems = {it["id"]: p for it in items if (p := validate_item(it, corpus_texts()))}
        assert problems == {}
        kinds = C(it["kind"] for it in items)
        assert set(kinds) == set(KINDS[qtype]), kinds  # every kind is asked

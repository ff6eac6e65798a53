"""A document the system has never seen (written for the tests) answers its who-leads questions."""

import shutil

import pytest

from assistant.answer.pipeline import Assistant
from assistant.corpus.document import load_corpus
from assistant.retrieval.index import ensure_index
from assistant.settings import PROJECT_ROOT, Settings

FIXTURE = PROJECT_ROOT / "tests" / "fixtures" / "qingxi-2024-ebike-fire-rectification-plan.txt"


@pytest.fixture(scope="module")
def qingxi(tmp_path_factory, embedder):
    root = tmp_path_factory.mktemp("qingxi")
    (root / "corpus").mkdir()
    shutil.copy(FIXTURE, root / "corpus" / FIXTURE.name)
    shutil.copy(PROJECT_ROOT / "corpus" / "yubei-2021-fire-3yr-action-plan.txt", root / "corpus")
    settings = Settings(corpus_dir=root / "corpus", index_dir=root / "index")
    corpus = load_corpus(settings.corpus_dir)
    return Assistant(settings, corpus, ensure_index(settings, corpus=corpus, embedder=embedder, log=lambda m: None),
                     embedder)


def short(answer):
    return answer.answer.split("\n\n")[0]


def expected_lead(assistant, phrase):
    task = next(t for t in assistant.corpus.tasks if t.doc == FIXTURE.name and phrase in t.text and t.lead_units)
    return task


def test_who_leads_a_task_in_the_new_document(qingxi):
    task = expected_lead(qingxi, "改装")
    answer = qingxi.ask("青溪查处私自改装电池这项谁牵头？")
    assert answer.found and answer.citations[0].doc == FIXTURE.name
    for unit in task.lead_units:
        assert unit in short(answer)


def test_region_of_the_new_document_scopes_questions(qingxi):
    assert qingxi.retriever.detect_docs("青溪的集中充电棚谁建") == [FIXTURE.name]
    answer = qingxi.ask("青溪集中充电场所建设由哪些单位负责？")
    assert answer.found and {c.doc for c in answer.citations} == {FIXTURE.name}
    assert "区住房城乡建委" in short(answer)

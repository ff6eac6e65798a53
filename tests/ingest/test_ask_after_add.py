"""Added Word and PDF documents answer "who leads" questions with a citation (real model)."""

import shutil

import pytest

from assistant.ingest import add_document, validate_upload
from assistant.settings import PROJECT_ROOT, Settings

from .builders import make_docx, make_pdf

QUESTIONS = [
    # (question, lead unit, table row); row 2's 牵头单位 is a vertically merged cell
    ("青溪区推进集中充电设施建设由哪个单位牵头？", "区住房城乡建委", "附件 第2项"),
    ("青溪区查处销售不合格电动自行车及蓄电池的违法行为由哪个单位牵头？", "区市场监管局", "附件 第3项"),
]


@pytest.fixture(scope="module")
def assistant(tmp_path_factory):
    from assistant.answer.pipeline import Assistant
    from assistant.retrieval.embeddings import load_embedder

    root = tmp_path_factory.mktemp("ask")
    (root / "corpus").mkdir()
    shutil.copyfile(PROJECT_ROOT / "corpus" / "xinghua-2020-fire-rectification-3yr-plan.txt",
                    root / "corpus" / "xinghua-2020-fire-rectification-3yr-plan.txt")
    settings = Settings(corpus_dir=root / "corpus", index_dir=root / "index")
    embedder = load_embedder(settings)
    add_document(settings, validate_upload(make_docx(auto_numbering=True), "青溪区方案.docx", 20), embedder=embedder)
    add_document(settings, validate_upload(make_pdf(), "青溪区方案PDF版.pdf", 20), embedder=embedder)
    return Assistant.from_settings(settings, log=lambda message: None)


@pytest.mark.slow
@pytest.mark.parametrize("doc", ["青溪区方案.txt", "青溪区方案PDF版.txt"])
@pytest.mark.parametrize(("question", "lead", "row"), QUESTIONS)
def test_who_leads_a_task_in_an_added_document(assistant, doc, question, lead, row):
    answer = assistant.ask(question, doc=doc)
    assert answer.found
    assert lead in answer.answer
    citation = answer.citations[0]
    assert (citation.doc, citation.clause) == (doc, row)
    # the citation's line span points at exactly these lines of the stored text
    stored = (assistant.settings.corpus_dir / doc).read_text(encoding="utf-8").split("\n")
    assert "\n".join(stored[citation.line_start - 1 : citation.line_end]) == citation.text
    assert lead in citation.text

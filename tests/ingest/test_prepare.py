"""Uploads become parsed documents whose ledger names the right units (no corpus folder involved)."""

import pytest

from assistant.errors import IngestError
from assistant.ingest import MetaOverrides, prepare_document, validate_upload
from assistant.ingest.prepare import apply_overrides, iso_date
from assistant.models import DocumentMeta

from .builders import ROWS, TITLE, make_docx, make_pdf

UPLOADS = {
    "docx-typed": lambda: make_docx(auto_numbering=False),
    "docx-auto": lambda: make_docx(auto_numbering=True),
    "pdf": make_pdf,
}


def _table_tasks(prepared):
    return {task.clause: task for task in prepared.document.tasks if task.source == "table"}


@pytest.mark.parametrize("kind", list(UPLOADS))
def test_who_leads_each_task_row(kind):
    ext = "pdf" if kind == "pdf" else "docx"
    prepared = prepare_document(validate_upload(UPLOADS[kind](), f"青溪区方案.{ext}", max_mb=20))
    tasks = _table_tasks(prepared)
    assert sorted(tasks) == ["附件 第1项", "附件 第2项", "附件 第3项"]
    for number, task_text, lead, coop, deadline in ROWS:
        task = tasks[f"附件 第{number}项"]
        # row 2's 牵头单位 is a vertically merged cell: it leads with row 1's unit
        expected_lead = lead or ROWS[int(number) - 2][2]
        assert task.lead_units == [expected_lead], number
        assert task.cooperating_units == coop, number  # row 1: two units, one per line in the cell
        assert task.deadline == deadline
        assert task_text in task.text
        # the row's lines in the stored text are where the citation points
        source = "\n".join(prepared.document.lines[task.line_start - 1 : task.line_end])
        assert task_text in source and expected_lead in source


@pytest.mark.parametrize("kind", list(UPLOADS))
def test_clause_tree_from_numbering(kind):
    ext = "pdf" if kind == "pdf" else "docx"
    prepared = prepare_document(validate_upload(UPLOADS[kind](), f"青溪区方案.{ext}", max_mb=20))
    paths = [clause.path for clause in prepared.document.all_clauses()]
    for path in ["一、", "一、（一）", "二、", "二、（一）", "二、（一）1."]:
        assert path in paths
    body = [t for t in prepared.document.tasks if t.source == "body"]
    assert [(t.clause, t.responsible_units) for t in body] == [("二、（一）1.", ["各街道", "区消防救援大队"])]
    assert prepared.meta.title == TITLE
    assert prepared.meta.region == "青溪区"
    assert prepared.chunk_count > 0


def test_overrides_replace_detected_metadata():
    upload = validate_upload(make_docx(), "青溪区方案.docx", max_mb=20)
    prepared = prepare_document(upload, MetaOverrides(title="青溪区电动车整治方案（修订）", issuer="青溪区人民政府办公室",
                                                      date="2024年3月5日", region="青溪区", number="青溪府办发〔2024〕9号"))
    meta = prepared.meta
    assert (meta.title, meta.issuer, meta.date, meta.region, meta.number) == (
        "青溪区电动车整治方案（修订）", "青溪区人民政府办公室", "2024-03-05", "青溪区", "青溪府办发〔2024〕9号")
    assert meta.region_aliases == ["青溪", "青溪区"]
    assert meta.doc == "青溪区方案.txt"


def test_unset_overrides_keep_detected_values():
    meta = DocumentMeta(doc="a.txt", title="原标题", issuer="原机关", region="甲县", region_aliases=["甲"], date="2020-01-02")
    assert apply_overrides(meta, MetaOverrides(issuer="新机关")) == DocumentMeta(
        doc="a.txt", title="原标题", issuer="新机关", region="甲县", region_aliases=["甲"], date="2020-01-02")


@pytest.mark.parametrize(("given", "iso"), [
    ("2024-03-05", "2024-03-05"), ("2024-3-5", "2024-03-05"), ("2024年3月5日", "2024-03-05"),
    ("2024/03/05", "2024-03-05"), ("2024.3.5", "2024-03-05"), ("", ""),
])
def test_iso_date(given, iso):
    assert iso_date(given) == iso


@pytest.mark.parametrize("bad", ["去年", "2024-13-01", "2024-02-40", "05/03/2024"])
def test_bad_dates_are_refused(bad):
    with pytest.raises(IngestError, match="日期"):
        iso_date(bad)


def test_gbk_text_upload():
    text = "青溪区电动自行车消防安全整治工作方案\n一、总体要求\n（一）开展排查。各街道负责，区消防救援大队配合。\n"
    prepared = prepare_document(validate_upload(text.encode("gbk"), "青溪区方案.txt", max_mb=20))
    assert prepared.text == text
    assert prepared.document.lines[1] == "一、总体要求"


def test_no_title_falls_back_to_file_name():
    text = "一、开展排查。各街道负责。\n二、加强宣传。各社区负责。\n"
    prepared = prepare_document(validate_upload(text.encode(), "无标题通知.txt", max_mb=20))
    assert prepared.meta.title


@pytest.mark.parametrize(("data", "name", "message"), [
    (b"   \n\n\t\n", "空白.txt", "空"),
    ("消防".encode() + b"\x80\x80" * 30, "乱码.txt", "无法解码"),
])
def test_text_that_is_not_usable_is_refused(data, name, message):
    with pytest.raises(IngestError, match=message):
        prepare_document(validate_upload(data, name, max_mb=20))


def test_empty_docx_is_refused():
    import io

    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with pytest.raises(IngestError, match="没有任何文字内容"):
        prepare_document(validate_upload(buffer.getvalue(), "空白.docx", max_mb=20))


def test_text_past_the_character_limit_is_refused_and_no_passage_is_huge():
    body = "一、总体要求\n" + "各街道开展消防安全检查，发现隐患立即整改。" * 400 + "\n"  # one 8400-character paragraph
    upload = validate_upload(body.encode("utf-8"), "长文.txt", max_mb=20)
    with pytest.raises(IngestError, match=r"转换后有 \d+ 字（上限 5000 字）"):
        prepare_document(upload, max_chars=5000)
    from assistant.retrieval.chunks import MAX_PASSAGE_CHARS, build_chunks
    chunks = build_chunks(prepare_document(upload).document)
    long = [c for c in chunks if c.path.startswith("一")]
    assert len(long) >= 5 and all(len(c.text) <= MAX_PASSAGE_CHARS for c in chunks)
    assert all(c.text.endswith("。") for c in long)  # cut at sentence ends
    assert len({c.id for c in chunks}) == len(chunks)

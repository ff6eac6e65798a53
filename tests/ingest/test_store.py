"""add/remove change corpus and index together; every failure leaves both as they were."""

import json

import pytest

from assistant.corpus.document import load_corpus
from assistant.errors import IngestError, UnknownDocumentError
from assistant.ingest import MetaOverrides, add_document, read_upload, remove_document, validate_upload
from assistant.ingest.word import docx_to_text
from assistant.retrieval import index as index_module
from assistant.retrieval.index import load_index, staleness

from .builders import TITLE, make_docx, make_pdf
from .conftest import FakeEmbedder, make_settings, snapshot

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40
DOC = "青溪区方案.txt"


def _upload(data: bytes, name: str = "青溪区方案.docx"):
    return validate_upload(data, name, max_mb=20)


def assert_consistent(settings, model_id=FakeEmbedder.model_id):
    """The live index matches the corpus folder exactly, and nothing is left staged."""
    index = load_index(settings.index_dir)
    assert staleness(index.manifest, settings.corpus_dir, model_id) is None
    docs = sorted(p.name for p in settings.corpus_dir.glob("*.txt"))
    assert sorted(index.manifest["documents"]) == docs
    assert sorted({chunk.doc for chunk in index.chunks}) == docs
    assert not list(settings.corpus_dir.glob(".ingest-*"))
    return index


def test_add_docx_stores_text_original_metadata_and_embeds_only_its_chunks(settings, embedder):
    metadata_before = json.loads((settings.corpus_dir / "metadata.json").read_text(encoding="utf-8"))
    chunks_before = len(load_index(settings.index_dir).chunks)
    data = make_docx(auto_numbering=True)

    result = add_document(settings, _upload(data), embedder=embedder)

    assert (result.doc, result.kind, result.replaced) == (DOC, "docx", False)
    assert (settings.corpus_dir / DOC).read_text(encoding="utf-8") == docx_to_text(data, "x.docx")
    assert (settings.corpus_dir / "originals" / "青溪区方案.docx").read_bytes() == data
    metadata = json.loads((settings.corpus_dir / "metadata.json").read_text(encoding="utf-8"))
    assert metadata[DOC]["title"] == TITLE
    assert {k: v for k, v in metadata.items() if k != DOC} == metadata_before
    index = assert_consistent(settings)
    new = [chunk for chunk in index.chunks if chunk.doc == DOC]
    assert new and len(index.chunks) == chunks_before + len(new)
    assert embedder.embedded == len(new) == result.index.embedded
    lead = {t.clause: t.lead_units for t in load_corpus(settings.corpus_dir).get(DOC).tasks if t.source == "table"}
    assert lead["附件 第2项"] == ["区住房城乡建委"]


def test_add_pdf_and_gbk_text(settings, embedder):
    add_document(settings, _upload(make_pdf(), "青溪区方案.pdf"), embedder=embedder)
    gbk = "青溪区消防安全宣传月活动方案\n一、活动内容\n（一）开展消防宣传进社区。区消防救援大队负责。\n".encode("gbk")
    add_document(settings, _upload(gbk, "宣传月方案.txt"), embedder=embedder)
    assert_consistent(settings)
    assert (settings.corpus_dir / "宣传月方案.txt").read_text(encoding="utf-8").startswith("青溪区消防安全宣传月活动方案\n")
    assert (settings.corpus_dir / "originals" / "宣传月方案.txt").read_bytes() == gbk
    corpus = load_corpus(settings.corpus_dir)
    assert corpus.get(DOC).meta.title == TITLE


def test_metadata_overrides_reach_metadata_json_and_index(settings, embedder):
    overrides = MetaOverrides(title="青溪区电动车整治方案", issuer="青溪区人民政府办公室", date="2024年3月5日",
                              region="青溪区", number="青溪府办发〔2024〕9号")
    add_document(settings, _upload(make_docx()), overrides, embedder=embedder)
    stored = json.loads((settings.corpus_dir / "metadata.json").read_text(encoding="utf-8"))[DOC]
    assert stored == {"title": "青溪区电动车整治方案", "issuer": "青溪区人民政府办公室", "region": "青溪区",
                      "region_aliases": ["青溪", "青溪区"], "parents": [], "subplaces": [], "date": "2024-03-05",
                      "number": "青溪府办发〔2024〕9号"}
    assert load_corpus(settings.corpus_dir).get(DOC).meta.title == "青溪区电动车整治方案"
    assert assert_consistent(settings).manifest["documents"][DOC]["date"] == "2024-03-05"


def test_existing_name_is_refused_unless_replace(settings, embedder):
    add_document(settings, _upload(make_docx()), embedder=embedder)
    before = snapshot(settings)
    with pytest.raises(IngestError, match="已有同名文件 青溪区方案.txt"):
        add_document(settings, _upload(make_pdf(), "青溪区方案.pdf"), embedder=embedder)
    assert snapshot(settings) == before

    result = add_document(settings, _upload(make_pdf(), "青溪区方案.pdf"), replace=True, embedder=embedder)
    assert result.replaced
    assert sorted(p.name for p in (settings.corpus_dir / "originals").iterdir()) == ["青溪区方案.pdf"]
    index = assert_consistent(settings)
    ids = [chunk.id for chunk in index.chunks if chunk.doc == DOC]
    assert len(ids) == len(set(ids)) == result.chunks


def test_remove_restores_the_previous_corpus_and_reuses_all_vectors(settings, embedder):
    original = snapshot(settings)
    original_chunks = [c.id for c in load_index(settings.index_dir).chunks]
    metadata_before = json.loads((settings.corpus_dir / "metadata.json").read_text(encoding="utf-8"))
    add_document(settings, _upload(make_docx()), embedder=embedder)
    embedder.embedded = 0

    result = remove_document(settings, DOC, embedder=embedder)

    assert result.doc == DOC and embedder.embedded == 0 and result.index.embedded == 0
    index = assert_consistent(settings)
    assert [c.id for c in index.chunks] == original_chunks
    # metadata.json is rewritten (same entries); every other corpus file is byte-identical
    corpus_now = {k: v for k, v in snapshot(settings).items() if k.startswith("corpus/") and "metadata" not in k}
    assert corpus_now == {k: v for k, v in original.items() if k.startswith("corpus/") and "metadata" not in k}
    assert json.loads((settings.corpus_dir / "metadata.json").read_text(encoding="utf-8")) == metadata_before


def test_remove_a_base_document(settings, embedder):
    remove_document(settings, "yubei-2021-fire-3yr-action-plan.txt", embedder=embedder)
    index = assert_consistent(settings)
    assert all(c.doc != "yubei-2021-fire-3yr-action-plan.txt" for c in index.chunks)
    assert "yubei-2021-fire-3yr-action-plan.txt" not in json.loads(
        (settings.corpus_dir / "metadata.json").read_text(encoding="utf-8"))


def test_remove_refusals(settings, embedder, tmp_path):
    before = snapshot(settings)
    with pytest.raises(UnknownDocumentError, match="语料中没有文件：nope.txt"):
        remove_document(settings, "nope.txt", embedder=embedder)
    with pytest.raises(IngestError, match="“..”"):
        remove_document(settings, "../corpus/yubei-2021-fire-3yr-action-plan.txt", embedder=embedder)
    assert snapshot(settings) == before

    single = make_settings(tmp_path / "single")
    for path in sorted(single.corpus_dir.glob("*.txt"))[1:]:
        path.unlink()
    with pytest.raises(IngestError, match="最后一个文件"):
        remove_document(single, min(single.corpus_dir.glob("*.txt")).name, embedder=embedder)


def _corrupt_docx() -> bytes:
    data = bytearray(make_docx())
    middle = len(data) // 2
    data[middle : middle + 400] = b"\x00" * 400
    return bytes(data)


FAULTS = {
    "corrupt docx": (_corrupt_docx, "青溪区方案.docx", "无法打开|无法读取|损坏"),
    "empty file": (lambda: b"", "青溪区方案.docx", "空文件"),
    "whitespace only": (lambda: b" \n\n \n", "青溪区方案.txt", "空"),
    "png named docx": (lambda: PNG, "青溪区方案.docx", "PNG图片"),
    "png named txt": (lambda: PNG, "青溪区方案.txt", "PNG图片"),
    "scanned pdf": (lambda: make_pdf(with_text=False), "扫描件.pdf", "扫描版PDF（没有文字层）"),
    "traversal name": (make_docx, "../../etc/青溪区方案.docx", "“..”"),
    "absolute name": (make_docx, "/tmp/青溪区方案.docx", "绝对路径"),
}


@pytest.mark.parametrize("fault", list(FAULTS))
def test_refused_uploads_change_nothing(settings, embedder, fault):
    make, name, message = FAULTS[fault]
    before = snapshot(settings)
    with pytest.raises(IngestError, match=message):
        add_document(settings, _upload(make(), name), embedder=embedder)
    assert snapshot(settings) == before
    assert embedder.embedded == 0
    assert_consistent(settings)


def test_50_mb_file_is_refused_and_changes_nothing(settings, tmp_path):
    big = tmp_path / "青溪区方案.pdf"
    with open(big, "wb") as handle:
        handle.write(b"%PDF-1.4\n")
        handle.truncate(50 * 1024 * 1024)
    before = snapshot(settings)
    with pytest.raises(IngestError, match="上限是 20 MB"):
        read_upload(big, settings.max_upload_mb)
    assert snapshot(settings) == before


def _live_index_files(settings) -> dict[str, str]:
    live = (settings.index_dir / "CURRENT").read_text(encoding="utf-8").strip()
    return {k: v for k, v in snapshot(settings).items() if k.startswith(f"index/{live}/") or k == "index/CURRENT"}


def test_crash_during_index_switch_leaves_corpus_and_index_intact(settings, embedder, monkeypatch):
    corpus_before = {k: v for k, v in snapshot(settings).items() if k.startswith("corpus/")}
    index_before = _live_index_files(settings)

    def switch_fails(index_dir, version):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(index_module, "_switch", switch_fails)
    with pytest.raises(IngestError, match="更新索引失败，语料和索引保持原样.*No space left"):
        add_document(settings, _upload(make_docx()), embedder=embedder)

    assert {k: v for k, v in snapshot(settings).items() if k.startswith("corpus/")} == corpus_before
    assert _live_index_files(settings) == index_before
    assert_consistent(settings)
    monkeypatch.undo()
    add_document(settings, _upload(make_docx()), embedder=embedder)  # and the next add works
    assert_consistent(settings)
    assert len([p for p in settings.index_dir.iterdir() if p.is_dir()]) == 1  # the orphan build was pruned


def test_failure_after_the_switch_is_finished_not_half_applied(settings, embedder, monkeypatch):
    """An interruption between index switch and the corpus renames rolls forward."""
    from assistant.ingest.staging import Stage

    def interrupted(self):
        raise KeyboardInterrupt

    monkeypatch.setattr(Stage, "commit", interrupted)
    with pytest.raises(KeyboardInterrupt):
        add_document(settings, _upload(make_docx()), embedder=embedder)
    assert (settings.corpus_dir / DOC).is_file()
    assert_consistent(settings)

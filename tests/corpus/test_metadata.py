"""Metadata from metadata.json or from a document's own header."""

from __future__ import annotations

import json

import pytest

from assistant.corpus.document import split_lines
from assistant.corpus.loading import read_text
from assistant.corpus.metadata import derive_metadata, load_metadata
from assistant.errors import CorpusError

from .conftest import CORPUS_DIR, DAFENG


def test_derive_from_notice_header():
    lines = [
        " 青溪府办发〔2024〕15号",
        "重庆市青溪区人民政府办公室",
        "关于印发《青溪区电动自行车",
        "",
        "整治工作方案》的通知",
        "各街道：",
        "    现印发给你们，请遵照执行。引用渝府办〔2020〕73号文件。",
        "2024年4月8日",
        "一、工作目标",
        "2025年1月1日起施行。",
    ]
    meta = derive_metadata("q.txt", lines)
    assert meta.to_dict() == {
        "doc": "q.txt", "title": "青溪区电动自行车整治工作方案", "issuer": "重庆市青溪区人民政府办公室",
        "region": "青溪区", "region_aliases": ["青溪", "青溪区"], "parents": ["重庆市", "重庆"], "subplaces": [],
        "date": "2024-04-08", "number": "青溪府办发〔2024〕15号",
    }


@pytest.mark.parametrize(("lines", "number"), [
    # the title's tail and the 文号 on separate lines, or joined into one by a converter
    (["关于印发青溪区电动自行车消防安全整", "治工作方案", "青溪府办发〔2024〕9号"], "青溪府办发〔2024〕9号"),
    (["青溪区电动自行车消防安全整治工作方案青溪府办发〔2024〕9号"], "青溪府办发〔2024〕9号"),
    (["作方案 青溪府办发〔2024〕9号"], "青溪府办发〔2024〕9号"),
    (["重庆市青溪区人民政府办公室青溪府办函〔2024〕12号"], "青溪府办函〔2024〕12号"),
    (["青 溪 消 安 办 〔 2024 〕 3 号"], "青溪消安办〔2024〕3号"),
    (["渝北府办发[2021]28号"], "渝北府办发〔2021〕28号"),
    # no abbreviation before the year: not a 文号
    (["关于印发〔2021〕28号", "（2021—2023年）"], ""),
])
def test_document_number_is_matched_within_one_line(lines, number):
    assert derive_metadata("q.txt", lines).number == number


def test_derive_without_header_leaves_unknowns_empty():
    lines = ["前  言", "“十四五”时期是全面建设的关键时期。", "大丰区消防工作稳步推进，大丰区火灾形势平稳，大丰区。",
             "第一章、形势分析"]
    meta = derive_metadata("plan.txt", lines)
    assert (meta.issuer, meta.date, meta.number, meta.region) == ("", "", "", "大丰区")
    assert meta.title == "plan"


def test_metadata_json_agrees_with_headers_where_they_state_it():
    metadata = load_metadata(CORPUS_DIR)
    assert len(metadata) == 5
    for doc, meta in metadata.items():
        derived = derive_metadata(doc, split_lines(read_text(CORPUS_DIR / doc)))
        assert (meta.doc, meta.region, meta.region_aliases) == (doc, derived.region, derived.region_aliases)
        if doc != DAFENG:  # 大丰's text has no header: its title is written by hand
            assert (meta.title, meta.issuer, meta.date, meta.number) == (
                derived.title, derived.issuer, derived.date, derived.number)
    assert metadata[DAFENG].title == "大丰区“十四五”消防事业发展规划" and metadata[DAFENG].issuer == ""


def test_missing_metadata_file_is_empty(tmp_path):
    assert load_metadata(tmp_path) == {}


@pytest.mark.parametrize("content", ["{not json", json.dumps({"a.txt": {"title": "t", "colour": "red"}}),
                                      json.dumps(["a.txt"])])
def test_invalid_metadata_file(tmp_path, content):
    (tmp_path / "metadata.json").write_text(content, encoding="utf-8")
    with pytest.raises(CorpusError, match="metadata.json"):
        load_metadata(tmp_path)


def test_a_notice_of_another_form_takes_its_title_line_and_its_signature_block():
    lines = ["青溪区应急管理局", "关于开展夏季消防安全检查的通知", "各街道：", "现将有关事项通知如下。",
             "一、检查时间", "2024年7月1日起施行。", "青溪区应急管理局", "2024年6月18日"]
    meta = derive_metadata("n.txt", lines)
    assert (meta.title, meta.issuer, meta.date) == ("关于开展夏季消防安全检查的通知", "青溪区应急管理局", "2024-06-18")


def test_the_issuer_opening_the_title_line_and_a_cited_number_that_is_not_its_own():
    lines = ["上海市青溪区人民政府办公室关于印发《青溪区消防安全责任制实施办法》的通知",
             "根据《消防安全责任制实施办法》（国办发〔2017〕87号）精神，现印发给你们。", "2020年7月20日", "第一章　总则"]
    meta = derive_metadata("f.txt", lines)
    assert (meta.title, meta.issuer, meta.date, meta.number) == (
        "青溪区消防安全责任制实施办法", "上海市青溪区人民政府办公室", "2020-07-20", "")


def test_a_date_inside_the_text_is_no_signing_date():
    assert derive_metadata("d.txt", ["青溪区消防工作要点", "本要点自2025年1月1日起施行。"]).date == ""


def test_a_signature_above_an_annex_table_and_table_cells_that_sign_nothing():
    lines = ["青溪镇人民政府关于开展农村消防安全排查整治工作的通知", "各村（社区）：", "现将有关事项通知如下。",
             *[f"{n}.开展排查。" for n in range(1, 20)], "附件：青溪镇排查整治责任分工表", "青溪镇人民政府", "2025年5月6日",
             "序号", "\t工作任务", "\t责任单位", "\t完成时限", "", "1", "\t排查", "\t镇安监站", "\t2025年12月31日"]
    meta = derive_metadata("n.txt", lines)
    assert (meta.issuer, meta.date) == ("青溪镇人民政府", "2025-05-06")

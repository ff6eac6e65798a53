"""Chunks of a clause: a long clause in passages, each with the file lines it spans."""

from assistant.corpus.document import parse_text
from assistant.retrieval.chunks import MAX_PASSAGE_CHARS, build_chunks


def test_a_long_clauses_passages_span_the_file_lines_they_quote_though_blank_lines_are_not_in_its_text():
    sentence = "全镇共接报火灾14起，其中电动自行车火灾5起，同比有所上升，火灾防控形势依然严峻复杂。"
    other = "全镇现有“九小”场所1086家、出租房屋2314户，老旧小区和城中村人员居住密集，消防基础设施欠账较多。"
    lines = ["石堰镇人民政府文件", "", "石政发〔2025〕58号", "", "各村（社区）：", sentence * 8, "", "", "现将有关事项通知如下：",
             other * 8, "", "一、整治重点", "（一）出租房屋整治。"]
    document = parse_text("d", "\n".join(lines))
    parts = [c for c in build_chunks(document) if c.path == document.clauses[0].path]
    assert len(parts) > 1 and all(len(c.text) <= MAX_PASSAGE_CHARS for c in parts)
    for chunk in parts:  # each passage's text is in the lines it says it spans
        quoted = document.source_text(chunk.line_start, chunk.line_end).replace("\n", "")
        assert chunk.text.replace("\n", "")[:40] in quoted and chunk.text.replace("\n", "")[-40:] in quoted

"""Rendering answers for people: [n] markers, source lists, highlighted source clauses."""

from assistant.models import Answer, Citation, Clause
from assistant.server.render import (
    answer_html,
    answer_text,
    citation_label,
    enclosing_clause,
    mark,
    outline_html,
    span_label,
)

LINES = [
    "（四）强化技防设施",  # 1
    "19．推进基层消防智慧治理能力建设。为老弱病残等特殊群体家庭配置独立式感烟探测器。",  # 2
    "〔责任单位：区大数据发展局、区消防救援支队，乡镇（街道）〕",  # 3
    "",  # 4
    "20．下一条。",  # 5
]
DOC = "kaizhou.txt"


def cite(n=1, start=3, end=3, highlight="区大数据发展局", text=None):
    return Citation(n=n, doc=DOC, title="开州方案", clause="二、（四）19．", line_start=start, line_end=end,
                    text=text if text is not None else "\n".join(LINES[start - 1 : end]), highlight=highlight)


def clause(path, start, end, children=()):
    return Clause(doc=DOC, path=path, label=path, kind="item", level=2, title="", text="",
                  line_start=start, line_end=end, children=list(children))


def test_span_label_single_and_range():
    assert span_label(7, 7) == "第7行"
    assert span_label(7, 9) == "第7–9行"


def test_citation_label_names_title_clause_and_lines():
    assert citation_label(cite()) == "[1] 《开州方案》 二、（四）19．（第3行）"


def test_answer_text_keeps_existing_markers_and_lists_sources():
    answer = Answer(question="q", answer="由区大数据发展局负责 [1]。", type="who", found=True, citations=[cite()])
    assert answer_text(answer) == "由区大数据发展局负责 [1]。\n\n来源：\n[1] 《开州方案》 二、（四）19．（第3行）"


def test_answer_text_adds_markers_when_the_answer_has_none():
    answer = Answer(question="q", answer="乡镇负责。", type="who", found=True,
                    citations=[cite(1), cite(2, 2, 2, "")])
    assert answer_text(answer).startswith("乡镇负责。 [1][2]\n\n来源：\n[1] ")


def test_answer_text_not_found_lists_suggestions():
    answer = Answer(question="q", answer="未找到。", type="none", found=False, suggestions=[cite()])
    assert answer_text(answer) == "未找到。\n\n可参考：\n[1] 《开州方案》 二、（四）19．（第3行）"


def test_mark_escapes_html_and_marks_every_occurrence():
    assert mark("<b>区财政局</b>与区财政局", "区财政局") == (
        "&lt;b&gt;<mark>区财政局</mark>&lt;/b&gt;与<mark>区财政局</mark>"
    )


def test_mark_tolerates_pdf_spaces_inside_words():
    assert mark("由区 财政 局牵头", "区财政局") == "由<mark>区 财政 局</mark>牵头"


def test_mark_without_highlight_only_escapes():
    assert mark("a<b", "") == "a&lt;b"


def test_enclosing_clause_picks_the_smallest_covering_node():
    inner = clause("19．", 2, 3)
    outer = clause("（四）", 1, 3, [inner])
    assert enclosing_clause([outer], 3, 3) is inner
    assert enclosing_clause([outer], 4, 5) is None


def test_enclosing_clause_refuses_overlong_clauses():
    assert enclosing_clause([clause("一、", 1, 100)], 3, 3, max_lines=40) is None


def test_answer_html_shows_answer_then_expandable_highlighted_clause():
    answer = Answer(question="q", answer="区大数据发展局 [1]", type="who", found=True, citations=[cite()])
    outline = [clause("（四）", 1, 1, [clause("19．", 2, 3)])]
    html = answer_html(answer, {DOC: LINES}, {DOC: outline})
    assert html.index("区大数据发展局 [1]") < html.index("<details")
    assert '<details class="citation" data-n="1" data-doc="kaizhou.txt">' in html
    assert "<mark>区大数据发展局</mark>" in html
    # the full clause (lines 2-3) is shown, not only the cited line 3
    assert 'data-lines="2-3"' in html and "独立式感烟探测器" in html
    assert "第3行" in html
    # no raw newline inside the HTML block (a blank line would end it in Markdown)
    assert "\n" not in html[html.index("<div class=\"citations\""):]


def test_answer_html_escapes_question_material():
    answer = Answer(question="q", answer="<script>alert(1)</script>", type="x", found=False)
    assert "<script>" not in answer_html(answer, {}, {})


def test_answer_html_trims_blank_edge_lines_of_the_source():
    answer = Answer(question="q", answer="x", type="x", found=True, citations=[cite(1, 3, 5, "")])
    html = answer_html(answer, {DOC: LINES}, {DOC: []})
    assert 'data-lines="3-5"' in html
    answer = Answer(question="q", answer="x", type="x", found=True, citations=[cite(1, 4, 5, "")])
    assert 'data-lines="5-5"' in answer_html(answer, {DOC: LINES}, {DOC: []})


def test_outline_html_nests_children_with_spans():
    tree = [clause("一、", 1, 1, [clause("（一）", 2, 3)])]
    html = outline_html(tree)
    assert html == (
        '<ul class="outline"><li><span class="ol-path">一、</span> <span class="cite-span">第1–3行</span>'
        '<ul class="outline"><li><span class="ol-path">（一）</span> <span class="cite-span">第2–3行</span>'
        "</li></ul></li></ul>"
    )


def test_a_bullet_in_the_outline_reads_as_a_bullet_and_its_citation_as_an_item():
    from assistant.corpus.clauses import parse_clauses

    tree = parse_clauses("d.txt", ["第二章 任务", "（一）目标", "——坚持党的绝对领导。", "●老旧小区改造工程：纳入改造。"])
    section = tree[0].children[0]
    assert [c.path for c in section.children] == ["第二章（一） 第1项", "第二章（一） 第2项"]
    html = outline_html(tree)
    assert "——1" not in html and "●" not in html and "• 坚持党的绝对领导" in html

"""A made-up document of the same genre parses into a sensible tree and ledger."""

from __future__ import annotations

from assistant.corpus.document import parse_text, split_lines
from assistant.corpus.loading import read_text
from assistant.corpus.normalize import normalize_for_match

from .conftest import CORPUS_DIR, GENRE_FIXTURE


def test_fixture_borrows_no_sentence_from_the_corpus():
    corpus_text = "".join(normalize_for_match(read_text(p)) for p in CORPUS_DIR.glob("*.txt"))
    long_lines = [normalize_for_match(line) for line in split_lines(read_text(GENRE_FIXTURE))
                  if len(line.strip()) >= 12]
    assert long_lines and not [line for line in long_lines if line in corpus_text]


def test_tree(genre_document):
    assert [(n.path, n.title) for n in genre_document.all_clauses()] == [
        ("（文首）", "青溪府办发〔2024〕15号"),
        ("一、", "工作目标"),
        ("二、", "重点任务"),
        ("二、（一）", "整治充电停放乱象"),
        ("二、（一）1.", "建设集中充电场所"),
        ("二、（一）2.", "清理楼道违规停放"),
        ("二、（二）", "规范销售维修市场"),
        ("二、（二）3.", "查处非法改装"),
        ("二、（二）4.", "推广安全电池"),
        ("二、（三）", "加强宣传引导"),
        ("二、（三）5.", "开展进社区宣传"),
        ("三、", "保障措施"),
        ("三、（一）", "加强组织领导"),
        ("三、（二）", "严格考核问责"),
        ("附件", "青溪区电动自行车消防安全整治任务清单"),
    ]
    first = next(n for n in genre_document.all_clauses() if n.path == "二、（一）1.")
    assert (first.line_start, first.line_end) == (24, 25)  # "1.5米…" stays in clause 1's text


def test_ledger(genre_document):
    tasks = {t.clause: t for t in genre_document.tasks if not t.part}
    assert sorted(tasks) == sorted(["二、（一）1.", "二、（一）2.", "二、（二）3.", "二、（二）4.", "二、（三）5.", "三、（一）"]
                                   + [f"附件 第{n}项" for n in range(1, 6)])
    assert tasks["二、（二）4."].responsible_units == ["区财政局"]  # 补贴资金由区财政局统筹安排
    assert tasks["三、（一）"].responsible_units == ["区政府"]  # 区政府成立专项整治工作专班
    assert tasks["二、（一）1."].responsible_units == ["区住房城乡建委", "各街道", "区供电公司"]
    assert tasks["二、（一）1."].deadline == "2024年9月底前"
    assert (tasks["二、（二）3."].lead_units, tasks["二、（二）3."].cooperating_units) == (["区市场监管局"], ["区公安分局"])
    row1 = tasks["附件 第1项"]
    assert (row1.lead_units, row1.cooperating_units, row1.deadline) == (
        ["区住房城乡建委"], ["各街道", "区供电公司"], "2024年9月30日")
    assert tasks["附件 第5项"].lead_units == ["区委宣传部", "区消防救援支队"]
    rows = {r.number: r for r in genre_document.tables[0]}
    assert rows["2"].cells["任务类别"] == "充电停放" and rows["2"].inherited == ["任务类别"]
    assert rows["4"].cells["任务类别"] == "销售维修"
    # body 5 and row 5 name different units; body 1 and row 1 agree
    assert tasks["二、（三）5."].conflicts == [tasks["附件 第5项"].id]
    assert tasks["二、（一）1."].conflicts == [] and tasks["附件 第1项"].conflicts == []


def test_metadata_is_derived(genre_document):
    meta = genre_document.meta
    assert (meta.title, meta.issuer, meta.region, meta.date, meta.number) == (
        "青溪区电动自行车消防安全整治工作方案", "青溪区人民政府办公室", "青溪区", "2024-04-08", "青溪府办发〔2024〕15号")


def test_gbk_copy_parses_the_same(tmp_path, genre_document):
    copy = tmp_path / GENRE_FIXTURE.name
    copy.write_bytes(read_text(GENRE_FIXTURE).encode("gbk"))
    again = parse_text(copy.name, read_text(copy))
    assert [t.to_dict() for t in again.tasks] == [t.to_dict() for t in genre_document.tasks]

"""Matching helpers: weighted bigram overlap, dates, measure words."""

import pytest

from assistant.answer.match import Overlap, asked_measure, numbers_in, parse_date, sentences, states_measure


def test_coverage_weights_rare_bigrams_and_ignores_digits():
    overlap = Overlap(["消防站建设", "消防宣传", "消防车通道", "2021年消防站"])
    assert overlap.coverage("石坪消防站", "加快石坪消防站建设") == pytest.approx(1.0)
    assert overlap.coverage("2023年消防站", "2021年消防站") == pytest.approx(1.0)  # years are checked elsewhere
    assert overlap.coverage("消防车通道", "消防站建设") < 0.5


def test_sentences_keep_their_punctuation():
    assert sentences("一是甲。二是乙；三是丙") == ["一是甲。", "二是乙；", "三是丙"]


@pytest.mark.parametrize("phrase, iso", [("2021年6月底前", "2021-06-30"), ("2023年12月31日", "2023-12-31"),
                                         ("2022年底前", "2022-12-31"), ("2021年上半年", "2021-06-30")])
def test_parse_date(phrase, iso):
    assert parse_date(phrase) == iso


def test_quantities_include_chinese_numerals_before_a_measure_word():
    assert numbers_in("每班不应少于二名，一是加强巡查，每月至少一次") == ["二", "一"]
    assert states_measure("处二千元以上二万元以下罚款", "元") and states_measure("不少于七人", "人|名")


@pytest.mark.parametrize("question, sentence, ok", [
    ("开州街道消防工作站最少要几个人？", "按照街道不少于3人的要求", True),
    ("每个站配几辆消防车？", "每个站点按规定配备辆消防车", False),
    ("2022年发生了多少起火灾？", "提升计划（2020—2022年）", False),
    ("专职消防员经费每人每年多少钱？", "每人每年10万元", True),
    ("举报奖励一次最多能发多少奖金？", "单次发放合计金额不超过3000元人民币", True),  # money, not "几个"
    ("营房面积是多少平方米？", "对现有9个消防站营房进行修缮", False),
    ("专项资金里用于队伍建设的比例最低是多少？", "按不低于30%的比例安排", True),  # a share, not the money
    ("专项资金里用于队伍建设的比例最低是多少？", "安排资金500万元", False),
    ("一般隐患整改率要达到多少？", "一般隐患整改率达到100%", True),  # a rate, with 要 before what it reaches
    ("一般隐患整改率要达到多少？", "6月底前完成第一轮排查整治", False),
    ("全年一共要培训多少人次？", "全年培训不少于3000人次", True),  # attendances, counted as 人次
    ("全年一共要培训多少人次？", "配备专职人员3人", False),
])
def test_quantity_questions_need_the_same_measure_word(question, sentence, ok):
    measure = asked_measure(question)
    assert measure is not None
    assert states_measure(sentence, measure) is ok


def test_hours_asked_are_hours_not_pieces():
    from assistant.answer.match import asked_measure

    assert asked_measure("专线每天接听几个小时？") == "小时"
    assert asked_measure("一共几个消防站？") == "个"


def test_a_distance_or_a_length_of_time_asked_needs_a_figure_of_that_kind():
    from assistant.answer.match import asked_measure

    distance = asked_measure("柴草堆要离房子多远？")
    assert states_measure("柴草、秸秆要堆放在离住房5米以外", distance)
    assert not states_measure("每户配备2具灭火器", distance)
    assert states_measure("督办期限一般不超过3个月", asked_measure("督办期限一般是多长？"))


def test_the_owner_said_to_do_what_a_who_question_asks_wins():
    from assistant.answer.ledger_match import LedgerMatcher
    from assistant.lexicon import QuestionType
    from assistant.models import Task

    def task(clause, text, units):
        return Task(doc="d", source="body", clause=clause, title="", text=text, responsible_units=units,
                    labels=["负责"], line_start=int(clause[0]), line_end=int(clause[0]))

    tasks = [task("1.", "各乡镇发动居委会劝阻占用消防车通道的行为，发现后报告查处。", ["各乡镇"]),
             task("2.", "消防救援部门负责查处小区内占用消防车通道的违法行为。", ["消防救援部门"])]
    matcher = LedgerMatcher(tasks, Overlap(t.text for t in tasks))
    topic = "占用消防车通道 行为"
    plain = matcher.rank(topic, QuestionType.RESPONSIBLE, [], {"d"})
    asked = matcher.rank(topic, QuestionType.RESPONSIBLE, [], {"d"}, verb="查处")
    assert plain[0].score == plain[1].score  # by wording and rank alone the two tie
    assert asked[0].task.responsible_units == ["消防救援部门"] and asked[0].score > asked[1].score


def test_days_are_counted_in_days_or_日():
    assert states_measure("自接到领奖通知之日起30日内提供证件", asked_measure("举报人多少天内领奖？"))


def test_short_forms_match_their_long_forms_whichever_side_writes_which():
    overlap = Overlap(["县消安委办每月通报", "消防安全委员会办公室"])
    assert overlap.coverage("县消防安全委员会办", "请于每月25日前报县消安委办") == pytest.approx(1.0)
    assert overlap.coverage("消安委办", "报县消安委办") == pytest.approx(1.0)
    assert overlap.coverage("消防车道", "占用消防车通道") == pytest.approx(1.0)


def test_a_rows_own_sentence_answers_a_question_on_it_and_the_row_one_on_the_whole_item():
    from assistant.answer.ledger_match import LedgerMatcher
    from assistant.lexicon import QuestionType
    from assistant.models import Task

    name, first, second = ("充电设施建设管理", "县住建局负责督促物业服务企业建设充电场所；",
                           "林区野外用火由县林业局负责审批和管理。")
    row = Task(doc="d", source="table", clause="表 第1项", title=name, text=f"{name}\n{first}{second}",
               lead_units=["县住建局"], cooperating_units=["县林业局"], labels=["牵头部门", "配合部门"],
               line_start=3, line_end=4)
    parts = [Task(doc="d", source="table", clause="表 第1项", title=text[:8], text=text, responsible_units=[unit],
                  labels=["负责"], line_start=3, line_end=4, part=n, group=name)
             for n, (text, unit) in enumerate([(first, "县住建局"), (second, "县林业局")], start=1)]
    matcher = LedgerMatcher([row, *parts], Overlap(t.text for t in [row, *parts]))
    best = matcher.rank("林区 野外用火 审批", QuestionType.RESPONSIBLE, [], {"d"}, verb="审批")[0]
    assert best.task.responsible_units == ["县林业局"]  # not the row's lead: the sentence says it alone
    assert matcher.rank(name, QuestionType.LEAD, [], {"d"})[0].task is row


def test_a_list_names_a_row_by_its_name_and_what_it_says():
    from assistant.answer.citing import task_label
    from assistant.models import Task

    row = Task(doc="d", source="table", clause="表 第3项", title="纳入考核体系", text="3.纳入考核体系\n将街道消防工作纳入考核。")
    assert task_label(row) == "纳入考核体系：将街道消防工作纳入考核。"


def test_a_list_of_a_units_tasks_leaves_out_the_summary_table_that_restates_its_task_cards(tmp_path):
    from assistant.answer.citing import SourceBook
    from assistant.answer.lists import ListAnswerer
    from assistant.answer.scope import Places
    from assistant.answer.understand import understand
    from assistant.corpus.document import load_corpus

    (tmp_path / "hc-2025-task-cards.txt").write_text("\n".join([
        "泓川市2025年度消防安全重点工作任务书",
        "",
        "任务编号 | 2025-02",
        "任务名称 | 加强多种形式消防救援力量建设",
        "牵头单位 | 市消防救援支队",
        "完成时限 | 2025年10月31日前",
        "工作要求 | 新建乡镇专职消防队6支，全市政府专职消防员总数达到420名以上。",
        "",
        "附表",
        "任务汇总表",
        "序号 | 任务名称 | 牵头单位 | 完成时限",
        "1 | 多种形式消防救援力量建设 | 市消防救援支队 | 2025年10月31日前",
    ]), encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert len([t for t in corpus.tasks if t.lead_units == ["市消防救援支队"]]) == 2  # the card and its summary row
    places = Places((d.meta for d in corpus), {d.doc: "\n".join(d.lines) for d in corpus})
    u = understand("市消防救援支队牵头的任务有哪几项？", [], corpus.gazetteer.find_in, places)
    draft = ListAnswerer(corpus, Overlap(t.text for t in corpus.tasks), SourceBook(corpus))(u, [])
    assert "共 1 项" in draft.short and "任务2025-02" in draft.short


def test_a_list_cites_the_part_title_that_names_the_lead_of_rows_that_name_only_who_cooperates(tmp_path):
    from assistant.answer.citing import SourceBook
    from assistant.answer.lists import ListAnswerer
    from assistant.answer.scope import Places
    from assistant.answer.understand import understand
    from assistant.corpus.document import load_corpus

    (tmp_path / "sl-2025-task-list.txt").write_text("\n".join([
        "松岭县2025年夏季消防安全百日攻坚行动任务清单", "",
        "任务内容　　　　　　　　责任单位　　　　　　完成时限", "",
        "一、隐患排查整治（县消防救援大队牵头）", "",
        "1．开展人员密集场所消防安全大检查……………县消防救援大队（牵头）、县市场监管局　　7月31日前",
        "2．开展汽车客运站消防安全检查·····················配合：县公安局、县交通运输局　　8月15日前",
        "3．组织物业服务企业开展消防安全培训　　　　　　　县住建局　　9月30日前",
    ]), encoding="utf-8")
    corpus = load_corpus(tmp_path)
    places = Places((d.meta for d in corpus), {d.doc: "\n".join(d.lines) for d in corpus})
    u = understand("县消防救援大队牵头的任务有哪几项？", [], corpus.gazetteer.find_in, places)
    draft = ListAnswerer(corpus, Overlap(t.text for t in corpus.tasks), SourceBook(corpus))(u, [])
    assert "共 2 项" in draft.short and "汽车客运站" in draft.short
    assert any(s.line_start == 5 for s in draft.sources)  # the part's title, where the lead of item 2 is named


def test_the_units_a_question_names_are_what_it_asks_about_not_its_answer():
    from assistant.answer.ledger_match import LedgerMatcher
    from assistant.corpus.normalize import normalize_for_match
    from assistant.lexicon import QuestionType
    from assistant.models import Task

    def task(line, text, **units):
        return Task(doc="d", source="body", clause=f"{line}.", title="", text=text, labels=["负责"],
                    line_start=line, line_end=line, **units)

    tasks = [task(1, "学校要落实消防安全标准化建设主体责任。", responsible_units=["学校"]),
             task(2, "区教育局负责推进学校消防安全标准化。", responsible_units=["区教育局"]),
             task(3, "由街道平安办牵头，街道城管中队配合，开展群租房整治。", lead_units=["街道平安办"],
                  cooperating_units=["街道城管中队"])]
    matcher = LedgerMatcher(tasks, Overlap(t.text for t in tasks))
    question = "学校消防安全标准化建设是哪个部门负责的？"
    plain = matcher.rank("学校消防安全标准化建设", QuestionType.RESPONSIBLE, [], {"d"})
    asked = matcher.rank("学校消防安全标准化建设", QuestionType.RESPONSIBLE, [], {"d"},
                         asked=normalize_for_match(question))
    assert plain[0].task.responsible_units == ["学校"]  # by wording alone the schools' own duty wins
    assert asked[0].task.responsible_units == ["区教育局"]
    supported = matcher.rank("群租房整治", QuestionType.LEAD, [], {"d"}, asked="城管中队是配合哪个部门在做")
    assert supported[0].task.lead_units == ["街道平安办"]  # the named unit's units are not penalised when others answer


@pytest.mark.parametrize("question, sentence", [
    ("消防培训要搞多少场？", "组织员工消防培训不少于200场次"),
    ("一年至少要参加多少学时的消防培训？", "每年参加消防培训不少于8学时"),
    ("一共检查了多少家次？", "全年检查单位1326家次"),
])
def test_sessions_hours_of_study_and_visits_are_measures(question, sentence):
    assert states_measure(sentence, asked_measure(question))


def test_a_sentence_stating_the_measure_asked_is_given_as_the_closest_match(tmp_path):
    """"没按时上报，一次扣几分" shares few words with "发现隐患未在24小时内报告的，每次扣5分", but the sentence
    states points, the measure asked: below the usual bar it is still the closest match (SentenceWeights.closest_measured)."""
    import dataclasses

    from assistant.answer.citing import SourceBook
    from assistant.answer.scope import Places
    from assistant.answer.sentences import SentenceAnswerer, SentenceWeights
    from assistant.answer.understand import understand
    from assistant.corpus.document import load_corpus
    from assistant.models import Hit
    from assistant.retrieval.chunks import build_chunks

    (tmp_path / "weitang-2025-village-fire-letters.txt").write_text(
        "苇塘镇消防安全目标责任书\n一、考核办法\n（一）未按期报送季度工作情况的，每次扣2分；\n"
        "（二）发现隐患未在24小时内报告的，每次扣5分；\n（三）发生一般火灾事故的，每起扣10分。\n", encoding="utf-8")
    corpus = load_corpus(tmp_path)
    chunks = [c for doc in corpus.documents.values() for c in build_chunks(doc)]
    u = understand("考核时村里发现隐患没按时上报，一次扣几分？", [], corpus.gazetteer.find_in,
                   Places((d.meta for d in corpus), {d.doc: "\n".join(d.lines) for d in corpus}))
    answering = next(c for c in chunks if "24小时" in c.text)
    others = [c for c in chunks if c is not answering]
    hits = [Hit(c, 1.0 - n / 10) for n, c in enumerate([others[0], answering, *others[1:]])]  # found second
    overlap = Overlap(c.context for c in chunks)
    draft = SentenceAnswerer(corpus, overlap, SourceBook(corpus))(u, hits)
    assert draft.found and draft.closest and "5分" in draft.short
    strict = dataclasses.replace(SentenceWeights(), closest_measured=SentenceWeights().closest)
    assert not SentenceAnswerer(corpus, overlap, SourceBook(corpus), strict)(u, hits).found

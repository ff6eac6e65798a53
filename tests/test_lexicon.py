"""The genre's vocabulary: role labels and verbs, deadline phrases, question forms."""

import pytest

from assistant.lexicon import (
    ASK_HOW_MANY,
    CITES_DOCUMENT,
    IN_FORCE,
    DEADLINE_FORMS,
    EXTENDED,
    SAME_AS_ROW,
    QuestionType,
    Role,
    asked_when_form,
    deadlines_in,
    is_deadline_label,
    label_role,
    role_of_words,
    verb_role,
)


@pytest.mark.parametrize("label, expected", [
    ("牵头单位", (Role.LEAD, False)), ("牵 头 部门", (Role.LEAD, False)), ("主办单位", (Role.LEAD, False)),
    ("配合部门", (Role.COOPERATING, False)), ("协办单位", (Role.COOPERATING, False)),
    ("责任单位", (Role.RESPONSIBLE, False)), ("责任部门", (Role.RESPONSIBLE, False)),
    ("牵头领导", (Role.LEAD, True)), ("责任人", (Role.RESPONSIBLE, True)), ("完成时限", None), ("工作内容", None),
    ("牵头", (Role.LEAD, False)), ("配合", (Role.COOPERATING, False)), ("牵头科室", (Role.LEAD, False)),
    ("协同单位", (Role.COOPERATING, False)), ("责任", None), ("考核责任部门", (Role.RESPONSIBLE, False)),
    # a 隐患整改清单: the body that puts it right is responsible, the one that oversees it cooperates
    ("整改责任单位", (Role.RESPONSIBLE, False)), ("监管责任单位", (Role.COOPERATING, False)),
    ("督导单位", (Role.COOPERATING, False)), ("参加单位", (Role.COOPERATING, False)),
    # a 交办 notice: the body a matter is handed to, and those that assist it; a working group's head
    ("承办单位", (Role.LEAD, False)), ("组长单位", (Role.LEAD, False)), ("组长", None), ("成员单位", None),
])
def test_labels_name_roles(label, expected):
    assert label_role(label) == expected


@pytest.mark.parametrize("phrase, role", [
    ("牵头开展专项检查", Role.LEAD), ("负责牵头落实", Role.LEAD), ("统筹负责建设规划", Role.LEAD),
    ("配合查处", Role.COOPERATING), ("协助配合", Role.COOPERATING), ("予以配合", Role.COOPERATING),
    ("负责查处", Role.RESPONSIBLE), ("按职责分工负责", Role.RESPONSIBLE), ("加强管理", None),
    ("按职责配合", Role.COOPERATING), ("参加", Role.COOPERATING),
])
def test_verbs_name_roles(phrase, role):
    assert verb_role(phrase) is role


def test_question_words_name_the_role_cooperation_first():
    assert role_of_words("哪些部门配合牵头单位") is Role.COOPERATING
    assert role_of_words("谁牵头") is Role.LEAD and role_of_words("谁负责") is Role.RESPONSIBLE
    assert QuestionType.LEAD.role is Role.LEAD and QuestionType.NUMBER.role is None
    assert Role.COOPERATING.answer_label == "配合单位" and Role.LEAD.field == "lead_units"


def test_deadline_phrases_in_all_their_forms():
    text = ("到2021年底，全区完成。供电企业2021年6月底前建立制度，2021年12月底前完成测绘。确保于2021年开工，"
            "2022年主体完工。从2022年起每年开展1次。“十四五”期间持续推进。（2021—2025年）《规划》不算。")
    assert deadlines_in(text) == ["到2021年底", "2021年6月底前", "2021年12月底前", "2021年", "2022年", "从2022年起",
                                  "每年", "“十四五”期间", "持续推进"]
    assert deadlines_in("9月30日前，区建设管理委完成排查") == ["9月30日前"]
    assert deadlines_in("排查整治阶段（9月1日至11月30日）") == ["9月1日至11月30日"]
    assert deadlines_in("动员部署阶段(4月-5月)") == ["4月-5月"]
    # a time limit counted from an event carries the event, back to the word that opens it
    assert deadlines_in("处理完毕后5个工作日内") == ["处理完毕后5个工作日内"]
    assert deadlines_in("区消安委办应当自收到督办建议之日起3个工作日内完成审核") == ["自收到督办建议之日起3个工作日内"]
    assert deadlines_in("隐患单位应当在整改完毕之日起5日内提出申请") == ["整改完毕之日起5日内"]
    assert deadlines_in("一般隐患在7个工作日内办结") == ["7个工作日内"]  # no event: the limit alone
    assert deadlines_in("每季度最后一个周五前报送") == ["每季度最后一个周五前"]
    assert deadlines_in("(一)第一季度：做好项目立项") == ["第一季度"]
    assert deadlines_in("年底前，各街道设立委员会") == ["年底前"]
    assert deadlines_in("每年12月底前报送总结，每月底前更新台账，于次月5日前上报") == ["每年12月底前", "每月底前", "次月5日前"]
    assert deadlines_in("组织开展每年11月“119”消防宣传月活动；春节前完成清理") == ["每年11月", "春节前"]
    assert deadlines_in("于次年1月15日前汇总考核情况") == ["次年1月15日前"]
    assert deadlines_in("2022年度考核；近三年来；1.5米以上；2018年、2019年两批") == ["2019年"]
    # said as a speaker says them: a month counted from today, 号 for 日, a quoted holiday, a season entered
    assert deadlines_in("这个月底之前报清单，下个月15号前报方案，10月15号前完成，每半个月调度一次") == [
        "这个月底之前", "下个月15号前", "10月15号前", "每半个月"]
    assert deadlines_in("“国庆”前完成；进入防火期之前检修到位；每个月至少检查一次") == ["“国庆”前", "进入防火期之前", "每个月"]
    assert deadlines_in("县府办发〔2025〕23号；3号楼") == []  # a number with 号 and no 前 is no date


@pytest.mark.parametrize("question, form", [
    ("当月工作小结每个月几号报送？", "day"), ("排查整治的完成时限是哪天？", "day"), ("多久挂牌督改一批？", "frequency"), ("最晚多久要交材料？", "interval"),
    ("哪个季度完成审批？", "quarter"), ("几月召开会议？", "month"), ("哪年建成？", "year"), ("什么时候完成？", ""),
    ("三年行动一直延续到什么时候？", "until"), ("住建委审核要几天？", "interval"), ("多长时间检查一次？", "frequency"),
    ("复查要在多长时间内完成？", "interval"), ("百日攻坚行动从哪天开始到哪天结束？", "period"), ("专项整治的起止时间？", "period"),
])
def test_deadline_questions_say_what_kind_of_time_they_want(question, form):
    assert asked_when_form(question) == form
    if form:
        assert DEADLINE_FORMS[form].search({"day": "每月19日", "frequency": "每年", "interval": "30日内",
                                            "quarter": "第二季度", "month": "4月", "year": "2021年",
                                            "until": "至2022年12月", "period": "6月20日至9月30日"}[form])
    if form == "period":
        assert not DEADLINE_FORMS[form].search("9月30日前")  # an end alone is no period
    if form == "until":
        assert not DEADLINE_FORMS[form].search("2020年")  # a year alone is no end of a period
    if form == "day":
        assert DEADLINE_FORMS[form].search("2026年2月底前")  # a month's end is a day


def test_which_ones_is_not_how_many():
    assert ASK_HOW_MANY.search("一共建几个站") and not ASK_HOW_MANY.search("分别是哪几类")


def test_quarters_seasons_and_standing_time_slots():
    assert deadlines_in("（责任单位：县教育局，时间节点：二季度）") == ["二季度"]
    assert deadlines_in("中小学幼儿园秋季开学前完成检测") == ["秋季开学前"]
    assert deadlines_in("全年新增充电端口3000个") == []  # "全年" is a deadline only as a whole cell or part
    assert deadlines_in("对上一季度工作进行总结") == [] and deadlines_in("每一季度至少开展一次演练") == []
    assert is_deadline_label("整改期限") and is_deadline_label("时间要求")


def test_a_weekday_and_hour_and_a_time_before_a_term_runs_out():
    assert deadlines_in("每周五下午4点前报镇安监站") == ["每周五下午4点前"]
    assert deadlines_in("每周至少巡查1次") == ["每周"] and deadlines_in("每周一次开展防火巡查") == ["每周"]
    assert deadlines_in("应当在督办期限届满15日前提出延期申请") == ["督办期限届满15日前"]


def test_limits_in_minutes_counted_frequencies_and_an_event_with_a_word_holding_应():
    assert deadlines_in("应在30分钟内电话报告，1小时内书面报告") == ["30分钟内", "1小时内"]
    assert deadlines_in("处置期间每2小时续报一次") == ["每2小时"] and deadlines_in("原则上每3年修订一次") == ["每3年"]
    assert deadlines_in("应在应急响应结束后15个工作日内完成评估") == ["应急响应结束后15个工作日内"]


def test_hours_the_school_calendar_and_the_fire_season():
    assert deadlines_in("1月25日18时前完成检查，每日17时前报送") == ["1月25日18时前", "每日17时前"]
    assert deadlines_in("2025年秋季开学前完成安装") == ["2025年秋季开学前"] and deadlines_in("寒暑假前开展检查") == ["寒暑假前"]
    assert deadlines_in("清明节前后设立劝导点") == ["清明节前后"] and deadlines_in("禁火期内实行24小时值守") == ["禁火期内"]
    assert deadlines_in("每晚不少于2次") == ["每晚"] and deadlines_in("每日开市前检查") == ["每日"]


def test_months_and_days_in_chinese_numerals():
    assert deadlines_in("五月底前完成方案，六月十五日前完成检查") == ["五月底前", "六月十五日前"]
    assert deadlines_in("检查验收阶段（八月十六日至三十一日）") == ["八月十六日至三十一日"]
    assert deadlines_in("七月份组织演练") == ["七月份"] and deadlines_in("坚持一日一巡") == []
    assert deadlines_in("10月至次年4月") == ["10月至次年4月"]


def test_the_date_a_text_comes_into_force_after_who_interprets_it():
    assert IN_FORCE.search("本办法由县财政局、县消防救援大队负责解释，自2025年5月1日起施行。").group("date") == "2025年5月1日"


def test_a_document_the_text_acts_on():
    line = "根据《岱山县人民政府办公室关于开展农村消防安全专项整治行动的通知》（岱政办发〔2025〕9号）要求，经研究决定"
    assert CITES_DOCUMENT.search(line).group("titles") == \
        "《岱山县人民政府办公室关于开展农村消防安全专项整治行动的通知》（岱政办发〔2025〕9号）"
    assert CITES_DOCUMENT.search("为贯彻落实《中华人民共和国消防法》和《重庆市消防条例》，结合实际").group("titles") == \
        "《中华人民共和国消防法》和《重庆市消防条例》"
    assert CITES_DOCUMENT.search("关于印发《澄岭镇专项整治行动方案》的通知") is None  # its own title, issued


def test_procedural_deadlines_before_an_event():
    assert deadlines_in("应当在投入使用、营业前向消防救援机构申请消防安全检查") == ["投入使用、营业前"]
    assert deadlines_in("建设单位应当在开工前报送") == ["开工前"]
    assert deadlines_in("区建设等部门行政许可前，要严格审核消防安全事项") == ["行政许可前"]


def test_a_bare_year_end_before_a_noun_is_when_something_recurs_not_a_deadline():
    assert deadlines_in("实行年初签约、年底考核制度") == []
    assert deadlines_in("2021年底实现全覆盖") == ["2021年底"]
    assert deadlines_in("年底，全面完成排查") == ["年底"]
    assert deadlines_in("今年年底基本建成") == ["年底"]


def test_a_standards_code_is_asked_and_stated():
    from assistant.lexicon import ASK_STANDARD_CODE, STANDARD_CODE

    assert ASK_STANDARD_CODE.search("充电站的消防设计规范是哪个标准号？") and not ASK_STANDARD_CODE.search("执行哪个标准？")
    assert STANDARD_CODE.search("以《乡镇消防队》（GB/T35547—2017）为依据") and STANDARD_CODE.search("依据GB50016")
    assert not STANDARD_CODE.search("2021年完成乡镇专职消防队建设")


def test_a_limit_after_a_one_character_event_how_often_as_a_manner_and_a_rate_that_is_no_deadline():
    assert deadlines_in("会议筹备由综合协调组负责，会后2个工作日内印发会议纪要") == ["会后2个工作日内"]
    assert deadlines_in("按月开展隐患排查") == ["按月"]
    assert deadlines_in("补贴按每人每月300元的标准发放，由街道财政所负责按季度拨付") == ["按季度"]
    assert deadlines_in("按月度计划推进") == []


def test_dates_that_spell_out_a_deadline_seasons_of_village_work_and_notice_given_ahead():
    assert deadlines_in("此后，请于每季度最后一个周五前（9月30日、12月30日），更新报送") == [
        "每季度最后一个周五前（9月30日、12月30日）"]  # the bracket spells out the phrase; it is no second deadline
    assert deadlines_in("每年春节前、农忙季节前各开展一次") == ["每年春节前", "农忙季节前"]
    assert deadlines_in("每年农闲时节组织集中培训") == ["每年农闲时节"]
    assert deadlines_in("秸秆禁烧期内安排队员值守") == ["秸秆禁烧期内"]
    assert deadlines_in("主办户要提前1天向村民小组长报告") == ["提前1天"]
    assert deadlines_in("雨季前完成检修") == ["雨季前"]


def test_who_the_question_words_of_a_task_s_people_and_of_where_a_duty_lands():
    from assistant.answer.understand import classify

    assert classify("修订实施细则这项，责任领导是谁？") is QuestionType.RESPONSIBLE
    assert classify("冬春百日攻坚行动是哪位局领导分管的？") is QuestionType.RESPONSIBLE
    assert classify("城北物流园那处重大隐患的整改责任落在谁身上？") is QuestionType.RESPONSIBLE


def test_holidays_as_the_time_a_whole_season_and_the_last_month_of_a_quarter():
    assert deadlines_in("元旦、春节前完成") == ["元旦、春节前"]
    assert deadlines_in("春节、元宵节期间开展检查") == ["春节、元宵节期间"]
    assert deadlines_in("整个冬春季每月通报") == ["整个冬春季", "每月"]
    assert deadlines_in("春运开始前完成检查") == ["春运开始前"]
    assert deadlines_in("每季度末月20日前报送") == ["每季度末月20日前"]
    assert deadlines_in("冬春季火灾防控工作方案") == []  # a season in a name is no time


def test_dates_in_figures_and_the_columns_of_a_notice_that_changes_owners():
    for text, phrase in (("完成时间：2025-10-31", "2025-10-31"), ("完成时间：2025.9.30", "2025.9.30"),
                         ("2025/6/30前完成", "2025/6/30前")):
        assert deadlines_in(text) == [phrase], text
    assert deadlines_in("按GB/T 1.1-2020起草") == []
    assert label_role("调整前牵头单位") is None and label_role("原牵头单位") is None  # replaced: no one's task now
    assert label_role("调整后牵头单位") == (Role.LEAD, False) and label_role("调整后配合单位") == (Role.COOPERATING, False)
    assert EXTENDED.search("该任务完成时限延期至2025年9月30日") and not EXTENDED.search("完成时限为2025年9月30日")


def test_years_said_from_the_letters_date_and_a_cell_that_repeats_another_rows():
    assert deadlines_in("明年一季度出台补贴办法") == ["明年一季度"]
    assert deadlines_in("其余7个明年二季度前完成") == ["明年二季度前"]
    assert deadlines_in("各街道要在明年6月底前实现全覆盖") == ["明年6月底前"]
    assert deadlines_in("明年底前新建120处") == ["明年底前"]
    assert deadlines_in("每年一季度编制计划") == ["每年一季度"]  # how often, not which year
    assert SAME_AS_ROW.match("同任务2025-03").group("ref") == "2025-03"
    assert SAME_AS_ROW.match("同第3项").group("ref") == "3"
    assert SAME_AS_ROW.match("同上") is None and SAME_AS_ROW.match("同步推进") is None

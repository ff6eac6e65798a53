"""Tasks from table rows, annotations, responsibility bullets and sentences; deadlines; conflicts."""

from __future__ import annotations

from assistant.corpus.clauses import parse_clauses
from assistant.corpus.ledger import extract_tasks, mark_conflicts, row_task
from assistant.lexicon import deadlines_in
from assistant.corpus.tables import find_tables, table_lines
from assistant.corpus.units import UnitGazetteer
from assistant.models import Task


def ledger(lines, gazetteer=None, issuer=""):
    tables = find_tables("d", lines)
    clauses = parse_clauses("d", lines, table_lines(tables))
    gazetteer = gazetteer if gazetteer is not None else UnitGazetteer()  # an empty one (places only) is falsy
    return extract_tasks("d", clauses, [t.rows for t in tables], gazetteer, lines, issuer=issuer)


def by_clause(tasks):
    return {t.clause: t for t in tasks}


def test_lead_and_cooperating_columns_with_run_together_and_multi_line_cells():
    lines = [
        "附件",
        "\t序号", "\t主要内容", "\t牵头单位", "\t配合单位", "\t完成时限",
        "",
        "\t12", "\t优化专业救援力量。根据区情编成。", "\t区应急局", "区消防救援支队", "\t区财政局", "\t2022年底",
        "",
        "\t28", "\t伤亡抚恤。按规定执行。", "\t区退役军人事务局区人社局", "\t区财政局、区消防救援支队", "\t",
    ]
    tasks = by_clause(ledger(lines))
    row12, row28 = tasks["附件 第12项"], tasks["附件 第28项"]
    assert (row12.source, row12.title, row12.text) == ("table", "优化专业救援力量", "优化专业救援力量。根据区情编成。")
    assert row12.lead_units == ["区应急局", "区消防救援支队"] and row12.cooperating_units == ["区财政局"]
    assert row12.labels == ["牵头单位", "配合单位"] and row12.deadline == "2022年底"
    assert row28.lead_units == ["区退役军人事务局", "区人社局"]
    assert row28.cooperating_units == ["区财政局", "区消防救援支队"] and row28.deadline == ""


def test_group_header_lead_and_own_responsible_units():
    lines = [
        "附件2",
        "\t专项行动", "\t工作任务", "\t工作内容", "\t责任单位",
        "",
        "\t油汽类隐患整治行动（牵头 单位：区商务委）", "\t开展全面排查", "\t25.逐一清理排查，2021年4月底前，建立台账。",
        "\t各乡镇（街道）、区商务委",
    ]
    (task,) = ledger(lines)
    assert (task.clause, task.title, task.group) == ("附件2 第25项", "开展全面排查", "油汽类隐患整治行动（牵头单位：区商务委）")
    assert task.lead_units == ["区商务委"] and task.responsible_units == ["各乡镇（街道）", "区商务委"]
    assert set(task.labels) == {"牵头单位", "责任单位"} and task.deadline == "2021年4月底前"


def test_row_without_units_is_no_task():
    (table,) = find_tables("d", ["\t序号", "\t规划站点", "\t完成时限", "", "\t01", "\t幸福路消防站", "\t2022年"])
    assert row_task(table.rows[0], UnitGazetteer()) is None


def test_a_rectification_list_names_who_puts_it_right_and_who_oversees_it():
    lines = ["序号", "\t单位名称", "\t存在问题", "\t整改责任单位", "\t监管责任单位", "\t整改期限", "",
             "1", "\t某商业广场", "\t疏散通道被货物占用", "\t某商业管理有限公司", "\t东湖区商务局、东湖区消防救援大队",
             "\t立行立改"]
    (task,) = ledger(lines)
    assert task.text == "疏散通道被货物占用" and task.deadline == "立行立改"
    assert task.responsible_units == ["某商业管理有限公司"]
    assert task.cooperating_units == ["东湖区商务局", "东湖区消防救援大队"]


def test_the_parties_of_a_responsibility_letter_are_named_as_it_defines_them():
    lines = ["苇塘镇消防安全目标责任书", "甲方：苇塘镇人民政府　乙方：＿＿＿＿村民委员会", "一、乙方主要职责",
             "1.乙方负责本村消防安全工作，每月至少组织一次防火检查。", "二、甲方职责", "1.甲方会同镇派出所每季度开展联合检查。"]
    tasks = ledger(lines)
    assert [(t.lead_units, t.cooperating_units, t.responsible_units) for t in tasks if t.clause in ("一、1.", "二、1.")] == [
        ([], [], ["村民委员会"]), (["苇塘镇人民政府"], ["镇派出所"], [])]
    assert {t.owner_line for t in tasks if t.clause == "一、1."} == {2}  # cited: the line that names the party


def test_a_deadline_line_under_an_item_whose_owners_are_in_its_prose():
    lines = ["一、检查重点", "●人员密集场所。由石梁消防救援站会同经济发展科开展联合检查。", "完成时限：六月二十日前"]
    (task,) = [t for t in ledger(lines) if t.lead_units]
    assert (task.lead_units, task.cooperating_units, task.deadline) == (["石梁消防救援站"], ["经济发展科"], "六月二十日前")


def test_a_sentence_with_its_own_owner_under_an_item_s_label_lines_is_its_own_task():
    lines = ["一、检查重点", "●电动自行车。一是清理飞线充电；二是严查违规改装，此项由石梁市场监管所负责，七月十日前完成。",
             "责任科室：城市管理科", "完成时限：即日起至8月31日"]
    owners = sorted((t.responsible_units, t.deadline) for t in ledger(lines) if t.responsible_units)
    assert owners == [(["城市管理科"], "即日起至8月31日"), (["石梁市场监管所"], "七月十日前")]


def test_a_place_naming_what_an_item_is_about_owns_nothing_under_its_label_lines():
    lines = ["二、交办事项", "交办事项3：东关镇小商品市场火灾隐患。商铺前店后仓。整改要求：落实主体责任。",
             "主办单位：东关镇人民政府　协办单位：区商务局　完成时限：2025年9月30日前"]
    assert [(t.lead_units, t.cooperating_units, t.responsible_units, t.deadline) for t in ledger(lines)] == [
        (["东关镇人民政府"], ["区商务局"], [], "2025年9月30日前")]


def test_an_inspection_plan_s_groups_with_their_lead_participants_and_time():
    lines = ["组别", "\t牵头单位", "\t参加单位", "\t检查范围", "\t检查时间", "",
             "第一组", "\t区商务局", "\t区市场监管局、区消防救援大队", "\t大型商业综合体、商场市场", "\t6月11日至7月10日", "",
             "第二组", "\t区文旅体局", "\t区公安分局", "\t宾馆饭店、歌舞娱乐场所"]
    tasks = ledger(lines)
    assert [(t.text, t.lead_units, t.cooperating_units, t.deadline) for t in tasks] == [
        ("大型商业综合体、商场市场", ["区商务局"], ["区市场监管局", "区消防救援大队"], "6月11日至7月10日"),
        ("宾馆饭店、歌舞娱乐场所", ["区文旅体局"], ["区公安分局"], "6月11日至7月10日")]  # the time cell is merged


def test_body_annotations_in_both_bracket_styles():
    lines = [
        "二、重点任务",
        "1．建强工作机构。各乡镇成立委员会，2025年底前完成。〔责任单位：区消防救援支队，区财政局，乡镇（街道）〕",
        "2．补齐古镇短板。按一镇一策建设。（责任单位：区经济信息委、温泉镇人民政府）",
        "3．完善规划。（牵头单位：区规划自然资源局；配合单位：区住房城乡建委）",
    ]
    tasks = by_clause(ledger(lines))
    assert tasks["二、1."].responsible_units == ["区消防救援支队", "区财政局", "乡镇（街道）"]
    assert tasks["二、1."].labels == ["责任单位"] and tasks["二、1."].deadline == "2025年底前"
    assert tasks["二、1."].title == "建强工作机构" and tasks["二、1."].group == "重点任务"
    assert tasks["二、2."].responsible_units == ["区经济信息委", "温泉镇人民政府"]
    assert tasks["二、3."].lead_units == ["区规划自然资源局"]
    assert tasks["二、3."].cooperating_units == ["区住房城乡建委"]
    assert tasks["二、3."].labels == ["牵头单位", "配合单位"]


def test_responsibility_bullet_speaks_for_its_box():
    lines = [
        "8.配套完善消防基础设施",
        "\t重点工程专栏06：市政消火栓建设计划表",
        "\t●开展消防水源普查行动，摸清底数。",
        "●责任单位和部门：区消防救援大队统筹负责建设规划，区水利局协助配合。区住建局、交通运输局将消火栓建设列入重点工程。",
        "●每年度新建市政消火栓不少于185个。",
    ]
    (task,) = ledger(lines)
    assert (task.clause, task.title, task.line_start, task.line_end) == ("重点工程专栏06", "市政消火栓建设计划表", 2, 5)
    assert task.lead_units == ["区消防救援大队"]  # 统筹负责
    assert task.responsible_units == ["区住建局", "交通运输局"]
    assert task.cooperating_units == ["区水利局"]
    assert task.labels == ["牵头", "配合", "负责"] and task.deadline == "每年度"


def test_sentences_each_have_their_own_owners():
    lines = [
        "二、主要任务",
        ("6.加强联合执法。应急管理、住建（房管）、消防救援等部门加强协调配合。消防救援部门和公安派出所负责查处占用通道行为。"
         "有关部门依法查处违法行为。需要查询信息的，公安交管部门予以积极配合。"),
        "18.集中整治行业问题。教育、民政、文体广电和旅游等重点行业部门，2020年组织对学校集中开展排查整治。",
        "3.查处非法改装。区市场监管局牵头开展专项检查，区公安分局配合查处拼装车辆。",
        "4.推广安全电池。补贴资金由区财政局统筹安排。",
        "5.应委托第三方机构开展检测。居民住宅区全部落实集中管理。",
    ]
    tasks = ledger(lines)
    six = [t for t in tasks if t.clause == "二、6."]
    assert [(t.part, t.responsible_units, t.cooperating_units) for t in six] == [
        (0, ["应急管理部门", "住建（房管）部门", "消防救援部门"], []),
        (1, ["消防救援部门", "公安派出所"], []),  # "有关部门依法查处" names nobody: it goes on with 1
        (2, [], ["公安交管部门"]),  # a condition, then who cooperates
    ]
    assert six[1].text.startswith("消防救援部门和公安派出所负责") and six[1].line_start == 2
    (eighteen,) = [t for t in tasks if t.clause == "二、18."]
    assert eighteen.responsible_units == ["教育部门", "民政部门", "文体广电和旅游部门"]  # 等…部门 expands
    assert eighteen.deadline == "2020年"
    (three,) = [t for t in tasks if t.clause == "二、3."]  # Y配合 supports X's task
    assert (three.lead_units, three.cooperating_units, three.labels) == (["区市场监管局"], ["区公安分局"], ["牵头", "配合"])
    (four,) = [t for t in tasks if t.clause == "二、4."]
    assert four.responsible_units == ["区财政局"]  # 由X统筹安排: X's to do
    assert not [t for t in tasks if t.clause == "二、5."]  # no subject that is a unit


def test_situation_chapters_yield_no_sentence_tasks():
    lines = ["第一章、形势分析", "（一）取得进展", "消防救援部门负责查处违法行为。", "第二章、主要任务",
             "（一）加强执法", "消防救援部门负责查处违法行为。"]
    assert [t.clause for t in ledger(lines)] == ["第二章（一）"]


def test_deadlines_in_text():
    text = ("到2021年底，全区完成。供电企业2021年6月底前建立制度，2021年12月底前完成测绘。确保于2021年开工，"
            "2022年主体完工。从2022年起每年开展1次。“十四五”期间持续推进。（2021—2025年）《规划》不算。")
    assert deadlines_in(text) == ["到2021年底", "2021年6月底前", "2021年12月底前", "2021年", "2022年", "从2022年起",
                                  "每年", "“十四五”期间", "持续推进"]
    assert deadlines_in("完成时限为2023年9月30日") == ["2023年9月30日"]
    assert deadlines_in("1.5米以上") == []


def make(source, clause, text, units, labels):
    return Task(doc="d", source=source, clause=clause, title="", text=text, responsible_units=units, labels=labels)


def test_conflicts_link_body_and_table_rows_that_disagree():
    body = make("body", "二、19.", "推进智慧治理。将消防安全纳入信息化建设规划，同步开展物联感知建设。"
                "为小单位、小场所和老弱病残家庭配置独立式感烟探测器，增强自防自救能力。",
                ["区大数据发展局", "区消防救援支队", "乡镇（街道）"], ["责任单位"])
    same = make("table", "表 第41项", "41．将消防安全纳入信息化建设规划，同步开展物联感知建设。",
                ["乡镇（街道）", "区大数据发展局", "区消防救援支队"], ["责任单位"])
    fewer = make("table", "表 第43项", "43．为小单位、小场所和老弱病残家庭配置独立式感烟探测器，增强自防自救能力。",
                 ["乡镇（街道）"], ["责任单位"])
    other = make("table", "表 第44项", "44．建设消防主题公园。", ["区城管局"], ["责任单位"])
    tasks = [body, same, fewer, other]
    mark_conflicts(tasks, UnitGazetteer())
    assert body.conflicts == [fewer.id] and fewer.conflicts == [body.id]
    assert same.conflicts == [] and other.conflicts == []


def test_aliases_are_not_conflicts_and_sentence_tasks_are_not_compared():
    body = make("body", "1.", "建设集中充电场所，配置灭火器材。", ["区住建委"], ["责任单位"])
    row = make("table", "表 第1项", "建设集中充电场所，配置灭火器材。", ["区住房城乡建委"], ["牵头单位"])
    sentence = make("body", "2.", "建设集中充电场所，配置灭火器材。", ["住建部门"], ["负责"])
    mark_conflicts([body, row, sentence], UnitGazetteer())
    assert body.conflicts == row.conflicts == sentence.conflicts == []


def test_one_task_per_clause_path_when_a_box_speaks_twice():
    lines = [
        "1.完善设施",
        "\t重点工程专栏02：消防水源工程",
        "\t●责任单位和部门：区水利局负责取水点建设。",
        "\t●责任单位和部门：区财政局负责资金保障。",
    ]
    tasks = ledger(lines)
    assert [t.clause for t in tasks] == ["重点工程专栏02"]
    assert tasks[0].responsible_units == ["区水利局", "区财政局"] and (tasks[0].line_start, tasks[0].line_end) == (2, 4)


ARTICLE = [
    "第十二条 物业服务人应当履行下列消防安全责任：",  # 1
    "（一）负责共用消防设施的维护管理；",  # 2
    "（二）保障疏散通道畅通；",  # 3
    "（三）其他消防安全责任。",  # 4
    "未实行物业管理的居民住宅区，由乡镇人民政府组织协调共用消防设施的维护管理工作。",  # 5
    "第十三条 公安派出所应当履行下列职责：",  # 6
    "（一）开展消防安全宣传教育；",  # 7
]


def test_a_paragraph_after_an_articles_list_is_the_articles_own_and_keeps_its_topic():
    tasks = ledger(ARTICLE)
    items = [t for t in tasks if t.clause.startswith("第十二条（")]
    assert [t.responsible_units for t in items] == [["物业服务人"]] * 3
    assert all(t.owner_line == 1 for t in items)  # cited: the sentence that announces the list
    after = next(t for t in tasks if "未实行物业管理" in t.text)
    assert after.clause == "第十二条" and after.responsible_units == ["乡镇人民政府"]
    assert "未实行物业管理的居民住宅区，由乡镇人民政府" in after.text  # with the case the agent is given
    assert (after.line_start, after.line_end) == (5, 5)
    assert next(t for t in tasks if t.clause == "第十三条（一）").responsible_units == ["公安派出所"]


def test_duty_lines_keep_their_owner_and_a_label_line_belongs_to_the_item_above():
    lines = [
        "一、成员单位职责",
        "（一）县教育局：负责学校消防安全管理；配合县消防救援大队开展校外培训机构隐患排查整治。",
        "（二）信息平台应用。依托平台建立网格消防隐患电子台账，每月通报隐患处置率。",
        "责任科室：平安办",
        "附件：重点任务分工表",
        "序号", "\t重点任务", "\t牵头单位", "\t完成时限",
        "",
        "1", "\t高层住宅小区专项排查", "\t县住建局", "\t2025年12月底前",
        "",
        "云岭县人民政府办公室",
        "2025年10月28日",
    ]
    tasks = ledger(lines)
    first, cooperation = [t for t in tasks if t.clause == "一、（一）"]
    assert first.text.startswith("（一）县教育局：负责") and first.responsible_units == ["县教育局"]
    # "配合X开展…": the unit cooperates in a task that is X's
    assert (cooperation.cooperating_units, cooperation.responsible_units) == (["县教育局"], ["县消防救援大队"])
    (platform,) = [t for t in tasks if t.clause == "一、（二）"]
    assert (platform.responsible_units, platform.line_start, platform.line_end) == (["平安办"], 3, 4)
    # "附件：…分工表" right above the table starts the annex: the signature after it is no part of item （二）
    assert "2025年10月28日" not in platform.text and platform.deadline == "每月"


def test_the_lead_marked_in_a_table_cell_leads():
    lines = ["附件", "", "\t序号", "\t主要内容", "\t责任单位", "\t完成时限", "",
             "\t1", "\t推进消防站建设并配齐装备器材。", "\t区应急局（牵头）、区公安分局", "\t2025年底前"]
    (task,) = ledger(lines)
    assert (task.lead_units, task.responsible_units, task.deadline) == (["区应急局"], ["区公安分局"], "2025年底前")


def test_a_header_named_by_its_labels_a_content_header_by_its_form_and_phase_dates_for_its_rows():
    lines = [
        "（二）活动期间管控阶段（1月29日至2月4日）",
        "各环节办理如下：",
        "环节",
        "\t工作内容",
        "\t责任主体",
        "\t办理时限",
        "",
        "1.社区核实",
        "\t到场核实隐患情况",
        "\t社区居委会",
        "\t接报后24小时内",
        "",
        "值守点位",
        "\t责任单位",
        "",
        "主会场",
        "\t镇专职消防队",
    ]
    tasks = [t for t in ledger(lines) if t.source == "table"]
    assert [(t.text, t.responsible_units, t.deadline) for t in tasks] == [
        ("到场核实隐患情况", ["社区居委会"], "接报后24小时内"), ("主会场", ["镇专职消防队"], "1月29日至2月4日")]


def test_a_schedule_by_quarter_dates_each_task_and_a_task_with_its_own_date_keeps_it():
    lines = [
        "五、进度安排",
        "第一季度：区应急局制定考核细则（3月15日前），各街道（镇）完成底数摸排，区消防救援大队牵头开展节日检查，"
        "区商务委配合；第二季度：区房管局确定改造清单。",
    ]
    tasks = sorted((t for t in ledger(lines) if t.all_units), key=lambda t: t.part)
    assert [(t.all_units, t.deadline) for t in tasks] == [
        (["区应急局"], "3月15日前"), (["各街道（镇）"], "第一季度"), (["区消防救援大队", "区商务委"], "第一季度"),
        (["区房管局"], "第二季度")]


def test_an_office_item_that_does_a_task_jointly_with_another():
    lines = ["四、职责分工", "8.柏岭派出所。依法查处占用消防车通道行为；与街道城管中队共同做好“三合一”场所整治。"]
    joint = next(t for t in ledger(lines) if "共同" in t.text)
    assert joint.responsible_units == ["柏岭派出所", "街道城管中队"]


def test_units_given_objects_respectively_are_each_stated_with_their_own():
    lines = ["四、职责分工", "区教育局、区卫生健康委分别负责学校、医疗机构的消防安全管理。"]
    task = next(t for t in ledger(lines) if t.all_units)
    assert task.responsible_units == ["区教育局", "区卫生健康委"]  # the ledger row keeps both
    assert [(s["object"], s["responsible"]) for s in task.statements] == [
        ("学校", ["区教育局"]), ("医疗机构", ["区卫生健康委"])]


def test_a_duty_list_table_gives_one_task_per_numbered_duty_in_the_role_its_verb_states():
    lines = [
        "序号", "\t责任部门", "\t主要职责",
        "",
        "1", "\t县应急管理局", "\t①承担县消安委办公室日常工作；②每年牵头组织消防工作考核；③会同县消防救援大队开展检查。",
        "",
        "— 2 —",  # a page footer between rows ends nothing
        "",
        "2", "\t县公安局", "\t①配合县消防救援大队开展火灾事故调查；②指导派出所开展日常检查。",
    ]
    from assistant.corpus.document import parse_text
    tasks = [t for t in parse_text("d", "\n".join(lines)).tasks if t.source == "table"]
    assert [(t.lead_units, t.cooperating_units, t.responsible_units, t.deadline) for t in tasks] == [
        ([], [], ["县应急管理局"], ""), (["县应急管理局"], [], [], "每年"), (["县应急管理局"], ["县消防救援大队"], [], ""),
        ([], ["县公安局"], ["县消防救援大队"], ""), ([], [], ["县公安局"], "")]


def test_the_documents_rule_that_a_rows_first_listed_unit_leads():
    lines = [
        "序号", "\t工作任务", "\t牵头单位", "\t责任单位", "\t完成时限",
        "",
        "1", "\t开展消防车通道集中治理。", "\t/", "\t消防救援支队、公安局、城管局", "\t持续推进",
        "",
        "",
        "四、说明",
        "1.“牵头单位”栏标注“/”的，表中排在第一位的为牵头单位，其余为配合单位。",
    ]
    (task,) = [t for t in ledger(lines) if t.source == "table"]
    assert (task.lead_units, task.cooperating_units, task.responsible_units) == (
        ["消防救援支队"], ["公安局", "城管局"], [])


def _roles(task):
    return task.lead_units, task.cooperating_units, task.responsible_units, task.deadline


def test_the_owner_in_force_acting_with_a_bare_body():
    lines = ["三、工作机制", "（一）高风险类：对应措施：由居委纳入重点关注对象，会同物业每周对所在楼栋开展巡查。"]
    task = next(t for t in ledger(lines) if "会同物业" in t.text)
    assert _roles(task) == (["居委"], ["物业"], [], "每周")  # "居委" + "会同" is not "居委会"


def test_a_sentence_that_opens_with_its_time_is_a_task_of_its_own():
    lines = ["三、工作机制",
             "（一）由居委纳入关注对象，常态开展提示；每半月上门督促老人清除可燃物；结合“老伙伴”计划开展帮扶结对。",
             "（二）各居委上报汇总表；此后，请于每季度最后一个周五前（9月30日、12月30日），更新报送统计表。"]
    tasks = [t for t in ledger(lines) if t.all_units]
    assert [(t.text[:6], t.deadline) for t in tasks] == [
        ("（一）由居委", ""), ("每半月上门督", "每半月"), ("结合“老伙伴", ""),
        ("（二）各居委", ""), ("此后，请于每", "每季度最后一个周五前（9月30日、12月30日）")]


def test_the_means_of_a_duty_opens_it():
    lines = ["二、职责分工", "4.建管中心。积极依托“红色物业”创建工作，协同开展社区独居老人关爱工作。"]
    (task,) = [t for t in ledger(lines) if t.all_units]
    assert "依托" in task.text and _roles(task) == ([], ["建管中心"], [], "")


def test_a_letters_you_is_its_addressee():
    lines = ["关于对某市场重大火灾隐患挂牌督办的函", "青石区人民政府：", "现将有关事项函告如下：",
             "一、申请销案。整改完成后3日内，由你区向市消安委办书面提出销案申请。"]
    task = next(t for t in ledger(lines) if "销案申请" in t.text)
    assert _roles(task) == ([], [], ["青石区人民政府"], "整改完成后3日内")


def test_a_requirement_that_states_its_owners_beside_a_time_label():
    lines = ["一、问题清单",
             "问题四：值班人员未持证上岗。整改要求：由市人社局会同市民政局组织集中培训考核。整改时限：11月30日前。"]
    (task,) = [t for t in ledger(lines) if t.all_units]
    assert _roles(task) == (["市人社局"], ["市民政局"], [], "11月30日前")  # the finding's subject owns nothing


def test_a_marked_lead_and_the_documents_rule_for_the_others():
    lines = [
        "序号", "\t工作任务", "\t责任单位", "\t完成时限",
        "",
        "1", "\t维保质量专项检查", "\t县消防救援大队*、县市场监管局", "\t每季度",
        "",
        "2", "\t老旧住宅消防设施改造", "\t县住建局（牵头）、县财政局", "\t分阶段推进",
        "",
        "注：责任单位栏中标注“（牵头）”或“*”号的为牵头单位，其余为配合单位。",
    ]
    tasks = [t for t in ledger(lines) if t.source == "table"]
    assert [_roles(t)[:3] for t in tasks] == [(["县消防救援大队"], ["县市场监管局"], []), (["县住建局"], ["县财政局"], [])]


def test_a_spreadsheet_pasted_as_text():
    lines = [
        "序号\t工作任务\t责任领导\t责任科室\t完成时限\t备注",
        "一、责任落实",
        "1\t组织召开全区消防工作会议\t周立新\t办公室\t3月底前\t配合：区消防救援大队",
        "2\t修订消防安全责任制实施细则\t\t法规科\t6月30日前\t",
        "— 2 —",
        "3\t制定挂牌督办工作规程\t\t法规科\t同上\t各街道办事处具体组织实施",
    ]
    from assistant.corpus.document import parse_text
    document = parse_text("d", "\n".join(lines))
    rows = document.tables[0]
    assert [r.section for r in rows] == ["一、责任落实"] * 3
    assert [r.cells["责任领导"] for r in rows] == ["周立新"] * 3  # a merged people cell is left empty below
    tasks = [t for t in document.tasks if t.source == "table"]
    assert [_roles(t) for t in tasks] == [
        ([], ["区消防救援大队"], ["办公室"], "3月底前"), ([], [], ["法规科"], "6月30日前"),
        ([], [], ["法规科", "各街道办事处"], "6月30日前")]  # "同上" repeats the cell above


def test_a_督办_table_names_the_body_told_to_act():
    lines = ["督办对象", "\t督办事项", "\t完成时限", "", "河东区人民政府", "\t汽配城重大火灾隐患", "\t11月20日前"]
    (task,) = [t for t in ledger(lines) if t.source == "table"]
    assert _roles(task) == ([], [], ["河东区人民政府"], "11月20日前")


def test_a_markdown_table_pasted_from_a_web_page_and_the_documents_default_deadline():
    lines = [
        "| 序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限 |",
        "|---|---|---|---|---|",
        "| **一、隐患排查整治** | | | | |",
        "| 1 | 开展高层住宅隐患排查整治 | 区住建局 | 区消防救援大队<br>各街道办事处 | 6月30日前 |",
        "| 2 | 开展“三合一”场所整治，实行清单管理、",
        "限期销号 | 区消防救援大队 | — | |",
        "",
        "注：表中未注明完成时限的，均于2025年12月底前完成。",
    ]
    from assistant.corpus.document import parse_text
    document = parse_text("d", "\n".join(lines))
    assert [r.section for r in document.tables[0]] == ["一、隐患排查整治"] * 2
    tasks = [t for t in document.tasks if t.source == "table"]
    assert [_roles(t) for t in tasks] == [
        (["区住建局"], ["区消防救援大队", "各街道办事处"], [], "6月30日前"),
        (["区消防救援大队"], [], [], "2025年12月底前")]  # "—" is no unit; the note dates the row left blank
    assert tasks[1].text == "开展“三合一”场所整治，实行清单管理、限期销号"


def test_a_header_of_two_rows_splits_its_unit_column():
    lines = ["序号", "\t工作任务", "\t责任单位", "\t完成时限", "", "牵头单位", "\t配合单位", "",
             "1", "\t召开全体成员会议", "\t应急局", "\t消防救援支队", "\t3月底前"]
    (task,) = [t for t in ledger(lines) if t.source == "table"]
    assert _roles(task) == (["应急局"], ["消防救援支队"], [], "3月底前")


def test_duties_under_their_owner_in_square_brackets_and_the_default_for_the_undated():
    lines = ["三、职责分工",
             "【街道平安办】",
             "1.牵头组织召开街道消防安全委员会全体会议；",
             "2.会同【街道城管中队】开展联合检查，3月31日前完成；",
             "【街道城管中队】1.依法查处占用消防车通道行为；2.配合街道平安办开展群租房专项整治。",
             "四、工作要求",
             "以上职责除另有时限要求外，均为常态化工作，每季度至少开展一次。"]
    tasks = [t for t in ledger(lines) if t.all_units]
    assert [_roles(t) for t in tasks] == [
        (["街道平安办"], [], [], "每季度"), (["街道平安办"], ["街道城管中队"], [], "3月31日前"),
        ([], [], ["街道城管中队"], "每季度"), ([], ["街道城管中队"], ["街道平安办"], "每季度")]


def test_bullets_of_several_symbols_nest_and_owners_follow_a_long_dash():
    lines = ["★ 重点任务",
             "◆ 开展电动自行车专项治理——牵头：县公安局；配合：县住建局、各乡镇；时限：12月31日前",
             "  ①依法查处非法改装电动自行车；",
             "  ②县住建局督促物业服务企业清理楼道，1月底前完成。",
             "◆ 加强烟花爆竹安全监管——主责：县应急管理局；协同：县公安局；完成时限：2026年2月28日前",
             "■ 县文广旅局会同县民宗局，在春节、元宵节期间开展文物建筑消防检查。"]
    from assistant.corpus.clauses import parse_clauses
    (top,) = parse_clauses("d", lines, set())[-1:]
    assert [c.label[:1] for c in top.children] == ["◆", "◆"] and len(top.children[0].children) == 2
    assert top.children[1].children[0].label == "■1"  # a new symbol nests under the bullet above it
    tasks = {t.text[:6]: _roles(t) for t in ledger(lines) if t.all_units}
    assert tasks["◆ 开展电动"] == (["县公安局"], ["县住建局", "各乡镇"], [], "12月31日前")
    assert tasks["◆ 加强烟花"] == (["县应急管理局"], ["县公安局"], [], "2026年2月28日前")
    assert tasks["■ 县文广旅"] == (["县文广旅局"], ["县民宗局"], [], "春节、元宵节期间")


def test_a_responsibility_matrix_marks_each_units_part_and_its_legend_says_what_marks_mean():
    lines = [
        "序号\t重点工作任务\t完成时限\t区应急局\t区住建局\t区公安分局\t各街道、镇",
        "一、压实责任",
        "1\t修订成员单位消防安全职责清单\t3月底前\t★\t√",  # a spreadsheet drops the empty cells at a row's end
        "2\t对重大火灾隐患实行挂牌督办\t\t★\t★\t\t√",
        "",
        "注：★为配合单位，√为牵头单位。完成时限栏未填写的，均于2025年12月底前完成。",
    ]
    tasks = [t for t in ledger(lines) if t.source == "table"]
    assert [_roles(t) for t in tasks] == [  # the legend turns the genre's habit (★ leads) round
        (["区住建局"], ["区应急局"], [], "3月底前"),
        (["各街道", "镇"], ["区应急局", "区住建局"], [], "2025年12月底前")]
    assert tasks[0].text == "修订成员单位消防安全职责清单"


def test_a_matrix_without_a_legend_follows_the_genre_and_one_mark_only_means_responsible():
    two = ["序号\t工作任务\t区应急局\t区住建局\t区教育局", "1\t开展消防检查\t●\t○\t○"]
    assert [_roles(t) for t in ledger(two) if t.source == "table"] == [(["区应急局"], ["区住建局", "区教育局"], [], "")]
    one = ["序号\t工作任务\t区应急局\t区住建局\t区教育局", "1\t开展消防检查\t\t√\t√"]
    assert [_roles(t) for t in ledger(one) if t.source == "table"] == [([], [], ["区住建局", "区教育局"], "")]


def test_owners_and_dates_given_later_by_the_numbers_of_the_tasks():
    lines = [
        "三、重点任务",
        "（一）高层建筑整治",
        "1.对高层建筑逐栋开展排查。",
        "2.督促物业落实防火巡查，9月底前完成。",
        "（二）学校消防整治",
        "1.对寄宿制学校宿舍开展检查。",
        "2.对养老机构开展达标检查。",
        "（三）基层基础",
        "1.健全村级消防网格。",
        "四、实施步骤",
        "（一）集中攻坚阶段（2025年5月至10月）。各单位组织实施第（一）至（二）项重点任务。",
        "五、职责分工",
        "第（一）项由县住建局牵头，县消防救援大队配合；第（二）项第1点由县教育局负责，第2点由县民政局负责；",
        "其余任务由各乡镇人民政府负责。第（一）项第1点须于2025年8月31日前完成。",
    ]
    tasks = {t.text.lstrip("0123456789."): t for t in ledger(lines)}
    assert _roles(tasks["对高层建筑逐栋开展排查。"]) == (["县住建局"], ["县消防救援大队"], [], "2025年8月31日前")
    assert _roles(tasks["督促物业落实防火巡查，9月底前完成。"]) == (["县住建局"], ["县消防救援大队"], [], "9月底前")
    assert _roles(tasks["对寄宿制学校宿舍开展检查。"]) == ([], [], ["县教育局"], "2025年5月至10月")
    assert _roles(tasks["对养老机构开展达标检查。"]) == ([], [], ["县民政局"], "2025年5月至10月")
    assert _roles(tasks["健全村级消防网格。"]) == ([], [], ["各乡镇人民政府"], "")
    assert not any(t.text.startswith("第（") for t in tasks.values())  # the sentences that assign are no tasks


def test_a_text_without_headings_is_its_own_body_and_a_sentence_after_the_labels_is_a_task():
    lines = ["龙湾镇吹响夏季消防安全“集结号”", "镇应急办牵头，联合派出所开展夜查。", "", "对门店开展专项检查", "责任单位：镇市场监管所（配合：龙湾派出所）",
             "时间：8月31日前", "此外，物业企业要在7月底前组织疏散演练。"]
    tasks = ledger(lines)
    assert sorted(map(_roles, tasks), key=str) == sorted([
        (["镇应急办"], ["派出所"], [], ""),
        ([], ["龙湾派出所"], ["镇市场监管所"], "8月31日前"),
        ([], [], ["物业企业"], "7月底前")], key=str)


def test_sections_given_owners_by_their_decimal_numbers_and_label_lines_that_close_a_whole_list():
    lines = [
        "3 建筑防火",
        "3.1 建筑防火",
        "3.1.1 督促新建工程依法办理消防设计审查。",
        "3.1.2 对老旧厂房开展消防安全评估。",
        "3.2 智慧消防",
        "3.2.1 推进消防物联网远程监控系统建设。",
        "3.2.2 建立企业消防安全风险分级评估模型。",
        "责任部门： 经济发展局  完成时间： 2025-12-31",
        "3.3 消防水源",
        "3.3.1 普查市政消火栓。(责任部门：规划建设局)",
        "3.3.2 施划消防车通道标线。",
        "责任部门： 综合执法局",
        "5 职责分工",
        "5.1 本规范第3.1条由规划建设局负责。",
    ]
    tasks = {t.clause: t for t in ledger(lines)}
    assert _roles(tasks["3.1.1"]) == _roles(tasks["3.1.2"]) == ([], [], ["规划建设局"], "")
    assert _roles(tasks["3.2.1"]) == _roles(tasks["3.2.2"]) == ([], [], ["经济发展局"], "2025-12-31")
    assert tasks["3.2.1"].owner_line == 8  # the line that names the owner is cited beside the task
    # an item with its own owner: the label line under the last item is that item's
    assert _roles(tasks["3.3.1"]) == ([], [], ["规划建设局"], "") and _roles(tasks["3.3.2"]) == ([], [], ["综合执法局"], "")
    assert "5.1" not in tasks  # the sentence that assigns is no task


def test_a_notice_that_changes_owners_and_a_bulletin_that_moves_a_deadline():
    adjusted = [
        "附件",
        "序号 | 任务内容 | 调整前牵头单位 | 调整后牵头单位 | 调整后配合单位 | 完成时限",
        "1 | 重大火灾隐患排查登记 | 区安监局 | 区应急管理局 | 区消防救援大队 | 不变",
        "2 | 危险化学品企业专项整治 |  |  | 区市场监管局 | 顺延至2025年11月30日",
    ]
    first, second = sorted(ledger(adjusted), key=lambda t: t.line_start)
    assert _roles(first) == (["区应急管理局"], ["区消防救援大队"], [], "")  # the owner before the change owns nothing
    assert _roles(second) == (["区应急管理局"], ["区市场监管局"], [], "顺延至2025年11月30日")  # the merged lead
    bulletin = [
        "一、进展",
        "序号 | 整治任务 | 责任单位 | 完成时限",
        "1 | 电动自行车集中充电设施建设 | 镇规划建设办 | 2025年6月30日",
        "2 | 电动自行车飞线充电整治 | 岑口派出所 | 2025年6月30日",
        "二、下一步工作安排",
        "1.充电点位建设。剩余5处充电点位建设任务完成时限延期至2025年8月31日，由镇规划建设办牵头。",
    ]
    rows = {t.title: t for t in ledger(bulletin) if t.source == "table"}
    assert rows["电动自行车集中充电设施建设"].deadline == "2025年8月31日"
    assert rows["电动自行车飞线充电整治"].deadline == "2025年6月30日"


def test_task_cards_of_field_lines_in_pipes_tabs_and_colons_with_a_rule_for_the_undated():
    lines = [
        "附件",
        "说明：本任务书所列牵头单位为第一责任单位；未列完成时限的，于2025年12月20日前完成。",
        "",
        "任务编号 | 2025-03",
        "任务名称 | 高层住宅建筑消防安全综合治理",
        "牵头单位 | 市住建局",
        "配合单位 | 市消防救援支队、各区（县）政府",
        "完成时限 | 2025年9月30日前",
        "工作要求 | 对全市1286栋高层住宅建筑消防设施开展全面检测评估，",
        "建立“一楼一档”。",
        "",
        "任务编号\t2025-07",
        "任务名称\t养老机构消防安全标准化管理",
        "牵头单位\t市民政局",
        "工作要求\t推进92家养老机构达标创建。",
        "",
        "— 5 —",
        "",
        "考核方式\t随机抽查。",
        "",
        "任务编号：2025-08",
        "任务名称：消防车通道集中治理",
        "牵头单位：市城管执法局",
        "完成时限：同任务2025-03",
        "工作要求：集中清理消防车通道。其中，“消防安全第一课”由市教育局负责，9月15日前完成。",
    ]
    tasks = {(t.clause, t.part): t for t in ledger(lines)}
    third, seventh, eighth = tasks[("附件 任务2025-03", 0)], tasks[("附件 任务2025-07", 0)], tasks[("附件 任务2025-08", 0)]
    assert _roles(third) == (["市住建局"], ["市消防救援支队", "各区（县）政府"], [], "2025年9月30日前")
    assert third.text.startswith("高层住宅建筑消防安全综合治理\n") and "建立“一楼一档”" in third.text  # name, then demands
    assert (third.line_start, third.line_end) == (4, 10)
    # the page footer inside a card does not end it; the 说明's rule dates the card that gives no date, and is cited
    assert seventh.line_end == 19 and _roles(seventh) == (["市民政局"], [], [], "2025年12月20日前")
    assert seventh.deadline_line == 2
    assert eighth.deadline == "2025年9月30日前"  # "同任务2025-03": that card's date
    part = tasks[("附件 任务2025-08", 1)]  # "其中，…由市教育局负责": a part with its own owner and date
    assert _roles(part) == ([], [], ["市教育局"], "9月15日前")


def test_a_power_list_whose_handling_office_answers_for_it_and_rows_that_share_out_the_work():
    lines = [
        "（一）县消防救援大队",
        "序号 | 事项名称 | 职权类型 | 实施依据 | 责任事项 | 承办机构 | 追责情形",
        "1 | 公众聚集场所投入使用、营业前消防安全检查 | 行政许可 | 《消防法》第十五条：消防救援机构应当",
        "进行检查。 | 自受理申请之日起十个工作日内作出决定 | 县消防救援大队防火监督科 | 未按时检查的",
        "第二部分  部门职责边界清单",
        "序号 | 职责事项 | 牵头部门 | 配合部门 | 职责分工",
        "1 | 充电设施建设管理 | 县住建局 | 各乡镇人民政府 | 县住建局负责督促物业服务企业建设充电场所；",
        "各乡镇人民政府负责无物业小区充电设施建设的组织实施。",
    ]
    tasks = sorted(ledger(lines), key=lambda t: (t.line_start, t.part))
    power, boundary, *parts = [t for t in tasks if t.source == "table"]
    # the row broke inside a cell: its rest on the next line; 承办 with no 协办 beside it is who handles the matter
    assert _roles(power) == ([], [], ["县消防救援大队防火监督科"], "自受理申请之日起十个工作日内")
    assert "公众聚集场所" in power.text and "消防救援机构" not in power.text  # the law it quotes is no part of the task
    assert _roles(boundary) == (["县住建局"], ["各乡镇人民政府"], [], "")
    assert [_roles(p) for p in parts] == [([], [], ["县住建局"], ""), ([], [], ["各乡镇人民政府"], "")]


def test_owners_declared_for_the_list_that_follows_and_items_given_by_number_under_it():
    lines = [
        "三、2026年工作打算",
        "（一）深化隐患排查整治",
        "以下工作由镇应急管理办牵头，镇派出所、镇消防救援站配合：",
        "1.组织对全镇“九小场所”开展全覆盖排查。",
        "2.对全镇重点单位开展“双随机”抽查。",
        "3.对镇区老街消防车通道进行划线标识。",
        "4.春节前对镇敬老院开展电气线路检测（镇社会事务办负责）。",
        "上述第1至2项工作须于2026年6月底前完成。其中，第3项由镇规划建设办负责，2026年9月底前完成。",
    ]
    tasks = {t.clause: t for t in ledger(lines)}
    assert _roles(tasks["三、（一）1."]) == (["镇应急管理办"], ["镇派出所", "镇消防救援站"], [], "2026年6月底前")
    assert _roles(tasks["三、（一）2."]) == (["镇应急管理办"], ["镇派出所", "镇消防救援站"], [], "2026年6月底前")
    assert _roles(tasks["三、（一）3."]) == ([], [], ["镇规划建设办"], "2026年9月底前")  # by number, over the list's
    assert _roles(tasks["三、（一）4."]) == ([], [], ["镇社会事务办"], "春节前")  # its own owner and date only
    assert "三、（一）" not in tasks  # the declaring sentence is no task


def test_a_reply_letter_in_the_first_person_names_its_issuer():
    lines = [
        "檀州区住房和城乡建设委员会",
        "关于区十七届人大五次会议第0126号建议的答复",
        "该建议由区住建委主办。",
        "三、下一步工作",
        "（一）抓好隐患整改。我委将会同区消防救援支队、各街道，对92处隐患逐项建立台账（2025年12月底前）。",
    ]
    (task,) = [t for t in ledger(lines, UnitGazetteer(places=["檀州区"]), issuer="檀州区住房和城乡建设委员会")
               if "92处" in t.text]
    assert _roles(task) == (["区住建委"], ["区消防救援支队", "各街道"], [], "2025年12月底前")  # as the letter calls itself
    assert task.owner_line == 3  # the line that names it is cited beside the task


def test_a_task_named_first_then_its_owners_after_a_colon():
    lines = [
        "一、任务分工",
        "1.电动自行车集中充电设施建设：区住建局牵头，区发展改革局、各街道配合，9月底前新建充电端口5000个。",
        "2.“九小场所”隐患整治：各街道负责，每季度开展一次。",
        "3.加强信息上报。安监所、派出所上报《附件4：季度汇总表》。",
    ]
    tasks = {t.clause: t for t in ledger(lines)}
    assert _roles(tasks["一、1."]) == (["区住建局"], ["区发展改革局", "各街道"], [], "9月底前")
    assert _roles(tasks["一、2."]) == ([], [], ["各街道"], "每季度")
    assert _roles(tasks["一、3."])[2] == ["安监所", "派出所"]  # a colon inside a title ends no clause


def test_a_typed_task_list_whose_parts_name_their_lead_in_their_title():
    from assistant.corpus.document import parse_text

    lines = ["一、工作要求",
             "　　任务清单各部分标题括号内所列单位为该部分牵头单位；任务后仅标注“配合”单位的，由该部分牵头单位牵头组织实施；"
             "标注“（牵头）”的为牵头单位，另一单位为配合单位。未标注时限的任务于9月30日前完成。",
             "　　（一）县安委办会同县政府督查室对任务推进情况开展不定期督查。",
             "附件", "任务内容　　　　　　　　责任单位　　　　　　完成时限", "",
             "二、电动自行车及住宅小区消防治理（县住建局牵头）", "",
             "1．新建电动自行车集中充电设施……………县住建局（牵头）、国网松岭县供电公司　　9月15日前",
             "2．督促物业服务企业自查修复消防设施……………配合：县消防救援大队、县城管局　　9月10日前",
             "3．组织物业服务企业开展消防安全培训　　　　　　　县住建局"]
    document = parse_text("d", "\n".join(lines))
    rows = {t.clause: t for t in document.tasks if t.source == "table"}
    first, second, third = rows["附件 第1项"], rows["附件 第2项"], rows["附件 第3项"]
    assert (first.lead_units, first.cooperating_units, first.responsible_units) == (["县住建局"], ["国网松岭县供电公司"], [])
    # a row that names only who cooperates: the part's lead, and its title's line is cited beside the row
    assert (second.lead_units, second.cooperating_units) == (["县住建局"], ["县消防救援大队", "县城管局"])
    assert second.owner_line == 7 and second.deadline == "9月10日前"
    # one unit alone answers for the row; the rule for the undated, said of the list, gives its date
    assert (third.lead_units, third.responsible_units, third.deadline) == ([], ["县住建局"], "9月30日前")
    body = next(t for t in document.tasks if t.source == "body" and "县安委办" in t.lead_units)
    assert body.deadline == ""  # the list's rule dates none of the body's tasks


def test_owners_given_from_the_units_side_by_task_number_and_dates_by_phase():
    lines = ["二、重点任务", "（一）电动自行车消防安全专项整治。", "全面排查住宅小区电动自行车违规停放问题。",
             "（二）高层建筑消防安全整治。", "10月底前完成全县高层住宅建筑消防设施检测。",
             "（三）消防宣传培训。", "深入开展消防宣传进社区活动。",
             "三、责任分工", "具体分工如下：",
             "县消防救援大队：牵头第（一）项，参与其余各项；",
             "县住建局：与县城管局共同牵头第（二）项，配合第（一）项；",
             "县城管局：与县住建局共同牵头第（二）项；",
             "县委宣传部：牵头第（三）项；",
             "各乡镇人民政府：负责本辖区内第（一）至（二）项的组织实施。",
             "四、时间安排", "（一）集中整治阶段（9月11日至11月30日）", "第（一）至（三）项于集中整治阶段完成。"]
    tasks = {t.clause: t for t in ledger(lines)}
    first, second, third = tasks["二、（一）"], tasks["二、（二）"], tasks["二、（三）"]
    assert (first.lead_units, first.cooperating_units, first.responsible_units) == (
        ["县消防救援大队"], ["县住建局"], ["各乡镇人民政府"])
    assert (second.lead_units, second.cooperating_units) == (["县住建局", "县城管局"], ["县消防救援大队"])
    assert (third.lead_units, third.cooperating_units) == (["县委宣传部"], ["县消防救援大队"])  # "参与其余各项"
    assert (first.owner_line, first.owner_line_end) == (10, 14)  # the lines that name its owners are cited
    assert first.deadline == "9月11日至11月30日" and first.deadline_line == 16  # the phase's heading
    assert second.deadline == "10月底前"  # a date the task states itself comes first
    assert not any(t.clause == "三、" and t.all_units for t in tasks.values())  # the units' lines are no tasks


def test_a_body_named_with_a_bare_oversight_verb_cooperates_and_a_tasks_name_before_its_colon_owns_nothing():
    tasks = ledger(["一、任务分工",
                    "1.医疗机构消防安全管理：区卫生健康局负责，区消防救援大队指导，12月20日前完成评估。",
                    "2.养老机构消防安全提升：区民政局负责，区消防救援大队协助，11月底前全区31家养老机构全部达标。",
                    "3.物业企业指导：区住建局指导物业服务企业开展自查。"])
    first, second, third = (next(t for t in tasks if t.clause == f"一、{n}.") for n in (1, 2, 3))
    assert (first.responsible_units, first.cooperating_units, first.deadline) == (["区卫生健康局"], ["区消防救援大队"], "12月20日前")
    # "全区31家养老机构" counts places, it names no owner; the date after the owners is the task's
    assert (second.responsible_units, second.cooperating_units, second.deadline) == (["区民政局"], ["区消防救援大队"], "11月底前")
    assert third.responsible_units == ["区住建局"] and third.cooperating_units == []  # 指导 with an object is its own task


def test_an_items_title_that_names_places_but_tells_no_one_to_act_names_no_owner():
    tasks = ledger(["二、重点任务", "（五）老旧小区和城中村消防车通道整治。", "11月15日前完成全县54个老旧小区消防车通道标线施划。",
                    "（六）区住建局牵头开展高层住宅消防设施改造。"])
    assert not any("老旧小区" in u or "城中村" in u for t in tasks for u in t.all_units)
    assert any(t.lead_units == ["区住建局"] for t in tasks)  # a title that says who acts keeps its owner

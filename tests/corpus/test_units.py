"""Unit lists, aliases and mentions."""

from __future__ import annotations

from assistant.corpus.grammar import labelled_annotations
from assistant.corpus.units import UnitGazetteer, is_unit_like


def test_split_on_separators_and_line_breaks():
    g = UnitGazetteer()
    assert g.split("区财政局、区消防救援支队，乡镇（街道）\n各镇街；区公安局;区司法局、") == [
        "区财政局", "区消防救援支队", "乡镇（街道）", "各镇街", "区公安局", "区司法局",
    ]


def test_split_run_together_names_by_ending_and_prefix():
    assert UnitGazetteer().split("区退役军人事务局区人社局") == ["区退役军人事务局", "区人社局"]
    assert UnitGazetteer().split("区委宣传部区消防救援支队") == ["区委宣传部", "区消防救援支队"]


def test_split_run_together_names_with_known_names():
    g = UnitGazetteer(["创新经济走廊公司", "城市更新公司"])
    assert g.split("创新经济走廊公司城市更新公司") == ["创新经济走廊公司", "城市更新公司"]


def test_split_keeps_names_whole_and_repairs_spaces():
    g = UnitGazetteer()
    assert g.split("区住房城乡建委") == ["区住房城乡建委"]
    assert g.split("区委编办、区政府办公室") == ["区委编办", "区政府办公室"]
    assert g.split("区消 防救援支队、") == ["区消防救援支队"]
    assert g.split("区城市管理局") == ["区城市管理局"]


def test_canonical_folds_aliases_of_the_same_body():
    g = UnitGazetteer()
    assert g.canonical("区住建委") == g.canonical("区住房城乡建委")
    assert g.canonical("区应急局") == g.canonical("区应急管理局")
    assert g.canonical("区大数据局") == g.canonical("区大数据发展局")
    assert g.canonical("区城管局") == g.canonical("区城市管理局")
    assert g.canonical("各乡镇（街道）") == g.canonical("乡镇(街道)")
    assert g.same("区发改委", "区发展改革委")


def test_canonical_keeps_different_bodies_apart():
    g = UnitGazetteer()
    assert g.canonical("区消防救援支队") != g.canonical("区消防救援大队")
    assert g.canonical("区住建局") != g.canonical("区住建委")
    assert g.canonical("区财政局") == "区财政局"


def test_find_in_free_text_longest_first():
    g = UnitGazetteer(["区财政局", "区消防救援支队", "区消防救援支队数字化指挥中心", "区住房城乡建委"])
    assert g.find_in("区财政局牵头哪些任务？") == ["区财政局"]
    # another spelling of a known unit is found, in the corpus's own spelling
    assert g.find_in("区住建委和区消 防救援支队负责什么") == ["区住房城乡建委", "区消防救援支队"]
    assert g.find_in("区住房和城乡建设委员会牵头什么") == ["区住房城乡建委"]
    assert g.find_in("财政局牵头哪些任务") == ["区财政局"]
    assert g.find_in("开州给独居老人装烟感报警器") == []
    # as the text writes it: a name starts with a character of a name, never the label's colon
    assert g.find_in("牵头单位：住建委。", surface=True) == ["住建委"]


def test_from_texts_reads_table_unit_cells_and_annotations():
    lines = [
        "1．建强机构。各乡镇（街道）成立委员会。〔责任单位：区林业局、区应急局，乡镇（街道）〕",
        "",
        "\t序号", "\t主要内容", "\t牵头单位", "\t配合单位",
        "",
        "\t1", "\t建设队站。", "\t区水务局", "\t区交通局区城管局",
    ]
    text = "\n".join(lines)
    names = UnitGazetteer.from_texts([text]).names
    for name in ["区林业局", "区应急局", "乡镇（街道）", "区水务局", "区交通局", "区城管局"]:
        assert name in names
    assert "区交通局区城管局" not in names


def test_labelled_annotations_keep_nested_brackets():
    text = "做好工作。〔责任单位：区消防救援支队，乡镇（街道）〕另（牵头单位：区城管局；配合单位：区公安局）"
    found = [(label, content) for a in labelled_annotations(text) for _role, label, content in a.parts]
    assert found == [
        ("责任单位", "区消防救援支队，乡镇（街道）"),
        ("牵头单位", "区城管局"),
        ("配合单位", "区公安局"),
    ]


def test_labelled_annotations_tolerate_pdf_spaces_in_label():
    found = labelled_annotations("攻坚 行动（牵头 单位：区消 防救援支队）")
    assert [(label, content) for a in found for _role, label, content in a.parts] == [("牵头单位", "区消防救援支队")]


def test_is_unit_like():
    assert is_unit_like("区财政局") and is_unit_like("各乡镇（街道）") and is_unit_like("公安派出所")
    assert not is_unit_like("居民住宅区全部") and not is_unit_like("消防设施")
    assert not is_unit_like("高新区部分企业") and not is_unit_like("个别行业主管部门")  # some of a kind, described
    assert is_unit_like("包村干部") and not is_unit_like("领导干部")  # people given duties as bodies are


def test_lists_of_regulations_and_their_level_qualifiers():
    g = UnitGazetteer()
    assert g.split("县级以上人民政府应急管理部门") == ["县级以上人民政府应急管理部门"]  # one body, named with its level
    assert g.split("市、县（市、区）人民政府住房城乡建设部门") == ["住房城乡建设部门"]  # each level's department
    assert g.split("市、县（市、区）人民政府") == ["市人民政府", "县（市、区）人民政府"]
    assert g.split("本级人民政府消防救援机构") == ["消防救援机构"]
    assert g.split("各级人民政府及其有关部门和社会团体") == ["各级人民政府", "有关部门", "社会团体"]
    assert g.split("水利、农业、交通运输等部门和乡镇人民政府") == ["水利部门", "农业部门", "交通运输部门", "乡镇人民政府"]
    assert g.split("区质监、工商、公安消防部门") == ["区质监部门", "区工商部门", "区公安消防部门"]


def test_a_level_prefix_reaches_items_that_only_look_levelled():
    g = UnitGazetteer()
    # "市政" and "市场" start with 市 but are no level: the list's 区 reaches them too
    assert g.split("区建设、规划、市政（城管）等部门") == ["区建设部门", "区规划部门", "区市政（城管）部门"]
    assert g.split("区商务、市场监管等部门") == ["区商务部门", "区市场监管部门"]
    assert g.split("区委宣传部、区教育局") == ["区委宣传部", "区教育局"]  # 区委 is a level already


def test_collectives_and_suffixes_that_hold_a_verb():
    g = UnitGazetteer()
    assert g.split("各街道、相关委、办、局") == ["各街道", "相关委、办、局"]  # one collective of offices
    assert g.split("报刊、广播、电视等新闻媒体") == ["新闻媒体"]
    assert g.split("消防救援机构、住房城乡建设等有关部门") == ["消防救援机构", "住房城乡建设部门"]
    assert is_unit_like("街道巡查人员") and is_unit_like("消防执法人员")  # the verb is the suffix's own
    assert not is_unit_like("查处") and not is_unit_like("各街道设立消防安全委员会")


def test_names_a_list_shares_and_names_that_start_like_verbs():
    g = UnitGazetteer()
    assert g.split("乡镇人民政府、街道办事处的消防安全委员会") == ["乡镇人民政府、街道办事处的消防安全委员会"]
    assert g.split("发展改革、规划、住建等部门") == ["发展改革部门", "规划部门", "住建部门"]  # 发展改革 is a name
    assert is_unit_like("中小学校") and is_unit_like("幼儿园")


def test_a_bureau_s_sections_working_groups_and_the_people_of_village_and_forest_work():
    for name in ("县教育局安全股", "基础教育股", "巡查检查组", "云台县国有白石林场", "护林员", "村民小组长", "乡挂村领导",
                 "驻村工作队员", "各经营商户"):
        assert is_unit_like(name), name
    for phrase in ("县卫生健康局为组长单位", "各经营商户是本摊位第一责任人", "安全股对学校", "统筹调度社区微型消防站",
                   "第一责任单位"):
        assert not is_unit_like(phrase), phrase


def test_the_people_and_bodies_of_a_neighbourhood_and_a_village_and_what_is_no_name():
    for name in ("派出所民警", "社区民警", "物业", "户主", "包户干部", "村文书", "村小学校长", "志愿消防队队长", "你区"):
        assert is_unit_like(name), name
    for phrase in ("物业管理人员组成工作小组", "未完成9处", "9处", "承接物业"):
        assert not is_unit_like(phrase), phrase
    g = UnitGazetteer()
    assert g.split("河东区、岚山区人民政府") == ["河东区人民政府", "岚山区人民政府"]  # the government of each place
    assert g.split("村小学校长、村卫生室负责人") == ["村小学校长", "村卫生室负责人"]
    learned = UnitGazetteer.from_texts(["清理通道。（责任单位：市教育局，各区教育局具体落实）"])
    assert "各区教育局具体落实" not in learned  # a sentence in a label's list is no name

"""The clause tree: numbering styles, nesting, titles, own text and line spans."""

from __future__ import annotations

from assistant.corpus.clauses import heading_of, make_title, parse_clauses


def outline(nodes):
    """(path, kind, level, title, line_start, line_end) for every node, depth first."""
    return [(n.path, n.kind, n.level, n.title, n.line_start, n.line_end) for root in nodes for n in root.walk()]


def test_sections_items_subitems_and_preamble():
    lines = [
        "某区人民政府办公室",            # 1
        "",                              # 2
        "一、总体要求",                  # 3
        "",                              # 4
        "1. 切实强化担当。全区上下要提高认识。",  # 5
        "2．牢牢锁定目标。到2023年完成。",        # 6
        "二、重点任务",                  # 7
        "17. 落实监管责任。各部门要履职。",      # 8
        "（1）家属优待。按规定执行。",    # 9
        "续写一行。",                    # 10
        "（2）伤亡抚恤。",                # 11
    ]
    assert outline(parse_clauses("d", lines)) == [
        ("（文首）", "preamble", 1, "某区人民政府办公室", 1, 1),
        ("一、", "section", 1, "总体要求", 3, 3),
        ("一、1.", "item", 2, "切实强化担当", 5, 5),
        ("一、2.", "item", 2, "牢牢锁定目标", 6, 6),
        ("二、", "section", 1, "重点任务", 7, 7),
        ("二、17.", "item", 2, "落实监管责任", 8, 8),
        ("二、17.（1）", "subitem", 3, "家属优待", 9, 10),
        ("二、17.（2）", "subitem", 3, "伤亡抚恤", 11, 11),
    ]


def test_own_text_excludes_children_and_keeps_inner_blank_lines():
    lines = ["一、组织领导", "", "第一段。", "", "第二段。", "", "（一）加强领导。", "具体内容。"]
    section = parse_clauses("d", lines)[0]
    assert section.text == "一、组织领导\n\n第一段。\n\n第二段。"
    assert (section.line_start, section.line_end, section.subtree_end) == (1, 5, 8)
    assert section.children[0].text == "（一）加强领导。\n具体内容。"


def test_measures_and_years_are_not_headings():
    lines = ["一、要求", "1.5米以上的通道保持畅通。", "2021年完成建设。", "2.5万辆存量车置换。", "3、4号楼先行。"]
    tree = parse_clauses("d", lines)
    assert len(tree) == 1 and tree[0].children == []
    assert tree[0].line_end == 5
    for line in lines[1:]:
        assert heading_of(line) is None


def test_chapters_with_clauses_items_and_dash_bullets():
    lines = [
        "前  言",
        "本规划实施期限为2021—2025年。",
        "第一章、形势分析",
        "（一）取得进展",
        "1.责任体系日趋完善",
        "深入贯彻实施办法。",
        "第二章 发展目标",
        "（一）基本原则",
        "——坚持党的领导。始终把握方向。",
        "——坚持共建共享。",
    ]
    assert outline(parse_clauses("d", lines)) == [
        ("（文首）", "preamble", 1, "前言", 1, 2),
        ("第一章", "chapter", 1, "形势分析", 3, 3),
        ("第一章（一）", "clause", 2, "取得进展", 4, 4),
        ("第一章（一）1.", "item", 3, "责任体系日趋完善", 5, 6),
        ("第二章", "chapter", 1, "发展目标", 7, 7),
        ("第二章（一）", "clause", 2, "基本原则", 8, 8),
        ("第二章（一） 第1项", "bullet", 3, "坚持党的领导", 9, 9),
        ("第二章（一） 第2项", "bullet", 3, "坚持共建共享", 10, 10),
    ]


def test_chapters_and_articles():
    lines = ["第一章 总则", "第一条 为了加强管理，制定本办法。", "第二条 本办法适用于全区。", "第二章 附则",
             "第三条 本办法自印发之日起施行。"]
    assert [(n.path, n.kind, n.title) for root in parse_clauses("d", lines) for n in root.walk()] == [
        ("第一章", "chapter", "总则"),
        ("第一章第一条", "clause", "为了加强管理，制定本办法"),
        ("第一章第二条", "clause", "本办法适用于全区"),
        ("第二章", "chapter", "附则"),
        ("第二章第三条", "clause", "本办法自印发之日起施行"),
    ]


def test_boxes_hold_bullets_and_end_at_the_next_numbered_heading():
    lines = [
        "1.严格落实责任",                          # 1
        "强化领导责任。",                          # 2
        "\t重点工程专栏01：消防民生实事工程",       # 3
        "",                                        # 4
        "\t●老旧小区改造工程：将消防车通道纳入改造。",  # 5
        "",                                        # 6
        "●从2022年起，同步开展消防设施改造。",      # 7
        "\t专栏08：科普教育工程任务清单",           # 8
        "\t消防主题公园",                          # 9
        "\t●在街道各建成1处消防主题公园；",         # 10
        "2.创新监管模式",                          # 11
        "①第一项要求。",                           # 12
    ]
    assert outline(parse_clauses("d", lines)) == [
        ("1.", "item", 1, "严格落实责任", 1, 2),
        ("重点工程专栏01", "box", 2, "消防民生实事工程", 3, 3),
        ("重点工程专栏01 第1项", "bullet", 3, "老旧小区改造工程", 5, 5),
        ("重点工程专栏01 第2项", "bullet", 3, "从2022年起，同步开展消防设施改造", 7, 7),
        ("专栏08", "box", 2, "科普教育工程任务清单", 8, 8),
        ("专栏08·消防主题公园", "item", 3, "消防主题公园", 9, 9),
        ("专栏08·消防主题公园 第1项", "bullet", 4, "在街道各建成1处消防主题公园", 10, 10),
        ("2.", "item", 1, "创新监管模式", 11, 11),
        ("2.①", "subitem", 2, "第一项要求", 12, 12),
    ]


def test_annex_list_is_text_and_annexes_are_top_level_with_their_titles():
    lines = [
        "（三）强化督导。",               # 1
        "附件：1．某区领导小组",            # 2
        "",                                # 3
        "成员名单",                        # 4
        "2．某区重点任务分解表",            # 5
        "附件1",                           # 6
        "某区高层建筑问题",                 # 7
        "",                                # 8
        "专项整治领导小组成员名单",          # 9
        "组  长：张  三  区长",             # 10
        "附件2",                           # 11
        "某区重点任务分解表",               # 12
        "\t序号",                          # 13 (table, skipped)
        "\t1. 不是条款",                    # 14 (table, skipped)
    ]
    tree = parse_clauses("d", lines, skip={12, 13, 14})
    assert outline(tree) == [
        ("（三）", "clause", 1, "强化督导", 1, 5),
        ("附件1", "annex", 1, "某区高层建筑问题专项整治领导小组成员名单", 6, 10),
        ("附件2", "annex", 1, "某区重点任务分解表", 11, 11),
    ]
    assert tree[2].text == "附件2"


def test_duplicate_numbering_gets_unique_paths():
    tree = parse_clauses("d", ["一、甲", "一、乙"])
    assert [n.path for n in tree] == ["一、", "一、#2"]
    assert len({n.id for n in tree}) == 2


def test_make_title():
    assert make_title("切实强化政治担当。全区消防工作要") == "切实强化政治担当"
    assert make_title("消防民生实事工程", "box") == "消防民生实事工程"
    assert make_title("地震救援分队：", "bullet") == "地震救援分队"
    assert make_title("建筑消防设 施整治攻坚 行动") == "建筑消防设施整治攻坚行动"
    assert make_title("很" * 50).endswith("…") and len(make_title("很" * 50)) == 40


def test_a_notice_that_lists_its_annexes_then_carries_the_plan():
    lines = [
        "关于印发《某区消防安全整治方案》的通知",  # 1
        "附件：1.某区消防安全整治方案",  # 2
        "2.某区消防安全考核细则",  # 3
        "某区消防安全整治方案",  # 4: the plan itself follows the notice
        "为做好整治工作，制定本方案。",  # 5
        "一、工作目标",  # 6
        "（一）动员部署阶段（4月-5月）",  # 7
        "各街镇制定工作方案。",  # 8
    ]
    assert [(n.path, n.line_start) for n in parse_clauses("d", lines)[0].walk()][:1] == [("（文首）", 1)]
    paths = [n.path for root in parse_clauses("d", lines) for n in root.walk()]
    assert paths == ["（文首）", "一、", "一、（一）"]


def test_a_paragraph_after_a_list_of_one_line_items_belongs_to_the_clause_that_announced_it():
    lines = [
        "第十二条 物业服务人应当履行下列消防安全责任：",
        "（一）负责共用消防设施的维护管理；",
        "（二）保障疏散通道畅通；",
        "（三）其他消防安全责任。",
        "未实行物业管理的居民住宅区，由乡镇人民政府组织协调。",
    ]
    article = parse_clauses("d", lines)[0]
    assert "未实行物业管理" in article.text and "未实行物业管理" not in article.children[-1].text
    plan = ["二、主要任务：", "（一）加强组织领导。", "各街道要成立专班。", "（二）强化宣传。", "各部门要开展宣传。"]
    first = parse_clauses("d", plan)[0].children[0]
    assert "各街道要成立专班" in first.text  # an item with a body keeps it


def test_work_items_numbered_after_their_noun_are_items_with_their_label_lines():
    lines = [
        "二、交办事项",                                   # 1
        "交办事项1：南门片区自建房隐患。该片区房屋间距不足。",  # 2
        "承办单位：南门街道办事处",                         # 3
        "重点任务二：老旧市场整治。",                        # 4
        "工作任务：按期完成。",                             # 5 (no number: text)
    ]
    assert outline(parse_clauses("d", lines)) == [
        ("二、", "section", 1, "交办事项", 1, 1),
        ("二、交办事项1", "item", 2, "南门片区自建房隐患", 2, 3),
        ("二、重点任务二", "item", 2, "老旧市场整治", 4, 5),
    ]
    assert heading_of("问题3：消防车通道被占用。").label == "问题3"
    assert heading_of("任务一是加强巡查。") is None  # "一是" without a colon is prose


def test_ordinal_items_on_their_own_lines_are_the_items_of_the_clause_above():
    lines = [
        "三、《方案》明确了哪些重点任务？",                    # 1
        "答：《方案》部署了两项重点任务。",                    # 2
        "一是开展高层住宅消防设施检测。由区住建局牵头。",        # 3
        "二是推进集中充电设施建设。区商务局会同区住建局推进。",  # 4
    ]
    assert [(n.path, n.kind, n.title) for n in parse_clauses("d", lines)[0].walk()][1:] == [
        ("三、一是", "item", "开展高层住宅消防设施检测"), ("三、二是", "item", "推进集中充电设施建设")]
    assert heading_of("一是否需要报备？") is None  # "是否" is a question, not an ordinal


def test_an_articles_numbered_parts_are_headings_but_a_count_or_a_date_is_not():
    assert heading_of("🔥01 压实责任 织密防线").label == "01"
    assert heading_of("PART 02｜紧盯“小电驴”").rest == "紧盯“小电驴”"
    assert heading_of("01.开展检查").style == "item"
    for text in ("12 月底前完成", "10 个检查组", "01 检查组每周开展检查。"):
        assert heading_of(text) is None, text


def test_a_standards_decimal_outline_nests_by_depth_and_its_chapters_head_only_where_the_outline_has_them():
    lines = [
        "1 总则",                                  # 1
        "1.1 为落实企业主体责任，制定本规范。",       # 2
        "3 管理要求",                              # 3: no "3.x" follows, so it is text of 1.1
        "2 职责",                                  # 4
        "2.1 建筑防火",                            # 5
        "2.1.1 督促新建工程依法办理消防设计审查。",    # 6
        "2.1.2 1.5米以下的部分不计。",              # 7: "1.5米" is no heading
        "附录A",                                   # 8
        "A.1 组织管理：责任人是否明确。",            # 9
    ]
    assert [(p, k, lvl, s, e) for p, k, lvl, _, s, e in outline(parse_clauses("d", lines))] == [
        ("1", "section", 1, 1, 1), ("1.1", "clause", 2, 2, 3), ("2", "section", 1, 4, 4), ("2.1", "clause", 2, 5, 5),
        ("2.1.1", "item", 3, 6, 6), ("2.1.2", "item", 3, 7, 7), ("附录A", "annex", 1, 8, 9),
    ]
    assert heading_of("4.1 日常检查").style == "outline2"  # a space after the number: 日 opens the title, not a date
    assert heading_of("1.9月30日前，完成排查。").style == "item"  # item 1, dated


def test_a_document_whose_word_numbering_was_lost_is_read_by_its_bare_headings():
    lines = [
        "某县冬春火灾防控实施方案",                            # 1
        "总体要求",                                          # 2
        "坚持预防为主、防消结合，全面落实消防安全责任制，有效防范火灾事故。",  # 3
        "重点任务",                                          # 4
        "电动自行车整治",                                    # 5
        "由县住建局牵头，县消防救援大队配合，组织开展老旧小区电动自行车排查。",  # 6
        "县市场监管局负责对销售门店开展全覆盖检查，10月31日前完成。",     # 7
        "九小场所整治",                                      # 8
        "各乡镇人民政府负责组织网格员开展拉网式排查，建立台账。",          # 9
        "保障措施",                                          # 10
        "各乡镇、各有关部门要加强组织领导，层层压实工作责任，确保落实到位。",  # 11
    ]
    got = outline(parse_clauses("d", lines))
    paths = [path for path, *_ in got]
    assert "重点任务·电动自行车整治" in paths and "重点任务·九小场所整治" in paths
    # two paragraphs with owners of their own under one heading: each is an item ("第2段"), as its lost number made it
    assert ("重点任务·电动自行车整治 第2段", "item", 3, "县市场监管局负责对销售门店开展全覆盖检查，10月31日前完成", 7, 7) in got
    assert ("总体要求", "section", 1, "总体要求", 2, 3) in got


def test_bare_lines_are_no_headings_where_the_document_is_numbered_or_they_are_a_signature():
    numbered = ["一、总体要求", "坚持预防为主，全面落实消防安全责任制，有效防范火灾事故发生。", "组织领导", "成立工作专班，统筹推进整治工作，各成员单位按职责分工负责。"]
    assert [p for p, *_ in outline(parse_clauses("d", numbered))] == ["一、"]
    signed = ["某县消防安全委员会办公室", "2025年8月28日", "某县消防安全委员会办公室", "现将方案印发给你们，请认真贯彻落实，结合实际抓好组织实施。"]
    assert [p for p, *_ in outline(parse_clauses("d", signed))] == ["（文首）"]

"""The offline answer pipeline on the real corpus: each question type, scope, conflicts, follow-ups."""

from __future__ import annotations

import pytest

from assistant.errors import InputError, UnknownDocumentError

KAIZHOU = "kaizhou-2023-grassroots-fire-governance-plan.txt"
YUBEI = "yubei-2021-fire-3yr-action-plan.txt"
LIANGPING = "liangping-2021-highrise-fire-governance-plan.txt"


def short(answer) -> str:
    return answer.answer.split("\n\n")[0]


def test_lead_unit_from_a_table_row_with_its_citation(real_assistant):
    answer = real_assistant.ask("渝北石坪消防站建设谁牵头？")
    assert answer.found and answer.type == "lead_unit"
    assert "创新经济走廊公司" in short(answer)
    assert "区消防救援支队" not in short(answer)  # the cooperating unit is not the lead
    cite = answer.citations[0]
    assert cite.doc == YUBEI and cite.clause == "附件 第15项"
    assert "石坪消防站" in cite.text and cite.line_start <= 210 <= cite.line_end


def test_cooperating_units(real_assistant):
    answer = real_assistant.ask("渝北双龙湖消防站原址重建由哪些单位配合？")
    assert answer.type == "cooperating_units"
    for unit in ("区发改委", "区财政局", "区规划自然资源局", "区住建委", "区城管局", "区消防救援支队"):
        assert unit in short(answer)
    assert "城市更新公司" not in short(answer)


def test_lead_inherited_from_the_group_header_is_cited_with_that_header(real_assistant):
    answer = real_assistant.ask("梁平建设小型消防站这项谁牵头？")
    assert "区消防救援支队" in short(answer)
    texts = " ".join(c.text for c in answer.citations)
    assert "牵头单位" in texts  # the group header the lead unit comes from is among the sources


def test_multi_line_unit_cell_gives_all_lead_units(real_assistant):
    answer = real_assistant.ask("渝北玉峰山镇、石船镇专职消防队建设由谁牵头？")
    assert "玉峰山镇" in short(answer) and "石船镇" in short(answer)


def test_responsible_units_and_the_body_table_conflict_is_shown(real_assistant):
    answer = real_assistant.ask("开州给独居老人装烟感报警器这项由哪些单位负责？")
    assert answer.found
    assert "乡镇（街道）" in short(answer)
    assert "不一致" in answer.answer  # body clause 19 names other units: both are given
    assert {c.doc for c in answer.citations} == {KAIZHOU}
    assert len(answer.citations) >= 2


def test_deadline_from_the_task_table(real_assistant):
    answer = real_assistant.ask("开州各乡镇成立消防安全委员会的期限是哪天？")
    assert answer.type == "deadline" and "2023年12月31日" in short(answer)


def test_number_answer_is_the_sentence_with_the_number(real_assistant):
    answer = real_assistant.ask("渝北2022年要设置的消防宣传小喇叭数量是多少？")
    assert "2978" in short(answer) and len(short(answer)) < 120


def test_fact_answer_is_short(real_assistant):
    answer = real_assistant.ask("大丰老旧小区改造里电动自行车充电设施怎么要求？")
    assert answer.found and "电动自行车充电" in short(answer)
    assert answer.citations[0].doc.startswith("dafeng")


def test_list_answers_come_from_the_whole_ledger(real_assistant):
    answer = real_assistant.ask("渝北区财政局牵头哪些任务？")
    assert answer.type == "list" and answer.found
    expected = [t for t in real_assistant.tasks(unit="区财政局", doc=YUBEI) if "区财政局" in t.lead_units]
    assert len(expected) >= 2
    for task in expected:
        assert task.clause in answer.answer


def test_deadline_list(real_assistant):
    answer = real_assistant.ask("开州有哪些任务要在2023年9月底前完成？")
    assert answer.found and "任务分解表 第2项" in answer.answer


def test_roster(real_assistant):
    answer = real_assistant.ask("梁平高层治理领导小组组长是谁？")
    assert "唐军" in short(answer)


def test_not_found_says_so_and_suggests_nearest_clauses(real_assistant):
    answer = real_assistant.ask("万州区消防站建设补贴标准是多少？")
    assert not answer.found and short(answer).startswith("未找到")
    assert answer.citations == []


def test_follow_up_uses_the_previous_task(real_assistant):
    history = [{"role": "user", "content": "渝北双龙湖消防站原址重建谁牵头？"},
               {"role": "assistant", "content": "牵头单位：城市更新公司。"}]
    answer = real_assistant.ask("那配合单位呢？", history=history)
    assert answer.type == "cooperating_units" and "区发改委" in short(answer)
    answer = real_assistant.ask("什么时候完成？", history=history)
    assert answer.type == "deadline" and "2023" in short(answer)


def test_doc_filter_restricts_the_answer(real_assistant):
    answer = real_assistant.ask("小型消防站建设谁牵头？", doc=LIANGPING)
    assert {c.doc for c in answer.citations} == {LIANGPING}
    with pytest.raises(UnknownDocumentError):
        real_assistant.ask("小型消防站建设谁牵头？", doc="nope.txt")


@pytest.mark.parametrize("question", ["", "   ", "问" * 600])
def test_bad_questions_are_refused(real_assistant, question):
    with pytest.raises(InputError):
        real_assistant.ask(question)


def test_every_unit_and_number_in_answers_occurs_in_a_citation(real_assistant):
    from assistant.answer.verify import claims, supported
    from assistant.corpus.normalize import normalize_for_match

    for question in ["渝北石坪消防站建设谁牵头？", "开州各乡镇成立消防安全委员会的期限是哪天？",
                     "渝北2022年要设置的消防宣传小喇叭数量是多少？", "梁平拆高层可燃雨棚这事哪个部门牵头？"]:
        answer = real_assistant.ask(question)
        sources = normalize_for_match("\n".join(c.text for c in answer.citations))
        labels = [c.clause for c in answer.citations] + real_assistant.places.words
        for claim in claims(answer.answer, real_assistant.corpus.gazetteer.find_in, labels):
            assert supported(claim, sources), (question, claim)


def test_a_task_in_several_districts_with_different_owners_is_answered_per_district(real_assistant):
    answer = real_assistant.ask("消防宣传进社区谁负责？")
    assert answer.found and short(answer).startswith("多个区")
    assert "梁平区" in short(answer) and "开州区" in short(answer)
    assert {c.doc for c in answer.citations} == {LIANGPING, KAIZHOU}
    scoped = real_assistant.ask("开州消防宣传进社区谁负责？")
    assert {c.doc for c in scoped.citations} == {KAIZHOU} and not short(scoped).startswith("多个区")


def test_unknown_district_is_not_found(real_assistant):
    answer = real_assistant.ask("九龙坡区的高层建筑消防治理由哪个部门牵头？")
    assert not answer.found and "九龙坡区" in answer.answer


def test_comparison_answers_each_named_district(real_assistant):
    answer = real_assistant.ask("梁平和渝北的小型消防站分别建在哪里？")
    assert answer.type == "compare" and answer.found
    assert "梁平区" in short(answer) and "渝北区" in short(answer)
    assert "名豪" in short(answer) and "龙山" in short(answer)
    assert {c.doc for c in answer.citations} == {LIANGPING, YUBEI}


def test_document_metadata_questions(real_assistant):
    answer = real_assistant.ask("渝北这个三年行动计划的发文字号是多少？")
    assert "渝北府办发〔2021〕28号" in short(answer)
    assert answer.citations[0].line_start == 1
    assert "2021年3月21日" in short(real_assistant.ask("梁平的方案是哪天印发的？"))


@pytest.mark.parametrize("question", ["开州区2023年火灾死亡多少人？", "渝北区消防站营房面积是多少平方米？",
                                      "大丰2019年发生了多少起火灾？", "兴化的消防宣传月是几月？",
                                      "大丰高层住宅消防设计规范的标准号是多少？"])
def test_plausible_questions_the_documents_do_not_answer(real_assistant, question):
    answer = real_assistant.ask(question)
    assert not answer.found and short(answer).startswith("未找到"), answer.answer


def test_a_question_per_district_is_answered_per_district(real_assistant):
    answer = real_assistant.ask("开州2025年底前要新建哪支政府专职消防队？渝北哪两个镇2021年完成乡镇专职消防队建设？")
    first, second = answer.answer.split("\n\n")[0].split("\n")[:2]
    assert first.startswith("开州区：") and "雪宝山" in first
    assert second.startswith("渝北区：") and "玉峰山镇" in second and "石船镇" in second
    assert {c.doc.split("-")[0] for c in answer.citations} == {"kaizhou", "yubei"}


def test_a_standards_code_is_answered_from_a_sentence_that_states_one(real_assistant):
    answer = real_assistant.ask("开州乡镇消防队建设依据的国家标准编号是什么？")
    assert answer.found and "GB/T35547" in short(answer).replace(" ", "")


def test_the_phases_of_a_plan_and_one_of_them_by_its_number(real_assistant):
    phases = real_assistant.ask("兴化三年行动分几个阶段？")
    assert phases.found and all(name in short(phases) for name in ("集中攻坚", "持续整治", "巩固提升"))
    history = [{"role": "user", "content": "兴化三年行动分几个阶段？"}, {"role": "assistant", "content": short(phases)}]
    second = real_assistant.ask("第二个阶段是什么时候？", history=history)
    assert "2021年" in short(second) and "持续整治" in short(second), second.answer

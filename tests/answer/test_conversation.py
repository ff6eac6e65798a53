"""Conversations and composite answers through the real pipeline (real model, real index): the history
supplies only what a question lacks; totals, series, names and mentions show how they were combined."""

import pytest

from assistant.errors import InputError

pytestmark = pytest.mark.slow
XINGHUA = [{"role": "user", "content": "兴化养老机构的消防整治谁来管？"}, {"role": "assistant", "content": "民政部门等。"}]
KAIZHOU = [{"role": "user", "content": "开州给独居老人装烟感报警器这项由哪些单位负责？"},
           {"role": "assistant", "content": "责任单位：乡镇（街道）。"}]


def short(answer):
    return answer.answer.split("\n\n")[0]


def test_a_question_about_a_place_with_no_document_is_refused_after_another_district(real_assistant):
    answer = real_assistant.ask("上海市消防条例对高层住宅有什么规定？", history=XINGHUA)
    assert not answer.found and "上海市" in answer.answer and not answer.citations


def test_a_question_that_names_its_own_unit_searches_every_district(real_assistant):
    alone = real_assistant.ask("区财政局牵头哪些任务？")
    after = real_assistant.ask("区财政局牵头哪些任务？", history=KAIZHOU)
    assert after.found and short(after) == short(alone) and "渝北" in short(after)


def test_that_deadline_follow_up_gives_the_deadline_of_the_same_task_and_says_so(real_assistant):
    answer = real_assistant.ask("那时限呢？", history=KAIZHOU)
    assert answer.found and short(answer) == "按上一问的开州区任务：完成时限：持续推进。"
    assert answer.citations[0].doc.startswith("kaizhou") and "43" in answer.citations[0].clause
    xinghua = real_assistant.ask("那时限呢？", history=XINGHUA)
    assert short(xinghua) == "按上一问的兴化市任务：完成时限：2020年。" and "。。" not in xinghua.answer
    assert ".。" not in xinghua.answer  # the 出自 line has clean punctuation


def test_a_follow_up_to_a_follow_up_keeps_the_first_task(real_assistant):
    history = [*KAIZHOU, {"role": "user", "content": "那时限呢？"}, {"role": "assistant", "content": "持续推进。"}]
    answer = real_assistant.ask("那配合单位呢？", history=history)
    assert answer.found and "开州" in short(answer) and "没有列出配合单位" in short(answer)


def test_history_past_its_bound_is_a_clear_error(real_assistant):
    with pytest.raises(InputError, match="对话历史太长"):
        real_assistant.ask("那时限呢？", history=[{"role": "user", "content": "那配合单位呢？"}] * 1000)
    with pytest.raises(InputError, match="对话历史格式"):
        real_assistant.ask("那时限呢？", history=[{"role": "user", "content": 5}])


@pytest.mark.parametrize("question, expected", [
    ("渝北三年里分步建的小型消防站一共几个？", "共7个（2021年4个＋2022年2个＋2023年1个）"),
    ("大丰2021到2023年这三年一共征召多少名政府专职消防队员？", "共320名（2021年160名＋2022年80名＋2023年80名）"),
    ("大丰2024年要征召多少名政府专职消防队员？", "32名"),
    ("兴化重点人群消防培训推行的是什么工作模式？", "“政府出资保障、消防承办教学、单位免费培训”工作模式"),
    ("兴化消防安全专项整治三年行动，2021年那个阶段叫什么？", "持续整治"),
])
def test_composite_answers_show_how_they_were_combined_and_pass_the_grounding_check(real_assistant, question, expected):
    answer = real_assistant.ask(question)
    assert answer.found and expected in short(answer), answer.answer
    assert answer.citations  # the parts are cited; the sum itself is exempt from the grounding check


def test_which_documents_mention_something_reads_every_document(real_assistant):
    answer = real_assistant.ask("哪几个区（市）的文件提到了群租房？")
    assert answer.found and all(region in short(answer) for region in ("大丰", "开州", "兴化"))
    assert "没有提到的：梁平区、渝北区" in answer.answer
    assert {c.doc.split("-")[0] for c in answer.citations} == {"dafeng", "kaizhou", "xinghua"}  # one per document
    assert all("群租房" in c.text for c in answer.citations)


def test_metadata_of_two_documents_at_once(real_assistant):
    answer = real_assistant.ask("开州和梁平的文件分别是哪个单位发的？")
    assert "开州区人民政府办公室" in short(answer) and "梁平区人民政府办公室" in short(answer)
    both = real_assistant.ask("兴化那份三年行动方案的文号是多少？哪天印发的？")
    assert "兴消委办〔2020〕8号" in short(both) and "2020年7月6日" in short(both)

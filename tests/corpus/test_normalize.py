"""Normalisation for matching, and the display repair of PDF spaces."""

from __future__ import annotations

from assistant.corpus.normalize import VARIANTS, normalize_for_match, repair_spaces, widen_punctuation


def test_removes_pdf_spaces_inside_words():
    assert (normalize_for_match("建筑消防设 施整治攻坚 行动（牵头 单位：区消 防救援支队）")
            == "建筑消防设施整治攻坚行动（牵头单位：区消防救援支队）")


def test_full_width_letters_digits_symbols_fold_to_half_width():
    assert normalize_for_match("ＧＢ５１２８３－２０２０，１．５％") == "GB51283-2020，1.5%"


def test_brackets_and_sentence_punctuation_take_full_width_form():
    assert normalize_for_match("乡镇(街道),区财政局:牵头") == "乡镇（街道），区财政局：牵头"
    assert normalize_for_match("1,000 and 10:30") == "1,000 and 10:30"


def test_variant_characters_are_unified():
    assert VARIANTS["査"] == "查"
    assert normalize_for_match("深化供电供气设施排査整治") == "深化供电供气设施排查整治"


def test_other_whitespace_collapses_and_newlines_go():
    assert normalize_for_match("  GB   50016\t\n 规范 ") == "GB 50016规范"
    assert normalize_for_match("省政府令第 130 号") == "省政府令第130号"
    assert normalize_for_match("第一行\n第二行") == "第一行第二行"


def test_ideographic_space_and_radicals():
    assert normalize_for_match("前\u3000言") == "前言"
    assert normalize_for_match("\u2f00个") == "一个"  # KANGXI RADICAL ONE from PDF extraction


def test_repair_spaces_only_touches_gaps_between_cjk():
    assert repair_spaces("组      长：唐  军  区政府副区长") == "组长：唐军区政府副区长"
    assert repair_spaces("第 130 号（牵头 单位）\n  前  言") == "第 130 号（牵头单位）\n  前言"
    assert repair_spaces("査（ＡＢ） x  y") == "査（ＡＢ） x  y"


def test_punctuation_typed_on_an_english_keyboard_takes_its_chinese_form_only_in_chinese_text():
    assert widen_punctuation("由经济发展局牵头,规划建设局配合,2025年底前完成.") == "由经济发展局牵头，规划建设局配合，2025年底前完成。"
    assert widen_punctuation("(责任部门:应急局;配合部门:执法局)") == "（责任部门：应急局；配合部门：执法局）"
    for kept in ("3.2.1 督促", "上午10:30召开", "GB/T 1.1-2020", "(1)", "A.1 组织管理"):
        assert widen_punctuation(kept).startswith(kept[:5]), kept
    assert len(widen_punctuation("检查,整改.")) == len("检查,整改.")  # one character for one: citations keep their columns

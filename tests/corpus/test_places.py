"""Places from the documents: the chain an issuer or title opens with, short forms, question scope."""

import pytest

from assistant.answer.scope import Places
from assistant.corpus.places import chain_of, find_place, place_mentions, short_forms
from assistant.models import DocumentMeta


@pytest.mark.parametrize("text, chain", [
    ("上海市闵行区人民政府古美路街道办事处", ["上海市", "闵行区", "古美路街道"]),
    ("上海市金山区人民政府办公室", ["上海市", "金山区"]),  # 金山区 ends in 山区, and is a place
    ("平潭综合实验区管委会办公室", ["平潭综合实验区"]),
    ("莆田市荔城区人民政府", ["莆田市", "荔城区"]),  # 荔城区 ends in 城区, and is a place
    ("三明市沙县区人民政府办公室", ["三明市", "沙县区"]),
    ("南阳市居民住宅区消防安全管理条例", ["南阳市"]),  # 居民住宅区 is no place
    ("关于印发《2026年虹口区老旧小区…》的通知", ["虹口区"]),
    ("广东省实施《中华人民共和国消防法》办法", ["广东省"]),
    ("临关区消防安全委员会办公室", ["临关区"]),  # 关 is in names (山海关区, 嘉峪关市); 关于 opens a title
])
def test_the_chain_a_name_opens_with(text, chain):
    assert chain_of(text) == chain


def test_short_forms_people_use():
    assert short_forms("青浦区") == ["青浦区", "青浦"]
    assert short_forms("平潭综合实验区") == ["平潭综合实验区", "平潭"]
    assert short_forms("望海经济开发区") == ["望海经济开发区", "望海", "望海开发区", "望海经开区"]
    assert short_forms("南阳高新技术产业开发区")[-1] == "南阳高新区"
    assert short_forms("古美路街道") == ["古美路街道", "古美路", "古美"]


def test_a_title_more_specific_than_its_issuer():
    place = find_place("闵行区古美路街道办事处", "古美路街道加强独居老人消防安全工作实施方案", "", [])
    assert (place.region, place.parents) == ("古美路街道", ["闵行区", "闵行"])


def test_sub_places_and_places_a_question_names():
    lines = ["增建6个街镇（石门二路街道、江宁路街道、彭浦镇）天然水源消防取水设施", "强化乡镇消防力量"]
    assert find_place("上海市静安区人民政府办公室", "", "", lines).subplaces == ["石门二路街道", "江宁路街道", "彭浦镇"]
    assert [name for _, name in place_mentions("万州区的消防站谁建？大丰老旧小区呢")] == ["万州区"]
    assert [name for _, name in place_mentions("那星河区呢？")] == ["星河区"]  # after a demonstrative
    assert place_mentions("那个区县牵头？") == []


def test_question_scope_by_region_parent_sub_place_or_unknown_place():
    metas = [DocumentMeta("a.txt", "甲", region="青浦区", region_aliases=["青浦", "青浦区"], parents=["上海市", "上海"]),
             DocumentMeta("b.txt", "乙", region="开州区", region_aliases=["开州", "开州区"], parents=["重庆市", "重庆"],
                          subplaces=["温泉镇"])]
    places = Places(metas, {"a.txt": "青浦新城", "b.txt": "温泉镇、大进镇"})
    assert places.scope("青浦的消防站").docs == ("a.txt",)
    assert places.scope("上海的文件").docs == ("a.txt",)
    assert places.scope("温泉镇古镇由谁管").docs == ("b.txt",)
    assert places.scope("大进镇的微型站").docs == ("b.txt",)  # named only in the text
    assert places.scope("万州区的消防站").unknown_place == "万州区"
    assert places.scope("开州市政消火栓").docs == ("b.txt",)  # 开州 + 市政, not a 开州市


def test_a_verb_before_jiedao_names_no_street():
    lines = ["协调编制、公安等部门，明确街道（镇）职责。", "检查范围：彭浦镇、大中街道。", "落实街道、督促镇政府整改。"]
    assert find_place("上海市青溪区人民政府办公室", "", "", lines).subplaces == ["彭浦镇", "大中街道"]


def test_a_post_is_no_place_when_the_place_comes_from_the_text():
    lines = ["督办领导：区政府副区长 刘明", "督办领导：区政府副区长 王慧", "督办领导：区政府副区长 刘明"]
    assert find_place("", "", "", lines).region == ""  # "政府副区" is a piece of 区政府副区长, said three times


def test_a_place_name_read_too_long_still_scopes_to_the_text_that_holds_its_tail():
    metas = [DocumentMeta("a.txt", "甲", region="榆岭区", region_aliases=["榆岭", "榆岭区"])]
    places = Places(metas, {"a.txt": "北川县城关镇老街。城东街道火车站片区市政消火栓缺失14处。"})
    scope = places.scope("城东火车站片区缺了多少处消火栓")  # read as "东火车站片区"; the text says "…火车站片区"
    assert scope.docs == ("a.txt",) and scope.unknown_place == ""
    assert places.scope("北川城关镇老街谁管").docs == ("a.txt",)  # 北川(县) and its 城关镇, run together
    assert places.scope("徐汇区的消火栓谁管").unknown_place == "徐汇区"
    other = Places(metas, {"a.txt": "澜屿综合实验区消防工作。"})  # a tail that is only a suffix names nothing
    assert other.scope("平潭综合实验区的微型消防站谁建").unknown_place == "平潭综合实验区"


def test_a_time_word_before_a_suffix_is_no_place():
    assert place_mentions("今年市政消火栓要新增多少个？") == []  # 今年 + 市政, no 今年市
    assert place_mentions("今年上海市要新增多少个") == [(2, "上海市")]


def test_a_village_issues_its_own_rules_and_a_market_is_no_city():
    assert chain_of("坪上镇杏林村村民委员会") == ["坪上镇", "杏林村"]
    assert find_place("杏林村村民委员会", "", "", []).names == ["杏林村", "杏林"]
    assert chain_of("城中村消防安全整治方案") == []  # a kind of village, not one
    assert place_mentions("金穗市场商户用液化气的排查归谁管？") == []  # 市场, not 金穗市
    assert place_mentions("杏林四个片区的联系户数加起来一共多少户？") == [(0, "杏林")]  # a count of areas names none


def test_a_place_named_in_full_that_no_document_has_outweighs_a_word_the_texts_use():
    metas = [DocumentMeta("a.txt", "甲", region="大丰区", region_aliases=["大丰", "大丰区"])]
    places = Places(metas, {"a.txt": "每年度新建市政消火栓不少于185个。"})
    assert places.scope("成都市武侯区“十四五”要新建多少个市政消火栓？").unknown_place == "成都市"  # "新建": jieba's county

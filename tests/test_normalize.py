from __future__ import annotations

import random
import re

import pytest

from knowledge import KnowledgeBase, normalize
from knowledge.arrays import code_points
from knowledge.lexicon import Lexicon, load_lexicon
from knowledge.normalize import Analyzer, PhraseFinder, literal_alternation


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer(load_lexicon())


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ＡＢＣ１２３", "abc123"),  # full-width folded
        ("什麼是法治帶頭人？", "什么是法治带头人"),  # traditional → simplified, punctuation dropped
        ("离婚 冷静期 😂😂", "离婚冷静期"),  # emoji and spaces between Chinese dropped
        ("俺咋整", "我怎么办"),  # dialect
        ("村裏把地收囘了", "村里把地收回了"),  # a variant character OpenCC leaves as typed
        ("劳动冲裁", "劳动仲裁"),  # typo
        ("㈱，“工伤”……认定！", "株工伤认定"),  # compatibility forms folded, punctuation dropped
        ("我可以點算？仲有按金", "我可以怎么办还有押金"),  # Hong Kong speech (ret19)
        # ...and the Mandarin its words stand in (ret19: 二层楼板 had become 二房子板)
        ("这个仔细看看，早点做完", "这个仔细看看早点做完"),
        ("二层楼板和劳动仲裁", "二层楼板和劳动仲裁"),
    ],
)
def test_normalize_folds_forms(analyzer: Analyzer, raw: str, expected: str) -> None:
    assert analyzer.normalize(raw).split(" ")[0] == expected


def test_synonyms_and_english_are_appended(analyzer: Analyzer) -> None:
    assert "拖欠工资" in analyzer.normalize("老板欠薪")
    assert "法律援助" in analyzer.normalize("Can I get legal aid?")
    assert "劳动合同" in analyzer.normalize("no labor contract")
    assert "电动车" in analyzer.normalize("My e-bike was stolen")  # a phrase with a hyphen


def test_english_will_is_a_testament_only_as_a_noun(analyzer: Analyzer) -> None:
    # ret20: every "will" became 遗嘱 (「will anyone pick up」, 「he will keep her」).
    assert "遗嘱" not in analyzer.normalize("If I call at night will anyone pick up?")
    assert "遗嘱" in analyzer.normalize("My father died without a will")
    assert "信访" in analyzer.normalize("I sent a xinfang letter")  # pinyin for a local term


def test_taiwan_and_hong_kong_words_reach_mainland_terms(analyzer: Analyzer) -> None:
    assert "借条" in analyzer.normalize("只有借據")
    assert "业主委员会" in analyzer.normalize("管委會一直漲管理費")
    assert analyzer.normalize("我哋隔籬").startswith("我们隔壁")


def test_english_matches_whole_words_only(analyzer: Analyzer) -> None:
    assert "法律援助" not in analyzer.normalize("illegal aidx")


def test_a_batch_normalizes_each_text_as_alone(analyzer: Analyzer) -> None:
    texts = [
        "老板欠薪三个月，咋整？",
        "",
        "Can I get legal aid?\nand a lawyer",  # a line break inside a text
        "   ",
        "离昏冷静期",
        "ＡＢＣ e-bike 事故",
        "工伤认定\n\n",
        "🙂",
    ]
    assert analyzer.normalize_many(texts) == [analyzer.normalize(text) for text in texts]
    assert analyzer.normalize_many([]) == []


def test_out_of_scope_terms(analyzer: Analyzer) -> None:
    assert analyzer.out_of_scope_terms(analyzer.normalize("明天天气怎么样")) == ["天气"]
    assert analyzer.out_of_scope_terms(analyzer.normalize("工资被拖欠")) == []


def test_literal_alternation_prefers_the_longest_key() -> None:
    pattern = literal_alternation(["劳动", "劳动仲裁", "劳动合同", "仲裁"])
    assert pattern is not None
    assert pattern.findall("申请劳动仲裁和劳动合同，再仲裁，劳动") == [
        "劳动仲裁",
        "劳动合同",
        "仲裁",
        "劳动",
    ]
    assert literal_alternation([]) is None


@pytest.mark.parametrize("bulk", [0, normalize.BULK])
def test_phrase_finder_finds_what_a_regex_alternation_finds(
    monkeypatch: pytest.MonkeyPatch, bulk: int
) -> None:
    monkeypatch.setattr(normalize, "BULK", bulk)  # 0: every text is searched as a long one
    phrases = ["工资", "拖欠工资", "工伤", "伤害", "资金", "欠薪", "工作"]
    alternation = re.compile("|".join(sorted(phrases, key=len, reverse=True)))
    finder = PhraseFinder(phrases)
    rng = random.Random(3)
    alphabet = "工资拖欠伤害金薪作 \n"
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        expected = [(m.start(), m.group(0)) for m in alternation.finditer(text)]
        assert finder.find(text) == expected


@pytest.mark.parametrize("bulk", [0, normalize.BULK])
def test_whole_word_phrases_match_as_a_bounded_regex_would(
    monkeypatch: pytest.MonkeyPatch, bulk: int
) -> None:
    monkeypatch.setattr(normalize, "BULK", bulk)
    phrases = ["legal aid", "legal", "aid", "labor contract", "ab", "ab cd"]
    body = "|".join(sorted(phrases, key=len, reverse=True))
    alternation = re.compile(rf"(?<![a-z0-9])(?:{body})(?![a-z0-9])")
    finder = PhraseFinder(phrases, whole_words=True)
    rng = random.Random(5)
    words = ["legal", "aid", "labor", "contract", "ab", "abc", "cd", "x1", "劳动", "\n"]
    for _ in range(300):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(0, 8)))
        text = text.replace(" 劳动 ", "劳动")  # latin words touching Chinese ones too
        expected = [(m.start(), m.group(0)) for m in alternation.finditer(text)]
        assert finder.find(text) == expected, text


def test_the_knowledge_base_s_texts_normalize_alike_in_a_batch(kb: KnowledgeBase) -> None:
    texts = [t for item in kb.items for t in (item.title, *item.questions, *item.keywords)]
    assert kb.analyzer.normalize_many(texts) == [kb.analyzer.normalize(t) for t in texts]


def test_phrase_finder_refuses_one_character_phrases() -> None:
    with pytest.raises(ValueError, match="shorter than two"):
        PhraseFinder(["工"])


@pytest.mark.parametrize("variants", [{"回": "回"}, {"收囘": "收回"}, {"囘": ""}])
def test_a_variant_is_one_character_for_another(variants: dict[str, str]) -> None:
    with pytest.raises(ValueError, match="one character for another"):
        Lexicon(variants=variants)


def test_a_lexicon_without_tables_still_normalizes() -> None:
    bare = Analyzer(Lexicon())
    assert bare.normalize("劳動 仲裁！") == "劳动仲裁"
    assert bare.out_of_scope_terms("天气") == []


@pytest.mark.parametrize("bulk", [0, normalize.BULK])
def test_replacements_are_what_the_regex_substitution_gives(
    analyzer: Analyzer, monkeypatch: pytest.MonkeyPatch, bulk: int
) -> None:
    # On long texts ``_replaced`` tries the dialect and typo regex only where a key may start.
    monkeypatch.setattr(normalize, "BULK", bulk)
    replacements = analyzer._replacements
    pattern = literal_alternation(replacements)
    assert pattern is not None
    keys = sorted(replacements)
    alphabet = sorted({char for key in keys for char in key}) + list("我的了 a1\n")
    rng = random.Random(7)
    for _ in range(2000):
        parts = [
            rng.choice(keys) if rng.random() < 0.4 else "".join(rng.choices(alphabet, k=3))
            for _ in range(rng.randint(0, 10))
        ]
        text = "".join(parts)
        expected = pattern.sub(lambda match: replacements[match.group(0)], text)
        assert analyzer._replaced(text) == expected, text


def test_variants_are_folded_one_for_one(analyzer: Analyzer) -> None:
    variants = analyzer.lexicon.variants
    text = "".join(variants) + "收囘了，吿他"
    table = {ord(typed): meant for typed, meant in variants.items()}
    assert analyzer.normalize(text) == analyzer.normalize(text.translate(table))
    assert analyzer.normalize("收囘") == "收回"
    assert analyzer.normalize("吿") == "告"


def test_phrases_outside_the_bmp_are_still_found() -> None:
    # Such phrases cannot be in the pair table: the finder searches as before.
    finder = PhraseFinder(["𠀀工资", "工资"])
    assert finder.find("拖欠𠀀工资和工资") == [(3, "工资"), (6, "工资")]


def test_long_texts_are_cleaned_as_the_regexes_clean_short_ones(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Punctuation and what canonical text drops are removed by numpy on long texts.
    rng = random.Random(2)
    alphabet = [*"工资a1 Z\n。!😀é\t，、…“”", "\u3000", "\u3400", "\u4dc0", "\u9fff", "\x1e"]
    texts = ["".join(rng.choices(alphabet, k=rng.randint(0, 25))) for _ in range(3000)]
    short = [(normalize._spaced(t), normalize._cleaned(t, None)) for t in texts]
    monkeypatch.setattr(normalize, "BULK", 0)
    for text, (spaced, cleaned) in zip(texts, short, strict=True):
        assert normalize._spaced(text) == spaced, repr(text)
        assert normalize._cleaned(text, code_points(text)) == cleaned, repr(text)
    assert normalize._spaced("a\ud800！b") == "a\ud800 b"  # a lone surrogate passes through

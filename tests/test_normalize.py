from __future__ import annotations

import pytest

from knowledge.lexicon import load_lexicon
from knowledge.normalize import Analyzer


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
        ("劳动冲裁", "劳动仲裁"),  # typo
    ],
)
def test_normalize_folds_forms(analyzer: Analyzer, raw: str, expected: str) -> None:
    assert analyzer.normalize(raw).split(" ")[0] == expected


def test_synonyms_and_english_are_appended(analyzer: Analyzer) -> None:
    assert "拖欠工资" in analyzer.normalize("老板欠薪")
    assert "法律援助" in analyzer.normalize("Can I get legal aid?")
    assert "劳动合同" in analyzer.normalize("no labor contract")


def test_features_mix_words_bigrams_and_pinyin(analyzer: Analyzer) -> None:
    features = analyzer.features(analyzer.normalize("劳动仲裁时效"))
    assert "w:劳动仲裁" in features or "w:仲裁" in features
    assert "b:仲裁" in features
    assert "p:zhong_cai" in features


def test_homophone_typo_shares_pinyin_features(analyzer: Analyzer) -> None:
    typo = analyzer.features(analyzer.normalize("物叶费"))
    right = analyzer.features(analyzer.normalize("物业费"))
    assert {f for f in typo if f.startswith("p:")} == {f for f in right if f.startswith("p:")}


def test_stopwords_are_not_word_features(analyzer: Analyzer) -> None:
    features = analyzer.features(analyzer.normalize("请问我们可以怎么办"))
    assert not any(f.startswith("w:") for f in features)


def test_out_of_scope_terms(analyzer: Analyzer) -> None:
    assert analyzer.out_of_scope_terms(analyzer.normalize("明天天气怎么样")) == ["天气"]
    assert analyzer.out_of_scope_terms(analyzer.normalize("工资被拖欠")) == []

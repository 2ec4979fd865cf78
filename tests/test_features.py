from __future__ import annotations

import numpy as np
import pytest
import rjieba

from knowledge.features import (
    KEY_BITS,
    FeatureExtractor,
    Kind,
    feature_key,
    kind_weights,
    taught_words,
)
from knowledge.lexicon import load_lexicon
from knowledge.normalize import Analyzer


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer(load_lexicon())


@pytest.fixture(scope="module")
def extractor() -> FeatureExtractor:
    return FeatureExtractor(load_lexicon())


def keys_of(analyzer: Analyzer, extractor: FeatureExtractor, text: str) -> set[int]:
    return set(extractor.keys(analyzer.normalize(text)).tolist())


def test_features_mix_words_bigrams_and_pinyin(
    analyzer: Analyzer, extractor: FeatureExtractor
) -> None:
    keys = keys_of(analyzer, extractor, "劳动仲裁时效")
    assert feature_key(Kind.WORD, "劳动仲裁") in keys or feature_key(Kind.WORD, "仲裁") in keys
    assert feature_key(Kind.BIGRAM, "仲裁") in keys
    assert feature_key(Kind.PINYIN, "zhong_cai") in keys
    assert all(key < 2**KEY_BITS for key in keys)


def test_homophone_typo_shares_pinyin_features(
    analyzer: Analyzer, extractor: FeatureExtractor
) -> None:
    def pinyin(text: str) -> set[int]:
        return {k for k in keys_of(analyzer, extractor, text) if k >> 42 == Kind.PINYIN}

    assert pinyin("物叶费") == pinyin("物业费") != set()


def test_stopwords_are_not_word_features(analyzer: Analyzer, extractor: FeatureExtractor) -> None:
    keys = keys_of(analyzer, extractor, "请问我们可以怎么办")
    assert not any(key >> 42 == Kind.WORD for key in keys)


def _of_stopwords(word: str, stopwords: frozenset[str] | set[str]) -> bool:
    """Return whether ``word`` is two or more stopwords side by side (可以 + 怎么办)."""
    ends = {0}
    for end in range(1, len(word) + 1):
        if any(start in ends and word[start:end] in stopwords for start in range(end)):
            ends.add(end)
    return len(word) in ends and word not in stopwords


def test_no_word_the_lexicon_teaches_the_segmenter_is_made_of_stopwords() -> None:
    # ret20: ret19's 可以点做 → 可以怎么办 taught the segmenter 可以怎么办, and every text
    # holding it got a word feature of stopwords alone (this file's test above failed in CI).
    # A word the plain segmenter already keeps whole (还有) changes nothing.
    lexicon = load_lexicon()
    plain = rjieba.Jieba()  # without the words the knowledge base teaches
    stopwords = set(lexicon.stopwords)
    made_of_stopwords = [
        word
        for word in taught_words(lexicon)
        if _of_stopwords(word, stopwords) and plain.cut(word, False) != [word]
    ]
    assert made_of_stopwords == []
    assert _of_stopwords("可以怎么办", stopwords)


def test_latin_words_and_lone_digits(analyzer: Analyzer, extractor: FeatureExtractor) -> None:
    keys = keys_of(analyzer, extractor, "拨打12348，或者 the app 第3条 x")
    assert feature_key(Kind.LATIN, "12348") in keys
    assert feature_key(Kind.LATIN, "app") in keys
    assert feature_key(Kind.LATIN, "3") in keys
    assert feature_key(Kind.LATIN, "x") not in keys  # a lone letter carries nothing
    assert feature_key(Kind.LATIN, "the") not in keys  # a stopword


def test_features_never_span_lines_or_documents(extractor: FeatureExtractor) -> None:
    keys, positions = extractor.document_keys(["工伤\n认定", "", "仲裁"])
    found = dict(zip(keys.tolist(), positions.tolist(), strict=True))
    assert feature_key(Kind.BIGRAM, "伤认") not in found
    assert feature_key(Kind.BIGRAM, "定仲") not in found
    assert found[feature_key(Kind.BIGRAM, "工伤")] == 0
    assert found[feature_key(Kind.BIGRAM, "仲裁")] == 2


def test_a_batch_holds_each_document_s_own_features(extractor: FeatureExtractor) -> None:
    documents = ["劳动仲裁 12348", "离婚冷静期", "", "app下载"]
    keys, positions = extractor.document_keys(documents)
    for number, document in enumerate(documents):
        alone = set(extractor.keys(document).tolist())
        assert set(keys[positions == number].tolist()) == alone


def test_kinds_can_be_asked_for_one_at_a_time(extractor: FeatureExtractor) -> None:
    everything, _ = extractor.document_keys(["劳动仲裁 app"])
    parts = [extractor.document_keys(["劳动仲裁 app"], [kind])[0] for kind in Kind]
    assert sorted(np.concatenate(parts).tolist()) == sorted(everything.tolist())
    for kind, part in zip(Kind, parts, strict=True):
        assert all(key >> 42 == kind for key in part.tolist())


def test_kind_weights_follow_the_key() -> None:
    keys = np.array(
        [feature_key(Kind.WORD, "仲裁"), feature_key(Kind.PINYIN, "zhong_cai")], dtype=np.uint64
    )
    assert kind_weights(keys).tolist() == [1.0, 0.35]


def test_a_bigram_key_needs_two_characters() -> None:
    with pytest.raises(ValueError, match="two characters"):
        feature_key(Kind.BIGRAM, "仲")


def test_a_batch_s_runs_are_what_the_regexes_find(monkeypatch: pytest.MonkeyPatch) -> None:
    # On a long batch ``_Batch.chinese_runs`` and the latin words come from code points.
    import random

    from knowledge import features
    from knowledge.features import _LATIN_WORD, _NOT_CJK, _Batch

    monkeypatch.setattr(features, "BULK", 0)
    rng = random.Random(1)
    alphabet = [*"工资拖欠a1b z\n\x1e。😀é", "\u3400", "\u4dc0", "\u9fff", "\ua000"]
    for _ in range(3000):
        text = "".join(rng.choices(alphabet, k=rng.randint(0, 30)))
        assert _Batch(text).chinese_runs() == _NOT_CJK.sub("\n", text), repr(text)
    lexicon = load_lexicon()
    extractor = FeatureExtractor(lexicon)
    text = "abc 工资 x1 9\n中2b\x1eok"
    keys, _ = extractor.document_keys([text], [Kind.LATIN])
    expected = {
        feature_key(Kind.LATIN, word)
        for word in _LATIN_WORD.findall(text)
        if (len(word) > 1 or word.isdigit()) and word not in lexicon.stopwords
    }
    assert set(keys.tolist()) == expected

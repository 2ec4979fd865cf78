"""Which consultation category a matter belongs to, from the resident's own words.

A multinomial naive Bayes model over the character n-grams of canonical text (see
``knowledge.normalize.Analyzer``: simplified, dialect replaced, synonym expansions appended),
trained when built from the items' titles, sample questions and keywords (each labelled with
its item's category) and from ``data/category-terms.yaml``. Words about asking for help
(「请法律顾问帮忙看看」「想咨询一下」「怎么办」) are stripped from both the training texts and
the description first: they say nothing about the matter (``knowledge.triage_text``, with
procedure words and the denied attacks). Legal terms found whole in the
description (the items' keywords, the category terms, thrice as much its legal-event words) add
to their categories' scores, so the event outweighs the scene. A description gets the most likely
category; ``other`` only wins when its own words (the service centre, training, safety hazards)
do, or when nothing legal is recognised at all. Whose violence it is (``knowledge.violence``)
gives the family's or the criminal category a bonus. Before any of it, homophone typos of the terms
are read as the terms (``knowledge.term_typos``); the lexicon's expansions count half; legal aid
is chosen only when aid, a lawyer or a lawsuit is named (``category-terms.yaml``'s ``requires``),
special groups never for a detention alone; after a story the resident calls settled, what is
asked decides (``knowledge.triage_text.after_settled``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from knowledge.categories import DATA_DIR, load_categories
from knowledge.category_model import FUSION, CategoryModel, clauses_of, load_category_model
from knowledge.lexicon import load_lexicon
from knowledge.loader import load_items
from knowledge.models import Item
from knowledge.normalize import Analyzer, literal_alternation
from knowledge.term_typos import TermTypos, unknown_pairs
from knowledge.triage_text import (
    HELP_SEEKING,
    after_settled,
    detention_only,
    simplified,
    strip_help_seeking,
    undenied,
)
from knowledge.violence import SENTENCE_MARK, ViolenceReader, ViolenceWords
from knowledge.yaml_source import load_yaml

__all__ = [
    "CATEGORY_EXAMPLES_PATH",
    "CATEGORY_TERMS_PATH",
    "FALLBACK_CATEGORY",
    "HELP_SEEKING",
    "CategoryClassifier",
    "CategoryGuess",
    "ViolenceWords",
    "load_category_events",
    "load_category_examples",
    "load_category_requirements",
    "load_category_terms",
    "load_violence_words",
    "strip_help_seeking",
]

CATEGORY_TERMS_PATH = DATA_DIR / "category-terms.yaml"
CATEGORY_EXAMPLES_PATH = DATA_DIR / "category-examples.yaml"
FALLBACK_CATEGORY = "other"

_NGRAMS = (1, 2, 3)
_WEIGHTS = {1: 0.6, 2: 1.0, 3: 1.0}
"""How much an n-gram of each length counts: single characters are weak, frequent evidence."""
_EXPANSION_WEIGHT = 0.5
"""How much an n-gram of the lexicon's expansions counts beside the resident's own words: a
synonym says what a word may mean, not what was said (「利息」 brings in 「民间借贷」 beside
「工资」, 「放出来」 brings in 「刑满释放」 after ten days' detention)."""
_ALPHA = 0.1
"""Additive smoothing of the per-category n-gram counts."""
_TOPICALITY_POWER = 2.0
"""An n-gram counts by (1 - entropy of its categories) to this power: 「个月」「一年」, seen in
every category, hardly count; 「借给」, seen in one, counts fully."""
_EXAMPLE_WEIGHT = 1.0
"""How much a labelled description (``category-examples.yaml``) counts as a training text."""
_MIN_EVIDENCE = 0.5
"""Below this topical weight of known n-grams, nothing legal is recognised: ``other``."""
_THIN_EVIDENCE, _UNSURE = 1.0, 0.3
"""With less evidence than this and a best category below this probability, nothing legal is
recognised either (「早就过了，都半年了」 once its procedure words are gone): ``other``."""
_TERM_BONUS = 0.75
"""What a legal term found whole in a description (an item's keyword, a category term: 「抚养费」
「工伤认定」) adds to its category's score, per character, shared among the categories that list
it: the words of the legal event then outweigh the n-grams of the scene (「楼上」, 「工地」).
Not after a negation (「没受伤」)."""
_EVENT_STRENGTH = 3.0
"""How many times a term an event word counts (see ``category-terms.yaml``'s ``events``)."""
_NEGATED = re.compile("(?:没|没有|未|无)(?:人|有人|被|再|过)?$")
"""An absence right before a term, maybe with a word between (「没人打我」「没被骗」). Not 不是:
what one side denies is the dispute (「公司说不是工伤」「说他不是公司的人」)."""
_VIOLENCE_BONUS = 9.0
"""What an attack on or a threat to the resident (「扬言」「抡起板凳」, ``category-terms.yaml``'s
``violence: acts``) adds: to ``marriage_family`` when a spouse, former spouse or relative does it
(``violence: family``: 「丈夫」「前夫」), else to ``criminal``. Whose violence it is decides, not
the scene (「单位门口」「躲在邻居家」). Beside money owed (``violence: money``) a threat in
words only (``violence: verbal``: 「威胁」) is the debt's pressure, but a stranger's threat of
harm (「卸我一条腿」) is a crime, whoever is owed: criminal then wins outright."""
_FAMILY_VIOLENCE, _OTHER_VIOLENCE = "marriage_family", "criminal"
_NEIGHBOR_VIOLENCE = "neighbor"
"""Where a neighbour's attack or threat goes (``violence: neighbors``), instead of ``criminal``."""
_SCHOOL_VIOLENCE = "traffic_injury"
"""Where a schoolmate's harm to a pupil goes (``violence: schoolmates``): an injury the school
and the parents answer for (人身损害), neither the family's matter nor a crime."""
_VIOLENCE_CATEGORIES = (_FAMILY_VIOLENCE, _OTHER_VIOLENCE)
_SPECIAL_GROUPS = "special_groups"
"""Never the matter of a detention told without a prison term, correction or drugs
(``knowledge.triage_text.detention_only``)."""
_OUT_OF_SCOPE_EVIDENCE = 2.0
"""With a subject the knowledge base does not cover (the lexicon's ``out_of_scope``: 天气,
股票…), ``other`` unless the legal evidence reaches this weight (「快递员骑车撞了我」 does)."""


@cache
def load_category_terms(path: Path = CATEGORY_TERMS_PATH) -> dict[str, tuple[str, ...]]:
    """Return the training texts of each category in ``category-terms.yaml``.

    Those are its ``events`` and ``terms`` (each space-separated word one text) and its
    ``examples`` (each line one text).
    """
    raw = load_yaml(path)
    texts: dict[str, list[str]] = {}
    for category, lines in [*raw.get("events", {}).items(), *raw["terms"].items()]:
        texts.setdefault(category, []).extend(w for line in lines for w in str(line).split())
    for category, lines in raw.get("examples", {}).items():
        texts.setdefault(category, []).extend(str(line) for line in lines)
    return {category: tuple(words) for category, words in texts.items()}


@cache
def load_category_examples(path: Path = CATEGORY_EXAMPLES_PATH) -> dict[str, tuple[str, ...]]:
    """Return the labelled descriptions of each category in ``category-examples.yaml``."""
    raw = load_yaml(path)
    return {
        category: tuple(str(text) for text in texts)
        for category, texts in raw.get("examples", {}).items()
    }


@cache
def load_category_events(path: Path = CATEGORY_TERMS_PATH) -> dict[str, tuple[str, ...]]:
    """Return the legal-event words of each category in ``category-terms.yaml`` (``events``)."""
    raw = load_yaml(path)
    return {
        category: tuple(w for line in lines for w in str(line).split())
        for category, lines in raw.get("events", {}).items()
    }


@cache
def load_category_requirements(path: Path = CATEGORY_TERMS_PATH) -> dict[str, tuple[str, ...]]:
    """Return the words one of which a description must hold for each category listed.

    ``category-terms.yaml``'s ``requires``: legal aid is only the matter when the description
    names it or the lawyer (「请不起律师」), not for poverty alone (「家里困难，拿不出钱」).
    """
    raw = load_yaml(path)
    return {
        category: tuple(w for line in lines for w in str(line).split())
        for category, lines in raw.get("requires", {}).items()
    }


@cache
def load_violence_words(path: Path = CATEGORY_TERMS_PATH) -> ViolenceWords:
    """Return the words of ``category-terms.yaml``'s ``violence`` section."""
    raw = load_yaml(path).get("violence", {})

    def words(key: str) -> tuple[str, ...]:
        return tuple(w for line in raw.get(key, []) for w in str(line).split())

    return ViolenceWords(
        acts=words("acts"),
        family=words("family"),
        money=words("money"),
        verbal=words("verbal"),
        outsiders=words("outsiders"),
        home=words("home"),
        neighbors=words("neighbors"),
        schoolmates=words("schoolmates"),
    )


@dataclass(frozen=True, slots=True)
class CategoryGuess:
    """The category of a description, with how sure the model is."""

    category: str
    """The most likely category id (``other`` when nothing legal is recognised)."""
    probability: float
    """The model's probability of that category (0 when nothing is recognised)."""
    evidence: float
    """The topical weight of the description's n-grams the model knows."""
    grounded: bool = False
    """Whether a rule of structure chose it, not the n-grams alone: an attack or threat read
    for whose it is (the family's, a neighbour's, a stranger's), or what is asked after a
    story the resident calls settled."""


class CategoryClassifier:
    """Naive Bayes over character n-grams: the likely consultation category of a description."""

    def __init__(
        self,
        items: Sequence[Item],
        *,
        analyzer: Analyzer | None = None,
        terms: Mapping[str, Sequence[str]] | None = None,
        events: Mapping[str, Sequence[str]] | None = None,
        violence: ViolenceWords | None = None,
        examples: Mapping[str, Sequence[str]] | None = None,
        requires: Mapping[str, Sequence[str]] | None = None,
        learned: CategoryModel | None = None,
    ) -> None:
        """Train on ``items`` (and the category terms).

        Args:
            items: Knowledge items; each title, sample question and keyword is a training
                text labelled with its item's category.
            analyzer: The questions' analyzer (one over the packaged lexicon by default).
            terms: Words of each category; ``category-terms.yaml`` by default.
            events: Legal-event words of each category, which count twice as much as other
                terms when found whole; ``category-terms.yaml``'s ``events`` by default.
            violence: Words of attacks and threats, and of the family members whose
                violence is a family matter; ``category-terms.yaml``'s ``violence`` by default.
            examples: Labelled descriptions of each category, training texts of the n-gram
                model only (no term bonus); ``category-examples.yaml`` by default.
            requires: Words one of which a description must hold for a category to be
                chosen (legal aid is asked about by name or through the lawyer);
                ``category-terms.yaml``'s ``requires`` by default.
            learned: The learned category model, fused with these rules by ``FUSION``
                (none by default: the rules alone).
        """
        self._learned = learned
        self.analyzer = analyzer or Analyzer(load_lexicon())
        self.categories = tuple(category.id for category in load_categories())
        index = {category: n for n, category in enumerate(self.categories)}
        labelled = [
            (text, item.category, 1.0)
            for item in items
            for text in (item.title, *item.questions, *item.keywords)
        ]
        extra = load_category_terms() if terms is None else terms
        labelled += [(word, c, 1.0) for c, words in extra.items() for word in words]
        described = load_category_examples() if examples is None else examples
        labelled += [(text, c, _EXAMPLE_WEIGHT) for c, texts in described.items() for text in texts]
        unknown = {category for _, category, _ in labelled} - set(index)
        if unknown:
            raise ValueError(f"unknown categories in training texts: {sorted(unknown)!r}")
        texts = self._canonical_parts([text for text, _, _ in labelled])
        vocabulary: dict[str, int] = {}
        rows: list[int] = []
        columns: list[int] = []
        values: list[float] = []
        for (_, category, strength), text in zip(labelled, texts, strict=True):
            for gram, weight in _grams(*text).items():
                rows.append(index[category])
                columns.append(vocabulary.setdefault(gram, len(vocabulary)))
                values.append(weight * strength)
        counts = np.zeros((len(self.categories), len(vocabulary)))
        np.add.at(counts, (np.array(rows, dtype=np.intp), np.array(columns, dtype=np.intp)), values)
        trained = counts.sum(axis=1) > 0
        smoothed = counts + _ALPHA
        log_likelihood = np.log(smoothed / smoothed.sum(axis=1, keepdims=True))
        # How evenly each n-gram spreads over the categories (uniform priors): 0 in one, 1 in all.
        share = smoothed / smoothed.sum(axis=1, keepdims=True)
        share = share[trained] / share[trained].sum(axis=0)
        entropy = -(share * np.log(share)).sum(axis=0) / np.log(max(2, int(trained.sum())))
        self._topicality: npt.NDArray[np.float64] = (1.0 - entropy) ** _TOPICALITY_POWER
        log_likelihood[~trained] = -np.inf  # a category nothing was learnt for is never chosen
        strong = load_category_events() if events is None else events
        self._term_bonus, self._term_re = self._terms(items, extra, strong, index)
        words = load_violence_words() if violence is None else violence
        groups = (words.acts, words.family, words.money, words.verbal, words.outsiders, words.home)
        acts, family, money, verbal, outsiders, home, neighbors, schoolmates = (
            literal_alternation(w.split(" ")[0] for w in self._canonical(group))
            for group in (*groups, words.neighbors, words.schoolmates)
        )
        self._violence = ViolenceReader(
            acts, family, money, _NEGATED, verbal, outsiders, home, neighbors, schoolmates
        )
        self._violence_columns = (index[_FAMILY_VIOLENCE], index[_OTHER_VIOLENCE])
        self._neighbor_column = index[_NEIGHBOR_VIOLENCE]
        self._school_column = index[_SCHOOL_VIOLENCE]
        self._special_groups = index[_SPECIAL_GROUPS]
        required = load_category_requirements() if requires is None else requires
        self._requirements = [
            (index[category], pattern)
            for category, needed in required.items()
            if (pattern := literal_alternation(needed)) is not None
        ]
        self._vocabulary = vocabulary
        spelt: dict[str, set[str]] = {}
        owned = [(word, {item.category}) for item in items for word in item.keywords]
        owned += [(w, {c}) for c, ws in (*extra.items(), *strong.items()) for w in ws]
        owned += [(w, {c}) for c, ws in required.items() for w in ws]
        owned += [(w, set(_VIOLENCE_CATEGORIES)) for group in groups for w in group]
        owned += [(w, {_NEIGHBOR_VIOLENCE}) for w in words.neighbors]
        owned += [(w, {_SCHOOL_VIOLENCE}) for w in words.schoolmates]
        for word, owners in owned:
            spelt.setdefault(word, set()).update(owners)
        right = texts[: len(texts) - sum(map(len, described.values()))]
        self._typos = _term_typos(spelt, vocabulary, right, described)
        self._log_likelihood: npt.NDArray[np.float64] = log_likelihood

    def _terms(
        self,
        items: Sequence[Item],
        extra: Mapping[str, Sequence[str]],
        events: Mapping[str, Sequence[str]],
        index: Mapping[str, int],
    ) -> tuple[dict[str, npt.NDArray[np.float64]], re.Pattern[str] | None]:
        """Return the score bonus of each legal term (items' keywords, category terms, events)."""
        words = [(word, item.category, 1.0) for item in items for word in item.keywords]
        words += [(w, c, 1.0) for c, ws in extra.items() for w in ws if " " not in w]
        words += [(w, c, _EVENT_STRENGTH) for c, ws in events.items() for w in ws]
        canonical = self._canonical([word for word, _, _ in words])
        owners: dict[str, dict[int, float]] = {}
        for (_, category, strength), text in zip(words, canonical, strict=True):
            term = text.split(" ")[0]
            if (len(term) >= 2 or strength > 1) and not term.isascii():
                known = owners.setdefault(term, {})
                known[index[category]] = max(known.get(index[category], 0.0), strength)
        bonus: dict[str, npt.NDArray[np.float64]] = {}
        for term, categories in owners.items():
            row = np.zeros(len(self.categories))
            for column, strength in categories.items():
                row[column] = _TERM_BONUS * strength * len(term) / len(categories)
            bonus[term] = row
        # Only the longest term is matched: it keeps the weight of its own categories' events
        # inside it (「离婚判决」 counts as much as its 「离婚」 would alone), not another's
        # (「工地摔伤」 is labour's, whatever 「摔伤」 is).
        inner = [term for term, known in owners.items() if max(known.values()) > 1]
        for term, row in bonus.items():
            own = row > 0
            for event in inner:
                if event != term and event in term:
                    np.maximum(row, np.where(own, bonus[event], 0.0), out=row)
        return bonus, literal_alternation(bonus)

    @property
    def term_typos(self) -> TermTypos:
        """The reader of homophone typos of the classifier's terms, applied before guessing."""
        return self._typos

    @classmethod
    def filing(cls, items: Sequence[Item], analyzer: Analyzer | None = None) -> CategoryClassifier:
        """Return the classifier consultations are filed with, trained on ``items``.

        The rules fused with the packaged learned category model. The one way it is built:
        the bot's intake (``KnowledgeBase.classifier``) and the command line (:meth:`load`)
        file the same category for the same words.
        """
        return cls(items, analyzer=analyzer, learned=load_category_model())

    @classmethod
    def load(cls, directory: Path | None = None) -> CategoryClassifier:
        """Return :meth:`filing` on the items in ``directory`` (the packaged ones by default)."""
        from knowledge.base import DEFAULT_ITEMS_DIR  # the base imports this module

        folder = directory or DEFAULT_ITEMS_DIR
        return cls.filing(load_items(folder, require_topics=folder == DEFAULT_ITEMS_DIR))

    def _canonical(self, texts: Sequence[str]) -> list[str]:
        return [" ".join(filter(None, parts)) for parts in self._canonical_parts(texts)]

    def _canonical_parts(self, texts: Sequence[str]) -> list[tuple[str, str]]:
        """Return the canonical words of each of ``texts`` and, apart, their expansions.

        Stripped before normalizing, and after: dialect may turn into help-seeking words
        (「咋弄」: 怎么办), and so may the synonyms normalizing appends (「人工」 brings in
        「法律顾问 人工服务」). The resident's own words are told apart before the second strip,
        which may cut them in several.
        """
        canonical = self.analyzer.normalize_many([strip_help_seeking(text) for text in texts])
        parts = [text.partition(" ") for text in canonical]
        return [
            (
                " ".join(strip_help_seeking(words).split()),
                " ".join(strip_help_seeking(more).split()),
            )
            for words, _, more in parts
        ]

    def guess(self, text: str) -> CategoryGuess:
        """Return the likely category of ``text`` with the model's probability and evidence."""
        return self.guess_many([text])[0]

    def guess_many(self, texts: Sequence[str]) -> list[CategoryGuess]:
        """Return :meth:`guess` of each of ``texts``, normalizing them in one batch.

        A story its resident calls settled (「这事早就了结了」) is not the matter: what follows
        it decides (「现在公司要扣我的奖金」), when it names a matter of its own.
        """
        guesses = self._guess_plain([undenied(self._typos.fix(simplified(t))) for t in texts])
        asked = [(n, rest) for n, text in enumerate(texts) if (rest := after_settled(text))]
        if asked:
            later = self._guess_plain(
                [undenied(self._typos.fix(simplified(rest))) for _, rest in asked]
            )
            for (n, _), guess in zip(asked, later, strict=True):
                if guess.category != FALLBACK_CATEGORY:
                    guesses[n] = replace(guess, grounded=True)
        if self._learned is not None:
            guesses = [self._fused(text, guess) for text, guess in zip(texts, guesses, strict=True)]
        return guesses

    def _fused(self, text: str, guess: CategoryGuess) -> CategoryGuess:
        """Return ``guess``, or the learned model's category when ``FUSION`` lets it decide."""
        assert self._learned is not None
        probabilities = self._learned.probabilities(self.model_clauses(text))
        category = FUSION.join(
            guess.category, guess.probability, probabilities, grounded=guess.grounded
        )
        if category == guess.category:
            return guess
        return CategoryGuess(category, round(probabilities[category], 4), guess.evidence)

    def _guess_plain(self, plain: Sequence[str]) -> list[CategoryGuess]:
        """Return the guess of each of ``plain`` (simplified, typos fixed, denials dropped)."""
        whole = self._canonical_parts(plain)
        # Whose violence it is is read sentence by sentence: a relative named in the sentence
        # after a threat (「……说改天找人收拾我。我老婆让我问问」) is not who made it. A text of one
        # sentence is read as it is.
        sentences = [[s for s in _SENTENCE_END.split(text) if s.strip()] for text in plain]
        several = [parts if len(parts) > 1 else [] for parts in sentences]
        canonical = iter(self._canonical_parts([s for parts in several for s in parts]))
        told = [
            SENTENCE_MARK.join(next(canonical)[0] for _ in parts) if parts else words
            for parts, (words, _) in zip(several, whole, strict=True)
        ]
        return [
            self._guess(words, expansions, text, by_sentence)
            for (words, expansions), text, by_sentence in zip(whole, plain, told, strict=True)
        ]

    def model_clauses(self, text: str) -> list[str]:
        """Return the clauses of ``text`` the learned category model reads (normalized as here)."""
        return clauses_of(undenied(self._typos.fix(simplified(text))))

    def classify(self, text: str) -> str:
        """Return the likely category id of ``text``."""
        return self.guess(text).category

    def _guess(self, text: str, expansions: str, plain: str, told: str) -> CategoryGuess:
        """Guess from the resident's canonical words, their expansions and plain simplified text.

        ``told`` is the canonical words again, sentence by sentence (``SENTENCE_MARK`` between).
        """
        canonical = f"{text} {expansions}"
        grams = _grams(text, expansions)
        columns = np.array(
            [self._vocabulary[gram] for gram in grams if gram in self._vocabulary], dtype=np.intp
        )
        weights = np.array([weight for gram, weight in grams.items() if gram in self._vocabulary])
        weights = weights * self._topicality[columns] if len(columns) else weights
        evidence = float(weights.sum())
        found = np.zeros(len(self.categories))
        if self._term_re is not None:
            for match in self._term_re.finditer(text):
                if not _NEGATED.search(text, 0, match.start()):
                    found = found + self._term_bonus[match.group(0)]
        violence = self._violence_bonus(told)
        # A legal-event word found whole (「假币」) is legal evidence whatever else is named;
        # so is an attack or a threat (「有人拿刀追我」), however few words tell it.
        eventful = bool(found.max() >= _TERM_BONUS * _EVENT_STRENGTH * 2 or violence.any())
        out_of_scope = (
            evidence < _OUT_OF_SCOPE_EVIDENCE
            and not eventful
            and self.analyzer.out_of_scope_terms(canonical)
        )
        if (evidence < _MIN_EVIDENCE and not eventful) or out_of_scope:
            return CategoryGuess(FALLBACK_CATEGORY, 0.0, round(evidence, 2))
        scores = self._log_likelihood[:, columns] @ weights + found + violence
        if violence[self._violence_columns[1]] and self._violence.about_money(told):
            # A stranger's threat of harm over money owed (「讨债的说再不还钱就卸我一条腿」) is
            # the crime, whatever the debt's words around it weigh.
            scores[self._violence_columns[1]] = scores.max() + _VIOLENCE_BONUS
        for column, pattern in self._requirements:
            if pattern.search(plain) is None:
                scores[column] = -np.inf
        if detention_only(plain):
            scores[self._special_groups] = -np.inf
        best = int(np.argmax(scores))
        shifted = np.exp(scores - scores[best])
        probability = float(1.0 / shifted.sum())
        if evidence < _THIN_EVIDENCE and probability < _UNSURE and not eventful:
            return CategoryGuess(FALLBACK_CATEGORY, round(probability, 4), round(evidence, 2))
        grounded = bool(violence[best] > 0)  # whose attack it is chose the category
        return CategoryGuess(
            self.categories[best], round(probability, 4), round(evidence, 2), grounded
        )

    def _violence_bonus(self, text: str) -> npt.NDArray[np.float64]:
        """Return the bonus of an attack or threat in ``text``: family's or a stranger's."""
        bonus = np.zeros(len(self.categories))
        by_family = self._violence.by_family(text)
        if by_family is None:
            return bonus
        if by_family:
            bonus[self._violence_columns[0]] = _VIOLENCE_BONUS
        elif self._violence.by_neighbor(text):
            bonus[self._neighbor_column] = _VIOLENCE_BONUS
        elif self._violence.by_schoolmate(text):
            bonus[self._school_column] = _VIOLENCE_BONUS
        else:
            bonus[self._violence_columns[1]] = _VIOLENCE_BONUS
        return bonus


_SENTENCE_END = re.compile(r"[。！？!?；;\n]+")


def _term_typos(
    spelt: Mapping[str, set[str]],
    vocabulary: Mapping[str, int],
    right: Sequence[tuple[str, str]],
    described: Mapping[str, Sequence[str]],
) -> TermTypos:
    """Return the typo reader of the terms ``spelt`` (each with the categories that list it).

    A pair of characters the training texts hold is spelt right, except the typos the
    labelled descriptions (``described``) were written with: a pair of theirs that stands only
    in a word the segmenter makes up (not in ``right``, the other canonical training texts),
    where it sounds like a term of the description's own category (「他天天家报我」, a family
    matter: 家报 is 家暴). Of another category it is spelt right (「物业费一年一涨」 is no 驿站).
    """
    known = {gram for gram in vocabulary if len(gram) == 2 and not gram.isascii()}
    joined = "\n".join(part for text in right for part in text)
    spelt_right = {joined[n : n + 2] for n in range(len(joined) - 1)}
    doubtful: dict[str, list[str]] = {}  # each description with pairs in doubt, by category
    for category, texts in described.items():
        for text in map(simplified, texts):
            if any(pair not in spelt_right for pair in unknown_pairs([text])):
                doubtful.setdefault(category, []).append(text)
    in_doubt = unknown_pairs(text for texts in doubtful.values() for text in texts)
    in_doubt = {pair for pair in in_doubt if pair not in spelt_right}
    probe = TermTypos(spelt, known - in_doubt)
    typos: set[str] = set()
    for category, texts in doubtful.items():
        for text in texts:
            for span, term in probe.fixes(text):
                if category in spelt[term]:
                    typos.update(span[n : n + 2] for n in range(len(span) - 1))
    return probe.knowing(known - (typos & in_doubt))


def _grams(words: str, expansions: str = "") -> dict[str, float]:
    """Return the weighted n-grams of canonical words and their expansions, each once.

    No n-gram spans a space; an n-gram of the expansions only counts ``_EXPANSION_WEIGHT``.
    """
    grams: dict[str, float] = {}
    for part, strength in ((words, 1.0), (expansions, _EXPANSION_WEIGHT)):
        for token in part.split():
            if token.isascii():
                grams.setdefault(token, strength)
                continue
            for n in _NGRAMS:
                for start in range(len(token) - n + 1):
                    grams.setdefault(token[start : start + n], _WEIGHTS[n] * strength)
    return grams

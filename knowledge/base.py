"""The knowledge base: loaded items, their index, and search with a decision."""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

from knowledge.characters import CharacterModel, DocumentFrequencies
from knowledge.decision import Evidence, Thresholds, decide
from knowledge.features import (
    VALUE_BITS,
    FeatureExtractor,
    Keys,
    Kind,
    Positions,
    feature_key,
    kind_weights,
)
from knowledge.homophones import HomophoneCorrector
from knowledge.index import DOCUMENT_BITS, IndexPart, InvertedIndex, QueryScores
from knowledge.lexicon import Lexicon, load_lexicon
from knowledge.loader import load_items
from knowledge.models import Decision, Item, ScoredItem, SearchResult
from knowledge.normalize import Analyzer
from knowledge.sentences import (
    asking_clause,
    asking_sentence,
    is_focused,
    main_question,
    marked_question,
    scene_clauses,
    scene_sentences,
    without_focus,
)
from knowledge.signals import (
    Signals,
    coverage,
    is_keyword,
    prevalence,
    term_rank,
    word_counts,
)
from knowledge.triage import CategoryClassifier

__all__ = ["DEFAULT_ITEMS_DIR", "KnowledgeBase", "Thresholds"]

DEFAULT_ITEMS_DIR = Path(__file__).resolve().parent / "items"
FALLBACK_CATEGORY = "other"
SCALE_SAMPLE = 2000
"""How many sample questions the typical question weight is measured on."""
BATCH_ITEMS = 50
"""Items normalized and indexed together: enough to amortize each step, few enough that a
batch's intermediate arrays stay in the processor's cache (50 measured fastest of 25-500)."""
PAIRS_PER_PART = 3_000_000
"""About the most (feature, item) pairs an index part holds while it is built, at 8 bytes
each: this bounds the build's peak memory on large knowledge bases."""
RANGE_SAMPLE = 200
"""How many items the key ranges of index parts are chosen from."""
WHY_WORDS = 6
"""How many shared words ``explain`` lists per candidate."""
EVIDENCE_SCALE = 1.5
"""Evidence is measured against this many times the weight of a median sample question."""
SPLIT_ASKED = 0.1
"""A story's answer its main question points to at most this much (against the candidate it
points to most) is split from what is asked (``_split``)..."""
SPLIT_RIVAL = 0.99
"""...where one of the story's leaders is pointed to at least this much..."""
SPLIT_DEPTH = 3
"""...among its first this many candidates."""
AGREED_LEAD = 1.1
"""A story's top leading its runner-up by at least this much, where under the usual lead, is
answered if its main question agrees (``_asked_agrees``): the question points to it..."""
AGREED_ASKED = 0.99
"""...this much or more (first on both of its readings)..."""
AGREED_RIVAL = 0.5
"""...and to the runner-up at most this much."""
MAX_SCENES = 6
"""The most parts of a story (sentences, then clauses: ``scene_clauses``) read apart for the
matters it tells of; each costs a reading as the main question's. No more matters were
offered on the benchmark's sets for reading more (ret19), where a phone user's message typed
with spaces has up to 10."""
SCENE_FLOOR = 0.10
"""The base score from which the matter a story's other sentence points to is offered beside
the answer (``_story_matters``): lower than the suggestion floor, as the sentence pointing to
it is evidence the whole text's score does not count (ret17)."""


@dataclass(frozen=True, slots=True)
class _Entry:
    """What the ranker keeps of an item besides the index: its canonical texts, one per line."""

    text: str
    """The title and sample questions, then the keywords and the title, each once, those
    shorter than two characters left out."""
    questions: int
    """How many lines are the title and sample questions."""

    def lines(self) -> tuple[list[str], list[str]]:
        """Return the title and sample questions, and the keywords."""
        lines = self.text.split("\n")
        return lines[: self.questions], lines[self.questions :]

    def ranked_lines(self) -> _Lines:
        """Return the lines as the ranker reads them (kept for the items met last)."""
        return _ranked_lines(self.text, self.questions)


@dataclass(frozen=True, slots=True)
class _Lines:
    """An entry's lines, split once for the queries that meet it."""

    questions: list[str]
    """The title and sample questions..."""
    keywords: list[str]
    """...the keywords..."""
    sorted_questions: list[str]
    """...the questions with their words sorted (``_token_sorted``)..."""
    keyword_heads: list[tuple[str, bool]]
    """...and each keyword without its expansions (``_keyword_head``; none empty), in order,
    with whether it is ASCII."""


RANKED_LINES = 256
"""How many entries' split lines are kept between queries (every real item; at 10,000 items
a few megabytes at most)."""


@lru_cache(maxsize=RANKED_LINES)
def _ranked_lines(text: str, questions: int) -> _Lines:
    """Return the lines of an entry's canonical text (``_Entry``), split and sorted once."""
    lines = text.split("\n")
    heads = [head for head in map(_keyword_head, lines[questions:]) if head]
    return _Lines(
        questions=lines[:questions],
        keywords=lines[questions:],
        sorted_questions=[_token_sorted(line) for line in lines[:questions]],
        keyword_heads=[(head, head.isascii()) for head in heads],
    )


def _token_sorted(text: str) -> str:
    """Return ``text``'s space-separated words sorted, as ``fuzz.token_sort_ratio`` compares them.

    ``token_sort_ratio(a, b)`` is ``ratio`` of the two texts so sorted: an item's questions are
    sorted once, not again for every query that meets them. Canonical text has no other
    space than single ones between words, so a text without one is a single word.
    """
    if " " not in text:
        return text
    return " ".join(sorted(text.split()))


_sorted_query = lru_cache(maxsize=16)(_token_sorted)
"""``_token_sorted`` of a query's canonical text or asking sentence: once per search, not once
per candidate."""


@dataclass(frozen=True, slots=True)
class _Asking:
    """The parts of a resident's message that ask (``knowledge.sentences``)."""

    sentence: str | None
    """The last sentence that asks, as typed (``None``: the text is one sentence)..."""
    canonical: str
    """...in canonical form ("" for none): a sample question may match it alone."""
    main: str | None
    """The first sentence that asks, as typed: the main matter of a story..."""
    main_canonical: str
    """...in canonical form ("" for none)."""
    scope: str
    """Where an out-of-scope subject vetoes: the main question and the asking sentence of a
    story, else the clause that asks in a long sentence ("" for the whole text), so that a
    story's incidental 外卖 or 下雨 does not; the whole asking sentence, as its subject may
    stand clauses before the clause that asks (「…想收养她家小的，收养手续咋办，要去民政局吗，要不要
    公证」, ret19). The main question too (s31): 「…逾期交房的违约金怎么算？我能不能要求退房？」
    asks first about the late flat, out of scope, and then about what reads as a rental."""


@dataclass(frozen=True, slots=True)
class _Ranking:
    """One text's candidates, ranked and decided on (the whole message, or its marked question)."""

    normalized: str
    asks: _Asking
    words: list[tuple[str, float]]
    ranked: list[tuple[int, Signals]]
    """The index's top candidates with their signals, best first."""
    scored: list[ScoredItem]
    """The same candidates with their combined scores."""
    evidence: Evidence
    decision: Decision
    rule: str
    """The decision rule that decided."""


@dataclass(frozen=True, slots=True)
class _Trace:
    """What one search measured, from which ``explain`` says why it decided so."""

    text: str
    """The message with its homophone typos fixed."""
    story: _Ranking
    """The whole message's ranking."""
    marked: str | None = None
    """The question the message marks as the main one (``marked_question``)..."""
    alone: _Ranking | None = None
    """...its ranking read on its own..."""
    decided_alone: bool = False
    """...and whether that ranking decided the answer."""
    unmarked: bool = False
    """Whether ``alone`` read the story's asking sentence, which marks nothing
    (``_asked_decides``)."""

    @property
    def chosen(self) -> _Ranking:
        """The ranking that decided: the question read alone where it did, else the story."""
        return self.alone if self.alone is not None and self.decided_alone else self.story


def _asked_first(story: _Ranking, at: int) -> _Ranking:
    """Return ``story`` answering its candidate at ``at``, the matter its main question asks."""
    ranked = [story.ranked[at], *story.ranked[:at], *story.ranked[at + 1 :]]
    scored = [story.scored[at], *story.scored[:at], *story.scored[at + 1 :]]
    rule = f"{story.rule}, but the main question points to another candidate: that one answered"
    return dataclasses.replace(story, ranked=ranked, scored=scored, rule=rule)


class KnowledgeBase:
    """Items plus an index over their titles, keywords and sample questions."""

    def __init__(
        self,
        items: Sequence[Item],
        *,
        lexicon: Lexicon | None = None,
        thresholds: Thresholds | None = None,
    ) -> None:
        """Index ``items``.

        Args:
            items: The knowledge items (already validated).
            lexicon: Retrieval lexicon; the packaged one by default.
            thresholds: Decision thresholds; the measured defaults by default.
        """
        self.items = tuple(items)
        self.thresholds = thresholds or Thresholds()
        self._by_id = {item.id: item for item in self.items}
        lexicon = lexicon or load_lexicon()
        self.analyzer = Analyzer(lexicon)
        self.features = FeatureExtractor(
            lexicon, user_words=[w for item in self.items for w in (item.title, *item.keywords)]
        )
        self._entries: list[_Entry] = []
        self._frequencies = DocumentFrequencies()
        self.index = InvertedIndex(self._index_parts(), size=len(self.items))
        self.model = CharacterModel(self._frequencies, self.index)
        del self._frequencies
        self._evidence_scale = EVIDENCE_SCALE * self._median_question_weight()
        self._average_length = sum(len(e.text) for e in self._entries) / max(1, len(self._entries))
        self.corrector = HomophoneCorrector(
            self.index,
            self.features,
            function_characters=frozenset(w for w in lexicon.stopwords if len(w) == 1),
        )

    def _index_parts(self) -> Iterator[IndexPart]:
        """Yield the index's parts in key order: one kind of feature, or a key range of one.

        Word features come first, found while the items are normalized. The other kinds are
        then computed again from the kept canonical texts, once per part, so that no part
        holds much more than ``PAIRS_PER_PART`` (feature, item) pairs.
        """
        texts = sum(
            len(item.title) + sum(map(len, item.questions)) + sum(map(len, item.keywords))
            for item in self.items
        )
        # A word takes two characters or more; expansions rarely double a text.
        yield IndexPart(self._normalized_batches(), pairs_hint=texts)
        # Each character starts at most one feature of each remaining kind.
        characters = sum(len(entry.text) for entry in self._entries)
        slices = max(1, round(characters / PAIRS_PER_PART))
        for kind in (Kind.BIGRAM, Kind.PINYIN):
            for low, high in self._key_ranges(kind, slices):
                hint = characters if slices == 1 else 2 * characters // slices
                yield IndexPart(self._entry_batches(kind, low, high), pairs_hint=hint)
        yield IndexPart(self._entry_batches(Kind.LATIN), pairs_hint=characters // 2)

    def _key_ranges(self, kind: Kind, slices: int) -> list[tuple[int, int]]:
        """Split the keys of ``kind`` into ``slices`` ranges holding about as many pairs each."""
        low, high = int(kind) << VALUE_BITS, (int(kind) + 1) << VALUE_BITS
        if slices == 1:
            return [(low, high)]
        step = max(1, len(self._entries) // RANGE_SAMPLE)
        sample = [entry.text for entry in self._entries[::step]]
        keys = np.sort(self.features.document_keys(sample, [kind])[0])
        if not len(keys):
            return [(low, high)]
        cuts = keys[(np.arange(1, slices) * len(keys)) // slices].tolist()
        bounds = sorted({low, high, *cuts})
        return list(itertools.pairwise(bounds))

    def _normalized_batches(self) -> Iterator[tuple[Keys, Positions]]:
        """Normalize the items batch by batch, keep their entries and yield their word features."""
        for first in range(0, len(self.items), BATCH_ITEMS):
            batch = self.items[first : first + BATCH_ITEMS]
            texts = [text for item in batch for text in (item.title, *item.questions)]
            texts += [text for item in batch for text in item.keywords]
            normalized = self.analyzer.normalize_many(texts)
            at, keyword_at = 0, sum(1 + len(item.questions) for item in batch)
            documents = []
            for item in batch:  # sliced: cheaper than a next() per text
                item_questions = normalized[at : at + 1 + len(item.questions)]
                keywords = normalized[keyword_at : keyword_at + len(item.keywords)]
                at += len(item_questions)
                keyword_at += len(keywords)
                kept = [k for k in dict.fromkeys([*keywords, item_questions[0]]) if len(k) >= 2]
                entry = _Entry(
                    text="\n".join([*item_questions, *kept]), questions=len(item_questions)
                )
                self._entries.append(entry)
                documents.append(entry.text)
            self._frequencies.add(documents)
            keys, positions = self.features.document_keys(documents, [Kind.WORD])
            yield keys, positions + first

    def _entry_batches(
        self, kind: Kind, low: int = 0, high: int | None = None
    ) -> Iterator[tuple[Keys, Positions]]:
        """Yield the features of one kind of the kept entries, batch by batch.

        With ``high``, only the keys from ``low`` up to ``high`` (excluded).
        """
        for first in range(0, len(self._entries), BATCH_ITEMS):
            documents = [entry.text for entry in self._entries[first : first + BATCH_ITEMS]]
            within = None if high is None else (low, high)
            keys, positions = self.features.document_keys(documents, [kind], within=within)
            yield keys, positions + first

    def _median_question_weight(self) -> float:
        """Return the index weight of a median sample question (1 for an empty index)."""
        every_question = (q for entry in self._entries for q in entry.lines()[0])
        sample = list(itertools.islice(every_question, SCALE_SAMPLE))
        if not sample:
            return 1.0
        keys, positions = self.features.document_keys(sample)
        shift = np.uint64(DOCUMENT_BITS)
        pairs = np.unique((keys << shift) | positions.astype(np.uint64))  # each feature once
        unique_keys, where = np.unique(pairs >> shift, return_inverse=True)
        weights, _ = self.index.weigh(unique_keys, kind_weights(unique_keys))
        owners = (pairs & np.uint64((1 << DOCUMENT_BITS) - 1)).astype(np.intp)
        per_question = np.bincount(owners, weights[where], len(sample))
        return float(np.sort(per_question)[len(sample) // 2])

    @classmethod
    def load(cls, directory: Path = DEFAULT_ITEMS_DIR, **kwargs: object) -> KnowledgeBase:
        """Load, check and index the items in ``directory`` (raises ``KnowledgeError``)."""
        items = load_items(directory, require_topics=directory == DEFAULT_ITEMS_DIR)
        return cls(items, **kwargs)  # type: ignore[arg-type]

    @cached_property
    def classifier(self) -> CategoryClassifier:
        """The consultation category classifier trained on these items (built on first use)."""
        return CategoryClassifier.filing(self.items, analyzer=self.analyzer)

    def get(self, item_id: str) -> Item | None:
        """Return the item with ``item_id``, or ``None``."""
        return self._by_id.get(item_id)

    def _corrected(self, text: str) -> tuple[str, str]:
        """Return ``text`` with its homophone typos fixed, and its canonical form.

        Where each typed pair stands as such in ``text``, the fixed text is normalized again,
        so that the fixed words bring their lexicon expansions and the asking sentence is
        fixed too; otherwise only the canonical form is fixed.
        """
        normalized = self.analyzer.normalize(text)
        fixes = self.corrector.fixes(normalized)
        if not fixes:
            return text, normalized
        if all(typed in text for typed, _ in fixes):
            for typed, fixed in fixes:
                text = text.replace(typed, fixed)
            return text, self.analyzer.normalize(text)
        return text, self.corrector.correct(normalized)

    def _asking(self, text: str) -> _Asking:
        """Return the parts of a (corrected) message that ask, as typed and canonical."""
        sentence, main, clause = asking_sentence(text), main_question(text), asking_clause(text)
        # The main question is read without the words that mark it so (我主要想问，…).
        asked = without_focus(main) if main is not None else None
        # One batch: each normalization step runs once for the parts.
        parts = [part for part in dict.fromkeys((sentence, asked, clause)) if part is not None]
        canonical = dict(zip(parts, self.analyzer.normalize_many(parts), strict=True))
        sentence_canonical = canonical[sentence] if sentence is not None else ""
        main_canonical = canonical[asked] if asked is not None else ""
        # Both questions a resident asks, where the main one comes first (s31).
        asked_scope = " ".join(
            dict.fromkeys(part for part in (main_canonical, sentence_canonical) if part)
        )
        return _Asking(
            sentence=sentence,
            canonical=sentence_canonical,
            main=main,
            main_canonical=main_canonical,
            scope=asked_scope or (canonical[clause] if clause is not None else ""),
        )

    def search(self, text: str, limit: int = 3) -> SearchResult:
        """Find the items answering ``text`` and decide what to do.

        Args:
            text: The resident's question, as typed.
            limit: The most candidates to return.

        Returns:
            The decision, up to ``limit`` ranked candidates and the likely category.
        """
        return self._traced(text, limit)[0]

    def search_explained(self, text: str, limit: int = 3) -> tuple[SearchResult, dict[str, object]]:
        """Return ``search(text)`` and ``explain(text)`` from one search."""
        return self._why(*self._traced(text, limit))

    def _traced(self, text: str, limit: int) -> tuple[SearchResult, _Trace]:
        """Search, and keep what the search measured for ``explain``.

        Where the message marks its main question (我最想知道…, ``marked_question``), that
        question is also ranked on its own: a clear answer of it is the answer, as the
        resident has said which matter is asked about, and the whole story supplies the
        matters offered beside it; where that question only agrees with the story's own top,
        a thin lead of it is answered (``_confirms``). A story marking nothing that is only a
        suggestion is decided by its asking sentence read alone where that sentence names
        its matter (``_asked_decides``). Otherwise the whole message decides.
        """
        limits = self.thresholds
        query = text
        text, normalized = self._corrected(text)
        story = self._ranking(text, normalized)
        marked = marked_question(text)
        alone = self._ranking(marked, self.analyzer.normalize(marked)) if marked else None
        decided_alone = alone is not None and self._decides(alone, story)
        unmarked = False
        if alone is None and story.decision is Decision.SUGGEST:
            asked = self._asked_ranking(story)
            if asked is not None and self._asked_decides(asked, story):
                alone, decided_alone, unmarked = asked, True, True
        if alone is not None and not decided_alone and self._confirms(alone, story):
            story = dataclasses.replace(
                story,
                decision=Decision.ANSWER,
                rule=f"{story.rule}, but the marked question alone puts it first too",
            )
        if alone is None and self._asked_agrees(story):
            story = dataclasses.replace(
                story,
                decision=Decision.ANSWER,
                rule=f"{story.rule}, but its main question points to it, not to the runner-up",
            )
        rival = None if decided_alone else self._split(story)
        if rival is not None:
            story = _asked_first(story, rival)
        trace = _Trace(text, story, marked, alone, decided_alone, unmarked)
        chosen = trace.chosen
        answer = chosen.scored[0] if chosen.scored else None
        # The other candidates are the whole story's, the answer taken out.
        others = [c for c in story.scored if answer is None or c.item.id != answer.item.id]
        candidates = tuple([answer, *others] if decided_alone and answer else story.scored)
        candidates = candidates[:limit]
        category = FALLBACK_CATEGORY
        if answer is not None and (
            chosen.decision is not Decision.UNKNOWN
            or (not chosen.evidence.out_of_scope and answer.score >= limits.suggest)
        ):
            category = answer.item.category
        also: tuple[ScoredItem, ...] = ()
        if chosen.decision is Decision.ANSWER and answer is not None:
            also = self._also(text, story, answer.item.id, limit)
        result = SearchResult(
            query=query,
            decision=chosen.decision,
            candidates=candidates,
            category=category,
            also=also,
        )
        return result, trace

    def _asked_agrees(self, story: _Ranking) -> bool:
        """Return whether a story's main question settles a thin lead of its top.

        The top has the evidence to be answered, and a lead of at least ``AGREED_LEAD``
        though under the usual one; its main question read alone (``Signals.asked``) puts it
        first on both readings, and points to the runner-up at most ``AGREED_RIVAL``:
        「…罚了我五千块。执法的人就亮了下证件…这个罚款决定我不服，想申请复议，该找哪个机关？」
        tells of the penalty and asks about reconsideration. Two readings agree on the matter
        asked about, as the term rank's agreement lets a sure top answer on a smaller lead.
        """
        if story.decision is not Decision.SUGGEST or len(story.ranked) < 2:
            return False
        if story.asks.main is None or story.evidence.out_of_scope:
            return False
        limits = self.thresholds
        floor = limits.corroborated if story.evidence.corroborated else limits.answer
        top, runner_up = story.scored[0].score, story.scored[1].score
        if story.evidence.base < floor or top < floor or top < AGREED_LEAD * runner_up:
            return False
        return story.ranked[0][1].asked >= AGREED_ASKED and story.ranked[1][1].asked <= AGREED_RIVAL

    @staticmethod
    def _decides(alone: _Ranking, story: _Ranking) -> bool:
        """Return whether a marked question's own ranking decides the answer for its story.

        It must answer, with an item the whole story ranks among its candidates too: a few
        words read alone (能不能申请去外地) may point to an item (legal aid) the story they
        close tells nothing of.
        """
        if alone.decision is not Decision.ANSWER or not alone.scored:
            return False
        answer = alone.scored[0].item.id
        return any(candidate.item.id == answer for candidate in story.scored)

    def _asked_decides(self, asked: _Ranking, story: _Ranking) -> bool:
        """Return whether a story's asking sentence, marked by nothing, decides a near tie.

        A story that dwells on one matter and asks about another (「…合同以后补签，结果一直没
        签。从今年五月开始就没发过工资…这几个月的工资我要怎么要回来？」) may leave the two
        tied. Where the sentence that asks, read alone, is answered on evidence of its own
        (the answer floor without the term rank's help), names the item's matter (one of its
        keywords, or two of its words), and that item is among the story's three leaders
        within the lead of its top, the sentence decides. Not for an item that is a way to
        pursue a matter (``Item.channel``): 「我们能找社区调解吗？」 after a story of a noisy
        neighbour still asks about the neighbour.
        """
        limits = self.thresholds
        if asked.decision is not Decision.ANSWER or not asked.scored or not story.scored:
            return False
        answer = asked.scored[0].item
        doc_id, signals = asked.ranked[0]
        named = _names(signals.keyword, asked.words, self._entries[doc_id].text)
        if answer.channel or asked.evidence.base < limits.answer or not named:
            return False
        return doc_id in self._asked_leaders(story)

    def _asked_leaders(self, story: _Ranking) -> list[int]:
        """Return the story's candidates an asking sentence may decide for (``_asked_decides``).

        Those among its three leaders within the lead of its top that are no channel.
        """
        if not story.scored:
            return []
        top = story.scored[0].score
        return [
            doc_id
            for candidate, (doc_id, _) in zip(story.scored[:3], story.ranked, strict=False)
            if candidate.score * self.thresholds.lead >= top and not candidate.item.channel
        ]

    def _asked_ranking(self, story: _Ranking) -> _Ranking | None:
        """Return the ranking of a story's asking sentence read alone, where it could decide.

        ``None`` where it cannot pass ``_asked_decides``, whose answer must be one of
        ``_asked_leaders`` that the sentence names and among the index's top candidates for
        the sentence: both are checked before those candidates are scored, which is most of
        the cost of a ranking, and most such sentences fail them.
        """
        main, question = story.asks.main, story.asks.main_canonical
        if main is None:
            return None
        words = self._weighted_words(question)
        named = {
            doc_id
            for doc_id in self._asked_leaders(story)
            if _names(
                _keyword_in(self._entries[doc_id].ranked_lines(), question),
                words,
                self._entries[doc_id].text,
            )
        }
        if not named:
            return None
        found = self._found(question)
        if named.isdisjoint(doc_id for doc_id, _ in found.top(self.thresholds.rerank_depth)):
            return None
        return self._ranking(main, question, found)

    def _split(self, story: _Ranking) -> int | None:
        """Return where in its ranking the matter a story's main question asks stands, if split.

        The story's top is answered on the whole text's evidence, yet its main question,
        read alone, barely points to it (``Signals.asked`` at most ``SPLIT_ASKED``) and points
        most to another of its first ``SPLIT_DEPTH`` candidates, one with evidence of its own
        at the answer floor: 「…厂里一直不给一次性伤残补助金。我准备去申请劳动仲裁，要交钱吗？」
        tells of the injury and asks about arbitration. The resident asks about that other
        matter, so it is the answer, and the story's top is offered beside it (ret19; ret17
        offered both as suggestions). ``None`` where the two readings do not split so.
        """
        if story.decision is not Decision.ANSWER or len(story.ranked) < 2:
            return None
        top = story.ranked[0][1]
        if story.asks.main is None or top.asked > SPLIT_ASKED:
            return None
        return next(
            (
                at
                for at, (_, signals) in enumerate(story.ranked[1:SPLIT_DEPTH], start=1)
                if signals.asked >= SPLIT_RIVAL and signals.base >= self.thresholds.answer
            ),
            None,
        )

    def _confirms(self, alone: _Ranking, story: _Ranking) -> bool:
        """Return whether a marked question read alone settles its story's thin lead.

        The story's top has the evidence to be answered but too thin a lead over the matter
        told beside it (「房子的事先放一放，我主要想问的是：我娘的生活费…」: elderly support just
        ahead of inheritance); where the marked question alone, too thinly worded to be
        answered by itself, still puts that same item first, two readings agree on the
        matter the resident names as the main one, and it is answered (ret16).
        """
        if story.decision is not Decision.SUGGEST or not story.scored or not alone.scored:
            return False
        limits = self.thresholds
        floor = limits.corroborated if story.evidence.corroborated else limits.answer
        return (
            story.evidence.base >= floor
            and alone.decision is not Decision.UNKNOWN
            and alone.scored[0].item.id == story.scored[0].item.id
        )

    def _found(self, normalized: str) -> QueryScores:
        """Return what the index matches of a canonical text."""
        keys = self.features.keys(normalized)
        return self.index.score(keys, kind_weights(keys))

    def _ranking(self, text: str, normalized: str, found: QueryScores | None = None) -> _Ranking:
        """Rank the index's candidates for one (corrected) text and decide on them.

        ``found``: what the index matches of ``normalized``, where already looked up.
        """
        limits = self.thresholds
        if found is None:
            found = self._found(normalized)
        asks = self._asking(text)
        # Long messages carry many words unrelated to the question: evidence is measured against
        # the weight of a typical full question, not against everything the resident wrote.
        scale = min(found.total, self._evidence_scale) or 1.0
        words = self._weighted_words(normalized)
        ranked = sorted(
            self._ranked_signals(found.top(limits.rerank_depth), scale, normalized, asks, words),
            key=lambda pair: round(pair[1].score, 4),
            reverse=True,
        )
        scored = [
            ScoredItem(item=self.items[doc_id], score=round(signals.score, 4))
            for doc_id, signals in ranked
        ]
        evidence = self._evidence(normalized, asks.scope, ranked, found.known_share)
        decision, rule = decide([c.score for c in scored], evidence, limits)
        return _Ranking(normalized, asks, words, ranked, scored, evidence, decision, rule)

    def _also(self, text: str, story: _Ranking, answer: str, limit: int) -> tuple[ScoredItem, ...]:
        """Return the other matters the whole story raises, to offer beside the answer ``answer``.

        The story's leading candidates whose base score is at least half its top's, then the
        matter its last question asks about and those its other sentences tell of.
        """
        limits = self.thresholds
        # Measured without the character model, whose posterior is all but certain of
        # one candidate: another matter the question raises keeps its button.
        floor = max(limits.suggest, limits.also_share * story.evidence.base)
        also = tuple(
            candidate
            for candidate, (_, signals) in zip(story.scored[:limit], story.ranked, strict=False)
            if candidate.item.id != answer and signals.base >= floor
        )
        also += self._other_question(story, answer, also)
        return also + self._story_matters(text, story, answer, also)

    def _ranked_signals(
        self,
        top: Sequence[tuple[int, float]],
        scale: float,
        normalized: str,
        asks: _Asking,
        words: Sequence[tuple[str, float]],
    ) -> list[tuple[int, Signals]]:
        """Return the signals of the index's top candidates.

        Term ranks are made relative to the best candidate's, each candidate gets its share
        of the character model's posterior over the candidates, and how much the main
        question of a story points to it.
        """
        measured = [
            (doc_id, self._signals(doc_id, matched / scale, normalized, asks.canonical, words))
            for doc_id, matched in top
        ]
        # A bare keyword gives the character model two or three characters to go on: too
        # little to decide between items that all use it (补偿: land or dismissal).
        shares = (
            [0.0] * len(measured)
            if is_keyword(normalized)
            else self.model.posteriors(
                normalized, [self._entries[doc_id].text for doc_id, _ in measured]
            )
        )
        best = max((signals.terms for _, signals in measured), default=0.0)
        asked = self._asked(asks.main_canonical, [doc_id for doc_id, _ in measured])
        focused = asks.main is not None and is_focused(asks.main)
        return [
            (
                doc_id,
                dataclasses.replace(
                    s,
                    terms=s.terms / best if best > 0 else 1.0,
                    model=share,
                    asked=ask,
                    focused=focused,
                ),
            )
            for (doc_id, s), share, ask in zip(measured, shares, asked, strict=True)
        ]

    def _other_question(
        self, story: _Ranking, answer: str, offered: Sequence[ScoredItem]
    ) -> tuple[ScoredItem, ...]:
        """Return the matter a story's last question asks about, where not answered or offered.

        A resident who asks two things (公司辞退了我… 补偿能拿多少？欠的工资能不能一起要？) is
        answered on the first; the candidate the last question points to most is offered
        beside it.
        """
        asks = story.asks
        if not asks.canonical or asks.sentence == asks.main or len(story.ranked) < 2:
            return ()
        candidate = self._pointed_to(asks.canonical, story, answer, offered)
        return () if candidate is None else (candidate,)

    def _story_matters(
        self, text: str, story: _Ranking, answer: str, offered: Sequence[ScoredItem]
    ) -> tuple[ScoredItem, ...]:
        """Return the matters a story's other sentences point to, where not answered or offered.

        A resident asks about one matter and tells of another on the way (他打人我能报警吗,
        after 我借了同事两万块没还): each sentence besides the main question is read apart as
        the main question is (``_asked``), and the candidate it points to most, where not the
        answer and with evidence of its own at the suggestion floor, is offered beside it.
        """
        scenes = scene_clauses(text)[:MAX_SCENES]
        if not scenes or len(story.ranked) < 2:
            return ()
        if not self._eligible(story, answer, offered, SCENE_FLOOR):
            return ()
        doc_ids = [doc_id for doc_id, _ in story.ranked]
        found: list[ScoredItem] = []
        # Each scene is read against the same candidates: in one pass.
        for shares in self._asked_many(self.analyzer.normalize_many(scenes), doc_ids):
            taken = [*offered, *found]
            candidate = self._most_pointed_to(shares, story, answer, taken, SCENE_FLOOR)
            if candidate is not None:
                found.append(candidate)
        return tuple(found)

    def _eligible(
        self,
        story: _Ranking,
        answer: str,
        offered: Sequence[ScoredItem],
        floor: float | None = None,
    ) -> list[bool]:
        """Return which of the story's candidates may be offered beside the answer ``answer``.

        Those not answered or already offered, with evidence of their own at ``floor`` (the
        suggestion floor by default). Empty where none may be.
        """
        taken = {answer, *(c.item.id for c in offered)}
        least = self.thresholds.suggest if floor is None else floor
        eligible = [
            candidate.item.id not in taken and signals.base >= least
            for candidate, (_, signals) in zip(story.scored, story.ranked, strict=True)
        ]
        return eligible if any(eligible) else []

    def _pointed_to(
        self,
        sentence: str,
        story: _Ranking,
        answer: str,
        offered: Sequence[ScoredItem],
    ) -> ScoredItem | None:
        """Return the story's candidate one sentence read alone (``_asked``) points to most.

        ``None`` when that is the answer ``answer``, is already offered, or lacks evidence of
        its own at the suggestion floor.
        """
        if not self._eligible(story, answer, offered):  # whichever it points to: not offered
            return None
        shares = self._asked(sentence, [doc_id for doc_id, _ in story.ranked])
        return self._most_pointed_to(shares, story, answer, offered)

    def _most_pointed_to(
        self,
        shares: Sequence[float],
        story: _Ranking,
        answer: str,
        offered: Sequence[ScoredItem],
        floor: float | None = None,
    ) -> ScoredItem | None:
        """Return the story's candidate with the most of ``shares``, where eligible to offer.

        ``shares``: how much a sentence read alone points to each candidate (``_asked``).
        """
        eligible = self._eligible(story, answer, offered, floor)
        if not eligible:
            return None
        best = max(range(len(shares)), key=shares.__getitem__)
        return story.scored[best] if eligible[best] else None

    def _asked(self, question: str, doc_ids: Sequence[int]) -> list[float]:
        """Return how much a story's main question points to each candidate, 0-1.

        Two readings of the question alone, each against the candidate it puts first, then
        averaged: the term rank over its words and the character model's posterior. A
        story's early events may outweigh the sentence that asks in the whole text's
        evidence; this brings the matter asked about back to the top.

        Args:
            question: The main question's canonical text ("" for none: every candidate 1).
            doc_ids: The candidates.
        """
        return self._asked_many([question], doc_ids)[0]

    def _asked_many(self, questions: Sequence[str], doc_ids: Sequence[int]) -> list[list[float]]:
        """Return ``_asked(question, doc_ids)`` for each of ``questions``, read in one pass."""
        texts = [self._entries[doc_id].text for doc_id in doc_ids]
        asked = [question for question in questions if question]
        posteriors = iter(self.model.posteriors_many(asked, texts))
        result = []
        weighted = iter(self._weighted_words_many(asked))
        for question in questions:
            if not question:
                result.append([1.0] * len(doc_ids))
                continue
            words = next(weighted)
            ranks = [term_rank(words, text, self._average_length) for text in texts]
            shares = next(posteriors)
            result.append(
                [
                    (_relative(rank, max(ranks, default=0.0)) + _relative(share, max(shares))) / 2
                    for rank, share in zip(ranks, shares, strict=True)
                ]
            )
        return result

    def _signals(
        self,
        doc_id: int,
        evidence: float,
        normalized: str,
        asking: str = "",
        words: Sequence[tuple[str, float]] = (),
    ) -> Signals:
        """Measure index evidence, the fuzzy match to a sample question and keyword hits.

        The fuzzy match is the better of the whole text's and its asking sentence's, each
        compared whole with a sample question (``token_sort_ratio``): a subset match
        (``token_set_ratio``) scored a title line such as 「安全生产」 100 against any long
        question whose words or mapped terms held it, counting again what the keyword
        signal counts. A bare keyword (``is_keyword``) is one word: the lines holding it are
        its likeness, as a subset match says.
        """
        lines = self._entries[doc_id].ranked_lines()
        questions = lines.questions
        # A bare keyword is one word: the lines holding it are its likeness.
        keyword_query = is_keyword(normalized)
        fuzzy = max(
            (
                process.extractOne(
                    query if keyword_query else _sorted_query(query),
                    questions if keyword_query else lines.sorted_questions,
                    scorer=fuzz.token_set_ratio if keyword_query else fuzz.ratio,
                    processor=None,
                    score_cutoff=0,
                )
                for query in dict.fromkeys((normalized, asking))
                if query
            ),
            key=lambda found: found[1] if found is not None else 0.0,
            default=None,
        )
        text = self._entries[doc_id].text
        frequencies = word_counts(words, text)
        return Signals(
            evidence=min(1.0, evidence),
            fuzzy=fuzzy[1] / 100.0 if fuzzy is not None else 0.0,
            question=questions[fuzzy[2]] if fuzzy is not None else "",
            keyword=_keyword_in(lines, normalized),
            prevalence=prevalence(normalized, questions),
            coverage=coverage(words, text, frequencies),
            terms=term_rank(words, text, self._average_length, frequencies),
        )

    def _evidence(
        self,
        normalized: str,
        scope: str,
        ranked: Sequence[tuple[int, Signals]],
        known_share: float,
    ) -> Evidence:
        """Return what the decision reads besides the scores, for the top of ``ranked``.

        In a story, an out-of-scope subject vetoes only where the resident asks about it
        (``scope``: the bait of a fraud may be 炒股). The lower floor of a corroborated answer
        is for texts naming no such subject at all.
        """
        top = ranked[0][1] if ranked else None
        # The term rank's best has the relative rank 1; with no query word in any candidate
        # (coverage 0) every rank is 1 and says nothing.
        agrees = top is not None and top.terms >= 1.0 and top.coverage > 0
        return Evidence(
            base=top.base if top else 0.0,
            known_share=known_share,
            out_of_scope=self.analyzer.out_of_scope_terms(scope or normalized),
            about_the_bot=self.analyzer.about_the_bot_terms(scope or normalized),
            corroborated=agrees and not self.analyzer.out_of_scope_terms(normalized),
        )

    def explain(self, text: str, limit: int = 3) -> dict[str, object]:
        """Return why ``search(text)`` decides as it does, for a maintainer (plain JSON data).

        Returns:
            The asking sentence, the main question (the first that asks, ``asked``), the
            question the resident marks as the main one and searched on its own
            (``marked_question``, or ``None``) and whether that search decided the answer
            (``marked_decided``), the story's other sentences (``scene_sentences``) and the
            matters offered beside an answer (``also``), the rule that decided, and for each
            candidate its signals and the query words it shares with the item, heaviest first.
        """
        return self._why(*self._traced(text, limit))[1]

    def _why(self, result: SearchResult, trace: _Trace) -> tuple[SearchResult, dict[str, object]]:
        """Return ``result`` with the explanation of it drawn from its search's ``trace``."""
        text, story, alone = trace.text, trace.story, trace.alone
        chosen = trace.chosen
        asks, words, evidence = story.asks, story.words, chosen.evidence
        # The answer's signals are those of the ranking that chose it.
        measured = {**dict(story.ranked), **dict(chosen.ranked[:1])}
        candidates = []
        for candidate in result.candidates:
            doc_id = self._doc_ids[candidate.item.id]
            signals = measured[doc_id]
            entry = self._entries[doc_id].text
            candidates.append(
                {
                    "item_id": candidate.item.id,
                    "score": candidate.score,
                    "evidence": round(signals.evidence, 3),
                    "fuzzy": round(signals.fuzzy, 3),
                    "closest_question": signals.question,
                    "keyword": signals.keyword or None,
                    "prevalence": round(signals.prevalence, 3),
                    "coverage": round(signals.coverage, 3),
                    "terms": round(signals.terms, 3),
                    "model": round(signals.model, 3),
                    "asked": round(signals.asked, 3),
                    "shared_words": [word for word, _ in words if word in entry][:WHY_WORDS],
                }
            )
        rule = chosen.rule
        if trace.unmarked:
            rule = f"the asking sentence read alone: {rule}"
        elif trace.decided_alone:
            rule = f"the marked question read alone: {rule}"
        elif alone is not None:
            rule = f"{rule} (the marked question alone: {alone.rule})"
        return result, {
            "asking_sentence": asks.sentence,
            "main_question": asks.main,
            "marked_question": trace.marked,
            "marked_decided": trace.decided_alone and not trace.unmarked,
            "asked_decided": trace.unmarked,
            "scene_sentences": scene_sentences(text),
            "also": [candidate.item.id for candidate in result.also],
            "rule": rule,
            "out_of_scope": list(evidence.out_of_scope),
            "corroborated": evidence.corroborated,
            "candidates": candidates,
        }

    def _weighted_words(self, normalized: str) -> list[tuple[str, float]]:
        """Return the distinct words of a canonical text with their index weight, heaviest first."""
        return self._weighted_words_many([normalized])[0]

    def _weighted_words_many(self, texts: Sequence[str]) -> list[list[tuple[str, float]]]:
        """Return ``_weighted_words(text)`` for each of ``texts``, the index looked up once."""
        stopwords = self.analyzer.lexicon.stopwords
        words = [
            [
                word
                for word in dict.fromkeys(self.features.segment(text))
                if len(word.strip()) >= 2 and word not in stopwords
            ]
            for text in texts
        ]
        every = [word for own in words for word in own]
        if not every:
            return [[] for _ in texts]
        keys = np.array(
            [feature_key(Kind.LATIN if word.isascii() else Kind.WORD, word) for word in every],
            dtype=np.uint64,
        )
        weights = iter(self.index.weigh(keys, kind_weights(keys))[0].tolist())
        return [
            sorted(((word, next(weights)) for word in own), key=lambda pair: -pair[1])
            for own in words
        ]

    @cached_property
    def _doc_ids(self) -> dict[str, int]:
        return {item.id: number for number, item in enumerate(self.items)}


def _keyword_head(line: str) -> str:
    """Return a keyword's canonical line without the lexicon's expansions appended to it.

    A keyword the lexicon expands (12348 → 「12348 12348 热线」, 地界纠纷 → 「地界纠纷 …」) was
    looked for with its expansions, which a query holds only where it ends with the same
    word (until ret15). A latin keyword of several words (legal hotline) is kept whole.
    """
    head, _, rest = line.partition(" ")
    if rest and (not head.isascii() or head.isdigit()):
        return head
    return line


def _keyword_in(lines: _Lines, normalized: str) -> str:
    """Return the longest of an entry's keywords a canonical query holds ("" for none).

    A Chinese keyword counts where the resident typed it, not among the expansions the
    lexicon appends (打疫苗 appends 狗咬, which is no 狗咬 typed).
    """
    padded = f" {normalized} "
    typed = normalized.partition(" ")[0]
    return max(
        (
            head
            for head, ascii in lines.keyword_heads
            if (_holds(padded, head) if ascii else head in typed)
        ),
        key=len,
        default="",
    )


def _names(keyword: str, words: Sequence[tuple[str, float]], entry: str) -> bool:
    """Return whether a sentence names an item's matter: one of its keywords, or two words."""
    return bool(keyword) or sum(word in entry for word, _ in words) >= 2


def _holds(padded: str, keyword: str) -> bool:
    """Return whether the padded canonical query holds a keyword.

    A latin or digit keyword only where no latin letter or digit adjoins it (``fine`` not in
    ``define``; 12348 in 「打12348问问」).
    """
    if not keyword.isascii():
        return keyword in padded
    start = padded.find(keyword)
    while start >= 0:
        before, after = padded[start - 1], padded[start + len(keyword)]
        if not _latin_or_digit(before) and not _latin_or_digit(after):
            return True
        start = padded.find(keyword, start + 1)
    return False


def _latin_or_digit(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _relative(value: float, best: float) -> float:
    """Return ``value`` as a share of ``best`` (1 when ``best`` is not positive)."""
    return value / best if best > 0 else 1.0

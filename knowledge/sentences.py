"""Sentences of a resident's message, and which of them asks the question."""

from __future__ import annotations

import re

__all__ = [
    "asking_clause",
    "asking_sentence",
    "is_focused",
    "main_question",
    "marked_question",
    "scene_clauses",
    "scene_sentences",
    "sentences",
    "without_focus",
]

_SENTENCE_END = re.compile(r"(?<=[。！？!?；;\n])|(?<=\.\s)")
_CLAUSE_END = re.compile(r"(?<=[，,])")
_UNPUNCTUATED_SPACE = re.compile(r"(?<=[\u4e00-\u9fff])[ \t\u3000]+(?=[\u4e00-\u9fff])")
"""Spaces between two Chinese characters: punctuation, in a text that has no marks."""
_ANY_MARK = re.compile(r"[，,。！？!?；;、：:]")
_QUESTION_MARK = re.compile(r"[？?]\s*$")
_UNMARKED_QUESTION = re.compile(r"(?:吗|呢|么|不|没有)\s*$")
"""How a sentence left without an end mark ends when it asks; only the text's last sentence
can end without one."""
_ASKING_WORDS = re.compile(
    r"请问|怎么办|怎么|咋|如何|能不能|能否|可不可以|可以吗|行不行|中不中|要不要|算不算|有没有|是不是"
    r"|多少|多久|多长|哪(?!怕|有)|找谁|什么|啥|吗|不\s*$"
)
_WEAK_ASKING = re.compile(r"什么|啥|怎么")
"""Asking words that also stand in statements (啥也不懂, 怎么分我都认了)."""
_FOCUS_VERB = (
    r"(?:主要|最|先|只|更)(?:是)?"
    r"(?:(?:想|要)?先?(?:问|知道|了解|关心|担心|急|着急|要紧|弄清楚|搞清楚|弄明白|搞明白)"
    r"|想让|(?:想|要)(?:办|解决|处理))"
)
_FOCUS = re.compile(_FOCUS_VERB)
_FOCUS_WORDS = re.compile(
    rf"(?:我|现在|就)*{_FOCUS_VERB}(?:问|一下)?(?:的)?(?:是|就是)?(?:这个|一个)?[，,：:]?"
)
"""Words with which a resident who tells of several matters names the one asked about
(我主要想问…, 最想知道的是…, 先问…, 最急的是…, 最着急的是…, 更关心的是…, 最想先弄清楚…,
最想办的是…, 主要想解决的是…: ret17)."""
MIN_FOCUSED_CHARS = 4
"""Fewer characters after the focus words are not the question (…，这是我最想知道的)."""
_MARKS = " ，,。！？!?；;\n"
MIN_SENTENCES = 2
"""A text of fewer sentences is all question: nothing to weigh apart."""
MIN_CLAUSES = 3
"""A sentence of fewer clauses is all question: its clause that asks is not read apart."""


def sentences(text: str) -> list[str]:
    """Return the non-empty sentences of ``text``, split after Chinese or latin end marks.

    A text typed with spaces for its punctuation (「前天跟邻居吵了一架 他把我车划了 咋办」,
    as many type on a phone) has no marks: there each space between two Chinese characters
    ends a sentence.
    """
    if _UNPUNCTUATED_SPACE.search(text) and not _ANY_MARK.search(text):
        text = _spaced_sentences(text)
    return [part.strip() for part in _SENTENCE_END.split(text) if part.strip(_MARKS)]


MIN_SPACED_SENTENCE = 8
"""A part of a text typed with spaces for punctuation shorter than this many characters
(气死了, 在哪告, 要准备啥证据) is a clause of the part before it, not a sentence of its own."""


def _spaced_sentences(text: str) -> str:
    """Return a text typed with spaces for punctuation with its sentences on lines of their own."""
    lines: list[str] = []
    lead_in = False
    for part in _UNPUNCTUATED_SPACE.split(text):
        if lines and (lead_in or len(part) < MIN_SPACED_SENTENCE):
            lines[-1] += "，" + part
        else:
            lines.append(part)
        # 「我最想知道的是 这工钱咋要」: the focus words lead into the part after them.
        lead_in = len(part) < MIN_SPACED_SENTENCE and _FOCUS_WORDS.fullmatch(part) is not None
    return "\n".join(lines)


def asking_sentence(text: str) -> str | None:
    """Return the sentence of a longer text that asks the question, or ``None``.

    The last sentence ending with a question mark wins; failing that, the last one holding
    an asking word (请问, 怎么办, 能不能, 多少…). A text of one sentence has none apart.
    """
    parts = sentences(text)
    return _first_asking(parts[::-1]) if len(parts) >= MIN_SENTENCES else None


def main_question(text: str) -> str | None:
    """Return the first sentence of a longer text that asks, or ``None``.

    A resident who asks several things asks the main matter first and adds the others after
    (另外…, 还有…): the first sentence ending with a question mark, failing that the first
    holding an asking word. A sentence that names itself the main one (``is_focused``:
    我主要想问…, 先问…) comes before both. A text of one sentence has none apart.
    """
    parts = sentences(text)
    if len(parts) < MIN_SENTENCES:
        return None
    return next((part for part in parts if is_focused(part)), None) or _first_asking(parts)


def is_focused(sentence: str) -> bool:
    """Return whether a sentence says it asks the main matter (我主要想问…, 最急的是…)."""
    return _FOCUS.search(sentence) is not None


def without_focus(sentence: str) -> str:
    """Return what a sentence asks after the words that mark it the main one (我主要想问，…).

    They say which sentence asks, not what about: 主要 or 最急 are rare words in the items,
    and read as the question's words they point to whatever item happens to hold them. What
    comes before them in the sentence is the matter set aside (「物业的事先不说，我主要是想让
    邻居赔…」, 「…还没谈妥，但我更关心的是：…」), so only what follows is kept, where it is
    long enough to ask; otherwise the sentence is kept without the focus words alone.
    """
    found = _FOCUS_WORDS.search(sentence)
    if found is None:
        return sentence
    after = sentence[found.end() :]
    if len(after.strip(_MARKS)) >= MIN_FOCUSED_CHARS:
        return after
    return sentence[: found.start()] + after


def marked_question(text: str) -> str | None:
    """Return the question a story marks as the main one, to be read on its own, or ``None``.

    The first sentence that names itself the main one (``is_focused``), from after its focus
    words (「…还欠着我两个月工钱。我现在最关心的是这工钱怎么要回来？」 → 「这工钱怎么要回来？」),
    where something is told besides it: another sentence, or words before the focus words
    (「…他在外面借了高利贷，我最想问的是…」). ``None`` where no sentence is marked, where too
    little follows the focus words to ask (…，这是我最想知道的), or where the marked question
    is the whole text.
    """
    parts = sentences(text)
    for part in parts:
        found = _FOCUS_WORDS.search(part)
        if found is None:
            continue
        asked = part[found.end() :]
        told = len(parts) >= MIN_SENTENCES or part[: found.start()].strip(_MARKS)
        if len(asked.strip(_MARKS)) < MIN_FOCUSED_CHARS or not told:
            return None
        return asked
    return None


def scene_sentences(text: str) -> list[str]:
    """Return the sentences of a longer text besides its main question (``main_question``).

    In a story they tell what happened, and may name a second matter the resident does not
    ask about first (「…他把我家门口的摄像头砸了。空调外机的事该怎么解决？」). Empty for a text of
    one sentence or one where no sentence asks.
    """
    main = main_question(text)
    if main is None:
        return []
    return [part for part in sentences(text) if part != main]


MIN_SCENE_CLAUSE = 8
"""Characters from which a clause of a story's sentence is read apart (``scene_clauses``)."""


def scene_clauses(text: str) -> list[str]:
    """Return a story's other sentences (``scene_sentences``), then their longer clauses.

    A sentence may tell of two matters (「公司把我辞了，还有三个月工资没结清」): read whole,
    it points to the one the question asks about; its clause 「还有三个月工资没结清」 read
    apart points to the other. Clauses shorter than ``MIN_SCENE_CLAUSE`` characters tell too
    little to point anywhere.
    """
    scenes = scene_sentences(text)
    clauses = [
        clause
        for scene in scenes
        for clause in _CLAUSE_END.split(scene)
        if len(clause.strip(_MARKS)) >= MIN_SCENE_CLAUSE
        and clause.strip(_MARKS) != scene.strip(_MARKS)
    ]
    return [*scenes, *dict.fromkeys(clauses)]


def asking_clause(text: str) -> str | None:
    """Return the end of a long asking sentence: its clause that asks and the one before.

    Read in the asking sentence, or in a text of one sentence, of at least ``MIN_CLAUSES``
    comma-separated clauses: the last clause that ends with a question mark or holds an
    asking word, with the clause before it, where the subject asked about is often named
    (「我想出去旅游，签证怎么办？」). ``None`` for a shorter sentence or where no clause asks.
    In 「俺是跑外卖的，送餐路上叫车撞了，平台说俺不是他们的人不算工伤，咋弄？」 the scene at the
    start is not what the resident asks about.
    """
    sentence = asking_sentence(text) or text
    clauses = [part for part in _CLAUSE_END.split(sentence) if part.strip(_MARKS)]
    if len(clauses) < MIN_CLAUSES:
        return None
    for at in range(len(clauses) - 1, 0, -1):
        if _QUESTION_MARK.search(clauses[at]) or _ASKING_WORDS.search(clauses[at]):
            return clauses[at - 1] + clauses[at]
    return None


def _first_asking(parts: list[str]) -> str | None:
    """Return the first of ``parts`` ending with a question mark, else the first asking one.

    A text's last sentence left without an end mark that ends as a question does (…停门禁吗)
    counts as ending with a question mark: residents often leave the last one off.
    """
    for part in parts:
        if _QUESTION_MARK.search(part) or _UNMARKED_QUESTION.search(part):
            return part
    asking = [part for part in parts if _ASKING_WORDS.search(part)]
    # 啥, 什么, 怎么 also stand in statements (没签过啥, 怎么分我都认了): another asks first.
    return next((part for part in asking if _asks_strongly(part)), None) or (
        asking[0] if asking else None
    )


def _asks_strongly(part: str) -> bool:
    """Return whether ``part`` holds an asking word that does not also stand in statements."""
    return any(not _WEAK_ASKING.fullmatch(found[0]) for found in _ASKING_WORDS.finditer(part))

"""Whose violence a description tells of: the family's, or anyone else's.

An attack on or a threat to the resident (``category-terms.yaml``'s ``violence: acts``, or a
weapon held any way) is the family's matter when a spouse, a partner or a relative does it,
else a criminal one; a threat to get money back is the debt's (``violence: money``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["SENTENCE_MARK", "ViolenceReader", "ViolenceWords"]

SENTENCE_MARK = "。"
"""Where a sentence of the canonical text the reader is given ends."""


@dataclass(frozen=True, slots=True)
class ViolenceWords:
    """Words that say whose violence a description tells of (``category-terms.yaml``)."""

    acts: tuple[str, ...]
    """Attacks on and threats to the resident: 「扬言」「抡起」「让我死」."""
    family: tuple[str, ...] = ()
    """Spouses, former spouses and relatives: their violence is a family matter."""
    money: tuple[str, ...] = ()
    """Money owed: a threat in words only to get it back is the debt's matter, no bonus."""
    verbal: tuple[str, ...] = ()
    """Threats in words only (「威胁」「走着瞧」): beside money owed, the debt's pressure; any
    other act (「卸我一条腿」「对我女儿下手」) is a crime whoever is owed."""
    outsiders: tuple[str, ...] = ()
    """Others who may do it (「债主」「对方」「有人」): nearer the act than a relative, the doer."""
    home: tuple[str, ...] = ()
    """The home and the children sheltered in it (「卧室」「我和女儿」): an unnamed 「他」 doing it
    there is the resident's partner."""
    neighbors: tuple[str, ...] = ()
    """Neighbours (「邻居」「对门」): named nearer before a stranger's act than anyone else, the
    dispute between neighbours is the matter (「邻居拿着铁锹堵在门口，说要劈了我」)."""
    schoolmates: tuple[str, ...] = ()
    """Pupils of one school (「同学」「同桌」): named nearer before the act than anyone else, the
    harm is an injury the school and the parents answer for, no family matter nor a crime."""


class ViolenceReader:
    """Finds an attack or threat in canonical words and tells whether the family did it."""

    def __init__(
        self,
        acts: re.Pattern[str] | None,
        family: re.Pattern[str] | None,
        money: re.Pattern[str] | None,
        negated: re.Pattern[str],
        verbal: re.Pattern[str] | None = None,
        outsiders: re.Pattern[str] | None = None,
        home: re.Pattern[str] | None = None,
        neighbors: re.Pattern[str] | None = None,
        schoolmates: re.Pattern[str] | None = None,
    ) -> None:
        """Read with these patterns of acts, family members, money owed and negations.

        Args:
            acts: Attacks and threats (weapons held are found besides).
            family: Spouses, partners, relatives and whoever shares the home.
            money: Money owed: a threat to get it back is no violence.
            negated: A negation that, right before an act, cancels it.
            verbal: Threats in words only, no violence beside money owed.
            outsiders: Others who may be the doer, when nearer the act than a relative.
            home: The home and the children in it, where an unnamed 「他」 is the partner.
            neighbors: Neighbours, whose attack is a dispute between neighbours.
            schoolmates: Pupils, whose harm to a pupil is an injury to compensate.
        """
        self._acts, self._family, self._money, self._negated = acts, family, money, negated
        self._verbal, self._outsiders, self._home = verbal, outsiders, home
        self._neighbors, self._schoolmates = neighbors, schoolmates

    def about_money(self, text: str) -> bool:
        """Tell whether ``text`` speaks of money owed (「讨债」「还钱」)."""
        return self._money is not None and self._money.search(text) is not None

    def by_family(self, text: str) -> bool | None:
        """Return whether the family did the attack in ``text`` (``None``: no attack).

        An act told by the injury it left (「被人打伤」「砍伤」) is an injury to compensate,
        not an attack here.
        """
        acts = self._attacks(text)
        if not acts:
            return None
        doer = _whose(text, acts[0].start())
        if doer is text:  # no agent named: the doer is told by the sentence of the harm
            end = text.find(SENTENCE_MARK, acts[-1].end())
            doer = text if end < 0 else text[:end]
        family = [*self._family.finditer(doer)] if self._family is not None else []
        # 「我丈夫的前妻」: the husband owns the doer, who is no relative of the resident.
        owners = {m.end() for m in family if any(n.start() == m.end() + 1 for n in family)}
        family = [
            m
            for m in family
            if not doer.startswith(_PASSIVE, m.end())
            and not (m.end() in owners and doer.startswith("的", m.end()))
            and not _not_the_doer(doer, m.start())
        ]
        if not family:
            return self._partner_at_home(text, acts[0].start())
        return not self._outsider_nearer(doer, family, acts[0].start())

    def by_neighbor(self, text: str) -> bool:
        """Tell whether a neighbour, not the family, did the attack in ``text``.

        The neighbour is named before the first act and no outsider nearer it: 「邻居说今晚要放火」
        is a dispute between neighbours, 「对门那个人拿着菜刀」 a stranger's crime.
        """
        return self._named_nearest(text, self._neighbors, _NOT_NEIGHBORS)

    def by_schoolmate(self, text: str) -> bool:
        """Tell whether a schoolmate, not the family, did the attack in ``text``.

        「孩子在学校被同学打了」: the pupil is named before the act and no outsider nearer it.
        """
        return self._named_nearest(text, self._schoolmates, ())

    def _named_nearest(
        self, text: str, doers: re.Pattern[str] | None, not_them: tuple[str, ...]
    ) -> bool:
        """Tell whether one of ``doers``, not the family nor an outsider, did the first act.

        One of them is named before it (not followed by one of ``not_them``) and no outsider
        after the last of them.
        """
        acts = self._attacks(text)
        if not acts or doers is None or self.by_family(text) is not False:
            return False
        act = acts[0].start()
        near = [m.end() for m in doers.finditer(text, 0, act)]
        near = [end for end in near if not text.startswith(not_them, end)]
        if not near:
            return False
        others = self._outsiders.finditer(text, 0, act) if self._outsiders is not None else ()
        return all(m.end() <= max(near) for m in others)

    def _attacks(self, text: str) -> list[re.Match[str]]:
        """Return the attacks and threats in ``text``, in order, neither denied nor injuries.

        Beside money owed, threats in words only are the debt's pressure: no attack.
        """
        found = [*self._acts.finditer(text)] if self._acts is not None else []
        acts = [
            m
            for m in sorted(
                [*found, *_ARMED.finditer(text), *_BLOWS.finditer(text)], key=lambda m: m.start()
            )
            if not self._negated.search(text, 0, m.start()) and not text.startswith("伤", m.end())
        ]
        if acts and self.about_money(text):
            verbal = self._verbal
            acts = [m for m in acts if verbal is not None and not verbal.fullmatch(m.group(0))]
        return acts

    def _partner_at_home(self, text: str, act: int) -> bool:
        """Tell whether an unnamed 「他」 does it at home (「他说要弄死我，我和儿子锁了卧室门」).

        Nobody else is named before the act; the resident tells of the home or the children
        sheltered in it.
        """
        if self._home is None or "他" not in text[:act]:
            return False
        if self._outsiders is not None and self._outsiders.search(text, 0, act):
            return False
        return self._home.search(text) is not None

    def _outsider_nearer(self, text: str, family: list[re.Match[str]], act: int) -> bool:
        """Tell whether an outsider is named nearer before the act than any relative.

        「我老公欠了钱，债主说要打断他的腿」: the creditor, not the husband, threatens.
        """
        if self._outsiders is None:
            return False
        before = [m.end() for m in self._outsiders.finditer(text, 0, act)]
        kin = [m.end() for m in family if m.end() <= act]
        return bool(before) and (not kin or max(before) > max(kin))


_ARMED = re.compile(
    r"(?:拿|提|拎|举|握|挥|抄|抡|持)(?:着|起|了)?(?:一把|把|根|一根)?"
    r"(?:菜刀|刀子|砍刀|刀|棍子|棍|棒子|铁棍|斧头|斧子|锤子|砖头|酒瓶|铁锹|锄头|剪刀|枪)"
)
"""Someone armed (「提着刀」「抄起一根铁棍」), in any of the ways a weapon is held."""

_BLOWS = re.compile(r"打(?:了)?(?:我|俺)(?!电话|手机|的电话|微信|一个电话|个电话)")
"""Blows to the resident (「有人打我」), not calls (「天天打我电话」)."""

_AGENT = re.compile(r"(?:被|叫)(?!人)([^被叫]{1,7})$")
"""The agent of a passive right before an act (「被她男朋友打得住院」: 她男朋友)."""
_PASSIVE = ("被", "叫")
_PRONOUNS = frozenset({"我", "我们", "你", "你们", "他", "她", "他们", "她们", "它"})


def _not_the_doer(text: str, start: int) -> bool:
    """Tell whether the family word at ``start`` is another's relative or the one threatened.

    「我丈夫的前妻」: the former wife is the husband's, not the resident's family;
    「对我女儿下手」「冲我妈吼」: the daughter and the mother are threatened; 「我一个老婆子」:
    the resident tells who she is.
    """
    before = text[max(0, start - 2) : start]
    if text.startswith(_COMING_HOME, start) and before.endswith(_KEPT_FROM_HOME):
        return True
    if before.endswith("一个"):  # 「俺一个老婆子」: the resident herself
        return True
    if before.endswith("的"):
        return before[0] not in "我俺家们"  # 「我的」「我家的」 are the resident's own
    if before.endswith(_OBJECT_MARKS):  # 「对女儿」
        return True
    return before.startswith(_OBJECT_MARKS) and before[1] in "我俺"  # 「对我女儿」


_OBJECT_MARKS = ("对", "朝", "冲", "把")
_COMING_HOME = ("回来", "回家")
_KEPT_FROM_HOME = ("电话", "想", "让", "许", "准", "能")
"""Before 回来, 回家: a call home or a way home barred (「打电话回来」「别想回家」), nobody coming
home to do it."""
_NOT_NEIGHBORS = ("摊", "店", "的摊", "的店", "县", "村")
"""A neighbour's stall, shop or county (「隔壁摊的老板」) is not the neighbour."""


def _whose(text: str, act: int) -> str:
    """Return where to look for the one who did the act starting at ``act`` in ``text``.

    A passive names its agent (「我女儿被她男朋友打得住院了」: the boyfriend, not the daughter):
    then only the agent; a pronoun (「被他打」) or no passive leaves the whole text, where the
    subject of a passive is who was harmed (「我妈被人骗到传销窝点关着」), not who did it.
    """
    agent = _AGENT.search(text, max(0, act - 8), act)
    if agent is None or agent.group(1) in _PRONOUNS:
        return text
    return agent.group(1)

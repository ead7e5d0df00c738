"""Figures a passage reports: civilians killed and injured, drones and missiles launched
and intercepted, prisoners exchanged, people without power, settlements captured.

Per sentence: find the numbers, the noun each counts ("653 drones", "two people", or
one shared with its neighbour: "two people died and seven were injured") and the event
that governs it, read first from a verb right before it ("shot down 585"), then from one
right after it ("were killed"), then from the nearest compatible verb before it across
a plain list ("launched 653 drones and 51 missiles"). Vague amounts ("dozens") and
sub-counts ("including four children") are skipped: precision over recall.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from app.pipeline.numbers import Number, Qualifier, find_numbers
from app.pipeline.sentences import sentence_spans

FigureKind = Literal[
    "civilians_killed",
    "civilians_injured",
    "drones_launched",
    "drones_intercepted",
    "missiles_launched",
    "missiles_intercepted",
    "prisoners_exchanged",
    "without_power",
    "settlements_captured",
]
FIGURE_KINDS: tuple[FigureKind, ...] = (
    "civilians_killed",
    "civilians_injured",
    "drones_launched",
    "drones_intercepted",
    "missiles_launched",
    "missiles_intercepted",
    "prisoners_exchanged",
    "without_power",
    "settlements_captured",
)


@dataclass(frozen=True, slots=True)
class Figure:
    kind: FigureKind
    value: int
    qualifier: Qualifier  # "at least 12" → at_least
    start: int  # the number's span in the passage
    end: int
    surface: str
    unit: str | None = None  # without_power: people, households or consumers
    sentence: int = 0  # index of its sentence in the passage, for attribution


# --- nouns: what a number counts ---------------------------------------------------------

Noun = Literal["drone", "missile", "person", "soldier", "prisoner", "household", "settlement"]

_NOUNS: dict[str, Noun] = {}
for _noun, _words in {
    "drone": "drone drones uav uavs shahed shaheds geran gerans geran-2s unmanned "
    "quadcopters",
    "missile": "missile missiles",
    "person": "people persons person civilians civilian residents resident children child "
    "women woman men man others inhabitants passengers workers worker employees teenagers "
    "teenager boys boy girls girl infants infant babies baby rescuers medics journalists "
    "pensioners citizens victims adults minors firefighters paramedics deaths dead",
    "soldier": "soldiers soldier troops servicemen serviceman servicemembers "
    "servicemember personnel fighters militants marines paratroopers defenders combatants "
    "conscripts mercenaries",
    "prisoner": "prisoners prisoner pows pow captives captive detainees",
    "household": "households household homes consumers customers subscribers families "
    "apartments",
    "settlement": "settlements settlement villages village towns localities hamlets",
}.items():
    for _w in _words.split():
        _NOUNS[_w] = _noun  # type: ignore[assignment]

# Words that may stand between a number and its noun ("585 Shahed-type attack drones").
_MODIFIERS = frozenset(
    """more other additional further ukrainian russian civilian long-range attack strike
    combat kamikaze shahed shahed-type iranian-designed iranian-made ballistic cruise
    hypersonic kinzhal iskander iskander-m kalibr decoy enemy air-launched guided
    jet-powered jet unmanned aerial vehicles of war local innocent young elderly small
    air sea-launched sea-based ground-launched anti-aircraft guided interceptor types type
    various different heavy imitation dummy gerbera gerberas zircon oniks kh-101 kh-22
    kh-59 kh-31 kh-69 s-300 s-400 north korean-made and-a-half killed injured wounded""".split()
)
_UNIT_WORDS = frozenset(
    """km kilometres kilometers miles metres meters hours days weeks months years percent
    square sq tonnes tons barrels mw gw megawatts dollars euros hryvnias roubles rubles
    per times brigades brigade regiments divisions battalions km2 hectares""".split()
)

# --- events: what happened to them --------------------------------------------------------

Event = Literal["launch", "intercept", "kill", "injure", "exchange", "power", "capture"]

_EVENT_RE = re.compile(
    r"(?P<intercept>\b(?:intercepted|intercepting|intercepts|intercept|shot\s+down|shooting\s+down|"
    r"shoot\s+down|downed|downing|neutrali[sz]ed|suppressed|destroyed|repelled|brought\s+down|"
    r"taken\s+down|jammed|were\s+lost\s+(?:locally|to\s+electronic\s+warfare))\b)"
    r"|(?P<launch>\b(?:launched|launching|launches|launch|fired|firing|sent|unleashed|"
    r"deployed|hurled|used|attacked\s+(?:\w+\s+){0,3}?with|struck\s+(?:\w+\s+){0,3}?with|"
    r"attack\s+(?:involving|with|using)|barrage\s+of|salvo\s+of|wave\s+of)\b)"
    r"|(?P<kill>\b(?:killed|killing|kills|dead|died|deaths?|death\s+toll|toll|fatalities|"
    r"perished|lost\s+their\s+lives|slain|bodies)\b)"
    r"|(?P<injure>\b(?:injured|injuring|injuries|wounded|wounding|hurt|hospitali[sz]ed)\b)"
    r"|(?P<exchange>\b(?:exchanged|exchange|exchanges|swapped|swap|swaps|returned|freed|"
    r"released|repatriated|brought\s+(?:back\s+)?home|came\s+home|come\s+home)\b)"
    r"|(?P<power>\b(?:without\s+(?:power|electricity|light|heating|heat|energy\s+supply)|"
    r"lost\s+(?:power|electricity)|(?:cut|cutting|knocked\s+out|disrupted)\s+(?:off\s+)?"
    r"(?:power|electricity)(?:\s+supplies?)?\s+(?:to|for)|de-?energi[sz]ed|"
    r"(?:power|electricity)\s+(?:outages?|cuts?|blackouts?)\s+(?:affecting|hit|hitting|"
    r"left|for)|blackouts?\s+(?:affecting|hit|hitting|left))\b)"
    r"|(?P<capture>\b(?:captured|capturing|capture|seized|seizing|seize|took\s+control\s+of|"
    r"taken\s+control\s+of|gained\s+control\s+of|occupied|liberated|liberating|liberation\s+of|"
    r"capture\s+of|seizure\s+of|took|taken)\b)",
    re.I,
)

_COMPATIBLE: dict[Event, frozenset[Noun | None]] = {
    "launch": frozenset({"drone", "missile"}),
    "intercept": frozenset({"drone", "missile"}),
    "kill": frozenset({"person", None}),
    "injure": frozenset({"person", None}),
    "exchange": frozenset({"prisoner", "soldier", "person"}),
    "power": frozenset({"household", "person", None}),
    "capture": frozenset({"settlement"}),
}
_KIND: dict[tuple[Event, Noun | None], FigureKind] = {
    ("launch", "drone"): "drones_launched",
    ("launch", "missile"): "missiles_launched",
    ("intercept", "drone"): "drones_intercepted",
    ("intercept", "missile"): "missiles_intercepted",
    ("kill", "person"): "civilians_killed",
    ("kill", None): "civilians_killed",
    ("injure", "person"): "civilians_injured",
    ("injure", None): "civilians_injured",
    ("exchange", "prisoner"): "prisoners_exchanged",
    ("exchange", "soldier"): "prisoners_exchanged",
    ("exchange", "person"): "prisoners_exchanged",
    ("power", "household"): "without_power",
    ("power", "person"): "without_power",
    ("power", None): "without_power",
    ("capture", "settlement"): "settlements_captured",
}

# Words a verb can reach a number across: "launched a total of 653", "killed at least 3".
_LEFT_GAP = frozenset(
    """a an the total of another further additional overall combined altogether
    overnight all some""".split()
)
# Words between a noun phrase and its verb: "were shot down", "of which were intercepted".
_RIGHT_GAP = frozenset(
    """were was are is have has had been be being reportedly also later subsequently
    of which them these those whom all overnight then in total altogether both were
    reported confirmed officially initially left remain remained remaining still
    currently now""".split()
)
# A list a verb carries over: "launched 653 drones and 51 missiles" (not across a comma
# followed by a number: "Of the 120 drones, 102 were shot down").
_LIST_WORDS = frozenset({"and", "as", "well", "plus", "along", "with", "or"})

_SUBCOUNT_BEFORE = re.compile(
    r"(?:including|among\s+them|among\s+whom|of\s+whom|among\s+the\s+(?:dead|injured|wounded|"
    r"victims))\s+(?:\w+\s+)?$",
    re.I,
)
_EXCHANGE_CONTEXT = re.compile(r"exchang|swap|captiv|prisoner|\bPOWs?\b", re.I)
_MILITARY_CONTEXT = re.compile(
    r"\b(?:soldiers|troops|servicem[ae]n|servicemembers|personnel|fighters|militants|"
    r"combatants|casualties\s+among)\b",
    re.I,
)
_TOKEN = re.compile(r"[A-Za-z][\w'’-]*|\d[\d,.]*|[,;:()—–]")
_TOLL_GAP = re.compile(
    r"\s*(?:has\s+|had\s+|now\s+)?(?:rose|risen|climbed|increased|grew|reached|stands\s+at|"
    r"stood\s+at|hit|is|was|of)?\s*(?:to\s+)?",
    re.I,
)
_SUBSET_OF = re.compile(r"\s+of\s+(?:the\s+)?$", re.I)  # "102 of [the] 120 drones"
_OF_ANTECEDENT = re.compile(r"\s*of\s+(?:them|these|those|which|it)\b", re.I)


def _tokens(s: str) -> list[str]:
    return _TOKEN.findall(s)


def _noun_after(text: str, num: Number, limit: int) -> tuple[Noun | None, int, bool]:
    """The noun a number counts, where its phrase ends, and whether it is a unit (km…)."""
    pos = num.end
    m = _OF_ANTECEDENT.match(text, pos, limit)
    if m:
        return None, m.end(), False
    words = 0
    for tm in _TOKEN.finditer(text, pos, limit):
        tok = tm.group(0).lower().strip("’'")
        if tok.endswith(("’s", "'s")):
            tok = tok[:-2]
        if tok in _NOUNS:
            end = tm.end()
            # "prisoners of war", "unmanned aerial vehicles"
            tail = re.match(r"\s+of\s+war\b", text[end:limit], re.I)
            return _NOUNS[tok], end + (tail.end() if tail else 0), False
        if tok in _UNIT_WORDS:
            return None, tm.end(), True
        if tok in _MODIFIERS or re.fullmatch(r"[a-z]+-\w+", tok):
            words += 1
            if words > 4:
                break
            continue
        break
    return None, pos, False


def _event_spans(text: str, start: int, end: int) -> list[tuple[int, int, Event]]:
    return [
        (m.start(), m.end(), m.lastgroup)  # type: ignore[misc]
        for m in _EVENT_RE.finditer(text, start, end)
    ]


def _gap_ok(gap: str, allowed: frozenset[str], numbers_ok: bool, max_tokens: int) -> bool:
    toks = _tokens(gap)
    if len(toks) > max_tokens:
        return False
    for i, tok in enumerate(toks):
        low = tok.lower()
        if low in allowed:
            continue
        if numbers_ok and (low[0].isdigit() or low in _NOUNS or low in _MODIFIERS):
            continue
        if numbers_ok and low == "," and not (i + 1 < len(toks) and toks[i + 1][0].isdigit()):
            continue
        if low[0].isdigit() or low in _NOUNS or low in _MODIFIERS:
            if not numbers_ok:
                return False
            continue
        return False
    return True


@dataclass(slots=True)
class _Slot:
    num: Number
    noun: Noun | None
    noun_end: int
    unit: bool
    inherited: bool = False
    total_of: bool = False  # the 120 in "102 of 120 drones"


def figures_in_sentence(text: str, start: int, end: int, sentence: int = 0) -> list[Figure]:
    nums = [n for n in find_numbers(text[start:end])]
    if not nums:
        return []
    events = _event_spans(text, start, end)
    if not events:
        return []
    slots: list[_Slot] = []
    for n in nums:
        n = Number(n.start + start, n.end + start, n.value, n.qualifier, n.surface)
        noun, noun_end, unit = _noun_after(text, n, end)
        slots.append(_Slot(n, noun, noun_end, unit))
    # A bare number shares its neighbour's noun: "two people died and seven were injured",
    # "585 of them" / "110 of which" refer back to the last counted noun.
    for i, s in enumerate(slots):
        if s.noun is None and not s.unit and i > 0 and slots[i - 1].noun is not None:
            s.noun = slots[i - 1].noun
            s.inherited = True
    # "102 of 120 drones": the first counts what the second does.
    for i in range(len(slots) - 1):
        a, b = slots[i], slots[i + 1]
        if _SUBSET_OF.fullmatch(text[a.num.end : b.num.start] + " "):
            a.noun = a.noun or b.noun
            a.noun_end = a.num.end
            b.total_of = True
    figures: list[Figure] = []
    for i, s in enumerate(slots):
        n = s.num
        if n.value is None or s.unit or n.value == 0:
            continue
        if _SUBCOUNT_BEFORE.search(text, max(start, n.start - 40), n.start):
            continue
        if re.match(r"[-–]\w", text[n.end : n.end + 2]):  # "12-year-old", "three-storey"
            continue
        if 1900 <= n.value <= 2100 and s.noun is None and re.fullmatch(r"\d{4}", n.surface):
            continue  # a year
        event = _governing_event(text, s, slots, i, events, start)
        if event is None:
            continue
        noun = s.noun
        if noun == "soldier" and event in ("kill", "injure"):
            continue
        if noun is None and event in ("kill", "injure") and _MILITARY_CONTEXT.search(
            text, start, end
        ):
            continue
        if event == "exchange" and not _EXCHANGE_CONTEXT.search(text, start, end):
            continue
        if noun not in _COMPATIBLE[event]:
            continue
        if s.total_of and event == "intercept":
            event = "launch"  # "shot down 102 of 120 drones": 120 were launched
        kind = _KIND.get((event, noun))
        if kind is None:
            continue
        unit = None
        if kind == "without_power":
            unit = _power_unit(text, s)
        figures.append(
            Figure(kind, n.value, n.qualifier, n.start, n.end, n.surface, unit, sentence)
        )
    return figures


def _power_unit(text: str, s: _Slot) -> str:
    phrase = text[s.num.end : s.noun_end].lower()
    if any(w in phrase for w in ("household", "home", "famil", "apartment")):
        return "households"
    if any(w in phrase for w in ("consumer", "customer", "subscriber")):
        return "consumers"
    return "people"


def _governing_event(
    text: str,
    s: _Slot,
    slots: list[_Slot],
    i: int,
    events: list[tuple[int, int, Event]],
    sent_start: int,
) -> Event | None:
    n = s.num
    compatible = _COMPATIBLE_FOR.get(s.noun, frozenset())
    # 1. A verb right before it: "shot down 585", "killing three", "launched a total of 653",
    #    "the death toll rose to 23".
    for ev_start, ev_end, ev in reversed(events):
        if ev_end > n.start:
            continue
        if ev == "kill" and "toll" in text[ev_start:ev_end].lower():
            if _TOLL_GAP.fullmatch(text, ev_end, n.start) and s.noun in (None, "person"):
                return ev
            break
        if ev in compatible and _gap_ok(text[ev_end : n.start], _LEFT_GAP, False, 4):
            # "Of the 120 drones, 102 were shot down" reads right, below; "Of" is not a verb.
            return ev
        break
    # 2. A verb right after its noun phrase: "were killed", "of which were shot down",
    #    "and 51 missiles were launched".
    for ev_start, _ev_end, ev in events:
        if ev_start < s.noun_end:
            continue
        gap = text[s.noun_end : ev_start]
        if ev in compatible and _gap_ok(gap, _RIGHT_GAP | _LIST_WORDS, True, 14):
            return ev
        break
    # 3. The nearest compatible verb before it, across a plain list of counts.
    for ev_start, ev_end, ev in reversed(events):
        if ev_end > n.start:
            continue
        if ev in compatible and _gap_ok(
            text[ev_end : n.start], _LEFT_GAP | _LIST_WORDS | _RIGHT_GAP, True, 16
        ):
            return ev
    return None


_COMPATIBLE_FOR: dict[Noun | None, frozenset[Event]] = {}
for _ev, _nouns in _COMPATIBLE.items():
    for _n in _nouns:
        _COMPATIBLE_FOR[_n] = _COMPATIBLE_FOR.get(_n, frozenset()) | {_ev}


_HAS_DIGIT_OR_WORD = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|"
    r"teen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million)",
    re.I,
)


def find_figures(text: str) -> tuple[Figure, ...]:
    """Every figure the passage reports, in order."""
    if not _HAS_DIGIT_OR_WORD.search(text):
        return ()
    out: list[Figure] = []
    for idx, (a, b) in enumerate(sentence_spans(text)):
        out.extend(figures_in_sentence(text, a, b, idx))
    return tuple(out)

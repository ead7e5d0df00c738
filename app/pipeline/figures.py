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
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, get_args

from app.pipeline.claims import Claimant
from app.pipeline.numbers import Number, Qualifier, find_numbers
from app.pipeline.sentences import Automaton, sentence_spans

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
FIGURE_KINDS: tuple[FigureKind, ...] = get_args(FigureKind)


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
    claimant: Claimant | None = None  # who reported it, when the text says


# --- nouns: what a number counts ---------------------------------------------------------

Noun = Literal[
    "drone", "missile", "person", "soldier", "prisoner", "household", "settlement", "other"
]

_NOUNS: dict[str, Noun] = {}
for _noun, _words in {
    "drone": "drone drones uav uavs shahed shaheds geran gerans geran-2s unmanned quadcopters",
    "missile": "missile missiles",
    "person": "people persons person civilians civilian residents resident children child "
    "women woman men man others inhabitants passengers workers worker employees teenagers "
    "teenager boys boy girls girl infants infant babies baby rescuers medics journalists "
    "pensioners citizens victims adults minors firefighters paramedics deaths dead",
    "soldier": "soldiers soldier troops servicemen serviceman servicemembers "
    "servicemember personnel fighters militants marines paratroopers defenders combatants "
    "conscripts mercenaries",
    "prisoner": "prisoners prisoner pows pow captives captive detainees",
    "household": "households household homes consumers customers subscribers families apartments",
    "settlement": "settlements settlement villages village towns localities hamlets",
}.items():
    for _w in _words.split():
        _NOUNS[_w] = _noun  # type: ignore[assignment]

# Words that may stand between a number and its noun ("585 Shahed-type attack drones").
_MODIFIERS = frozenset(
    [
        "more",
        "other",
        "additional",
        "further",
        "ukrainian",
        "russian",
        "civilian",
        "long-range",
        "attack",
        "strike",
        "combat",
        "kamikaze",
        "shahed",
        "shahed-type",
        "iranian-designed",
        "iranian-made",
        "ballistic",
        "cruise",
        "hypersonic",
        "kinzhal",
        "iskander",
        "iskander-m",
        "kalibr",
        "decoy",
        "enemy",
        "air-launched",
        "guided",
        "jet-powered",
        "jet",
        "unmanned",
        "aerial",
        "vehicles",
        "local",
        "innocent",
        "young",
        "elderly",
        "small",
        "air",
        "sea-launched",
        "sea-based",
        "ground-launched",
        "anti-aircraft",
        "guided",
        "interceptor",
        "types",
        "type",
        "various",
        "different",
        "heavy",
        "imitation",
        "dummy",
        "gerbera",
        "gerberas",
        "zircon",
        "oniks",
        "kh-101",
        "kh-22",
        "kh-59",
        "kh-31",
        "kh-69",
        "s-300",
        "s-400",
        "north",
        "korean-made",
        "and-a-half",
    ]
)
_UNIT_WORDS = frozenset(
    [
        "km",
        "kilometres",
        "kilometers",
        "miles",
        "metres",
        "meters",
        "hours",
        "days",
        "weeks",
        "months",
        "years",
        "percent",
        "square",
        "sq",
        "tonnes",
        "tons",
        "barrels",
        "mw",
        "gw",
        "megawatts",
        "dollars",
        "euros",
        "hryvnias",
        "roubles",
        "rubles",
        "per",
        "times",
        "brigades",
        "brigade",
        "regiments",
        "divisions",
        "battalions",
        "km2",
        "hectares",
    ]
)

# --- events: what happened to them --------------------------------------------------------

Event = Literal["launch", "intercept", "kill", "injure", "exchange", "power", "capture"]

# Event cues, found in one Aho–Corasick pass over the lowercased passage. A few need a
# gap ("attacked Ukraine with", "cut power to"): their first word is an anchor, read on
# with an anchored regex.
_EVENT_WORDS: dict[Event, tuple[str, ...]] = {
    "intercept": (
        "intercepted",
        "intercepting",
        "intercepts",
        "intercept",
        "shot down",
        "shooting down",
        "shoot down",
        "downed",
        "downing",
        "neutralised",
        "neutralized",
        "suppressed",
        "destroyed",
        "repelled",
        "brought down",
        "taken down",
        "jammed",
    ),
    "launch": (
        "launched",
        "launching",
        "launches",
        "launch",
        "fired",
        "firing",
        "sent",
        "unleashed",
        "deployed",
        "hurled",
        "used",
        "attack involving",
        "attack with",
        "attack using",
        "barrage of",
        "involved",
        "involving",
        "salvo of",
        "wave of",
    ),
    "kill": (
        "killed",
        "killing",
        "kills",
        "dead",
        "died",
        "death",
        "deaths",
        "death toll",
        "toll",
        "fatalities",
        "perished",
        "lost their lives",
        "slain",
        "bodies",
    ),
    "injure": (
        "injured",
        "injuring",
        "injuries",
        "wounded",
        "wounding",
        "hurt",
        "hospitalised",
        "hospitalized",
    ),
    "exchange": (
        "exchanged",
        "exchange",
        "exchanges",
        "swapped",
        "swap",
        "swaps",
        "returned",
        "freed",
        "released",
        "repatriated",
        "brought home",
        "brought back home",
        "came home",
        "come home",
    ),
    "power": (
        "without power",
        "without electricity",
        "without light",
        "without heating",
        "without heat",
        "without energy supply",
        "lost power",
        "lost electricity",
        "de-energised",
        "de-energized",
        "deenergised",
        "deenergized",
    ),
    "capture": (
        "captured",
        "capturing",
        "capture",
        "seized",
        "seizing",
        "seize",
        "took control of",
        "taken control of",
        "gained control of",
        "occupied",
        "liberated",
        "liberating",
        "liberation of",
        "capture of",
        "seizure of",
        "took",
        "taken",
    ),
}
_EVENT_ANCHORS: dict[str, tuple[Event, re.Pattern[str]]] = {
    w: ("launch", re.compile(r"(?:attacked|struck)\s+(?:\w+\s+){0,3}?with\b"))
    for w in ("attacked", "struck")
}
_POWER_CUT = re.compile(
    r"(?:cut|cutting|knocked\s+out|disrupted)\s+(?:off\s+)?(?:power|electricity)"
    r"(?:\s+supplies?)?\s+(?:to|for)\b"
)
_POWER_OUTAGE = re.compile(
    r"(?:(?:power|electricity)\s+(?:outages?|cuts?|blackouts?)|blackouts?)\s+"
    r"(?:affecting|hit|hitting|left|for)\b"
)
for _w in ("cut", "cutting", "knocked", "disrupted"):
    _EVENT_ANCHORS[_w] = ("power", _POWER_CUT)
for _w in ("power", "electricity", "blackout", "blackouts"):
    _EVENT_ANCHORS[_w] = ("power", _POWER_OUTAGE)


def _event_automaton() -> tuple[Automaton, list[tuple[Event, re.Pattern[str] | None]]]:
    keys: dict[str, tuple[Event, re.Pattern[str] | None]] = {}
    for ev, words in _EVENT_WORDS.items():
        for w in words:
            keys.setdefault(w, (ev, None))
    for w, (ev, pattern) in _EVENT_ANCHORS.items():
        keys.setdefault(w, (ev, pattern))
    key_list = list(keys)
    return Automaton(key_list), [keys[k] for k in key_list]


_EVENT_AUTOMATON, _EVENT_VALUES = _event_automaton()


def _events(low: str) -> list[tuple[int, int, Event]]:
    out: list[tuple[int, int, Event]] = []
    n = len(low)
    for idx, s, e in _EVENT_AUTOMATON.find(low):
        if (s > 0 and low[s - 1].isalnum()) or (e < n and low[e].isalnum()):
            continue
        ev, pattern = _EVENT_VALUES[idx]
        if pattern is not None:
            m = pattern.match(low, s)
            if m is None:
                continue
            e = m.end()
        out.append((s, e, ev))
    return out


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
    [
        "a",
        "an",
        "the",
        "total",
        "of",
        "another",
        "further",
        "additional",
        "overall",
        "combined",
        "altogether",
        "overnight",
        "all",
        "some",
    ]
)
# Auxiliaries and adverbs that sit between a count and its verb ("were reportedly").
_AUXILIARY = frozenset(
    [
        "were",
        "was",
        "are",
        "is",
        "have",
        "has",
        "had",
        "been",
        "be",
        "being",
        "reportedly",
        "also",
        "later",
    ]
)
# Words between a noun phrase and its verb: "were shot down", "of which were intercepted".
_RIGHT_GAP = _AUXILIARY | frozenset(
    [
        "subsequently",
        "of",
        "which",
        "them",
        "these",
        "those",
        "whom",
        "all",
        "overnight",
        "then",
        "in",
        "total",
        "altogether",
        "both",
        "reported",
        "confirmed",
        "officially",
        "initially",
        "left",
        "remain",
        "remained",
        "remaining",
        "still",
        "currently",
        "now",
    ]
)
# Words after a number that lead on to its verb rather than name what it counts.
_LINK_WORDS = _AUXILIARY | frozenset(
    [
        "the",
        "a",
        "an",
        "its",
        "their",
        "of",
        "and",
        "or",
        "more",
        "others",
        "other",
        "in",
        "on",
        "at",
        "from",
        "overnight",
        "since",
        "during",
        "across",
        "after",
        "over",
        "to",
        "by",
        "as",
        "while",
        "including",
        "with",
        "who",
        "which",
        "that",
        "people",
        "dead",
        "killed",
        "injured",
        "wounded",
        "hurt",
        "died",
        "than",
        "each",
        "respectively",
        "so",
        "far",
        "total",
        "altogether",
    ]
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
    r"combatants|casualties|forces|army|armies)\b",
    re.I,
)
_LOCATION = re.compile(
    r"\b(?:in|across|throughout|over)\s+(?:the\s+)?(?:[A-Z][\w'’-]+\s*)+"
    r"(?:(?:region|oblast|Oblast|city|City|regions|oblasts|district|area)\b)?"
)
_ASIDE = re.compile(r"\s[—–]\s[^—–.;]{1,80}\s[—–]\s|\s\([^)]{1,60}\)")
_OF_WAR = re.compile(r"\s+of\s+war\b", re.I)
_HYPHENATED = re.compile(r"[a-z]+-\w*")
_NO_BEFORE = re.compile(r"(?:\bno|not\s+a\s+single|\bnot)\s+$", re.I)
# (led by \b, it is tried at every position: only where "no" is, as _SUBCOUNT_BEFORE is
# only in sentences with one of its words)
_WAR_TOLL = re.compile(
    r"\b(?:war|conflict|invasion|fighting)\b[^.;]{0,40}?\b(?:has|have|had)\s+(?:already\s+)?"
    r"(?:killed|left)",
    re.I,
)
_TOKEN = re.compile(r"[A-Za-z][\w'’-]*|\d[\d,.]*|[,;:()—–]")
_TOLL_GAP = re.compile(
    r"(?:\s+(?:from|in|of|after|on)\b[^0-9.;:]{0,80}?)?"
    r"\s*(?:has\s+|had\s+|now\s+)?(?:rose|risen|climbed|increased|grew|reached|stands\s+at|"
    r"stood\s+at|hit|is|was|of)?\s*(?:to\s+)?",
    re.I,
)
_SUBSET_OF = re.compile(r"\s+of\s+(?:the\s+)?$", re.I)  # "102 of [the] 120 drones"
_COMPOUND = re.compile(r"[-–]\w")
_YEAR = re.compile(r"\d{4}")
_CIVILIAN = re.compile(r"civilian", re.I)
_OF_ANTECEDENT = re.compile(r"\s*of\s+(?:them|these|those|which|it)\b", re.I)


def _tokens(s: str) -> list[str]:
    return _TOKEN.findall(s)


def _noun_after(text: str, num: Number, limit: int) -> tuple[Noun | None, int, bool]:
    """The noun a number counts, where its phrase ends, and whether it is a unit (km…).
    A number followed by a word that is neither a noun we count nor a link to a verb
    ("30 National Unity members", "five thousand shells") counts "other"."""
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
            tail = _OF_WAR.match(text, end, limit)
            return _NOUNS[tok], tail.end() if tail else end, False
        if tok in _UNIT_WORDS:
            return None, tm.end(), True
        if tok in _MODIFIERS or _HYPHENATED.fullmatch(tok):
            words += 1
            if words > 6:
                break
            continue
        if words and tok in (",", "and"):
            continue  # "171 Shahed-type, Gerbera-type, and other drones"
        if tok[0].isalpha() and tok not in _LINK_WORDS:
            return "other", pos, False
        break
    return None, pos, False


def _gap_ok(gap: str, allowed: frozenset[str], numbers_ok: bool, max_tokens: int) -> bool:
    if numbers_ok:
        # "210,000 customers in Kyiv were still without power": a place is no barrier, nor
        # an aside: "14,500 civilians — including 745 children — have been killed"
        gap = _ASIDE.sub(" ", _LOCATION.sub(" ", gap))
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


def figures_in_sentence(
    text: str,
    start: int,
    end: int,
    nums: list[Number],
    events: list[tuple[int, int, Event]],
    sentence: int = 0,
) -> list[Figure]:
    """Figures of one sentence [start, end), given its numbers and event cues."""
    slots = _slots(text, end, nums)
    figures: list[Figure] = []
    sentence_low = text[start:end].lower()
    # Every reading of _SUBCOUNT_BEFORE holds "nclud", "among" or "whom", lowercased: a
    # sentence without any needs no search before each of its numbers. (None of their
    # letters has a case-insensitive match beyond ASCII, as "i" has "İ": str.lower finds
    # what re.I would.)
    subcounts = "nclud" in sentence_low or "among" in sentence_low or "whom" in sentence_low
    kinds = {ev for _s, _e, ev in events}
    for i, s in enumerate(slots):
        n = s.num
        if n.value is None or s.unit or n.value == 0:
            continue
        if kinds.isdisjoint(_COMPATIBLE_FOR.get(s.noun, ())):
            continue  # no event here can count it ("121 assaults"): _governing_event finds none
        if subcounts and _SUBCOUNT_BEFORE.search(text, max(start, n.start - 40), n.start):
            continue
        before = max(start, n.start - 14)
        if "no" in text[before : n.start].lower() and _NO_BEFORE.search(text, before, n.start):
            continue  # "no one was hurt"
        if _COMPOUND.match(text, n.end, n.end + 2):  # "12-year-old", "three-storey"
            continue
        if 1900 <= n.value <= 2100 and s.noun is None and _YEAR.fullmatch(n.surface):
            continue  # a year
        event = _governing_event(text, s, slots, i, events, start)
        if event is None:
            continue
        noun = s.noun
        if noun == "soldier" and event in ("kill", "injure"):
            continue
        if (
            noun is None
            and event in ("kill", "injure")
            and _MILITARY_CONTEXT.search(text, start, end)
        ):
            continue
        if (
            event == "kill"
            and noun in (None, "person")
            and _WAR_TOLL.search(text, start, end)
            and not _CIVILIAN.search(text, start, end)
        ):
            continue  # "the war, which has killed more than a million people": all sides
        if event == "exchange" and not _EXCHANGE_CONTEXT.search(text, start, end):
            continue
        if noun not in _COMPATIBLE[event]:
            continue
        if s.total_of and event == "intercept":
            event = "launch"  # "shot down 102 of 120 drones": 120 were launched
        kind = _KIND.get((event, noun))
        if kind is None:
            continue
        unit_name = _power_unit(text, s) if kind == "without_power" else None
        figures.append(
            Figure(kind, n.value, n.qualifier, n.start, n.end, n.surface, unit_name, sentence)
        )
    return figures


def _slots(text: str, end: int, nums: list[Number]) -> list[_Slot]:
    """What each number of a sentence ending at `end` counts."""
    slots: list[_Slot] = []
    for n in nums:
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
            a.noun = b.noun if a.noun in (None, "other") else a.noun
            a.noun_end = a.num.end
            b.total_of = True
    return slots


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
    for _ev_start, ev_end, ev in reversed(events):
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


# The noun words one of which a sentence must hold for an event to count anything in it,
# each as a part of the others ("drone" of "drones"), or None where a bare number counts
# (kill, injure, power) or where the nouns are too many to look for (exchange: people).
# "Captured" and "repelled" are common in war prose; a settlement or a drone less so.
def _noun_cues(event: Event) -> tuple[str, ...] | None:
    nouns = _COMPATIBLE[event]
    if None in nouns or "person" in nouns:
        return None
    words = [w for w, noun in _NOUNS.items() if noun in nouns]
    return tuple(w for w in words if not any(o != w and o in w for o in words))


_NOUN_CUES = {ev: _noun_cues(ev) for ev in _COMPATIBLE}


def _may_count(events: list[tuple[int, int, Event]], text: str, start: int, end: int) -> bool:
    """False when no event of the sentence [start, end) can count a number in it: then
    figures_in_sentence finds none there (every noun is a word of the sentence)."""
    sentence_low = None
    for _s, _e, ev in events:
        cues = _NOUN_CUES[ev]
        if cues is None:
            return True
        if sentence_low is None:
            sentence_low = text[start:end].lower()
        if any(cue in sentence_low for cue in cues):
            return True
    return False


def find_figures(
    text: str,
    low: str | None = None,
    spans: Callable[[], list[tuple[int, int]]] | None = None,
) -> tuple[Figure, ...]:
    """Every figure the passage reports, in order. `low` (the text lowercased) and `spans`
    (a function returning its sentence_spans) may be passed by a caller that has them."""
    low = text.lower() if low is None or len(low) != len(text) else low
    events = _events(low)
    if not events:
        return ()
    out: list[Figure] = []
    sentences = spans() if spans is not None else sentence_spans(text)
    ends = [b for _, b in sentences]
    # numbers only in sentences with an event cue: ISW prose is full of dates and units
    ei = 0
    while ei < len(events):
        idx = bisect_right(ends, events[ei][0])  # the sentence of the next event
        if idx == len(sentences):
            break
        a, b = sentences[idx]
        if events[ei][0] < a:  # on a "\x00" between passages: in no sentence
            ei += 1
            continue
        ej = ei + 1
        while ej < len(events) and events[ej][0] < b:
            ej += 1
        sentence_events = events[ei:ej]
        if _may_count(sentence_events, text, a, b):
            nums = find_numbers(text[a:b], low[a:b], a)
            if nums:
                out.extend(figures_in_sentence(text, a, b, nums, sentence_events, idx))
        ei = ej
    return tuple(out)

"""Who a passage attributes what it says to: `claimant` per attribution and per passage.

An attribution is a speaker next to a reporting verb: "Ukraine's air force said",
"said Oleh Syniehubov", "according to the UN", "ISW assessed", "Russian milbloggers
claimed". A name alone ("Zelensky met Trump") is not one. Titles that either side uses
("the governor", "regional officials") take the side of the place they are tied to.
"Could not independently verify" marks the passage unverified.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from app.pipeline.sentences import Automaton, lower_aligned, sentence_spans

Claimant = Literal["ukraine_official", "russia_official", "international", "analyst", "media"]
CLAIMANTS: tuple[Claimant, ...] = (
    "ukraine_official",
    "russia_official",
    "international",
    "analyst",
    "media",
)


@dataclass(frozen=True, slots=True)
class Claim:
    claimant: Claimant
    speaker: str  # the words that name the speaker, as written
    start: int  # the speaker's span in the passage
    end: int
    sentence: int  # index of its sentence in the passage


# Speakers are found in one Aho–Corasick pass over the lowercased passage: literal names
# and bodies, and anchor words ("Russian", "governor") whose phrase is then read with an
# anchored regex. A big regex alternation over every position cost 100 ms per 14 KB.
_LITERALS: dict[Claimant, tuple[str, ...]] = {
    "russia_official": (
        "Kremlin",
        "Putin",
        "Vladimir Putin",
        "Peskov",
        "Dmitry Peskov",
        "Lavrov",
        "Sergei Lavrov",
        "Sergey Lavrov",
        "Zakharova",
        "Maria Zakharova",
        "Shoigu",
        "Belousov",
        "Andrei Belousov",
        "Gerasimov",
        "Medvedev",
        "Dmitry Medvedev",
        "Ushakov",
        "Yuri Ushakov",
        "Dmitriev",
        "Kirill Dmitriev",
        "Nebenzia",
        "Gladkov",
        "Vyacheslav Gladkov",
        "Khinshtein",
        "Alexander Khinshtein",
        "Bogomaz",
        "Alexander Bogomaz",
        "Likhachev",
        "Rosatom",
        "Pushilin",
        "Denis Pushilin",
        "Pasechnik",
        "Saldo",
        "Vladimir Saldo",
        "Balitsky",
        "Yevgeny Balitsky",
        "Razvozhayev",
        "Aksyonov",
        "Moskalkova",
        "Moscow",
        "Rosaviatsia",
        "MoD",
    ),
    "ukraine_official": (
        "Zelensky",
        "Zelenskyy",
        "Zelenskiy",
        "Zelenskyi",
        "Volodymyr Zelensky",
        "Volodymyr Zelenskyy",
        "Volodymyr Zelenskiy",
        "Syrskyi",
        "Oleksandr Syrskyi",
        "Sybiha",
        "Andrii Sybiha",
        "Andriy Sybiha",
        "Yermak",
        "Andriy Yermak",
        "Umerov",
        "Rustem Umerov",
        "Shmyhal",
        "Denys Shmyhal",
        "Svyrydenko",
        "Yulia Svyrydenko",
        "Klitschko",
        "Vitali Klitschko",
        "Syniehubov",
        "Oleh Syniehubov",
        "Terekhov",
        "Ihor Terekhov",
        "Fedorov",
        "Ivan Fedorov",
        "Lysak",
        "Serhiy Lysak",
        "Vilkul",
        "Oleksandr Vilkul",
        "Prokudin",
        "Oleksandr Prokudin",
        "Kiper",
        "Oleh Kiper",
        "Filashkin",
        "Vadym Filashkin",
        "Budanov",
        "Kyrylo Budanov",
        "Lubinets",
        "Dmytro Lubinets",
        "Ihnat",
        "Yurii Ihnat",
        "Yuriy Ihnat",
        "Voloshyn",
        "Vladyslav Voloshyn",
        "Trehubov",
        "Viktor Trehubov",
        "Kuleba",
        "Podolyak",
        "Podoliak",
        "Mykhailo Podolyak",
        "Mykhailo Podoliak",
        "Tkachenko",
        "Tymur Tkachenko",
        "Sadovyi",
        "Andriy Sadovyi",
        "Hrynchuk",
        "Svitlana Hrynchuk",
        "Stefanchuk",
        "Kyslytsya",
        "Ukrenergo",
        "Naftogaz",
        "Energoatom",
        "SBU",
        "the SBU",
        "HUR",
        "GUR",
        "General Staff",
        "the General Staff",
        "air force",
        "the air force",
        "Air Force",
        "the Air Force",
        "Kyiv city military administration",
        "Kyiv City Military Administration",
        "Kyiv",
        "regional military administration",
        "Regional Military Administration",
        "city military administration",
        "City Military Administration",
        "military administration",
        "regional state administration",
    ),
    "international": (
        "United Nations",
        "the United Nations",
        "UN",
        "the UN",
        "U.N.",
        "the U.N.",
        "UN human rights office",
        "UN human rights monitors",
        "UN human rights monitoring mission",
        "UN Security Council",
        "UN refugee agency",
        "UN nuclear watchdog",
        "OCHA",
        "HRMMU",
        "UNHCR",
        "UNICEF",
        "WHO",
        "the WHO",
        "World Health Organization",
        "World Health Organisation",
        "IAEA",
        "the IAEA",
        "International Atomic Energy Agency",
        "Grossi",
        "Rafael Grossi",
        "Red Cross",
        "the Red Cross",
        "ICRC",
        "International Committee of the Red Cross",
        "NATO",
        "Rutte",
        "Mark Rutte",
        "EU",
        "the EU",
        "European Union",
        "the European Union",
        "European Commission",
        "the European Commission",
        "von der Leyen",
        "Ursula von der Leyen",
        "Kallas",
        "Kaja Kallas",
        "Guterres",
        "António Guterres",
        "Antonio Guterres",
        "Türk",
        "Volker Türk",
        "G7",
        "White House",
        "the White House",
        "Pentagon",
        "the Pentagon",
        "State Department",
        "the State Department",
        "Trump",
        "Donald Trump",
        "Witkoff",
        "Steve Witkoff",
        "Kushner",
        "Jared Kushner",
        "Rubio",
        "Marco Rubio",
        "Vance",
        "JD Vance",
        "Hegseth",
        "Pete Hegseth",
        "Kellogg",
        "Keith Kellogg",
        "Driscoll",
        "Dan Driscoll",
        "Macron",
        "Emmanuel Macron",
        "Starmer",
        "Keir Starmer",
        "Merz",
        "Friedrich Merz",
        "Erdogan",
        "Tusk",
        "Donald Tusk",
        "Meloni",
        "Orban",
        "Orbán",
        "Viktor Orban",
        "Viktor Orbán",
        "Stubb",
        "Alexander Stubb",
        "Fico",
        "World Bank",
        "the World Bank",
        "IMF",
        "the IMF",
        "International Monetary Fund",
        "OSCE",
        "the OSCE",
        "International Criminal Court",
        "the International Criminal Court",
        "ICC",
        "Amnesty International",
        "Human Rights Watch",
        "US officials",
        "U.S. officials",
        "American officials",
        "Western officials",
        "European officials",
        "NATO officials",
        "EU officials",
        "US intelligence",
        "U.S. intelligence",
        "Western intelligence",
        "British intelligence",
        "British Ministry of Defence",
        "Britain's Ministry of Defence",
        "Britain’s Ministry of Defence",
        "UK Ministry of Defence",
        "UK MoD",
        "British defence ministry",
        "Britain's defence ministry",
        "Britain’s defence ministry",
        "Western diplomats",
        "European diplomats",
        "US President",
        "U.S. President",
        "US Secretary of State",
        "US envoy",
        "U.S. envoy",
        "US special envoy",
    ),
    "analyst": (
        "Institute for the Study of War",
        "the Institute for the Study of War",
        "ISW",
        "Critical Threats",
        "CTP",
        "DeepState",
        "the DeepState",
        "Rochan Consulting",
        "Kyiv School of Economics",
        "the Kyiv School of Economics",
        "KSE",
        "CSIS",
        "RUSI",
        "Carnegie",
        "Atlantic Council",
        "the Atlantic Council",
        "Kiel Institute",
        "ACLED",
        "Oryx",
        "Center for Strategic and International Studies",
        "Royal United Services Institute",
        "analysts",
        "analyst",
        "experts",
        "think tank",
        "a think tank",
        "military analysts",
        "military analyst",
        "independent analysts",
        "Western analysts",
        "open-source analysts",
        "OSINT analysts",
        "defence analysts",
        "defense analysts",
    ),
    "media": (
        "Reuters",
        "Associated Press",
        "the Associated Press",
        "AP",
        "AFP",
        "Agence France-Presse",
        "BBC",
        "the BBC",
        "CNN",
        "Al Jazeera",
        "Bloomberg",
        "New York Times",
        "the New York Times",
        "The New York Times",
        "Washington Post",
        "the Washington Post",
        "The Washington Post",
        "Wall Street Journal",
        "the Wall Street Journal",
        "The Wall Street Journal",
        "Financial Times",
        "the Financial Times",
        "FT",
        "the Guardian",
        "The Guardian",
        "The Economist",
        "the Economist",
        "Politico",
        "Axios",
        "Kyiv Independent",
        "the Kyiv Independent",
        "The Kyiv Independent",
        "Ukrainska Pravda",
        "Suspilne",
        "Hromadske",
        "Ukrinform",
        "TASS",
        "RIA",
        "RIA Novosti",
        "Interfax",
        "Interfax-Ukraine",
        "Kommersant",
        "RBC",
        "Meduza",
        "Mediazona",
        "Astra",
        "Rybar",
        "Kyiv Post",
        "the Kyiv Post",
        "Sky News",
        "France 24",
        "Deutsche Welle",
        "DW",
        "milbloggers",
        "milblogger",
        "military bloggers",
        "military blogger",
        "war correspondents",
        "war correspondent",
        "Telegram channels",
        "Telegram channel",
        "local media",
        "state media",
        "media reports",
        "press reports",
        "news reports",
        "local outlets",
        "Western media",
        "independent media",
    ),
}
_ANCHOR_NATIONALITY = {
    "ukrainian": "UA",
    "ukraine's": "UA",
    "ukraine’s": "UA",
    "kyiv's": "UA",
    "kyiv’s": "UA",
    "russian": "RU",
    "russia's": "RU",
    "russia’s": "RU",
    "moscow's": "RU",
    "moscow’s": "RU",
    "moscow": "RU",
    "kremlin": "RU",
}
_ANCHOR_TITLES = frozenset(
    {"governor", "mayor", "administration", "authorities", "officials", "head"}
)
_MEDIA_AFTER_NAT = re.compile(
    r"[\w'’]+(?:\s+and\s+(?:Russian|Ukrainian))?\s+(?:state\s+|independent\s+|pro-war\s+|"
    r"pro-Kremlin\s+)?(?:media|news\s+agenc(?:y|ies)|outlets?|journalists|television|TV|press|"
    r"Telegram\s+channels?|news\s+outlets?|milbloggers?|military\s+bloggers?|war\s+"
    r"correspondents?|bloggers?|sources\s+in\s+the\s+media)\b"
)
_ANALYST_AFTER_NAT = re.compile(
    r"[\w'’]+\s+(?:military\s+|defen[cs]e\s+|independent\s+)?(?:analysts?|experts?|"
    r"researchers|think\s+tanks?)\b"
)
_INSTALLED = re.compile(
    r"(?:Russian|Moscow|Kremlin)-(?:installed|appointed|backed)\s+(?:[\w'’-]+\s+){0,4}?"
    r"(?:officials?|authorities|governor|head|leader|administration|mayor)\b"
)
_UA_BODIES = (
    r"(?:(?:regional\s+|city\s+)?(?:military\s+|state\s+)?administration|air\s+force|military|armed\s+forces|army|navy|General\s+Staff|"
    r"defen[cs]e\s+(?:ministry|minister)|Ministry\s+of\s+Defen[cs]e|foreign\s+(?:ministry|minister)|"
    r"Foreign\s+Ministry|officials?|authorities|government|president|prime\s+minister|"
    r"energy\s+(?:ministry|minister)|Energy\s+Ministry|Prosecutor\s+General['’]s\s+Office|"
    r"prosecutors?|"
    r"police|emergency\s+services?|State\s+Emergency\s+Service|commanders?|spokes(?:wo)?man|"
    r"spokesperson|forces|brigades?|(?:military\s+)?intelligence|Security\s+Service|"
    r"National\s+Guard|border\s+guards?|State\s+Border\s+Guard\s+Service|ombudsman|"
    r"parliament|negotiators?|envoys?|delegation|Coordination\s+Headquarters|"
    r"ministry|minister|grid\s+operator|servicem[ae]n|soldiers?|troops|drone\s+operators?|"
    r"(?:regional|local)\s+(?:authorities|officials|administration))"
)
_RU_BODIES = (
    r"(?:defen[cs]e\s+(?:ministry|minister)|Ministry\s+of\s+Defen[cs]e|MoD|foreign\s+(?:ministry|minister)|"
    r"Foreign\s+Ministry|officials?|authorities|government|president|military|army|"
    r"armed\s+forces|General\s+Staff|Investigative\s+Committee|FSB|Security\s+Council|"
    r"commanders?|occupation\s+(?:authorities|officials)|envoys?|embassy|Duma|"
    r"National\s+Guard|Rosgvardia|emergencies\s+ministry|ministry|minister|"
    r"air\s+force|aerospace\s+forces|navy|Black\s+Sea\s+Fleet|"
    r"forces|negotiators?|delegation|spokes(?:wo)?man|spokesperson|(?:regional|local)\s+"
    r"(?:authorities|officials|governors?))"
)
_BODY_AFTER_NAT = {
    "UA": re.compile(rf"[\w'’]+\s+(?:[A-Z][\w'’-]*\s+|of\s+|and\s+){{0,4}}?(?i:{_UA_BODIES})\b"),
    "RU": re.compile(rf"[\w'’]+\s+(?:[A-Z][\w'’-]*\s+){{0,3}}?(?i:{_RU_BODIES})\b"),
}

# The three readings after a nationality as one alternation, tried in this order: one call.
# Each starts with the nationality's word, read once for the three, and possessively ("++":
# giving back some of it lets no reading on, each needs a space after it): 40% cheaper.
_NAT_WORD = r"[\w'’]+"


def _after_nat_word(pattern: re.Pattern[str]) -> str:
    if not pattern.pattern.startswith(_NAT_WORD):
        raise ValueError(f"not led by the nationality's word: {pattern.pattern[:20]}")
    return pattern.pattern.removeprefix(_NAT_WORD)


_AFTER_NAT = {
    side: re.compile(
        rf"{_NAT_WORD}+(?:(?P<media>{_after_nat_word(_MEDIA_AFTER_NAT)})"
        rf"|(?P<analyst>{_after_nat_word(_ANALYST_AFTER_NAT)})"
        rf"|(?P<body>{_after_nat_word(_BODY_AFTER_NAT[side])}))"
    )
    for side in ("UA", "RU")
}
_AFTER_NAT_CLAIMANT: dict[str, dict[str, Claimant]] = {
    "media": {"UA": "media", "RU": "media"},
    "analyst": {"UA": "analyst", "RU": "analyst"},
    "body": {"UA": "ukraine_official", "RU": "russia_official"},
}


def _build_automaton() -> tuple[Automaton, list[str], list[tuple[str, str, str]]]:
    keys: dict[str, tuple[str, str, str]] = {}  # lowered → (kind, payload, as written)
    for cls, names in _LITERALS.items():
        for name in names:
            keys.setdefault(name.lower(), ("literal", cls, name))
    for word, side in _ANCHOR_NATIONALITY.items():
        keys.setdefault(word, ("nationality", side, word))
    for word in _ANCHOR_TITLES:
        keys.setdefault(word, ("title", "", word))
    key_list = list(keys)
    return Automaton(key_list), key_list, [keys[k] for k in key_list]


_AUTOMATON, _KEY_LIST, _VALUES = _build_automaton()
_INSTALLABLE = frozenset({"moscow", "kremlin"})  # literals that may lead "-installed"


_CAPITAL_SPEAKERS = frozenset({"kyiv", "moscow"})
_CAPITAL_VERB = re.compile(
    r"\s+(?:has\s+|had\s+|also\s+|again\s+|repeatedly\s+)?(?:said|says|claimed|claims|"
    r"denied|denies|accused|accuses|rejected|rejects|insisted|insists|warned|warns|"
    r"announced|confirmed|responded|dismissed|called)\b"
)
_UNMARKED_BODIES = frozenset({"air force", "the air force", "general staff", "the general staff"})
_RUSSIAN_BEFORE = re.compile(r"(?:Russian|Russia['’]s)\s+$", re.I)


# Literals written as they must be ("UN", "AP", "U.S. officials"), and literals that must
# be capitalised ("Kremlin"; not "the Pentagon"): sorted once, not per hit.
_LITERALS_WRITTEN = [name for names in _LITERALS.values() for name in names]
_EXACT_CASE = frozenset(
    w for w in _LITERALS_WRITTEN if w.split()[0].isupper() or "." in w.split()[0]
)
_CAPITALISED = frozenset(
    w
    for w in _LITERALS_WRITTEN
    if w not in _EXACT_CASE and w[0].isupper() and not w.lower().startswith("the ")
)


def _case_ok(text: str, start: int, written: str) -> bool:
    """ "UN" and "AP" must be capitals; "Kremlin" capitalised; "analysts" any case.
    `written`: one of _LITERALS, as written."""
    if written in _EXACT_CASE:
        return text.startswith(written, start)
    return written not in _CAPITALISED or text[start].isupper()


# Reporting verbs, found in one Aho–Corasick pass; a speaker is attributed when one
# follows it across a short gap (a title, a name, an appositive) or precedes it.
_SPEECH_AFTER = (
    "said",
    "says",
    "say",
    "saying",
    "told",
    "tells",
    "claimed",
    "claims",
    "claim",
    "claiming",
    "reported",
    "reports",
    "report",
    "reporting",
    "stated",
    "states",
    "state",
    "announced",
    "announces",
    "assessed",
    "assesses",
    "assess",
    "wrote",
    "writes",
    "added",
    "adds",
    "noted",
    "notes",
    "warned",
    "warns",
    "accused",
    "accuses",
    "alleged",
    "alleges",
    "insisted",
    "insists",
    "confirmed",
    "confirms",
    "estimated",
    "estimate",
    "warn",
    "note",
    "believe",
    "insist",
    "deny",
    "argue",
    "suggest",
    "accuse",
    "allege",
    "was unable to independently confirm",
    "were unable to independently verify",
    "were unable to verify",
    "could not immediately verify",
    "could not immediately confirm",
    "called",
    "estimates",
    "denied",
    "denies",
    "stressed",
    "observed",
    "observes",
    "posted",
    "indicated",
    "indicates",
    "described",
    "urged",
    "acknowledged",
    "admitted",
    "argued",
    "argues",
    "explained",
    "reiterated",
    "declared",
    "published",
    "recorded",
    "documented",
    "counted",
    "found",
    "concluded",
    "believes",
    "believed",
    "tallied",
    "put the",
    "assessment",
    "statement",
    "shows",
    "showed",
    "suggested",
    "suggests",
    "cited",
    "citing",
    "rejected",
    "rejects",
    "dismissed",
    "dismisses",
    "condemned",
    "condemns",
    "welcomed",
    "vowed",
    "vows",
    "pledged",
    "pledges",
    "promised",
    "promises",
    "threatened",
    "responded",
    "replied",
    "continues to assess",
    "has observed",
    "could not verify",
    "could not independently verify",
    "could not confirm",
    "could not independently confirm",
    "was unable to verify",
    "was unable to independently verify",
    "was unable to confirm",
)
_SPEECH_BEFORE = (
    "according to",
    "said",
    "says",
    "claimed",
    "reported by",
    "cited by",
    "citing",
    "wrote",
    "announced",
    "per",
    "figures from",
    "data from",
    "estimates by",
)
_SPEECH_AUTOMATON = Automaton(sorted(set(_SPEECH_AFTER) | set(_SPEECH_BEFORE)))
_SPEECH_KEYS = sorted(set(_SPEECH_AFTER) | set(_SPEECH_BEFORE))
_AFTER_OK = frozenset(_SPEECH_AFTER)
_BEFORE_OK = frozenset(_SPEECH_BEFORE)
# speaker … verb: an appositive in commas, a title and name, an auxiliary in between
_AFTER_GAP = re.compile(
    r"(?:['’]s\s+(?:\w+\s+){0,2}?(?:spokes(?:wo)?man|spokesperson|head|chief|office|"
    r"press\s+service|statement|channel|account))?"
    r"(?:\s*\([^)]{0,40}\))?"
    r"(?:\s*,\s*[^,.;]{1,80},)?"
    r"(?:\s+(?:[A-Z][\w'’.-]*|of|the|and|on|in|a|an|has|have|had|was|were|is|are|also|"
    r"previously|later|"
    r"direction|axis|sector|area|region|city|oblast|district|unit|brigade|journalists|"
    r"reporters|correspondents?|"
    r"again|separately|earlier|officially|reportedly|then|recently|himself|herself|"
    r"publicly|on\s+\w+day|in\s+a\s+(?:statement|post|video|briefing|report))){0,8}"
    r"\s*,?\s*"
)
# verb … speaker: "according to the UN", "said Ukraine's air force"
_BEFORE_GAP = re.compile(
    r"\s+(?:the\s+|a\s+|an\s+)?(?:(?:[A-Z][\w'’-]*|(?i:president|minister|governor|"
    r"spokes(?:wo)?man|spokesperson|head|chief|envoy|official|commander|mayor|foreign|"
    r"defen[cs]e|prime|deputy|senior|regional|military))\s+){0,3}"
)


def _verbs(low: str) -> list[tuple[int, int, str]]:
    n = len(low)
    return [
        (s, e, _SPEECH_KEYS[i])
        for i, s, e in _SPEECH_AUTOMATON.find(low)
        if not ((s > 0 and low[s - 1].isalnum()) or (e < n and low[e].isalnum()))
    ]


def _attributed(
    text: str, s: int, e: int, a: int, b: int, verbs: list[tuple[int, int, str]], starts: list[int]
) -> bool:
    """Whether the speaker at [s, e) in the sentence [a, b) is next to a reporting verb."""
    for k in range(bisect_left(starts, max(a, s - _VERB_BEFORE)), len(verbs)):
        vs, ve, word = verbs[k]
        if vs >= b or vs > e + 160:
            break
        if vs >= e:
            # _AFTER_GAP takes a gap of one space or none ("Reuters said"): no call for those
            if word in _AFTER_OK and (
                vs == e or (vs == e + 1 and text[e].isspace()) or _AFTER_GAP.fullmatch(text, e, vs)
            ):
                return True
        elif ve <= s and word in _BEFORE_OK and _BEFORE_GAP.fullmatch(text, ve, s):
            return True
    return False


_UNVERIFIED = re.compile(
    r"could\s+not\s+(?:be\s+)?(?:independently\s+)?(?:verif|confirm)|"
    r"(?:was|were)\s+unable\s+to\s+(?:independently\s+)?(?:verify|confirm)|"
    r"cannot\s+(?:be\s+)?(?:independently\s+)?(?:verif|confirm)|"
    r"not\s+(?:been\s+)?independently\s+(?:verified|confirmed)|\bunverified\b|"
    r"without\s+(?:providing|offering)\s+(?:any\s+)?evidence|"
    r"did\s+not\s+(?:provide|offer)\s+(?:any\s+)?evidence",
    re.I,
)


# Titles either side uses take the side of the place before them ("Belgorod governor",
# "Kharkiv regional military administration") or after them ("governor of Kursk").
_TITLE_BEFORE = re.compile(
    r"(?P<place>[A-Z][\w'’-]+?(?:\s+[A-Z][\w'’-]+?)?)(?:['’]s|\s+(?:region|oblast|Oblast|city|"
    r"City|regional|Regional))?\s+(?:(?:regional|Regional|city|City|military|Military)\s+)*$"
)
_TITLE_AFTER = re.compile(r"\s+of\s+(?:the\s+)?(?P<place>[A-Z][\w'’-]+)")
# The words _TITLE_BEFORE reads after its place ("Kharkiv regional military governor"), less
# those with a capital: a place may be one ("Mexico City"), so they are read as a place.
_TITLE_BEFORE_WORDS = frozenset(("region", "oblast", "city", "regional", "military"))


def _may_have_place_before(window: str) -> bool:
    """False when _TITLE_BEFORE cannot match at the end of `window`: a match ends in a
    space, after a word holding its place's last part (a capital and at least one more
    character) and then only _TITLE_BEFORE_WORDS. Most titles ("according to officials")
    need no search."""
    if not window[-1:].isspace():
        return False
    for word in reversed(window.split()):
        head = word[:-1]
        if head != head.lower():  # a capital (not last): a place may end in this word
            return True
        if word not in _TITLE_BEFORE_WORDS:
            return False
    return False


_VERB_BEFORE = 60  # how far before a speaker a verb may attribute it
_TITLE_BEFORE_REACH = 45  # how far before a title its place may start
_REACH = _VERB_BEFORE + _TITLE_BEFORE_REACH  # … before an anchor


def _side_of(name: str) -> Claimant | None:
    from app.pipeline.places import lookup  # local: places loads the gazetteer

    countries = {p.country for p in lookup(name)}
    if countries == {"UA"}:
        return "ukraine_official"
    if countries == {"RU"}:
        return "russia_official"
    return None


def _read_speaker(
    text: str, low: str, idx: int, s: int, e: int
) -> tuple[Claimant, int, int] | None:
    """The speaker span that the automaton's hit `idx` at [s, e) leads, if it leads one."""
    kind, payload, written = _VALUES[idx]
    found: tuple[Claimant, int, int] | None = None
    if kind == "literal":
        key = _KEY_LIST[idx]
        if key in _INSTALLABLE and text.startswith("-", e) and (m := _INSTALLED.match(text, s)):
            found = ("russia_official", s, m.end())  # "Moscow-installed officials"
        elif key in _CAPITAL_SPEAKERS and not _CAPITAL_VERB.match(text, e):
            return None  # "Kyiv said" is Ukraine; "in Kyiv, estimated" is not
        elif key in _UNMARKED_BODIES and _RUSSIAN_BEFORE.search(text, max(0, s - 12), s):
            return None  # "the Russian air force" is not Ukraine's
        elif _case_ok(text, s, written):
            found = (payload, s, e)  # type: ignore[assignment]
    elif kind == "nationality":
        if not text[s].isupper():
            return None
        # "Russian-installed" needs its hyphen: the cheap test first
        if text.startswith("-", e) and (m := _INSTALLED.match(text, s)):
            found = ("russia_official", s, m.end())
        elif m := _AFTER_NAT[payload].match(text, s):  # media, analysts, bodies: in turn
            found = (_AFTER_NAT_CLAIMANT[m.lastgroup or ""][payload], s, m.end())
        elif payload == "RU" and low.startswith("kremlin", s):
            found = ("russia_official", s, e)
    else:  # a title
        reach = max(0, s - _TITLE_BEFORE_REACH)
        before = (
            _TITLE_BEFORE.search(text, reach, s) if _may_have_place_before(text[reach:s]) else None
        )
        after = _TITLE_AFTER.match(text, e)
        for m, start, end in (
            (before, before and before.start(), e),
            (after, s, after and after.end()),
        ):
            if m is None:
                continue
            side = _side_of(m.group("place"))
            if side:
                found = (side, start, end)  # type: ignore[assignment]
                break
    return found


def _speakers(
    text: str, low: str, starts: list[int], sentences: list[tuple[int, int]]
) -> list[tuple[Claimant, int, int]]:
    """Speaker spans near a reporting verb (`starts`: where each verb starts), in order,
    not overlapping."""
    out: list[tuple[Claimant, int, int]] = []
    last_end = 0
    n = len(text)
    n_verbs = len(starts)
    last_sentence = len(sentences) - 1
    si = 0
    # The first verb from a point on, for two points that only move forward as the hits
    # do (in order of start): bisect_left(starts, point), each found by moving on from the
    # last one rather than by a call (a call a hit costs more than all the moves).
    near = 0  # from s - 60 on
    in_reach = 0  # from max(sentence start, s - _REACH) on
    # Most hits fail one of the first tests (half of them "un", "ap" inside words): they
    # use no builtin call they can spare.
    for idx, s, e in _AUTOMATON.find(low):
        if s < last_end:
            continue
        if (s > 0 and text[s - 1].isalnum()) or (e < n and text[e].isalnum()):
            continue
        # no reporting verb within reach: not an attribution, skip the phrase regexes
        point = s - 60
        while near < n_verbs and starts[near] < point:
            near += 1
        if near == n_verbs or starts[near] > e + 220:
            continue
        # Nor when its sentence has no verb from _REACH before it on: no speaker from here
        # to the sentence end can be attributed, and a span never leaves its sentence, so
        # skipping it changes nothing after.
        while si < last_sentence and sentences[si][1] <= s:
            si += 1
        a, b = sentences[si]
        point = a if a > s - _REACH else s - _REACH
        while in_reach < n_verbs and starts[in_reach] < point:
            in_reach += 1
        if in_reach == n_verbs or starts[in_reach] >= b:
            continue
        found = _read_speaker(text, low, idx, s, e)
        if found:
            out.append(found)
            last_end = found[2]
    return out


def find_claims(
    text: str,
    low: str | None = None,
    spans: Callable[[], list[tuple[int, int]]] | None = None,
) -> tuple[Claim, ...]:
    """Every attribution in the passage, in order: a speaker next to a reporting verb.
    `low` (the text lowercased, offsets kept) and `spans` (a function returning its
    sentence_spans) may be passed by a caller that has them."""
    return tuple(Claim(c, text[s:e], s, e, i) for c, s, e, i in claim_spans(text, low, spans))


def claim_spans(
    text: str,
    low: str | None = None,
    spans: Callable[[], list[tuple[int, int]]] | None = None,
) -> list[tuple[Claimant, int, int, int]]:
    """find_claims as (claimant, start, end, sentence): for a caller that builds its Claims
    at other offsets (an article's passages), each once."""
    if not text:
        return []
    if low is None or len(low) != len(text):
        low = lower_aligned(text)
    verbs = _verbs(low)
    if not verbs:
        return []
    sentences = spans() if spans is not None else sentence_spans(text)
    starts = [v[0] for v in verbs]
    speakers = _speakers(text, low, starts, sentences)
    if not speakers:
        return []
    claims: list[tuple[Claimant, int, int, int]] = []
    idx = 0
    for cls, s, e in speakers:
        while idx + 1 < len(sentences) and sentences[idx][1] <= s:
            idx += 1
        a, b = sentences[idx]
        if _attributed(text, s, e, a, b, verbs, starts):
            claims.append((cls, s, e, idx))
    return claims


# Every reading of _UNVERIFIED holds one of these (the cheap test first).
UNVERIFIED_CUES = ("verif", "confirm", "evidence")
# _UNVERIFIED without re.I, for the lowercased text: 2-3× cheaper, and the same but where
# re.I matches an ASCII letter to a character that lowercases to something else: there,
# the search on the text decides (test_claims checks the list against every character).
_UNVERIFIED_LOW = re.compile(_UNVERIFIED.pattern)
# The same but "\bunverified\b": a pattern led by \b has re try a match at every position
# of the text, one whose every reading is led by a letter lets it skip ahead (4× cheaper).
# Without the word "unverified" in the text, the same answer.
_UNVERIFIED_LOW_LED = re.compile(_UNVERIFIED.pattern.replace(r"|\bunverified\b|", "|"))
assert "unverified" not in _UNVERIFIED_LOW_LED.pattern
FOLD_TO_ASCII = frozenset("\u0130\u0131\u017f")  # İ ı ſ


def is_unverified(text: str, low: str | None = None) -> bool:
    """ "Could not independently verify", "without providing evidence"."""
    low = text.lower() if low is None else low
    if "verif" not in low and "confirm" not in low and "evidence" not in low:
        return False  # UNVERIFIED_CUES
    if (_UNVERIFIED_LOW if "unverified" in low else _UNVERIFIED_LOW_LED).search(low):
        return True
    return any(c in text for c in FOLD_TO_ASCII) and bool(_UNVERIFIED.search(text))

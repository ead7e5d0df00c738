"""Who a passage attributes what it says to: `claimant` per attribution and per passage.

An attribution is a speaker next to a reporting verb: "Ukraine's air force said",
"said Oleh Syniehubov", "according to the UN", "ISW assessed", "Russian milbloggers
claimed". A name alone ("Zelensky met Trump") is not one. Titles that either side uses
("the governor", "regional officials") take the side of the place they are tied to.
"Could not independently verify" marks the passage unverified.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from app.pipeline.sentences import sentence_spans

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


# The speakers, most specific first: "Russian state media" is media, not Russia.
_UA = r"(?:Ukraine['’]s|Ukrainian|Kyiv['’]s)"
_RU = r"(?:Russia['’]s|Russian|Moscow['’]s|the\s+Russian)"
_UA_BODIES = (
    r"(?:air\s+force|military|armed\s+forces|army|navy|General\s+Staff|"
    r"defen[cs]e\s+(?:ministry|minister)|Ministry\s+of\s+Defen[cs]e|foreign\s+(?:ministry|minister)|"
    r"Foreign\s+Ministry|officials?|authorities|government|president|prime\s+minister|"
    r"energy\s+(?:ministry|minister)|Energy\s+Ministry|prosecutors?|Prosecutor\s+General['’]s\s+Office|"
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
    r"forces|negotiators?|delegation|spokes(?:wo)?man|spokesperson|(?:regional|local)\s+"
    r"(?:authorities|officials|governors?))"
)
_SPEAKERS: list[tuple[Claimant, str]] = [
    # media and analysts that carry a nationality go first
    ("media", rf"(?:{_UA}|{_RU}|Ukrainian\s+and\s+Russian|local|state|Western|independent)\s+"
              r"(?:state\s+)?(?:media|news\s+agenc(?:y|ies)|outlets?|journalists|"
              r"television|TV|press|Telegram\s+channels?|news\s+outlets?)"),
    ("media", rf"(?:{_UA}|{_RU}|prominent|pro-Kremlin|pro-war|a|one|some|other)?\s*"
              r"(?:milbloggers?|military\s+bloggers?|war\s+correspondents?|"
              r"(?:Russian\s+)?Telegram\s+channels?|bloggers?)"),
    ("analyst", rf"(?:{_UA}|{_RU}|Western|military|independent|open-source|OSINT|defen[cs]e)\s+"
                r"(?:analysts?|experts?|researchers|think\s+tanks?)"),
    ("russia_official", r"(?:Russian|Moscow|Kremlin)-(?:installed|appointed|backed)\s+"
                        r"(?:[\w'’-]+\s+){0,4}?(?:officials?|authorities|governor|head|leader|"
                        r"administration|mayor)"),
    ("russia_official", rf"{_RU}\s+(?:[A-Z][\w'’-]*\s+){{0,3}}{_RU_BODIES}"),
    ("ukraine_official", rf"{_UA}\s+(?:[A-Z][\w'’-]*\s+|of\s+|and\s+){{0,4}}{_UA_BODIES}"),
    ("russia_official", r"(?:the\s+)?Kremlin|Vladimir\s+Putin|Putin|(?:Dmitry\s+)?Peskov|"
                        r"(?:Sergei\s+|Sergey\s+)?Lavrov|(?:Maria\s+)?Zakharova|Shoigu|"
                        r"(?:Andrei\s+)?Belousov|Gerasimov|(?:Dmitry\s+)?Medvedev|"
                        r"(?:Yuri\s+)?Ushakov|(?:Kirill\s+)?Dmitriev|Nebenzia|"
                        r"(?:Vyacheslav\s+)?Gladkov|(?:Alexander\s+)?Khinshtein|"
                        r"(?:Alexander\s+)?Bogomaz|Likhachev|Rosatom|Pushilin|Pasechnik|"
                        r"(?:Vladimir\s+)?Saldo|(?:Yevgeny\s+)?Balitsky|Razvozhayev|Aksyonov|"
                        r"Moskalkova|Rosaviatsia|Gazprom|Transneft|Rosneft"),
    ("ukraine_official", r"(?:Volodymyr\s+)?Zelensk(?:y|yy|iy|yi)|(?:Oleksandr\s+)?Syrskyi|"
                         r"(?:Andrii\s+|Andriy\s+)?Sybiha|(?:Andriy\s+)?Yermak|"
                         r"(?:Rustem\s+)?Umerov|(?:Denys\s+)?Shmyhal|(?:Yulia\s+)?Svyrydenko|"
                         r"(?:Vitali\s+)?Klitschko|(?:Oleh\s+)?Syniehubov|(?:Ihor\s+)?Terekhov|"
                         r"(?:Ivan\s+)?Fedorov|(?:Serhiy\s+)?Lysak|(?:Oleksandr\s+)?Vilkul|"
                         r"(?:Oleksandr\s+)?Prokudin|(?:Oleh\s+)?Kiper|(?:Vadym\s+)?Filashkin|"
                         r"(?:Kyrylo\s+)?Budanov|(?:Dmytro\s+)?Lubinets|(?:Yurii\s+|Yuriy\s+)?Ihnat|"
                         r"(?:Vladyslav\s+)?Voloshyn|(?:Viktor\s+)?Trehubov|(?:Dmytro\s+)?Kuleba|"
                         r"(?:Mykhailo\s+)?Podolyak|(?:Mykhailo\s+)?Podoliak|(?:Tymur\s+)?Tkachenko|"
                         r"(?:Andriy\s+)?Sadovyi|(?:Svitlana\s+)?Hrynchuk|(?:Herman\s+)?Halushchenko|"
                         r"(?:Ruslan\s+)?Stefanchuk|(?:Serhiy\s+)?Kyslytsya|"
                         r"Ukrenergo|Naftogaz|Energoatom|the\s+SBU|SBU|HUR|GUR|Kyiv\s+city\s+"
                         r"(?:military\s+)?administration|(?:the\s+)?General\s+Staff|"
                         r"(?:the\s+)?(?:Ukrainian\s+)?[Aa]ir\s+[Ff]orce|Kyiv"),
    ("international", r"(?:the\s+)?(?:United\s+Nations|UN|U\.N\.)(?:\s+(?:human\s+rights\s+"
                      r"(?:office|monitors|monitoring\s+mission|chief|council)|refugee\s+agency|"
                      r"Security\s+Council|secretary-general|Secretary-General|agencies|"
                      r"nuclear\s+watchdog|children['’]s\s+agency|officials?|spokes(?:wo)?man))?|"
                      r"OCHA|HRMMU|UNHCR|UNICEF|(?:the\s+)?WHO|World\s+Health\s+Organi[sz]ation|"
                      r"(?:the\s+)?IAEA|International\s+Atomic\s+Energy\s+Agency|(?:Rafael\s+)?Grossi|"
                      r"(?:the\s+)?(?:International\s+Committee\s+of\s+the\s+)?Red\s+Cross|ICRC|"
                      r"NATO|(?:Mark\s+)?Rutte|(?:the\s+)?(?:EU|European\s+Union|European\s+Commission)"
                      r"(?:\s+(?:officials?|spokes(?:wo)?man|chief|commissioner))?|"
                      r"(?:Ursula\s+)?von\s+der\s+Leyen|(?:Kaja\s+)?Kallas|(?:Antonio\s+)?Guterres|"
                      r"(?:Volker\s+)?T[üu]rk|G7|(?:the\s+)?White\s+House|(?:the\s+)?Pentagon|"
                      r"(?:the\s+)?State\s+Department|(?:US|U\.S\.|American|Western|European|"
                      r"British|French|German|Polish|Turkish|NATO|EU|Baltic)\s+(?:officials?|"
                      r"diplomats?|intelligence|leaders|governments?|President|president|"
                      r"envoys?|Secretary|secretary|defen[cs]e\s+ministry|Ministry\s+of\s+"
                      r"Defen[cs]e|foreign\s+ministry|chancellor|Chancellor|prime\s+minister|"
                      r"Prime\s+Minister)|"
                      r"(?:Britain['’]s|the\s+UK['’]s|UK|British)\s+(?:Ministry\s+of\s+Defen[cs]e|"
                      r"MoD|defen[cs]e\s+ministry)|(?:Donald\s+)?Trump|(?:Steve\s+)?Witkoff|"
                      r"(?:Jared\s+)?Kushner|(?:Marco\s+)?Rubio|(?:JD\s+|J\.D\.\s+)?Vance|"
                      r"(?:Pete\s+)?Hegseth|(?:Keith\s+)?Kellogg|(?:Dan\s+)?Driscoll|"
                      r"(?:Emmanuel\s+)?Macron|(?:Keir\s+)?Starmer|(?:Friedrich\s+)?Merz|"
                      r"(?:Recep\s+Tayyip\s+)?Erdogan|(?:Donald\s+)?Tusk|(?:Giorgia\s+)?Meloni|"
                      r"(?:Viktor\s+)?Orb[aá]n|(?:Alexander\s+)?Stubb|(?:Robert\s+)?Fico|"
                      r"(?:the\s+)?World\s+Bank|(?:the\s+)?IMF|International\s+Monetary\s+Fund|"
                      r"(?:the\s+)?OSCE|(?:the\s+)?International\s+Criminal\s+Court|ICC|"
                      r"Amnesty\s+International|Human\s+Rights\s+Watch"),
    ("analyst", r"(?:the\s+)?Institute\s+for\s+the\s+Study\s+of\s+War(?:\s+\(ISW\))?|ISW|"
                r"Critical\s+Threats|CTP|(?:the\s+)?DeepState|Rochan\s+Consulting|"
                r"(?:the\s+)?Kyiv\s+School\s+of\s+Economics|KSE|CSIS|RUSI|Carnegie|"
                r"(?:the\s+)?Atlantic\s+Council|Kiel\s+Institute|ACLED|Oryx|"
                r"(?:the\s+)?Center\s+for\s+Strategic\s+and\s+International\s+Studies|"
                r"(?:the\s+)?Royal\s+United\s+Services\s+Institute|analysts?|experts?|"
                r"(?:a\s+)?think\s+tank"),
    ("media", r"Reuters|(?:the\s+)?Associated\s+Press|AP|AFP|Agence\s+France-Presse|BBC|CNN|"
              r"Al\s+Jazeera|Bloomberg|(?:The\s+|the\s+)?New\s+York\s+Times|"
              r"(?:The\s+|the\s+)?Washington\s+Post|(?:The\s+|the\s+)?Wall\s+Street\s+Journal|"
              r"(?:the\s+)?(?:Financial\s+Times|FT)|(?:The\s+|the\s+)?Guardian|"
              r"(?:The\s+|the\s+)?Economist|Politico|Axios|(?:the\s+)?Kyiv\s+Independent|"
              r"Ukrainska\s+Pravda|Suspilne|Hromadske|Ukrinform|TASS|RIA(?:\s+Novosti)?|"
              r"Interfax(?:-Ukraine)?|Kommersant|RBC|Meduza|Mediazona|Astra|Rybar|"
              r"(?:the\s+)?Kyiv\s+Post|Sky\s+News|France\s+24|Deutsche\s+Welle|DW|"
              r"(?:the\s+)?(?:media|press)\s+reports?|(?:news\s+)?reports"),
]

_SPEECH = (
    r"(?:said|says|say|saying|told|tells|claimed|claims|claim|claiming|reported|reports|report|"
    r"reporting|stated|states|state|announced|announces|assessed|assesses|assess|wrote|writes|"
    r"added|adds|noted|notes|warned|warns|accused|accuses|alleged|alleges|insisted|insists|"
    r"confirmed|confirms|estimated|estimates|denied|denies|stressed|observed|observes|posted|"
    r"indicated|indicates|described|urged|acknowledged|admitted|argued|argues|explained|"
    r"reiterated|declared|published|recorded|documented|counted|found|concluded|believes|"
    r"believed|tallied|put\s+the|assessment|statement|shows|showed|suggested|suggests|"
    r"cited|citing|continues\s+to\s+assess|has\s+observed|could\s+not\s+(?:independently\s+)?"
    r"(?:verify|confirm)|was\s+unable\s+to\s+(?:independently\s+)?(?:verify|confirm))"
)
_SPEAKER_RE = re.compile(
    "|".join(f"(?P<s{i}>\\b(?:{pat})\\b)" for i, (_, pat) in enumerate(_SPEAKERS))
)
_SPEAKER_CLASS = {f"s{i}": cls for i, (cls, _) in enumerate(_SPEAKERS)}

# speaker … verb: an appositive in commas, a title and name, an auxiliary in between
_AFTER = re.compile(
    r"(?:['’]s\s+(?:\w+\s+){0,2}?(?:spokes(?:wo)?man|spokesperson|head|chief|office|"
    r"press\s+service|statement|channel|account))?"
    r"(?:\s*\([^)]{0,40}\))?"
    r"(?:\s*,\s*[^,.;]{1,80},)?"
    r"(?:\s+(?:[A-Z][\w'’.-]*|of|the|and|on|in|a|an|has|have|had|also|previously|later|"
    r"again|separately|earlier|officially|reportedly|then|recently|himself|herself|"
    r"publicly|on\s+\w+day|in\s+a\s+(?:statement|post|video|briefing|report))){0,8}"
    rf"\s*,?\s*{_SPEECH}\b",
)
# verb … speaker: "according to the UN", "said Ukraine's air force", ", Zelensky said"
_BEFORE = re.compile(
    rf"(?:\baccording\s+to|\bsaid|\bsays|\bclaimed|\breported\s+by|\bcited\s+by|\bciting|"
    rf"\bwrote|\bannounced|\bper|\bfigures\s+from|\bdata\s+from|\bestimates\s+by)\s+"
    rf"(?:the\s+|a\s+|an\s+)?(?:[\w'’-]+\s+){{0,3}}?$"
)
_UNVERIFIED = re.compile(
    r"could\s+not\s+(?:be\s+)?(?:independently\s+)?(?:verif|confirm)|"
    r"(?:was|were)\s+unable\s+to\s+(?:independently\s+)?(?:verify|confirm)|"
    r"cannot\s+(?:be\s+)?(?:independently\s+)?(?:verif|confirm)|"
    r"not\s+(?:been\s+)?independently\s+(?:verified|confirmed)|\bunverified\b|"
    r"without\s+(?:providing|offering)\s+(?:any\s+)?evidence|"
    r"did\s+not\s+(?:provide|offer)\s+(?:any\s+)?evidence",
    re.I,
)
# Titles either side uses: the side is the place they are tied to.
_TITLE = re.compile(
    r"\b(?P<place>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)(?:\s+(?:region|oblast|Oblast|city|"
    r"regional|['’]s))?\s+(?:regional\s+|city\s+|military\s+)?(?:governor|mayor|"
    r"(?:military\s+)?administration|authorities|officials|head)\b"
    r"|\b(?:governor|mayor|head)\s+of\s+(?:the\s+)?(?P<place2>[A-Z][\w'’-]+)"
)


def _title_claimant(text: str, start: int, end: int) -> list[tuple[Claimant, int, int]]:
    from app.pipeline.places import lookup  # local: places loads the gazetteer

    out: list[tuple[Claimant, int, int]] = []
    for m in _TITLE.finditer(text, start, end):
        name = m.group("place") or m.group("place2")
        places = lookup(name)
        countries = {p.country for p in places}
        if len(countries) != 1:
            continue
        verb = _AFTER.match(text, m.end(), end)
        before = _BEFORE.search(text, max(start, m.start() - 40), m.start())
        if verb or before:
            claimant: Claimant = "ukraine_official" if "UA" in countries else "russia_official"
            out.append((claimant, m.start(), m.end()))
    return out


def find_claims(text: str) -> tuple[Claim, ...]:
    """Every attribution in the passage, in order."""
    claims: list[Claim] = []
    for idx, (a, b) in enumerate(sentence_spans(text)):
        taken: list[tuple[int, int]] = []
        for cls, s, e in _title_claimant(text, a, b):
            claims.append(Claim(cls, text[s:e], s, e, idx))
            taken.append((s, e))
        for m in _SPEAKER_RE.finditer(text, a, b):
            s, e = m.start(), m.end()
            if any(s < te and e > ts for ts, te in taken):
                continue
            cls = _SPEAKER_CLASS[m.lastgroup or ""]
            if _AFTER.match(text, e, b) or _BEFORE.search(text, max(a, s - 40), s):
                claims.append(Claim(cls, m.group(0), s, e, idx))
                taken.append((s, e))
    claims.sort(key=lambda c: c.start)
    return tuple(claims)


def is_unverified(text: str) -> bool:
    return bool(_UNVERIFIED.search(text))

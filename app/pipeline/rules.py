"""The theme rules, as data.

Each theme has weighted cues. A cue is (anchor, pattern, weight, label):
- `anchor` is a regex that must fullmatch one word of the passage (lowercase,
  punctuation stripped, hyphenated words also split); "a|b & c|d" needs a word of
  each group. It is the cheap gate that keeps the pipeline fast (see gate.py),
  and with no pattern it is the whole cue;
- `pattern`, when given, must also be found in the passage's lowercase text: the
  concept as a phrase (verb + object, number + weapon, role + speech verb).
A theme's raw score is the sum of the weights of its distinct cue labels that
fire. A passage takes a theme on its own evidence at THRESHOLD (with one cue of
at least STRONG_CUE); weaker evidence counts when the heading, a neighbouring
passage or the article's main topic carries the theme. Below the cue tables:
cross-theme rules (a cue of one theme explains away weak cues of another),
framing, background mentions and time references, which weaken evidence.

Cues name concepts of war reporting, not phrases of particular articles.
"""

from __future__ import annotations

from typing import NamedTuple

from app.pipeline.types import Theme

THRESHOLD = 1.0
STRONG_CUE = 0.7  # a theme needs one cue this heavy to stand on its own…
WEAK_ONLY_THRESHOLD = 1.5  # …or this much from weak cues together
WEAK_CONTEXT = 0.55  # taken with one supporting context (heading, neighbour, topic)
WEAKEST = 0.3  # taken when the article's topic and a neighbour agree
DOMINANT_MIN = 3  # passages needed before a theme can be the article's topic
DOMINANT_SHARE = 0.45  # share of the themed passages that makes a theme the topic
SECTION_SHARE = 0.5  # a heading takes a theme this share of its section carries
MIN_INHERIT_WORDS = 6  # shorter passages never inherit themes


class Cue(NamedTuple):
    anchor: str
    pattern: str | None
    weight: float
    label: str


# Reusable fragments.
NUM = (
    r"(?<![\w-])(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"dozens? of|several|hundreds? of|thousands? of|scores of)"
)
DRONE_W = r"drones?|uavs?|shaheds?|gerans?|gerberas?|kamikaze|loitering"
DRONE = r"(?:drones?|uavs?|shahed\w*|geran\w*|gerbera\w*|unmanned aerial vehicles?)"
MISSILE_W = (
    r"missiles?|rockets?|ballistic|cruise|iskanders?|kinzhals?|kalibrs?|kh|oreshnik|zircons?|"
    r"onyx|atacms|tomahawks?|flamingos?|neptunes?|hypersonic"
)
MISSILE = r"(?:missiles?|rockets?|iskanders?|kinzhals?|kalibrs?|kh-\d+\w*|oreshnik)"
CIVIL = (
    r"(?:civilians?|people|persons?|residents|children|child|kids|teenagers?|women|woman|men|man|"
    r"girls?|boys?|family|families|infants?|babies|baby|pensioners?|passengers?|medics?|"
    r"rescuers?|journalists?|workers|volunteers|inhabitants)"
)
HURT_W = r"killed|killing|kills|injured|injuring|injures|wounded|wounding|hurt|died|dead|deaths?|casualties|victims"
HURT = r"(?:" + HURT_W + r")"
SETTLEMENT = r"(?:villages?|towns?|city|cities|settlements?|hamlets?|outskirts|suburbs?|positions?|heights|districts?|territory|territories|areas?)"
MONEY_W = r"[$€£]\d[\d,.]*\w*|\d[\d,.]*(?:bn|mln|tn)|bn|billion|million|mln|trillion|euros?|dollars?|hryvnias?|roubles?|rubles?"

RULES: dict[Theme, tuple[Cue, ...]] = {
    "front_lines": (
        Cue(
            r"advanc\w*",
            r"\badvanc(?:e|ed|es|ing)\b(?!\s+(?:efforts|interests|talks|plans?|proposals?|negotiations|peace|the (?:peace|talks|process)))(?: \w+){0,3}? (?:near|toward|towards|into|north|south|east|west|northeast|northwest|southeast|southwest|to within|deeper|in (?:the )?(?:north|south|east|west|central)\w*|in the [\w-]+(?: [\w-]+)? (?:direction|area|tactical area|oblast|region|sector))\b",
            1.2,
            "advance near",
        ),
        Cue(
            r"seiz\w*|captur\w*|take|took|taken|taking|occup\w+|overr\w+ & all|rest|remainder|regions?|oblasts?|province|control",
            r"\b(?:seiz\w*|captur\w*|take|took|taken|taking|occupy|occupied|overrun|overran)\b (?:\w+ ){0,2}?(?:all of|the rest of|the remainder of|control of|the (?:\w+ ){0,2}regions?|the (?:\w+ )?oblasts?)\b",
            1.2,
            "seized settlement",
        ),
        Cue(
            r"suffered|sustained|lost|suffering & casualties|losses",
            r"\b(?:suffered|sustained|lost|suffering)\b (?:[\w,]+ ){0,3}?(?<!civilian )(?:casualties|losses)\b",
            1.0,
            "military losses",
        ),
        Cue(
            r"enemy & losses|casualties|troops|positions|forces|assaults?|infantry|advances?|manpower",
            r"\benemy (?:losses|casualties|troops|positions|forces|assaults?|infantry|advances?|manpower)\b",
            1.1,
            "enemy forces",
        ),
        Cue(
            r"roll|push\w*|drive|driving|drove & back",
            r"\b(?:roll|rolled|rolling|push|pushed|pushing|drive|driving|drove) back (?:\w+ ){0,2}?(?:russian|ukrainian|enemy)? ?(?:advances|forces|troops|lines)\b",
            1.1,
            "pushed back",
        ),
        Cue(r"advances", None, 0.7, "advances"),
        Cue(
            r"repel\w*|repuls\w*|fought|beat|thwarted",
            r"\b(?:repel\w*|repuls\w*|beat back|fought off|thwarted)\b.{0,40}\b(?:assaults?|attacks?|attempts?|offensives?|storming)",
            1.5,
            "repelled assaults",
        ),
        Cue(
            r"offensive|ground|combat",
            r"\b(?:offensive (?:operations?|actions|push|campaign)|ground (?:assaults?|attacks?|operations|offensive|forces|combat)|combat (?:engagements|clashes|operations))\b",
            1.3,
            "offensive operations",
        ),
        Cue(
            r"seiz\w*|captur\w*|liberat\w*|recaptur\w*|control|overran|took|taken|entered|taking & villages?|towns?|city|cities|settlements?|hamlets?|outskirts|suburbs?|positions?|heights|districts?|territory|territories|areas?",
            r"\b(?:seiz\w*|captur\w*|liberat\w*|recaptur\w*|took control of|taken control of|taking control of|took|overran|entered)\b.{0,50}\b"
            + SETTLEMENT
            + r"\b",
            1.3,
            "seized settlement",
        ),
        Cue(
            r"fronts?|frontlines?",
            r"\b(?:front[ -]?lines?|frontline|fronts)\b(?![ -](?:communities|villages|towns|cities|areas|regions|oblasts|settlements|residents|hospitals|zones?|adjacent))|\beastern front\b|\bsouthern front\b",
            0.7,
            "front line",
        ),
        Cue(r"contact", r"\b(?:contact line|line of contact)\b", 0.7, "contact line"),
        Cue(
            r"counter\w*",
            r"\bcounter-?(?:offensive|attack|assault|strike)\w*",
            1.2,
            "counteroffensive",
        ),
        Cue(r"infiltrat\w*", None, 1.0, "infiltration"),
        Cue(
            r"direction|axis|sector|area",
            r"\b(?:in|on|along|toward|towards) the [\w-]+(?: [\w-]+)? (?:direction|axis)\b|\btactical area\b",
            1.1,
            "direction / axis",
        ),
        Cue(
            r"forces|troops|units|soldiers|army|infantry|groups? & attacked|advanced|assaulted|pushed|stormed|withdrew|retreated|attacking|attack|advance|assault|storm|regained|maintain\w*|holding|held|repelled|seized|captured|liberated|crossed|entered|encircled|broke|presence",
            r"\b(?:russian|ukrainian|enemy|our|their|its) (?:forces|troops|units|soldiers|army|infantry|assault groups?) (?:\w+ ){0,2}(?:attacked|advanced|assaulted|pushed|stormed|withdrew|retreated|attacking|attack|advance|assault|storm|regained|maintain\w*|holding|held|repelled|seized|captured|liberated|crossed|entered|encircled|broke through|have (?:a )?presence)",
            1.3,
            "forces attacked / advanced",
        ),
        Cue(
            r"attacked|attacks|assaults|assaulted",
            r"\b(?:attacked|assaulted|attacks|assaults)\b (?:\w+ ){0,3}?(?:near|toward|towards|north|south|east|west|northeast|northwest|southeast|southwest|within)\b",
            1.3,
            "attacked near",
        ),
        Cue(
            r"geolocated|battle|assessed",
            r"\bgeolocated (?:footage|imagery|video)\b|\border of battle\b|\bassessed (?:russian|ukrainian) (?:advances|infiltration)",
            1.2,
            "battlefield assessment",
        ),
        Cue(
            r"assault|infantry|mechani[sz]ed|armou?red|motori[sz]ed|airborne|marine|stormtroopers?|sabotage",
            r"\b(?:assault|infantry|mechani[sz]ed|armou?red|motori[sz]ed|airborne|sabotage and reconnaissance|storm) (?:troops|groups?|units?|elements|brigades?|regiments?|assaults?|infantry|columns?)\b|\bstormtroopers?\b",
            1.0,
            "assault units",
        ),
        Cue(r"brigades?|regiments?|battalions?|divisions?|corps", None, 0.5, "unit designation"),
        Cue(
            r"artillery|mortars?|fpv|thermobaric|howitzers?|shelling", None, 0.6, "artillery / FPV"
        ),
        Cue(
            r"troops|soldiers|servicemen|servicemembers|fighters|personnel|military & killed|died|dead|wounded|losses|casualties|missing|lost",
            r"\b(?:troops|soldiers|servicemen|servicemembers|fighters|personnel|military)\b.{0,40}\b(?:killed|died|dead|wounded|losses|casualties|missing|lost)\b",
            1.3,
            "troop losses",
        ),
        Cue(
            r"action|casualties|losses",
            r"\b(?:killed|wounded|missing) in action\b|\b(?:battlefield|combat|military|army|troop|personnel) (?:losses|casualties|deaths)\b|\b(?:casualties|losses)\b.{0,40}\b(?:troops|soldiers|army|military|forces|men)\b",
            1.3,
            "military losses",
        ),
        Cue(
            r"suffered|lost|sustained|suffering & casualties|losses",
            r"\b(?:russia|ukraine|moscow|kyiv|russian|ukrainian|army|military)\b.{0,40}\b(?:suffered|lost|sustained|suffering)\b.{0,30}(?<!civilian )\b(?:casualties|losses)\b",
            1.3,
            "military losses",
        ),
        Cue(
            r"trench(?:es)?|foxholes?|fortifi\w+|dugouts?|bridgeheads?|encircl\w+|salient|pincer|breakthrough|buffer|minefields?|positions",
            None,
            0.6,
            "field positions",
        ),
        Cue(
            r"positions?|ground|line|lines|operations & defensive|held|hold|holding|maintain\w*|improved|lost|tactical",
            r"\bdefensive (?:positions|lines?|operations)\b|\b(?:held|hold|holding|maintain\w*|improved) (?:\w+ )?(?:positions|ground|the line)\b|\bpositions? (?:held|lost)\b|\btactical positions\b",
            1.1,
            "positions",
        ),
        Cue(
            r"battlefield|fighting|clashes|combat|hostilities|battles?|skirmish\w*|firefights?",
            None,
            0.55,
            "fighting",
        ),
        Cue(
            r"fighting|clashes|battles?|combat",
            r"\b(?:fighting|clashes|battles?|combat)\b (?:\w+ ){0,2}(?:continues?|continued|raged?|rages|raging|intensified|reported|erupted|is ongoing|near|for|around|along|in the)\b|\b(?:heavy|fierce|intense|bloody|ongoing) (?:fighting|clashes|battles?|combat)\b",
            1.1,
            "fighting reported",
        ),
        Cue(r"territor\w*|km2", None, 0.45, "territory"),
        Cue(
            r"gained|gains|seized|captured|liberated|occupies|occupy|control|controls|lost",
            r"\b(?:gained|gains|lost|seized|captured|liberated|occupies|occupy|control|controls)\b.{0,40}\b(?:square (?:kilometers|kilometres|miles)|sq km|km2|% of (?:ukraine|the)|percent of (?:ukraine|the))",
            1.3,
            "territorial gains",
        ),
        Cue(
            r"rotation|rotat\w+|movements?|reinforcements?|redeploy\w*|regroup\w*|concentrat\w+",
            r"\b(?:rotation|rotat\w+)\b.{0,20}\b(?:units|troops|brigades|forces)\b|\btroop (?:movements?|concentrations?)\b|\breinforcements?\b|\bredeploy\w*|\bregroup\w*|\bconcentrat\w+ (?:of )?(?:troops|forces)",
            1.1,
            "troop movements",
        ),
        Cue(
            r"mobili[sz]ation|call-up|conscript\w*|recruit\w*|manpower|desert\w+|enlist\w*",
            None,
            0.6,
            "manpower",
        ),
        Cue(
            r"pressure|push\w*",
            r"\b(?:pressure on (?:ukrainian|russian)|push(?:ed|ing)? (?:toward|towards|into|deeper|westward|back))\b",
            0.6,
            "pressure",
        ),
        Cue(
            r"withdrawal|withdrew|retreat\w*|pull\w*|pullback",
            r"\b(?:withdrawal|withdrew|retreat(?:ed)?|pull(?:ed)? back|pullback)\b.{0,40}\b(?:forces|troops|from)\b",
            0.6,
            "withdrawal",
        ),
        Cue(
            r"struck|hit|targeted",
            r"\b(?:struck|hit|targeted)\b (?:a |an )?(?:russian |ukrainian )?(?:drone control points?|manpower|command posts?|dugouts?|positions|artillery|equipment|logistics)",
            1.1,
            "strike on positions",
        ),
        Cue(r"milbloggers?|war\s?bloggers?", None, 0.5, "milbloggers"),
        Cue(
            r"stalemate|attrition\w*|attritional|grinding|war of attrition", None, 0.6, "attrition"
        ),
    ),
    "air_strikes": (
        Cue(
            r"launched|fired|sent|used|launching|launch",
            r"\b(?:launched|fired|sent|used|launching|launch)\b.{0,25}\b"
            + NUM
            + r"\b.{0,40}\b(?:"
            + DRONE
            + "|"
            + MISSILE
            + r"|missiles)",
            1.6,
            "launched N drones/missiles",
        ),
        Cue(
            r"drones?|uavs?|shaheds?|gerans?|gerberas?|kamikaze|loitering|missiles & \d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|several|hundreds?|thousands?|scores",
            r"\b" + NUM + r"\s+(?:[\w-]+\s){0,2}?(?:" + DRONE + r"|missiles)\b",
            1.1,
            "N drones/missiles",
        ),
        Cue(
            r"drones?|uavs? & missiles?|rockets?|bombs?",
            r"\b(?:drones?|missiles?|rockets?)\s+(?:and|or|&)\s+(?:\w+\s)?(?:drones?|missiles?|rockets?|bombs?)\b",
            1.2,
            "drones and missiles",
        ),
        Cue(
            r"strikes?|attacks?|raids?|barrages?|campaign|bombardment|salvos?",
            r"\b(?:missile|drone|air|aerial|rocket|bomb(?:ing)?|glide[- ]bomb|kamikaze|long-range|overnight|massive|massed|combined|retaliatory|mid-range|deep)\s+(?:strikes?|attacks?|raids?|barrages?|campaign|bombardment|salvos?)\b",
            1.3,
            "air/missile/drone strike",
        ),
        Cue(
            r"airstrikes?|air|bombardment|bombing|bombed|bombard\w*",
            r"\bair ?strikes?\b|\bairstrikes?\b|\bbombard\w*|\bbombing\b|\bbombed\b",
            1.1,
            "airstrike / bombardment",
        ),
        Cue(
            MISSILE_W,
            r"\b(?:ballistic|cruise|hypersonic|anti-ship|guided)\s+missiles?\b|\b(?:iskander|kinzhal|kalibr|oreshnik|zircon|onyx|kh-\d+|storm shadow|atacms|tomahawk|flamingo|neptune)\w*",
            1.2,
            "missile type",
        ),
        Cue(
            r"shaheds?|gerans?|gerberas?|italmas|lancets?|kamikaze", None, 1.2, "attack drone type"
        ),
        Cue(
            r"glide|aerial|guided|cluster|kabs?|bombs?",
            r"\b(?:glide|aerial|guided|cluster|air-dropped)\s+(?:bombs?|munitions)\b|\bkabs?\b",
            1.2,
            "aerial bombs",
        ),
        Cue(
            r"air|antiaircraft|anti-aircraft|patriots?|interceptors?|sams?|defences|defenses",
            r"\bair[- ]defen[cs]es?\b|\banti-?aircraft\b|\bpatriot (?:systems?|missiles?|batteries)\b|\binterceptors?\b|\bmobile fire groups?\b",
            1.1,
            "air defence",
        ),
        Cue(
            r"intercept\w*|shot|downed|neutrali[sz]ed|destroyed|suppressed",
            r"\b(?:intercept(?:ed|s|ing)?|shot down|downed|neutrali[sz]ed|destroyed|suppressed)\b.{0,40}\b(?:"
            + DRONE
            + "|"
            + MISSILE
            + r"|missiles|targets)\b|\b(?:"
            + DRONE
            + "|"
            + MISSILE
            + r"|missiles)\b.{0,30}\b(?:intercepted|shot down|downed)",
            1.4,
            "intercepted",
        ),
        Cue(r"intercepted|interception", None, 0.8, "intercepted (bare)"),
        Cue(
            r"alerts?|raid|sirens?",
            r"\bair (?:raid )?alerts?\b|\bair raid\b|\bsirens?\b",
            1.1,
            "air alert",
        ),
        Cue(
            r"drones?|missiles?|rockets?|uavs?|shaheds? & hit|struck|hits|strikes|slammed|targeted|attacked|damaged|fell|crashed|exploded",
            r"\b(?:drones?|missiles?|rockets?)\b (?:\w+ )?(?:hit|struck|hits|strikes|slammed|targeted|attacked|damaged|fell|crashed|exploded)\b",
            1.3,
            "drones hit",
        ),
        Cue(DRONE_W, None, 0.55, "drones"),
        Cue(r"missiles?", None, 0.55, "missiles"),
        Cue(r"debris|shrapnel|fragments|wreckage", None, 0.7, "debris"),
        Cue(
            r"debris|shrapnel|fragments|wreckage",
            r"\b(?:debris|shrapnel|fragments|wreckage)\b.{0,30}\b(?:fell|falling|hit|damaged|struck|caused|sparked|injured)\b|\b(?:falling|downed) (?:debris|drone|missile)",
            1.1,
            "falling debris",
        ),
        Cue(
            r"struck|hit|targeted|attacked|bombed|shelled|strike|strikes|attack|attacks & refiner\w*|airfields?|bases?|depots?|factor\w*|plants?|ports?|terminals?|arsenals?|sites?|ground|warehouses?|industrial|enterprise|railway|trains?|stations?",
            r"\b(?:struck|hit|targeted|attacked|bombed|shelled|strikes? on|attacks? on)\b.{0,60}\b(?:refiner(?:y|ies)|airfields?|air bases?|oil depots?|depots?|factor(?:y|ies)|plants?|ports?|terminals?|arsenals?|launch sites?|testing ground|warehouses?|industrial|enterprise|railway|trains?|railway stations?)\b",
            1.2,
            "struck facility",
        ),
        Cue(
            r"refiner\w*|airfields?|depots?|plants?|ports?|terminals?|arsenals?|warehouses?|factor\w*|facility|facilities|substations? & struck|hit|targeted|attacked|damaged|shelled|bombed",
            r"\b(?:refiner(?:y|ies)|airfields?|air bases?|depots?|plants?|ports?|terminals?|arsenals?|warehouses?|factor(?:y|ies)|facility|facilities|substations?)\b.{0,40}\b(?:was|were|had been|has been|have been) (?:\w+ )?(?:struck|hit|targeted|attacked|damaged|shelled|bombed)\b",
            1.1,
            "struck facility",
        ),
        Cue(
            r"strike|strikes|long-range|deep",
            r"\bstrike campaign\b|\blong-range strikes?\b|\bdeep strikes?\b|\bstrikes? (?:on|against|targeting) (?:ukrainian|russian|ukraine|russia|kyiv|the capital|cities|regions|energy|infrastructure|military)",
            1.3,
            "strike campaign",
        ),
        Cue(r"shelled|shelling", None, 0.6, "shelling"),
        Cue(
            r"locations|impacts?",
            r"\bstruck \w+ locations\b|\bimpacts? (?:were )?(?:recorded|in)\b",
            1.0,
            "impacts",
        ),
        Cue(
            r"attack|attacks|strike|strikes|attacked|struck|hit|targeted & city|capital|cities|regions?|oblast|kyiv|kharkiv|odesa|dnipro|lviv|zaporizhzhia|sumy|kherson|moscow|belgorod",
            r"\b(?:attacks?|strikes?|attacked|struck|hit|targeted)\b (?:\w+ ){0,2}(?:on |against )?(?:the )?(?:city|capital|cities|regions?|oblast|kyiv|kharkiv|odesa|dnipro|lviv|zaporizhzhia|sumy|kherson|moscow|belgorod)\b",
            0.8,
            "attack on city",
        ),
        Cue(r"overnight|nightly|night", None, 0.35, "overnight"),
        Cue(r"double-tap|explosions?|blasts?|detonat\w*", None, 0.6, "explosions"),
        Cue(
            r"strikes?|attacks?|attacked|struck|targeted|hit|hits|bombarded|bombardment|shelled & energy|power|substations?|grid|refiner\w*|tpps?|chps?|npps?|plants?|stations?|facilities",
            r"\b(?:attack\w*|strikes?|struck|targeted|hits?|bombard\w*|shelled)\b.{0,40}\b(?:(?:energy|power) (?:infrastructure|facilities|system|sector|grid|plants?|stations?|supplies|supply|lines|networks?)|substations?|(?:power|electricity) grid|(?:thermal|hydroelectric|nuclear) (?:power )?(?:plants?|stations?)|tpps?|chps?|refiner(?:y|ies)|oil depots?|gas (?:facilities|infrastructure|production))\b|\b(?:energy|power) (?:infrastructure|facilities|system|grid|sector)\b.{0,40}\b(?:attack\w*|strikes?|struck|hit|targeted)",
            1.0,
            "strikes on energy",
        ),
        Cue(
            r"attacks?|strikes?|shelling|bombardment & cut|cutting|knocked|knocking|left|leaving|deprived|depriving|disrupted|disrupting|plunged|plunging",
            r"\b(?:cut|cutting|knocked out|knocking out|left|leaving|deprived|depriving|disrupted|disrupting|plunged|plunging)\b.{0,50}\b(?:power|electricity|heat|heating|water|darkness|blackouts?)\b",
            1.0,
            "strike cut power",
        ),
        Cue(
            r"attacks?|strikes?|assault|shelling|shelled|hit|struck & killed|killing|injured|injuring|wounded|wounding|dead|hurt",
            r"\b(?:attacks?|strikes?|assault|shelling|shelled|hit|struck)\b.{0,80}\b(?:killed|killing|injured|injuring|wounded|wounding|dead)\b|\b(?:killed|injured|wounded|hurt)\b.{0,60}\b(?:attacks?|strikes?|shelling)\b",
            0.7,
            "attack with casualties",
        ),
        Cue(
            r"attacks?|strikes?|bombardment|barrage",
            r"\b(?:russian|ukrainian|russia's|ukraine's) (?:drone |missile |air )?(?:attacks?|strikes?|bombardment|barrage)\b",
            0.6,
            "side + attack",
        ),
    ),
    "humanitarian": (
        Cue(
            r"civilians?|people|persons?|residents|children|child|kids|teenagers?|women|woman|men|man|girls?|boys?|family|families|infants?|babies|baby|pensioners?|passengers?|medics?|rescuers?|journalists?|workers|volunteers|inhabitants & killed|killing|kills|injured|injuring|injures|wounded|wounding|hurt|died|dead|deaths?|casualties|victims",
            r"\b" + NUM + r"\s+(?:[\w-]+\s){0,3}?" + CIVIL + r"\b",
            1.5,
            "N people killed/injured",
        ),
        Cue(
            r"killed|killing|kills|injured|injuring|injures|wounded|wounding|hurt|died|dead|deaths?|casualties|victims & civilians?|people|persons|residents|children|child|kids|teenagers?|women|woman|men|man|girls?|boys?|family|families|infants?|babies|baby|pensioners?|passengers?|medics?|rescuers?|journalists?|workers|volunteers|inhabitants",
            r"\b"
            + HURT
            + r"\b.{0,30}\b(?:at least |more than |over |about |around )?"
            + NUM
            + r"\s+(?:[\w-]+\s){0,2}?"
            + CIVIL
            + r"\b",
            1.5,
            "killed N people",
        ),
        Cue(r"civilians|non-combatants?", None, 0.9, "civilians"),
        Cue(
            r"civilian",
            r"\bcivilian (?:casualties|deaths|victims|population|dead|toll)\b",
            1.3,
            "civilian casualties",
        ),
        Cue(
            r"civilian",
            r"\bcivilian (?:infrastructure|targets|areas|objects|buildings|homes|facilities|sites)\b",
            0.5,
            "civilian targets",
        ),
        Cue(r"humanitarian", None, 1.1, "humanitarian"),
        Cue(r"evacuat\w*", None, 1.2, "evacuation"),
        Cue(
            r"displace\w*|refugees?|asylum|idps?|fled|flee|fleeing|protection",
            r"\b(?:displace\w*|refugees?|asylum|temporary protection|idps?|internally displaced|fled|flee|fleeing)\b",
            1.2,
            "displacement / refugees",
        ),
        Cue(
            r"left|leave|leaving",
            r"\b(?:left|leave|leaving) (?:the|their|his|her) (?:city|cities|town|village|homes?|country|region)\b",
            0.8,
            "leaving home",
        ),
        Cue(
            r"deprived|deprive|depriving|without",
            r"\b(?:depriv\w+)\b.{0,60}\bof (?:heat|heating|power|electricity|water|light)\b|\bwithout (?:heat|heating|water|light)\b",
            1.0,
            "deprived of heat / water",
        ),
        Cue(
            r"prisoners?|pows?|captives?|detainees|captivity|exchange|swap|exchanges|swaps",
            r"\b(?:prisoners?(?: of war)?|pows?|captives?|detainees|bodies)\b.{0,40}\b(?:exchange\w*|swap\w*|returned|released|freed|home|repatriat\w*)\b|\b(?:exchange|swap|release|return|repatriation)\w* (?:of )?(?:\w+ ){0,3}(?:prisoners|pows|captives|bodies|civilians)\b|\bfrom captivity\b|\bprisoner (?:exchange|swap)s?\b",
            1.5,
            "prisoner exchange",
        ),
        Cue(r"prisoners?|pows?|captives?|captivity", None, 0.6, "prisoners"),
        Cue(
            r"deport\w*|abduct\w*|transferred|stolen|children",
            r"\b(?:deport\w*|abduct\w*|forcibly transferred|stolen|kidnapp\w+)\b.{0,40}\bchildren\b|\bchildren\b.{0,40}\b(?:deport\w*|abduct\w*|returned|taken to russia|reunited)\b|\breturn of (?:\w+ ){0,3}children\b",
            1.5,
            "deported children",
        ),
        Cue(
            r"crimes?|atrocit\w+|massacres?|tortur\w+|executions?|executed|abuses?|rights|filtration|rape|sexual",
            r"\bwar crimes?\b|\batrocit\w+|\bmassacres?\b|\btortur\w+|\bexecut(?:ed|ions?|ing) (?:of )?(?:\w+ )?(?:civilians|prisoners|pows|captured|surrendering|detainees)\b|\b(?:rights|sexual) abuses?\b|\babuses? (?:of|against) (?:civilians|prisoners|detainees|children|pows)\b|\bhuman rights\b|\bfiltration\b|\brape\b|\bsexual violence\b",
            1.2,
            "abuses",
        ),
        Cue(
            r"residential|apartments?|high-rise|multi-storey|multi-story|dwellings?",
            None,
            0.6,
            "residential buildings",
        ),
        Cue(
            r"homes?|houses?|dwellings?|buildings?|apartments?|residential|blocks? & damaged|destroyed|hit|struck|shattered|collapsed|burned|ruins|damage|destruction",
            r"\b(?:homes?|houses?|dwellings?|apartments?|residential (?:buildings?|blocks?|areas?)|buildings?)\b.{0,40}\b(?:damaged|destroyed|hit|struck|shattered|collapsed|burned)\b|\b(?:damaged|destroyed|hit|struck|shattered)\b.{0,40}\b(?:homes|houses|apartments?|residential|buildings?|blocks?)\b|\b(?:damage|destruction) (?:to|of) (?:\w+ ){0,2}(?:homes|houses|apartments?|residential|buildings?|blocks?)\b",
            1.1,
            "homes damaged",
        ),
        Cue(
            r"hospitals?|schools?|kindergartens?|clinics?|maternity|churches?|shelters?|market",
            None,
            0.55,
            "hospitals / schools / shelters",
        ),
        Cue(
            r"aid|relief|food|shelter|cash|winteri[sz]ation|psychosocial|assistance|supplies|water|medicine|medicines|blankets|heaters|kits",
            r"\b(?:deliver\w*|distribut\w*|provid\w*|brought|handed out|supplied)\b (?:\w+ ){0,3}?(?:food|water|medicines?|medical supplies|hygiene kits|blankets|heaters|winter supplies|shelter|hot meals)\b|\b(?:aid (?:groups?|convoys?|deliver\w*|workers|agencies|organi[sz]ations|allocation|points?)|emergency (?:aid|assistance)|relief (?:supplies|efforts|items)|food (?:aid|assistance|kits)|shelter|cash assistance|winteri[sz]ation|psychosocial|humanitarian (?:aid|assistance|needs))\b",
            1.0,
            "aid delivery",
        ),
        Cue(
            r"hypotherm\w*|frostbite|freez\w*|monoxide|white|heat|heating|cold|warm\w*|blankets",
            r"\b(?:hypotherm\w*|frostbite|freez(?:ing|e) to death|carbon monoxide|white deaths?|without heat(?:ing)?|no heat(?:ing)?|freezing (?:temperatures|apartments|homes|cold)|keep (?:\w+ ){0,2}warm|warm(?:ing)? (?:up|points?|centres?|centers?))\b",
            1.2,
            "cold / hypothermia",
        ),
        Cue(
            r"cold|freezing|sub-zero|minus|below & vulnerable|freezing|bitter|extreme|weather|snap|temperatures|degrees|zero",
            r"\bvulnerable to (?:the )?cold\b|\b(?:freezing|bitter|extreme) cold\b|\bcold (?:weather|snap|temperatures)\b|\bsub-zero\b|\bbelow (?:freezing|zero)\b|\bminus \d+ degrees\b",
            1.0,
            "cold / hypothermia",
        ),
        Cue(
            r"unicef|ocha|unhcr|icrc|cross|who|msf|ngos?|wfp|iom|caritas|unfpa",
            r"\b(?:unicef|ocha|unhcr|icrc|red cross|msf|doctors without borders|ngos?|world food programme|wfp|iom|caritas)\b",
            0.8,
            "aid organisations",
        ),
        Cue(
            r"killed|injured|wounded|hurt|died|dead|deaths?|victims|bodies",
            r"\b(?:killed|injured|wounded|hurt|died|dead(?! end)|deaths?|victims|bodies)\b",
            0.5,
            "killed / injured",
        ),
        Cue(r"missing", None, 0.4, "missing"),
        Cue(
            r"residents|families|households|elderly|pensioners|children|newborns|infants|population|neighbours|neighbors|communities",
            None,
            0.45,
            "population",
        ),
        Cue(
            r"medical|health|healthcare|mental|trauma|medics?|ambulances?|doctors|surger\w+|pneumonia|disease\w*",
            None,
            0.5,
            "health",
        ),
        Cue(
            r"living|survival|survive|suffering|hardship|ordeal|struggl\w+|darkness|suffer\w*",
            None,
            0.4,
            "living conditions",
        ),
        Cue(
            r"law|civilians|accountability|investigations?|prosecutors?|prosecut\w+",
            r"\binternational humanitarian law\b|\bprotection of civilians\b|\baccountability\b|\binvestigations? into\b|\bprosecutors?\b",
            0.9,
            "accountability",
        ),
        Cue(
            r"occupied|occupation|passports?|documentation",
            r"\b(?:occupied territor(?:y|ies)|occupation authorities|russian passports?|russian documentation)\b",
            0.6,
            "occupation",
        ),
        Cue(
            r"coffin|funeral|mourn\w*|bodies|grief|orphan\w*|widow\w*", None, 0.6, "loss and grief"
        ),
    ),
    "energy": (
        Cue(
            r"energy",
            r"\benergy (?:infrastructure|facilit(?:y|ies)|system|sector|grid|supply|supplies|situation|crisis|assistance|security|deficit|demand|minister|ministry|company|companies|objects?|targets|truce|ceasefire|moratorium|strikes?|attacks?|imports?|exports?|items|emergency|workers|engineers)\b|\benergy-related\b",
            1.4,
            "energy infrastructure",
        ),
        Cue(
            r"power",
            r"\bpower (?:grid|plants?|stations?|outages?|supply|supplies|cuts?|lines?|facilit(?:y|ies)|system|generation|engineers|exports?|imports?|shortages?|deficit|crisis|networks?|units?|equipment|generators?|engineering|capacity)\b|\bpower\b.{0,20}\b(?:restored|resumes|back on|was cut|went out|is back)\b|\bwithout power\b",
            1.4,
            "power grid / outages",
        ),
        Cue(
            r"blackouts?|outages?|de-energi[sz]ed|load|cuts|shutdowns?",
            r"\bblackouts?\b|\boutages?\b|\bde-energi[sz]ed\b|\bload[- ]shedding\b|\b(?:scheduled|rolling|emergency) (?:power )?(?:cuts|shutdowns?|outages)\b",
            1.4,
            "blackouts",
        ),
        Cue(r"electric\w*", None, 1.1, "electricity"),
        Cue(
            r"substations?|transformers?|autotransformers?|kv|gigawatts?|megawatts?|gw|mw|\d+kv|\d+gw|\d+mw",
            None,
            1.3,
            "grid equipment / capacity",
        ),
        Cue(
            r"thermal|hydroelectric|hydro|nuclear|tpps?|chps?|npps?|hpps?|iaea|chornobyl|reactors?",
            r"\b(?:thermal|hydroelectric|hydro|nuclear|combined heat and power)\s+(?:power )?(?:plants?|stations?)\b|\b(?:tpps?|chps?|npps?|hpps?)\b|\bnuclear (?:plant|reactor|safety|power)\b|\b(?:zaporizh(?:z)?hia|chornobyl) (?:nuclear|npp|plant)\b|\biaea\b|\breactors?\b",
            1.4,
            "power plants / NPP",
        ),
        Cue(
            r"generating|generation & capacit\w+|facilities|units|plants?",
            r"\b(?:generating|generation) (?:capacit\w+|facilities|units|plants?)\b",
            1.3,
            "generating capacity",
        ),
        Cue(r"gas|lng", r"\b(?:natural )?gas\b(?!-guzzling)|\blng\b", 0.9, "gas"),
        Cue(
            r"oil|crude|petroleum|fuel|diesel|gasoline|refiner(?:y|ies)|pipelines?|tankers?|druzhba|stream|petrol",
            r"\boil\b|\bcrude\b|\bpetroleum\b|\bfuel\b|\bdiesel\b|\bgasoline\b|\bpetrol\b|\brefiner(?:y|ies)\b|\bpipelines?\b|\btankers?\b|\bshadow fleet\b|\bdruzhba\b|\bnord stream\b|\bturkstream\b",
            1.1,
            "oil / fuel",
        ),
        Cue(
            r"heating|heat|boiler|generators?|water",
            r"\bheating\b|\bheat (?:supply|and power|and electricity)\b|\bcentral heating\b|\bboiler houses?\b|\bgenerators?\b|\brunning water\b|\bwater supply\b",
            0.8,
            "heating / generators",
        ),
        Cue(r"energy|power", None, 0.5, "energy"),
        Cue(
            r"ukrenergo|naftogaz|energoatom|rosatom|dtek|gazprom|rosneft|lukoil|centrenergo|ukrnafta|transneft|opec",
            None,
            1.2,
            "energy company",
        ),
        Cue(
            r"cap|oil|gas|revenues?|energy & cap|revenues?|exports?|prices?|sales|income|transit",
            r"\bprice cap\b|\boil (?:and gas )?(?:revenues?|exports?|prices?|sales|income)\b|\bgas (?:revenues?|exports?|prices?|transit)\b|\benergy (?:sales|exports?|revenues?|income)\b",
            1.3,
            "oil & gas trade",
        ),
        Cue(r"solar|wind|batteries|coal|firewood", None, 0.5, "other energy sources"),
    ),
    "diplomacy": (
        Cue(
            r"peace|ceasefire|truce|armistice|peacemaking|peace-making",
            None,
            1.1,
            "peace / ceasefire",
        ),
        Cue(
            r"ceas\w+|end|frozen|freeze|freezing & hostilities|conflict|war|front|lines|fighting",
            r"\bceas(?:e|ing) (?:the )?hostilities\b|\bend (?:to )?(?:the )?hostilities\b|\b(?:frozen|freeze|freezing)\b (?:\w+ ){0,3}(?:along|at) the (?:current )?(?:front|contact|line)|\bfreez\w+ (?:the )?(?:conflict|war|front ?lines?)\b",
            1.1,
            "peace / ceasefire",
        ),
        Cue(r"negotiat\w+|talks|compromise|compromises", None, 1.1, "talks / negotiations"),
        Cue(
            r"contact|contacts|communication|channels?|letter|back-channel|dialogue|cooperation|conversation|conversations",
            r"\b(?:in contact with|contacts? (?:with|between)|conversations? (?:with|between)|lines? of communication|channels? (?:of communication|with)|(?:wrote|sent|delivered) (?:a )?letter to|back-channel|dialogue (?:with|between)|(?:international |bilateral )?cooperation (?:with|over|on|between))\b",
            1.0,
            "contacts / channels",
        ),
        Cue(
            r"envoys?|delegations?|diploma[tc]\w*|ambassadors?|emissar\w+|mediat\w+|brokered|broker|brokering|intermediar\w+|negotiators?",
            None,
            1.1,
            "envoys / mediation",
        ),
        Cue(
            r"summits?|guarantees?|assurances?|framework|plan|deal|formula|proposals?|\d+-point",
            r"\bsummits?\b|\bsecurity (?:guarantees?|assurances?)\b|\bframework agreement\b|\bpeace (?:plan|deal|formula|proposal|framework)\b|\b\d+-point (?:plan|proposal)\b",
            1.3,
            "summits / guarantees",
        ),
        Cue(
            r"met|meet|meeting|meetings|call|spoke|visit\w*|hosted|host|talked",
            r"\b(?:met|meet|meeting|meetings|phone call|spoke|call|visit\w*|hosted|talked) (?:with|between|to|in)\b.{0,60}\b(?:president|prime minister|minister|chancellor|leaders?|counterpart|secretary|envoy|officials|delegation|putin|zelensk\w+|trump|kremlin|moscow|kyiv|washington)\b|\b(?:ministers?|presidents?|leaders?|envoys?|delegations?|negotiators?|counterparts?)\b.{0,60}\b(?:met|meet|will meet|to meet)\b",
            1.2,
            "leaders met",
        ),
        Cue(
            r"foreign|secretary|department|kremlin|house|élysée|downing|chancellery|security|ministry|ministers?",
            r"\b(?:foreign (?:ministers?|ministry|secretary|policy|affairs)|ministers? of foreign affairs|secretary of state|state department|kremlin|white house|élysée|downing street|chancellery|national security (?:adviser|advisor|council))\b",
            0.6,
            "governments",
        ),
        Cue(
            r"nato|eu|un|g7|g20|osce|allies|alliance|brussels|partners|coalition",
            None,
            0.5,
            "international bodies",
        ),
        Cue(
            r"military|security|defen[cs]e|weapons?|arms|lethal & aid|assistance|support|packages?|deliveries|supplies|shipments|transfers|funding",
            r"\b(?:military|security|defen[cs]e|weapons?|arms|lethal)\s+(?:and \w+ )?(?:aid|assistance|support|packages?|deliveries|supplies|shipments|transfers|funding)\b",
            1.3,
            "military aid",
        ),
        Cue(
            r"pledged|pledges|pledge|delivered|deliver|supply|supplied|provided?|provides|send|sent|transfer\w* & weapons|air|defence|defense|patriots?|ammunition|tanks|jets|f-16s|missiles|systems|howitzers|shells|aid",
            r"\b(?:pledged|pledges|pledge|delivered|deliver|supply|supplied|provide[sd]?|send|sent|transfer\w*)\b.{0,40}\b(?:weapons|air[- ]defen[cs]e|patriots?|ammunition|tanks|fighter jets|f-16s|missiles|systems|howitzers|shells|military aid)\b",
            1.3,
            "military aid",
        ),
        Cue(
            r"pleas?|pleaded|appeals?|appealed|asked|requests?|requested|calls?|called|urged|begged & weapons|missiles|patriots?|ammunition|air|defence|defense|systems|aid|jets|tanks|shells",
            r"\b(?:pleas?|pleaded|appeals?|appealed|asked|requests?|requested|calls?|called|urged|begged)\b (?:\w+ ){0,4}?(?:for|to send|to supply|to provide)\b (?:more |additional |further |new )?(?:[\w-]+ ){0,2}?(?:weapons|missiles|air[- ]defen[cs]es?|patriots?|ammunition|military aid|fighter jets|tanks|shells|systems)\b",
            1.3,
            "military aid",
        ),
        Cue(r"sanctions?", None, 0.7, "sanctions"),
        Cue(
            r"sanctions?|secondary|tariffs?",
            r"\b(?:impos\w+|adopt\w*|approv\w+|announc\w+|agreed|lift\w*|eas\w+|extend\w*|block\w*|new|further|threat\w* of|threaten\w*|dropp\w+|package of)\b.{0,30}\bsanctions?\b|\bsanctions? (?:package|on|against|regime|relief|threat)\b|\bsecondary (?:sanctions|tariffs)\b",
            1.2,
            "sanctions decision",
        ),
        Cue(
            r"agreement|accord|treaty|deal|memorandum|communiqu[ée]|statement|resolution",
            None,
            0.5,
            "agreement",
        ),
        Cue(
            r"president|prime|chancellor|minister|secretary|spokes\w+|leader|kremlin|government & said|says|told|urged|warned|called|stated|declared|demanded|insisted|rejected|accused|announced",
            r"\b(?:president|prime minister|chancellor|minister|secretary|spokes(?:man|woman|person)|leader|kremlin|government)\b.{0,60}\b(?:said|says|told|urged|warned|called|stated|declared|demanded|insisted|rejected|accused|announced)\b",
            0.45,
            "official statement",
        ),
        Cue(
            r"demand\w*|concessions?|cede|ceding|surrender\w*|capitulat\w+|annex\w+|sovereignty|recogni[sz]\w+|donbas|territorial",
            r"\b(?:demand\w*|concessions?|cede|ceding|surrender\w*|capitulat\w+|annex\w+|sovereignty|recogni[sz]\w+|territorial (?:concessions|demands|issues?|questions?))\b",
            0.6,
            "terms / demands",
        ),
        Cue(
            r"issue|question|obstacle|point|block|bone & central|key|main|thorniest|biggest|sticking|stumbling|contention",
            r"\b(?:central|key|main|thorniest|biggest|major) (?:issue|question|obstacle|sticking point|stumbling block|bone of contention)\b|\bsticking point\b|\bstumbling block\b",
            0.6,
            "terms / demands",
        ),
        Cue(
            r"wants?|demands?|demanded|insists?|insisted|calls?|rejects?|rejected|refuses|refused & withdraw\w*|pull\w*|cede|hand|give|surrender",
            r"\b(?:wants?|demands?|demanded|insist\w*|calls? for|rejects?|rejected|refuse[sd]?)\b.{0,40}\b(?:withdraw\w*|pull\w* (?:out|back|its|their)|cede|hand over|give up|surrender)\b",
            1.0,
            "terms / demands",
        ),
        Cue(
            r"condemn\w*|urge[sd]?|called|appeal\w*|reaffirm\w*|commitment|solidarity|relations|bilateral|trilateral|multilateral|dialogue",
            r"\b(?:condemn\w*|urge[sd]?|called on|appeal\w*|reaffirm\w*|commitment|solidarity|relations (?:between|with)|bilateral|trilateral|multilateral|dialogue)\b",
            0.45,
            "positions",
        ),
        Cue(
            r"nuclear|start|arms",
            r"\b(?:nuclear (?:treaty|arms|arsenals?|weapons?|deterrent|threat|talks)|new start|arms control)\b",
            1.1,
            "arms control",
        ),
        Cue(r"escalation|de-escalation", None, 0.45, "escalation"),
        Cue(
            r"meeting|meetings|visit|visited|trip|travelled|traveled|hosted|format|round",
            None,
            0.45,
            "meetings / visits",
        ),
        Cue(
            r"support|assistance|funding|financing|package|backing & ukraine",
            r"(?<!humanitarian )\b(?:support|assistance|funding|financing|package|backing)\b (?:\w+ ){0,3}(?:to|for) ukraine\b",
            0.9,
            "partners' support",
        ),
        Cue(
            r"eu|union|us|u.s.|nato|partners?|allies|western|international & support|assistance|funding|backing",
            r"\b(?:eu|european union|us|u\.s\.|nato|partners?|allies|western|international)\b (?:\w+ ){0,2}(?:support|assistance|funding|backing)\b",
            0.9,
            "partners' support",
        ),
        Cue(
            r"pledges? & support|aid|assistance|help",
            r"\bpledges? of (?:support|aid|assistance|help)\b",
            0.9,
            "partners' support",
        ),
        Cue(
            r"support|assistance|funding|loans?|financing & from",
            r"\b(?:support|assistance|funding|loans?|financing) from (?:the )?(?:eu|european union|us|u\.s\.|united states|imf|world bank|partners|allies|g7|nato)\b",
            0.9,
            "partners' support",
        ),
        Cue(
            r"threaten\w*|veto\w*|block\w*|vow\w*",
            r"\b(?:threaten\w*|vow\w*) to (?:block|veto|halt|cut|stop|withdraw|suspend)\b|\bveto\w*\b",
            1.0,
            "threat to block",
        ),
        Cue(
            r"grain|corridor|initiative",
            r"\bgrain (?:deal|initiative|corridor|agreement|export deal)\b|\b(?:maritime|humanitarian|shipping) corridor\b",
            1.0,
            "grain deal",
        ),
        Cue(
            r"end|ending|close",
            r"\b(?:end|ending|close to) (?:to )?(?:the|this) (?:war|fighting|conflict)\b|\bend the war\b|\bbring the war to an end\b|\bwar must come to (?:a|an) (?:close|end)\b",
            0.8,
            "ending the war",
        ),
        Cue(
            r"putin|zelensk\w*|trump|macron|merz|starmer|erdogan|lavrov|rubio|witkoff|kushner|peskov|dmitriev|umerov|sybiha|yermak|kallas|rutte|orban|fico|tusk|meloni|vance|guterres|leyen|costa|xi|modi|lukashenko",
            None,
            0.45,
            "head of state / diplomat",
        ),
        Cue(
            r"accession|membership|join|joining",
            r"\b(?:accession|membership)\b|\bjoin(?:ing)? (?:nato|the eu|the european union)\b",
            1.0,
            "accession",
        ),
    ),
    "economy": (
        Cue(r"econom(?:y|ies)", None, 1.1, "economy"),
        Cue(r"economic|economically", None, 0.8, "economy"),
        Cue(r"economists?", None, 0.4, "economists"),
        Cue(r"money|spent|payments?|paid|pays|wealth|profits?", None, 0.45, "money"),
        Cue(
            r"gdp|gross|recession|growth|stagnat\w+",
            r"\bgdp\b|\bgross domestic product\b|\brecession\b|\b(?:economic )?growth\b|\bstagnat\w+",
            1.3,
            "GDP / growth",
        ),
        Cue(
            r"budgets?|deficits?|fiscal|tax(?:es|ation)?|revenues?|spending|expenditures?",
            None,
            1.0,
            "budget / revenue",
        ),
        Cue(
            r"inflation|interest|bank|rate|monetary|prices?|costs?|costly|expensive",
            r"\binflation\b|\binterest rates?\b|\bcentral bank\b|\bkey rate\b|\bmonetary\b|\bprices?\b|\bcosts?\b",
            0.8,
            "inflation / prices",
        ),
        Cue(
            r"currency|currencies|exchange|reserves|devaluat\w+|depreciat\w+",
            r"\b(?:currency|currencies|exchange rates?|(?:foreign|currency|gold|international|fx|financial|bank) reserves|reserves (?:fund|of \$|of [\d.]+)|devaluat\w+|depreciat\w+)\b",
            0.8,
            "currency",
        ),
        Cue(
            r"billion|trillion|bn|\$?\d[\d,.]*(?:bn|tn)|[€£]\d[\d,.]*(?:bn|tn)",
            None,
            0.25,
            "large sum",
        ),
        Cue(
            r"markets?|bonds?|stocks?|investors?|investment|eurobonds?|banks?|banking|credit|loans?|lending|debts?|default|imf|monetary|financing|financial|finance|funds?|funding|restructuring",
            r"\b(?:markets?|bonds?|stocks?|investors?|investment|eurobonds?|banks?|banking|credit|loans?|lending|debts?|default|imf|international monetary fund|world bank|ebrd|financing|financial|finance|restructuring)\b",
            0.7,
            "finance / markets",
        ),
        Cue(
            r"trade|exports?|imports?|tariffs?|customs|shipping|supply|grain|wheat|fertili[sz]ers?|food|insecurity|commodit\w+",
            r"\b(?:trade|exports?|imports?|tariffs?|customs|shipping|supply chains?|grain|wheat|fertili[sz]ers?|food (?:in)?security|food prices|commodit\w+)\b",
            0.8,
            "trade / exports",
        ),
        Cue(r"grain|wheat|corn|fertili[sz]ers?|sunflower", None, 1.0, "grain / food exports"),
        Cue(
            r"oil|gas|crude|lng|energy & exports?|imports?|revenues?|prices?|supplies|sales|income|trade|flows|cap|sell|sells|selling|sold|buy|buys|buying|bought|exporting|importing|exported|imported",
            r"\b(?:oil|gas|crude|lng|energy)\b (?:[\w-]+ ){0,2}(?:exports?|imports?|revenues?|prices?|sales|income|trade|cap)\b|\b(?:exports?|imports?|revenues?|prices?|sales) of (?:russian |ukrainian )?(?:oil|gas|crude|lng|energy)\b|\b(?:sell|sells|selling|sold|buy|buys|buying|bought|export\w*|import\w*) (?:\w+ ){0,2}(?:oil|gas|crude|lng)\b",
            1.0,
            "oil & gas trade",
        ),
        Cue(
            r"defen[cs]e|military|arms|produc\w+|manufactur\w+ & industr\w+|production|output|manufactur\w+|enterprises|sector|companies|spending|budget|plants?|factor(?:y|ies)|rent|drones|shells|missiles|weapons|ammunition",
            r"\b(?:defen[cs]e|military|arms)[- ](?:industr\w+|production|output|manufactur\w+|enterprises|sector|companies|spending|budget|plants?|factor(?:y|ies)|rent)\b|\b(?:produc\w+|manufactur\w+)\b.{0,40}\b(?:drones|shells|missiles|weapons|ammunition)\b",
            1.2,
            "defence industry",
        ),
        Cue(
            r"industr(?:y|ies|ial)|output|production|producers?|factor(?:y|ies)|manufactur\w+|businesses|business|firms|companies|enterprises|steel|mining|miners|metallurg\w+|agricultur\w+|productivity",
            None,
            0.6,
            "industry / output",
        ),
        Cue(
            r"wages?|salar(?:y|ies)|labou?r|workers|unemploy\w+|jobs|furlough\w*|laid|pensions?|consumers?|consumption|households",
            r"\b(?:wages?|salar(?:y|ies)|labou?r (?:market|shortages?|force)|workers|unemploy\w+|jobs|furlough\w*|laid off|pensions?|consumers?|consumption)\b",
            0.7,
            "labour / consumers",
        ),
        Cue(
            r"sanctions?|evad\w+|circumvent\w*",
            r"\bsanctions? (?:evasion|enforcement|bite|impact|effect|took hold)\b|\bevad\w+ sanctions\b|\bcircumvent\w*|\b(?:impact|effect|toll) of (?:the )?sanctions\b|\b(?:amid|despite|under) (?:\w+ )?sanctions\b|\bsanctions (?:have|had) (?:hit|hurt|failed|damaged)",
            1.2,
            "sanctions effect",
        ),
        Cue(
            r"sanctions? & enforcement|enforce\w*|evasion|evad\w+|circumvent\w*|loopholes?",
            None,
            1.0,
            "sanctions effect",
        ),
        Cue(
            r"reconstruction|rebuild\w*|recovery|frozen|reparations|assets",
            r"\b(?:reconstruction|rebuild\w*|recovery)\b.{0,40}\b(?:costs?|fund|bill|needs|billion|investment)\b|\bfrozen (?:russian )?assets\b|\breparations loan\b",
            1.3,
            "reconstruction / assets",
        ),
        Cue(MONEY_W, None, 0.45, "money figure"),
        Cue(r"crisis|crash|downturn|squeeze|bankrupt\w*|insolven\w+", None, 0.4, "crisis"),
    ),
}

# Passages that frame or speculate without reporting a development: their cues
# count for less.
FRAMING = (
    r"\b(?:remains? (?:deeply )?uncertain|trajectory|will (?:also )?watch|attention is likely to|"
    r"it remains to be seen|the question (?:is|remains)|in the long run|over the coming (?:days|weeks)|"
    r"observers (?:will|note)|as the war enters|the (?:broader|bigger) picture|underscor\w+|"
    r"underlin\w+ the|the (?:grinding|attritional|persistent) nature of|no (?:decisive|single) "
    r"(?:event|breakthrough)|is (?:difficult|hard|harder) to (?:assess|gauge)|the challenge (?:lies|remains))\b"
)
FRAMING_ANCHORS = (
    r"uncertain|trajectory|watch|attention|seen|question|run|coming|observers|enters|picture|"
    r"underscor\w*|underlin\w*|nature|decisive|single|assess|gauge|challenge"
)
# …unless the passage also reports something: a reporting verb keeps its cues whole.
REPORTING_ANCHORS = r"reported|reports|said|says|told|announced|according|stated|confirmed"
REPORTING = r"\b(?:reported|reports|said|says|told|announced|according to|stated|confirmed that)\b"
FRAMING_FACTOR = 0.35

# A passage that only says someone did not comment reports nothing on any theme.
NO_NEWS = (
    r"^[^.]{0,160}\b(?:did not (?:immediately )?(?:respond|reply) to|declined to comment|could not be "
    r"reached|(?:there was )?no immediate (?:comment|response)|has not commented|did not comment|"
    r"would not comment|(?:has |have )?reached out to\b[^.]{0,80}\bcomment)\b[^.]{0,120}\.?$"
)

# Strikes named as a standing cause ("sustained strikes", "the impact of Russian
# bombardment") are background to another story, not a report of air strikes.
BACKGROUND: dict[Theme, str] = {
    "air_strikes": (
        r"\b(?:sustained|ongoing|continued|continuing|relentless|constant|repeated|months of|years of|"
        r"impact of|owing to|due to|because of|damage from)\b (?:\w+ ){0,2}?(?:russian |russia's )?"
        r"(?:air |missile |drone )?(?:strikes|attacks|bombardment|bombing|shelling)\b"
    ),
}
BACKGROUND_FACTOR = 0.4

TIME_CLAUSE_ANCHORS: dict[Theme, str] = {
    "diplomacy": (
        r"talks|negotiations|summit|meeting|compromise & ahead|before|during|amid|eve|sidelines|run-up"
    ),
}
# Talks named only to date something else ("launched strikes ahead of the talks")
# do not make a passage diplomatic news: (theme, clause, cues the clause explains).
TIME_CLAUSES: tuple[tuple[Theme, str, frozenset[str]], ...] = (
    (
        "diplomacy",
        r"\b(?:ahead of|before|during|amid|on the eve of|on the sidelines of|"
        r"in the run-up to)\b (?:the |a |new |fresh |this week's |next week's )?(?:[\w-]+ ){0,3}?"
        r"(?:talks|negotiations|summit|meeting|compromise)\b",
        frozenset(
            {"talks / negotiations", "summits / guarantees", "meetings / visits", "agreement"}
        ),
    ),
)
BACKGROUND_ANCHORS: dict[Theme, str] = {
    "air_strikes": (
        r"strikes|attacks|bombardment|bombing|shelling & sustained|ongoing|continued|continuing|"
        r"relentless|constant|repeated|months|years|impact|owing|due|because|damage"
    ),
}
# The words a background mention must account for: if the passage mentions strikes
# more often than in background phrases, it also reports one.
BACKGROUND_WORDS: dict[Theme, str] = {
    "air_strikes": r"\b(?:strikes?|attacks?|attacked|bombardment|bombing|shelling|struck|launched|barrages?)\b",
}

# Start of a passage that continues the previous one (quote, pronoun, reported speech).
CONTINUATION = (
    r"^(?:[\"“”'‘]|(?:he|she|they|it|his|her|their|its|this|these|those|that|the (?:official|minister|"
    r"spokesman|spokeswoman|governor|mayor|agency|ministry|source|report|statement|president|"
    r"attack|strike|talks|meeting|delegations?))\b|(?:but|and|however|meanwhile|also|still|yet|"
    r"instead|in addition|moreover|separately|earlier|later|then)\b)"
)


# (theme, cues that explain it away, weak cues of that theme they explain away):
# soldiers' deaths are not civilian casualties; talk about territory in
# negotiations is not fighting.
EXPLAINED_AWAY: tuple[tuple[Theme, frozenset[str], frozenset[str]], ...] = (
    (
        "humanitarian",
        frozenset({"troop losses", "military losses"}),
        frozenset({"killed / injured", "missing", "population", "living conditions"}),
    ),
    (
        "air_strikes",
        frozenset(
            {"artillery / FPV", "battlefield assessment", "assault units", "direction / axis"}
        ),
        frozenset({"drones", "N drones/missiles", "missiles", "explosions", "overnight"}),
    ),
    (
        "front_lines",
        frozenset(
            {
                "peace / ceasefire",
                "talks / negotiations",
                "terms / demands",
                "summits / guarantees",
                "agreement",
            }
        ),
        frozenset(
            {"front line", "territory", "withdrawal", "fighting", "field positions", "attrition"}
        ),
    ),
)

EXPLAINED_AWAY += (
    # Air strikes and drone attacks in support of ground assaults are front-line news.
    (
        "air_strikes",
        frozenset(
            {
                "repelled assaults",
                "artillery / FPV",
                "assault units",
                "offensive operations",
                "forces attacked / advanced",
                "attacked near",
                "direction / axis",
                "advance near",
            }
        ),
        frozenset(
            {
                "air/missile/drone strike",
                "airstrike / bombardment",
                "side + attack",
                "drones",
                "explosions",
                "overnight",
            }
        ),
    ),
    # Sanctions discussed for their economic effect are not a diplomatic decision.
    ("diplomacy", frozenset({"sanctions effect"}), frozenset({"sanctions"})),
)


def _label_weights(cues: tuple[Cue, ...]) -> dict[str, float]:
    """Weight per cue label; a concept phrased several ways counts at its heaviest."""
    weights: dict[str, float] = {}
    for cue in cues:
        weights[cue.label] = max(cue.weight, weights.get(cue.label, 0.0))
    return weights


CUE_WEIGHTS: dict[Theme, dict[str, float]] = {
    theme: _label_weights(cues) for theme, cues in RULES.items()
}

# Cues that name who acts (leaders, bodies, "said") but not what happened: they add
# to a theme's score but never carry a theme in from context on their own.
ACTOR_CUES = frozenset(
    {
        "head of state / diplomat",
        "official statement",
        "governments",
        "international bodies",
        "meetings / visits",
        "population",
        "overnight",
        "energy",
        "civilian targets",
        "money figure",
    }
)

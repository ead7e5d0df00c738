"""Realistic corpora of any size, in the format of ../shared/corpus, and a fast database fill.

    # write N article files (YAML front matter + markdown body), deterministic per seed
    .venv/bin/python bench/generate.py files OUT_DIR --articles 100000 [--seed 1]
    # fill a database with at least N passages through the real ingest service
    .venv/bin/python bench/generate.py fill sqlite:///bench.db --passages 1000000
    # either, recombining the sentences of real articles (never copied into the repo)
    ... --templates ../shared/corpus/articles

What an article looks like: front matter with a title ("… | Outlet"), a source URL on
one of ~30 outlets (each with its own URL shape: dated paths, dated slugs, bare ids),
a date spread over the years (chronological in the article index, with late arrivals;
`date: unknown` on some articles whose URL carries the date), a description and a
word count; a body with one paragraph per line, no blank lines between them, outlet
boilerplate (captions, share widgets, sign-up prompts, bylines, teasers), bold lines
used as headings, list items, inline and footnote links.

Themes follow the real corpus: half the body lines of the labelled articles
(../shared/corpus/labels, 703 lines) are boilerplate, and the generator's weights are
set so that the pipeline tags generated passages in about the proportions it tags the
real ones (see THEME_WEIGHTS; `bench/run.py` reports the shares of each database).
Each article has a topic (one or two favoured themes), so a day's report is not
uniform either. The built-in sentences are invented: templates per theme with slots
(places, forces, figures, officials), openers and attributions, recombined so that
near-duplicates are rare but happen (as wire reprints do). With `--templates DIR`,
paragraphs are recombined at run time from the sentences and lines of the real
articles in DIR instead.

`article(i)` depends only on (seed, i, total, templates): any slice can be generated
alone, in any process, and is the same every time.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import functools
import hashlib
import multiprocessing as mp
import os
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GENERATOR_VERSION = "2"
DEFAULT_START = dt.date(2022, 2, 24)
DEFAULT_END = dt.date(2026, 2, 28)
# Passages per article of the generated corpus, measured: used to size runs.
EXPECTED_PASSAGES_PER_ARTICLE = 34

THEMES = ("front_lines", "air_strikes", "humanitarian", "energy", "diplomacy", "economy")
# Theme weights from the gold labels of the real corpus (lines per theme).
# The share of each theme among passage themes, as the pipeline tags the real corpus
# (diplomacy 36%, front lines 24%, economy 14%, humanitarian 11%, air strikes 8%,
# energy 7%), and as the gold labels order them; the weights below are what it takes
# for the pipeline's tags of *generated* text to come out near those shares (some
# sentences carry a second theme's cues, front-line ones are sometimes missed).
THEME_WEIGHTS = {
    "diplomacy": 130,
    "front_lines": 100,
    "economy": 42,
    "humanitarian": 30,
    "air_strikes": 7,
    "energy": 12,
}
# Content paragraphs by number of themes: the pipeline on the real corpus finds 24% of
# passages with none, 56% one, 15% two, 5% three or more (gold labels, which count
# boilerplate apart: 9%, 67%, 21%, 3%).
THEMES_PER_LINE = ((0, 0.24), (1, 0.66), (2, 0.09), (3, 0.01))
# Themes that often come together (a strike on the grid is air_strikes + energy, …).
PARTNERS = {
    "air_strikes": ("energy", "humanitarian", "front_lines"),
    "energy": ("air_strikes", "economy", "diplomacy"),
    "humanitarian": ("air_strikes", "diplomacy", "front_lines"),
    "diplomacy": ("economy", "humanitarian", "energy"),
    "economy": ("diplomacy", "energy"),
    "front_lines": ("air_strikes", "humanitarian", "diplomacy"),
}

# ---------------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------------

CITIES = tuple(
    w.replace("_", " ")
    for w in [
        "Kyiv",
        "Kharkiv",
        "Odesa",
        "Dnipro",
        "Zaporizhzhia",
        "Lviv",
        "Sumy",
        "Chernihiv",
        "Kherson",
        "Mykolaiv",
        "Kryvyi_Rih",
        "Poltava",
        "Vinnytsia",
        "Ternopil",
        "Ivano-Frankivsk",
        "Khmelnytskyi",
        "Zhytomyr",
        "Rivne",
        "Lutsk",
        "Cherkasy",
        "Kropyvnytskyi",
        "Kremenchuk",
        "Pavlohrad",
        "Sloviansk",
        "Kramatorsk",
        "Izium",
        "Bila_Tserkva",
        "Nikopol",
        "Marhanets",
        "Okhtyrka",
        "Konotop",
        "Shostka",
        "Uman",
        "Burshtyn",
        "Ladyzhyn",
    ]
)
OBLASTS = [
    "Kharkiv",
    "Sumy",
    "Chernihiv",
    "Donetsk",
    "Luhansk",
    "Zaporizhzhia",
    "Kherson",
    "Dnipropetrovsk",
    "Odesa",
    "Mykolaiv",
    "Kyiv",
    "Poltava",
    "Lviv",
    "Rivne",
    "Volyn",
    "Khmelnytskyi",
    "Vinnytsia",
    "Cherkasy",
    "Zhytomyr",
]
FRONT_TOWNS = tuple(
    w.replace("_", " ")
    for w in [
        "Pokrovsk",
        "Myrnohrad",
        "Kostiantynivka",
        "Chasiv_Yar",
        "Toretsk",
        "Siversk",
        "Lyman",
        "Vovchansk",
        "Huliaipole",
        "Orikhiv",
        "Kurakhove",
        "Vuhledar",
        "Velyka_Novosilka",
        "Bakhmut",
        "Avdiivka",
        "Robotyne",
        "Stepnohirsk",
        "Kupiansk",
        "Borova",
        "Dobropillia",
        "Rodynske",
        "Novopavlivka",
        "Hrodivka",
        "Selydove",
        "Druzhkivka",
        "Zvanivka",
        "Ivanivka",
        "Prymorske",
        "Kamianske",
        "Shakhove",
        "Yampil",
        "Torske",
        "Kivsharivka",
        "Petropavlivka",
    ]
)
DIRECTIONS = [
    "Pokrovsk",
    "Kostiantynivka",
    "Lyman",
    "Siversk",
    "Kupiansk",
    "Huliaipole",
    "Orikhiv",
    "Kharkiv",
    "Zaporizhzhia",
    "Novopavlivka",
    "Dobropillia",
    "Kherson",
    "Borova",
    "Velykomykhailivka",
]
RU_REGIONS = tuple(
    w.replace("_", " ")
    for w in [
        "Belgorod",
        "Kursk",
        "Bryansk",
        "Rostov",
        "Krasnodar",
        "Voronezh",
        "Saratov",
        "Samara",
        "Volgograd",
        "Tatarstan",
        "Leningrad",
        "Oryol",
        "Tambov",
        "Lipetsk",
        "Tula",
        "Smolensk",
        "Nizhny_Novgorod",
        "Bashkortostan",
    ]
)
REFINERIES = [
    "Ryazan",
    "Volgograd",
    "Saratov",
    "Novokuibyshevsk",
    "Tuapse",
    "Afipsky",
    "Ilsky",
    "Syzran",
    "Kirishi",
    "Salavat",
    "Novoshakhtinsk",
    "Slavyansk-on-Kuban",
    "Orsk",
    "Ukhta",
    "Yaroslavl",
    "Kstovo",
]
PORTS = [
    "Novorossiysk",
    "Ust-Luga",
    "Primorsk",
    "Tuapse",
    "Taman",
    "Izmail",
    "Chornomorsk",
    "Pivdennyi",
    "Reni",
]
UA_OFFICIALS = [
    "President Volodymyr Zelensky",
    "Foreign Minister Andriy Sybiha",
    "Defence Minister Denys Shmyhal",
    "Prime Minister Yulia Svyrydenko",
    "Commander-in-Chief Oleksandr Syrskyi",
    "Energy Minister Svitlana Hrynchuk",
    "national security secretary Rustem Umerov",
    "Kyiv Mayor Vitali Klitschko",
    "ombudsman Dmytro Lubinets",
    "Finance Minister Serhiy Marchenko",
    "air force spokesman Yuriy Ihnat",
]
RU_OFFICIALS = [
    "President Vladimir Putin",
    "Foreign Minister Sergei Lavrov",
    "Kremlin spokesman Dmitry Peskov",
    "Kremlin aide Yuri Ushakov",
    "envoy Kirill Dmitriev",
    "Defence Minister Andrei Belousov",
    "Security Council secretary Sergei Shoigu",
]
WEST_OFFICIALS = [
    "U.S. President Donald Trump",
    "Secretary of State Marco Rubio",
    "special envoy Steve Witkoff",
    "EU foreign policy chief Kaja Kallas",
    "European Commission President Ursula von der Leyen",
    "NATO Secretary General Mark Rutte",
    "French President Emmanuel Macron",
    "British Prime Minister Keir Starmer",
    "German Chancellor Friedrich Merz",
    "Polish Prime Minister Donald Tusk",
    "Turkish President Recep Tayyip Erdogan",
    "Finnish President Alexander Stubb",
    "UN Secretary-General Antonio Guterres",
    "IAEA chief Rafael Grossi",
    "Italian Prime Minister Giorgia Meloni",
    "Hungarian Prime Minister Viktor Orban",
]
COUNTRIES = [
    "the United States",
    "Germany",
    "France",
    "Britain",
    "Poland",
    "Turkey",
    "the Netherlands",
    "Denmark",
    "Sweden",
    "Norway",
    "Canada",
    "Japan",
    "Italy",
    "Spain",
    "Finland",
    "the Baltic states",
    "Romania",
    "Czechia",
    "Qatar",
    "Saudi Arabia",
    "the United Arab Emirates",
    "Switzerland",
    "China",
    "India",
    "Hungary",
    "Slovakia",
]
VENUES = [
    "Geneva",
    "Istanbul",
    "Riyadh",
    "Abu Dhabi",
    "Jeddah",
    "Brussels",
    "Paris",
    "London",
    "Berlin",
    "Washington",
    "Anchorage",
    "Rome",
    "Vatican City",
    "Doha",
    "Davos",
    "Munich",
    "Vilnius",
    "The Hague",
    "Copenhagen",
    "Warsaw",
]
WEAPONS_STRIKE = [
    "Shahed-type attack drones",
    "Iskander-M ballistic missiles",
    "Kh-101 cruise missiles",
    "Kalibr cruise missiles",
    "Kinzhal hypersonic missiles",
    "decoy drones",
    "Geran-2 drones",
    "S-300 missiles",
    "Kh-22 missiles",
    "jet-powered Geran-3 drones",
]
GLIDE = ["guided aerial bombs", "KAB glide bombs", "FAB-500 glide bombs", "UMPK-fitted bombs"]
UNITS = [
    "the 3rd Assault Brigade",
    "the 47th Mechanised Brigade",
    "the 93rd Brigade",
    "Russia's 20th Army",
    "Russia's 8th Combined Arms Army",
    "the 155th Naval Infantry Brigade",
    "Ukraine's Azov Corps",
    "the 5th Separate Assault Brigade",
    "Russia's 90th Tank Division",
    "Khartia brigade",
]
ENERGY_FIRMS = ["Ukrenergo", "DTEK", "Naftogaz", "Centrenergo", "Energoatom", "Ukrhydroenergo"]
MONEY_ORGS = [
    "the International Monetary Fund",
    "the World Bank",
    "the European Commission",
    "the National Bank of Ukraine",
    "the European Investment Bank",
    "the EBRD",
    "Ukraine's finance ministry",
    "the State Statistics Service",
]
AID_ORGS = [
    "the United Nations",
    "OCHA",
    "UNICEF",
    "the World Food Programme",
    "the Red Cross",
    "UNHCR",
    "the World Health Organization",
    "Medecins Sans Frontieres",
    "the UN human rights monitoring mission",
    "local authorities",
]
ORGS = (*AID_ORGS, *MONEY_ORGS[:3], "the General Staff")
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

# ---------------------------------------------------------------------------------
# Sentence templates per theme (invented). {slot}s are filled from the lists above.
# ---------------------------------------------------------------------------------

TEMPLATES: dict[str, tuple[str, ...]] = {
    "front_lines": (
        "Russian forces conducted {n2} assaults in the {direction} direction, {n1} of which were "
        "repelled, the General Staff said",
        "Ukrainian troops pushed back a Russian attack near {town} and regained positions west "
        "of the village",
        "Russian units advanced about {n1} kilometres near {town} and seized a cluster of "
        "buildings on its eastern outskirts",
        "Geolocated footage published on {day} shows Russian infantry infiltrating {town} in "
        "small groups on motorcycles",
        "{unit} said it had held its line near {town} despite heavy artillery fire and "
        "daily attacks by assault groups",
        "The situation around {town} remains difficult, with Russian forces trying to cut the "
        "last supply road into the town",
        "Fighting continued along the front line in {oblast} region, where Russian forces "
        "attacked {n1} times over the past day",
        "Ukraine's commander-in-chief said troops had withdrawn from {town} to avoid "
        "encirclement and moved to prepared positions",
        "Russian forces lost an estimated {n3} soldiers killed or wounded over the past 24 "
        "hours, along with {n1} tanks and {n2} artillery systems",
        "Ukrainian drone operators destroyed a column of armoured vehicles approaching {town} "
        "in the {direction} direction",
        "A counterattack north of {town} recaptured two settlements and pushed Russian troops "
        "back across the river",
        "Russia's defence ministry claimed the capture of {town}, a claim Ukraine's military "
        "denied",
        "Troops in the {direction} direction reported more than {n2} combat clashes, the "
        "highest number on any sector of the front",
        "FPV drones now account for most of the casualties along the contact line near "
        "{town}, where both sides dig in at night",
        "Russian forces are likely to intensify offensive operations toward {town} as the "
        "ground freezes",
    ),
    "air_strikes": (
        "Russia launched {n3} {weapon} and {n1} missiles at Ukraine overnight, the air force "
        "said, adding that {n3b} drones were shot down or jammed",
        "Air defence units intercepted {n2} of {n2b} {weapon} over {oblast} region overnight",
        "A ballistic missile struck the centre of {city} on {day}, air force spokesman Yuriy "
        "Ihnat said",
        "Russian {glide} hit {city} for the second day in a row, regional governor said",
        "Ukrainian long-range drones struck an airfield in Russia's {ruregion} region, "
        "destroying at least {n1} aircraft, the General Staff said",
        "An air raid alert was declared across Ukraine as Russian bombers took off from "
        "Engels airbase",
        "Russia's defence ministry said its air defences downed {n2} Ukrainian drones over "
        "{ruregion} and the Black Sea overnight",
        "The attack on {city} involved {n3} drones and several {weapon}, one of the largest "
        "combined strikes of the month",
        "Drone debris fell on a warehouse in {city} and started a fire that burned for hours",
        "Mobile fire groups shot down most of the drones heading for {city}, but several "
        "got through air defences",
        "Ukraine needs more Patriot interceptors to counter the growing number of ballistic "
        "missiles, {uaofficial} said",
        "Russia has fired more than {n4} drones at Ukrainian cities since the start of the "
        "month, according to an AFP analysis of air force data",
    ),
    "humanitarian": (
        "At least {n1} civilians were killed and {n2} injured when a {weapon_short} hit a "
        "residential building in {city}, officials said",
        "Rescuers pulled {n1} bodies from the rubble of an apartment block in {city}, "
        "including two children",
        "{aidorg} said it had delivered food, water and hygiene kits to {n3} people in "
        "front-line communities of {oblast} region",
        "Authorities ordered the mandatory evacuation of families with children from {n1} "
        "villages near {town}",
        "A hospital in {city} was damaged in the attack and patients were moved to shelters",
        "Ukraine and Russia exchanged {n2} prisoners of war each in a swap mediated by the "
        "United Arab Emirates",
        "More than {n3} people have been displaced from {oblast} region since the summer, "
        "according to {aidorg}",
        "{aidorg} recorded {n3} civilian casualties in Ukraine last month, the highest "
        "monthly toll since spring",
        "Residents of {city} spent the night in metro stations as temperatures fell to minus "
        "{n1} degrees",
        "Ukraine said it had brought back {n1} children deported to Russia with the help of "
        "Qatari mediators",
        "Humanitarian convoys could not reach {town} for a third week because of constant "
        "drone attacks on the road",
        "Schools in {city} switched to online classes after the strike damaged {n1} buildings",
        "An elderly woman was killed by shelling in {town}, and {n1} houses were damaged, "
        "the regional administration said",
    ),
    "energy": (
        "Ukrenergo announced emergency power outages in {oblast} and {oblast2} regions after "
        "the attack damaged high-voltage substations",
        "{energyfirm} said repair crews had restored power to {n3} households in {city} by "
        "the evening",
        "A Ukrainian drone attack set fire to the {refinery} oil refinery, which processes "
        "about {n1} million tonnes of crude a year",
        "Ukraine will import up to {n4} megawatt-hours of electricity from its EU neighbours "
        "to cover the deficit, the energy ministry said",
        "The Zaporizhzhia nuclear plant lost its last external power line for the {ordinal} "
        "time and switched to diesel generators, the IAEA said",
        "Scheduled blackouts of up to {n1} hours a day were introduced in {city} as the grid "
        "struggled with the cold",
        "Naftogaz said Russian strikes had halted about {n1} percent of Ukraine's gas production",
        "Thermal power plants in {oblast} region were seriously damaged, leaving {n3} people "
        "without heating",
        "Russian seaborne oil exports from {port} fell after the drone strike on the terminal",
        "The energy ministry said generation capacity had been cut by about {n1} percent "
        "since the start of the heating season",
        "Gas storage in Ukraine fell below {n1} billion cubic metres as imports from Europe rose",
    ),
    "diplomacy": (
        "{westofficial} said talks with Moscow on a ceasefire would continue next week in {venue}",
        "Ukrainian and Russian delegations met in {venue} for a {ordinal} round of talks "
        "mediated by {country}",
        "{ruofficial} said Moscow was ready to discuss a settlement but would not accept "
        "European troops in Ukraine",
        "{uaofficial} met {westofficial} in {venue} to discuss security guarantees and "
        "air defence deliveries",
        "{country} pledged a new military aid package worth {money} including air defence "
        "missiles and artillery shells",
        "The European Union agreed its {ordinal} sanctions package against Russia, targeting "
        "banks and the shadow fleet",
        "Leaders of the coalition of the willing met in {venue} to discuss a reassurance "
        "force for Ukraine after a ceasefire",
        "The Kremlin dismissed the peace plan as unacceptable, saying it ignored the root "
        "causes of the conflict",
        "NATO allies agreed to fund weapons purchases for Ukraine from U.S. stocks under the "
        "PURL initiative",
        "Washington presented a {n2}-point peace framework to Kyiv and Moscow, according to "
        "officials familiar with the draft",
        "{westofficial} spoke with {ruofficial} by phone for more than two hours, the Kremlin said",
        "Kyiv rejected any deal that would require it to cede territory in {oblast} region, "
        "{uaofficial} said",
        "The UN Security Council met in emergency session after the strike on {city}",
        "{country} will host a summit on Ukraine's security in {venue} next month, "
        "{westofficial} announced",
    ),
    "economy": (
        "Ukraine's economy grew {pct} percent in the third quarter, {moneyorg} said, "
        "slower than forecast",
        "Consumer inflation in Ukraine slowed to {pct} percent year on year in {month}",
        "{moneyorg} approved a {money} loan to support Ukraine's budget through next year",
        "The European Union agreed to lend Ukraine {money} backed by frozen Russian assets",
        "Ukrainian grain exports reached {n1} million tonnes since the start of the season, "
        "the agriculture ministry said",
        "Russia's budget deficit widened as oil and gas revenues fell {pct} percent from a "
        "year earlier",
        "The hryvnia weakened to {n2} against the dollar as the central bank eased currency "
        "controls",
        "Ukraine's defence industry can now produce {n3} long-range drones a month, "
        "{uaofficial} said",
        "Reconstruction needs in Ukraine are estimated at {money} over the next decade, "
        "according to the World Bank",
        "Exporters say insurance costs for ships calling at Odesa ports have doubled since "
        "the attacks",
        "Russia's central bank held its key rate at {n2} percent, citing persistent inflation",
        "Firms in {city} say power cuts have reduced output by up to {n1} percent",
    ),
    "none": (
        "The war is now in its {ordinal} year, and its trajectory remains uncertain",
        "Analysts say much will depend on decisions taken in Washington over the coming months",
        "The mood in {city} is tired but defiant, residents say",
        "Both sides have accused each other of spreading disinformation about the talks",
        "The history of the region explains much of the mistrust between the two capitals",
        "Opinion polls suggest support for the government has slipped since the autumn",
        "Parliament is expected to vote on the bill before the end of the session",
        "Critics say the reform does not go far enough",
        "It is not clear what happens next",
        "The story is developing and will be updated",
    ),
}

OPENERS = (
    "",
    "",
    "",
    "On {day}, ",
    "Separately, ",
    "Earlier this week, ",
    "Meanwhile, ",
    "According to officials, ",
    "In a statement on {day}, ",
    "Late on {day}, ",
    "As of this morning, ",
)
ATTRIBUTIONS = (
    ".",
    ".",
    ".",
    ".",
    ", officials said.",
    ", the ministry said in a statement.",
    ", according to local authorities.",
    ", a spokesperson wrote on Telegram.",
    ", a source familiar with the matter said.",
    ", Reuters could not independently verify the report.",
)
_COMMON_FIRST_WORDS = frozenset(
    [
        "The",
        "A",
        "An",
        "At",
        "More",
        "Air",
        "Fighting",
        "Troops",
        "Scheduled",
        "Thermal",
        "Gas",
        "Schools",
        "Residents",
        "Rescuers",
        "Humanitarian",
        "Authorities",
        "Consumer",
        "Exporters",
        "Firms",
        "Reconstruction",
        "Leaders",
        "Geolocated",
        "Drone",
        "Mobile",
        "It",
        "Analysts",
        "Both",
        "Opinion",
        "Parliament",
        "Critics",
        "Washington's",
    ]
)
HEADINGS: dict[str, tuple[str, ...]] = {
    "front_lines": (
        "Russian Main Effort: Eastern Ukraine",
        "Fighting in the {direction} direction",
        "Ground operations",
        "Russian Supporting Effort: Southern Axis",
    ),
    "air_strikes": (
        "Russian Air, Missile, and Drone Campaign",
        "Overnight attacks",
        "Ukrainian Operations in the Russian Federation",
    ),
    "humanitarian": ("Civilian casualties", "Humanitarian situation", "Evacuations and aid"),
    "energy": ("Energy infrastructure", "Power and heating", "Strikes on refineries"),
    "diplomacy": ("Peace talks", "Diplomacy and military aid", "Security guarantees"),
    "economy": ("Economy and sanctions", "Budget and financing", "Trade and exports"),
    "none": ("Key Takeaways:", "What we know", "Background", "Analysis"),
}

# ---------------------------------------------------------------------------------
# Outlets: domain, URL shape, title suffix, style and boilerplate.
# ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Outlet:
    domain: str
    url: str  # {slug} {y} {m} {d} {mon} {id}
    suffix: str
    style: str  # wire | news | live | isw | report | analysis
    weight: int
    dated_url: bool  # the URL carries the date: `date: unknown` is recoverable


OUTLETS = (
    Outlet(
        "www.reuters.com",
        "https://www.reuters.com/world/europe/{slug}-{y}-{m}-{d}/",
        "Reuters",
        "wire",
        12,
        True,
    ),
    Outlet("apnews.com", "https://apnews.com/article/{slug}-{id}", "AP News", "wire", 8, False),
    Outlet(
        "www.aljazeera.com",
        "https://www.aljazeera.com/news/{y}/{mi}/{di}/{slug}",
        "Al Jazeera",
        "news",
        7,
        True,
    ),
    Outlet("news.sky.com", "https://news.sky.com/story/{slug}-{id}", "Sky News", "live", 4, False),
    Outlet(
        "www.criticalthreats.org",
        "https://www.criticalthreats.org/analysis/russian-offensive-campaign-assessment-"
        "{mon}-{di}-{y}",
        "Critical Threats",
        "isw",
        5,
        True,
    ),
    Outlet(
        "understandingwar.org",
        "https://understandingwar.org/research/russia-ukraine/russian-offensive-campaign-"
        "assessment-{mon}-{di}-{y}/",
        "Institute for the Study of War",
        "isw",
        5,
        True,
    ),
    Outlet(
        "www.theguardian.com",
        "https://www.theguardian.com/world/{y}/{mon3}/{d}/{slug}",
        "The Guardian",
        "live",
        6,
        True,
    ),
    Outlet("www.bbc.com", "https://www.bbc.com/news/articles/{id}", "BBC News", "news", 6, False),
    Outlet(
        "kyivindependent.com",
        "https://kyivindependent.com/{slug}/",
        "The Kyiv Independent",
        "news",
        8,
        False,
    ),
    Outlet(
        "www.pravda.com.ua",
        "https://www.pravda.com.ua/eng/news/{y}/{m}/{d}/{id}/",
        "Ukrainska Pravda",
        "news",
        6,
        True,
    ),
    Outlet(
        "www.ukrinform.net",
        "https://www.ukrinform.net/rubric-ato/{id}-{slug}.html",
        "Ukrinform",
        "news",
        4,
        False,
    ),
    Outlet(
        "www.france24.com",
        "https://www.france24.com/en/europe/{y}{m}{d}-{slug}",
        "France 24",
        "live",
        3,
        True,
    ),
    Outlet("www.dw.com", "https://www.dw.com/en/{slug}/a-{id}", "DW", "news", 3, False),
    Outlet(
        "www.euronews.com",
        "https://www.euronews.com/{y}/{m}/{d}/{slug}",
        "Euronews",
        "news",
        3,
        True,
    ),
    Outlet(
        "www.politico.eu", "https://www.politico.eu/article/{slug}/", "POLITICO", "news", 3, False
    ),
    Outlet(
        "www.atlanticcouncil.org",
        "https://www.atlanticcouncil.org/blogs/ukrainealert/{slug}/",
        "Atlantic Council",
        "analysis",
        3,
        False,
    ),
    Outlet("www.csis.org", "https://www.csis.org/analysis/{slug}", "CSIS", "analysis", 2, False),
    Outlet(
        "reliefweb.int",
        "https://reliefweb.int/report/ukraine/{slug}",
        "ReliefWeb",
        "report",
        3,
        False,
    ),
    Outlet(
        "press.un.org", "https://press.un.org/en/{y}/sc{id}.doc.htm", "UN Press", "report", 1, False
    ),
    Outlet(
        "www.nato.int",
        "https://www.nato.int/cps/en/natohq/news_{id}.htm",
        "NATO",
        "report",
        1,
        False,
    ),
    Outlet("www.cnn.com", "https://www.cnn.com/{y}/{m}/{d}/europe/{slug}", "CNN", "news", 3, True),
    Outlet(
        "www.nytimes.com",
        "https://www.nytimes.com/{y}/{m}/{d}/world/europe/{slug}.html",
        "The New York Times",
        "news",
        3,
        True,
    ),
    Outlet("www.ft.com", "https://www.ft.com/content/{uuid}", "Financial Times", "news", 2, False),
    Outlet(
        "www.bloomberg.com",
        "https://www.bloomberg.com/news/articles/{y}-{m}-{d}/{slug}",
        "Bloomberg",
        "wire",
        3,
        True,
    ),
    Outlet("www.npr.org", "https://www.npr.org/{y}/{m}/{d}/{id}/{slug}", "NPR", "news", 2, True),
    Outlet(
        "foreignpolicy.com",
        "https://foreignpolicy.com/{y}/{m}/{d}/{slug}/",
        "Foreign Policy",
        "analysis",
        2,
        True,
    ),
    Outlet(
        "www.themoscowtimes.com",
        "https://www.themoscowtimes.com/{y}/{m}/{d}/{slug}-a{id}",
        "The Moscow Times",
        "news",
        3,
        True,
    ),
    Outlet("meduza.io", "https://meduza.io/en/news/{y}/{m}/{d}/{slug}", "Meduza", "news", 2, True),
    Outlet("www.rferl.org", "https://www.rferl.org/a/{slug}/{id}.html", "RFE/RL", "news", 3, False),
    Outlet(
        "euobserver.com", "https://euobserver.com/{slug}/ar{id}", "EUobserver", "analysis", 1, False
    ),
)

BOILER_TOP: dict[str, tuple[str, ...]] = {
    "wire": (
        "Exclusive news, data and analytics for financial market professionalsLearn more "
        "aboutRefinitiv",
        "Item 1 of {k} A view shows a damaged building in {city}, Ukraine. REUTERS/Stringer/"
        "File Photo",
        "**[1/{k}]** A firefighter works at the site of a Russian strike in {city}.... "
        "Purchase Licensing Rights, opens new tab Read more",
        "[](https://www.reuters.com/world/europe/)",
        "Companies",
    ),
    "news": (
        "[](https://{domain}/)",
        "Share",
        "Save",
        "Copy link",
        "Listen to this article · {k} min",
        "Image: Emergency workers at the scene in {city} [File: Reuters]",
        "Advertisement",
    ),
    "live": (
        "Live updates",
        "Ukraine war latest",
        "Follow our live coverage",
        "Image: Smoke rises over {city}. Pic: AP",
        "Watch: footage shows the aftermath in {city}",
    ),
    "isw": (
        "Download the PDF",
        "Click here to see ISW's interactive map of the Russian invasion of Ukraine.",
        "Note: The data cut-off for this product was 11:30am ET on {month} {day_n}.",
    ),
    "report": (
        "Format: Situation Report",
        "Source: OCHA",
        "Posted {day_n} {month} {y}",
        "Originally published",
    ),
    "analysis": (
        "By {author}",
        "Share this",
        "[](https://twitter.com/intent/tweet?url={slug})",
        "Reading time: {k} minutes",
    ),
}
BOILER_MID = (
    "The Reuters Inside Track newsletter is your essential guide to the biggest events in "
    "global sport. Sign up here.",
    "Sign up for our daily briefing",
    "Advertisement",
    "Read more: {headline}",
    "Related: [{headline}](https://{domain}/related/{id})",
    "notification-importantGet instant alerts and updates based on your interests. Be the "
    "first to know when big stories happen.",
    "Listen: {headline}",
    "Recommended Stories",
    "list of {k} items",
    "end of list",
)
BOILER_END = (
    "Reporting by {author} in Kyiv; Additional reporting by {author2}; Editing by {author3}",
    "Our Standards: The Thomson Reuters Trust Principles., opens new tab",
    "Share this article",
    "[Facebook](https://www.facebook.com/sharer/sharer.php?u={slug}) [X](https://x.com/"
    "intent/post?url={slug})",
    "© {y} {suffix}. All rights reserved.",
    "More on this story",
    "Tags: Ukraine, Russia, war",
    "Support independent journalism. Become a member.",
)
AUTHORS = [
    "Tom Balmforth",
    "Olena Harmash",
    "Max Hunder",
    "Yuliia Dysa",
    "Anastasiia Malenko",
    "Pavel Polityuk",
    "Guy Faulconbridge",
    "Mark Trevelyan",
    "Andrew Osborn",
    "Dan Peleschuk",
    "Lidia Kelly",
    "Aleksandar Vasovic",
    "Gareth Jones",
    "Angus MacSwan",
    "Ron Popeski",
    "Kateryna Tyshchenko",
    "Illia Novikov",
    "Hanna Arhirova",
    "Samya Kullab",
]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _quoted(value: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


@functools.lru_cache(maxsize=4096)
def _compiled(template: str) -> list[str]:
    """Literal text and slot names, alternating: parsed once per template."""
    return re.split(r"\{(\w+)\}", template)


def _weighted(rng: random.Random, items: Sequence[Any], weights: Sequence[float]) -> Any:
    return rng.choices(items, weights=weights, k=1)[0]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80]


# ---------------------------------------------------------------------------------
# Template mode: real articles as a pool of sentences and lines
# ---------------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\u201c\"\u2018'(])")


@dataclass(frozen=True, slots=True)
class TemplatePool:
    sentences: tuple[str, ...]  # from prose lines: recombined into new paragraphs
    lines: tuple[str, ...]  # every body line as is (headings, lists, links, boilerplate)
    titles: tuple[str, ...]
    lines_per_article: tuple[int, ...]

    @classmethod
    def load(cls, folder: Path) -> TemplatePool:
        sentences: list[str] = []
        lines: list[str] = []
        titles: list[str] = []
        counts: list[int] = []
        for path in sorted(folder.glob("*.md")):
            text = path.read_text(encoding="utf-8")
            head, sep, body = text.partition("\n---\n")
            if not sep:
                body, head = text, ""
            title = re.search(r"(?m)^title:\s*\"?(.*?)\"?\s*$", head)
            if title:
                titles.append(title.group(1).split(" | ")[0])
            body_lines = [line for line in body.splitlines() if line.strip()]
            counts.append(len(body_lines))
            for line in body_lines:
                lines.append(line)
                plain = line.strip()
                if len(plain) > 60 and not plain.startswith(("*", "-", "#", "[", "!", ">")):
                    sentences += [s for s in _SENTENCE_END.split(plain) if len(s) > 30]
        if not lines:
            raise SystemExit(f"no articles (*.md) in {folder}")
        return cls(tuple(sentences), tuple(lines), tuple(titles) or ("Untitled",), tuple(counts))


# ---------------------------------------------------------------------------------
# The generator
# ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Head:
    index: int
    rng: random.Random
    outlet: Outlet
    day: dt.date
    topic: tuple[str, str]
    title: str
    url: str
    ctx: dict[str, str]


@dataclass(frozen=True, slots=True)
class GeneratedArticle:
    index: int
    name: str  # a file name
    text: str


class CorpusGenerator:
    def __init__(
        self,
        total: int,
        seed: int = 1,
        start: dt.date = DEFAULT_START,
        end: dt.date = DEFAULT_END,
        templates: Path | None = None,
    ) -> None:
        self.total = max(1, total)
        self.seed = seed
        self.start = start
        self.span = (end - start).days
        self.templates = templates
        self.pool = TemplatePool.load(templates) if templates else None
        self._outlet_weights = [o.weight for o in OUTLETS]
        self._themes = list(THEME_WEIGHTS)
        self._theme_weights = list(THEME_WEIGHTS.values())

    @property
    def key(self) -> str:
        """Identifies the corpus: same key, same articles."""
        src = f"tpl:{self.templates.resolve()}" if self.templates else "builtin"
        return f"g{GENERATOR_VERSION}-s{self.seed}-{src}-{self.start}-{self.span}-n{self.total}"

    # -- front matter -----------------------------------------------------------

    def _date(self, rng: random.Random, i: int) -> dt.date:
        # chronological in the index, as a live scraper's stream is; a few late arrivals
        base = (i + rng.random()) * self.span / self.total
        if rng.random() < 0.05:
            base -= rng.uniform(1, 20)
        return self.start + dt.timedelta(days=int(min(max(base, 0), self.span)))

    def _fill(self, rng: random.Random, template: str, ctx: dict[str, str]) -> str:
        parts = _compiled(template)
        if len(parts) == 1:
            return template
        out = []
        for k, part in enumerate(parts):
            if k % 2 == 0:
                out.append(part)
            else:
                out.append(ctx[part] if part in ctx else self._slot(rng, part))
        return "".join(out)

    def _slot(self, rng: random.Random, name: str) -> str:
        r = rng
        match name:
            case "city":
                return r.choice(CITIES)
            case "oblast" | "oblast2":
                return r.choice(OBLASTS)
            case "town":
                return r.choice(FRONT_TOWNS)
            case "direction":
                return r.choice(DIRECTIONS)
            case "ruregion":
                return r.choice(RU_REGIONS)
            case "refinery":
                return r.choice(REFINERIES)
            case "port":
                return r.choice(PORTS)
            case "uaofficial":
                return r.choice(UA_OFFICIALS)
            case "ruofficial":
                return r.choice(RU_OFFICIALS)
            case "westofficial":
                return r.choice(WEST_OFFICIALS)
            case "country":
                return r.choice(COUNTRIES)
            case "venue":
                return r.choice(VENUES)
            case "weapon":
                return r.choice(WEAPONS_STRIKE)
            case "weapon_short":
                return r.choice(("missile", "drone", "glide bomb", "ballistic missile"))
            case "glide":
                return r.choice(GLIDE)
            case "unit":
                return r.choice(UNITS)
            case "energyfirm":
                return r.choice(ENERGY_FIRMS)
            case "moneyorg":
                return r.choice(MONEY_ORGS)
            case "aidorg" | "org":
                return r.choice(ORGS)
            case "day":
                return r.choice(DAYS)
            case "month":
                return r.choice(MONTHS)
            case "ordinal":
                return r.choice(
                    ("second", "third", "fourth", "fifth", "sixth", "tenth", "19th", "20th")
                )
            case "n1":
                return str(r.randint(2, 19))
            case "n2" | "n2b":
                return str(r.randint(20, 199))
            case "n3" | "n3b":
                return f"{r.randint(100, 990):,}"
            case "n4":
                return f"{r.randint(1000, 9000):,}"
            case "pct":
                return f"{r.randint(1, 19)}.{r.randint(0, 9)}"
            case "money":
                return (
                    r.choice(("$", "€", ""))
                    + f"{r.randint(1, 90)}"
                    + r.choice((" billion", "bn", " million"))
                    + ("" if r.random() < 0.7 else " euros")
                )
            case "author" | "author2" | "author3":
                return r.choice(AUTHORS)
            case "k":
                return str(r.randint(2, 9))
            case "headline":
                return self._headline(r, r.choice(self._themes))
            case "id":
                return str(r.randint(10_000_000, 99_999_999))
            case "day_n":
                return str(r.randint(1, 28))
            case "y":
                return str(r.randint(2022, 2026))
        return name

    def _headline(self, rng: random.Random, theme: str) -> str:
        if self.pool is not None:
            return rng.choice(self.pool.titles)
        sentence = self._fill(rng, rng.choice(TEMPLATES[theme]), {})
        words = sentence.split()
        return " ".join(words[: rng.randint(7, 12)]).rstrip(",;:")

    # -- body -------------------------------------------------------------------

    def _sentence(self, rng: random.Random, theme: str) -> str:
        core = self._fill(rng, rng.choice(TEMPLATES[theme]), {})
        opener = self._fill(rng, rng.choice(OPENERS), {})
        if opener and core.split(" ", 1)[0] in _COMMON_FIRST_WORDS:
            core = core[0].lower() + core[1:]
        attributed = theme == "none" or " said" in core or "according to" in core
        ending = "." if attributed else self._fill(rng, rng.choice(ATTRIBUTIONS), {})
        return opener + core + ending

    def _paragraph_themes(self, rng: random.Random, topic: tuple[str, str]) -> list[str]:
        k = _weighted(rng, [k for k, _ in THEMES_PER_LINE], [w for _, w in THEMES_PER_LINE])
        if k == 0:
            return []
        first = (
            topic[0]
            if rng.random() < 0.45
            else (
                topic[1]
                if rng.random() < 0.3
                else _weighted(rng, self._themes, self._theme_weights)
            )
        )
        themes = [first]
        while len(themes) < k:
            options = [t for t in PARTNERS[themes[-1]] if t not in themes] or [
                t for t in self._themes if t not in themes
            ]
            themes.append(rng.choice(options))
        return themes

    def _prose(self, rng: random.Random, themes: list[str]) -> str:
        if self.pool is not None:
            return " ".join(rng.choice(self.pool.sentences) for _ in range(rng.randint(1, 3)))
        parts = [self._sentence(rng, t) for t in (themes or ["none"])]
        if themes and rng.random() < 0.4:
            parts.append(self._sentence(rng, rng.choice(themes)))
        if rng.random() < 0.15:
            parts.insert(rng.randint(0, len(parts)), self._sentence(rng, "none"))
        return " ".join(parts)

    def _link(self, rng: random.Random, text: str, domain: str) -> str:
        """Some prose carries inline links or footnotes, as scraped markdown does."""
        roll = rng.random()
        if roll < 0.08:
            words = text.split(" ")
            j = rng.randrange(len(words))
            if len(words[j]) > 4 and words[j].isalpha():
                words[j] = f"[{words[j]}](https://{domain}/{_slug(words[j])})"
            return " ".join(words)
        if roll < 0.12:
            return (
                text + f" [[{rng.randint(1, 140)}]](https://isw.pub/UkrWar{rng.randint(1, 9999)})"
            )
        return text

    def head(self, i: int) -> Head:
        """Article i's outlet, date, title and URL (its body's randomness follows)."""
        rng = random.Random(f"sitrep-bench:{self.seed}:{i}")
        outlet: Outlet = _weighted(rng, OUTLETS, self._outlet_weights)
        day = self._date(rng, i)
        topic = (
            _weighted(rng, self._themes, self._theme_weights),
            _weighted(rng, self._themes, self._theme_weights),
        )
        title = self._headline(rng, topic[0])
        slug = f"{_slug(title)}-{i}"
        month = MONTHS[day.month - 1]
        url = outlet.url.format(
            slug=slug,
            y=day.year,
            m=f"{day.month:02d}",
            d=f"{day.day:02d}",
            mi=day.month,
            di=day.day,
            mon=month.lower(),
            mon3=month[:3].lower(),
            id=f"{i}{rng.randint(1000, 9999)}",
            uuid=hashlib.md5(slug.encode()).hexdigest(),
        )
        ctx = {
            "domain": outlet.domain,
            "suffix": outlet.suffix,
            "slug": slug,
            "y": str(day.year),
            "month": month,
            "day_n": str(day.day),
        }
        return Head(i, rng, outlet, day, topic, f"{title} | {outlet.suffix}", url, ctx)

    def body(self, head: Head) -> list[str]:
        rng, outlet, ctx, topic, day = head.rng, head.outlet, head.ctx, head.topic, head.day
        body: list[str] = []
        for _ in range(rng.randint(1, 3)):
            body.append(self._fill(rng, rng.choice(BOILER_TOP[outlet.style]), ctx))

        n_paragraphs = self._paragraph_count(rng, outlet.style)
        headings_every = {"isw": 5, "report": 7, "analysis": 8, "live": 6}.get(outlet.style, 0)
        lead = True
        for p in range(n_paragraphs):
            if headings_every and p % headings_every == 0 and rng.random() < 0.8:
                theme = topic[0] if rng.random() < 0.5 else rng.choice((*THEMES, "none"))
                heading = self._fill(rng, rng.choice(HEADINGS[theme]), ctx)
                body.append(f"**{heading}**")
            if rng.random() < 0.08:  # mid-body boilerplate
                body.append(self._fill(rng, rng.choice(BOILER_MID), ctx))
            if self.pool is not None and rng.random() < 0.3:
                body.append(rng.choice(self.pool.lines))
                continue
            themes = self._paragraph_themes(rng, topic)
            text = self._link(rng, self._prose(rng, themes), outlet.domain)
            if lead and outlet.style == "wire":
                where = rng.choice(("KYIV", "MOSCOW", "LONDON", "WASHINGTON", "BRUSSELS"))
                text = f"{where}, {MONTHS[day.month - 1][:3]} {day.day} ({outlet.suffix}) - {text}"
            lead = False
            if outlet.style in ("isw", "report") and rng.random() < 0.35:
                text = ("* " if rng.random() < 0.7 else "- ") + text
            body.append(text)
        for _ in range(rng.randint(1, 4)):
            body.append(self._fill(rng, rng.choice(BOILER_END), ctx))
        return body

    def render(self, head: Head, body: list[str], *, known_date: bool = False) -> GeneratedArticle:
        words = sum(len(line.split()) for line in body)
        description = body[min(len(body) - 1, 3)][:200]
        unknown = head.outlet.dated_url and not known_date and head.rng.random() < 0.15
        text = (
            "---\n"
            f"title: {_quoted(head.title)}\n"
            f"source: {head.url}\n"
            f"date: {'unknown' if unknown else head.day.isoformat()}\n"
            f"description: {_quoted(description)}\n"
            f"word_count: {words}\n"
            "---\n\n" + "\n".join(body) + "\n"
        )
        return GeneratedArticle(head.index, self.file_name(head), text)

    @staticmethod
    def file_name(head: Head) -> str:
        outlet = head.outlet.domain.removeprefix("www.").split(".")[0]
        return f"gen-{head.index:07d}-{outlet}.md"

    def article(self, i: int) -> GeneratedArticle:
        head = self.head(i)
        return self.render(head, self.body(head))

    def _paragraph_count(self, rng: random.Random, style: str) -> int:
        if self.pool is not None:
            return max(3, int(rng.choice(self.pool.lines_per_article) * 0.7))
        median = {"wire": 22, "news": 26, "live": 45, "isw": 70, "report": 35, "analysis": 35}[
            style
        ]
        return max(3, min(160, int(rng.lognormvariate(0, 0.45) * median)))

    def articles(self, start: int = 0, count: int | None = None) -> Iterator[GeneratedArticle]:
        stop = self.total if count is None else start + count
        for i in range(start, stop):
            yield self.article(i)


# ---------------------------------------------------------------------------------
# Writing files
# ---------------------------------------------------------------------------------


def _write_range(args: tuple[dict[str, Any], Path, int, int]) -> int:
    config, out, start, stop = args
    gen = CorpusGenerator(**config)
    written = 0
    for i in range(start, stop):
        head = gen.head(i)
        if (out / gen.file_name(head)).exists():  # kept from an earlier, interrupted write
            continue
        article = gen.render(head, gen.body(head))
        (out / article.name).write_text(article.text, encoding="utf-8")
        written += len(article.text)
    return written


def write_files(
    out: Path,
    count: int,
    *,
    seed: int = 1,
    templates: Path | None = None,
    workers: int | None = None,
    total: int | None = None,
) -> dict[str, Any]:
    """Write the first `count` articles of a corpus of `total` (default `count`) into
    `out`, skipping files already there; return sizes and timing."""
    out.mkdir(parents=True, exist_ok=True)
    config = {"total": total or count, "seed": seed, "templates": templates}
    workers = workers or os.cpu_count() or 1
    chunk = 1000
    ranges = [(config, out, s, min(s + chunk, count)) for s in range(0, count, chunk)]
    started = time.perf_counter()
    with mp.get_context("fork").Pool(workers) as pool:
        total_bytes = sum(pool.imap_unordered(_write_range, ranges))
    seconds = time.perf_counter() - started
    return {
        "articles": count,
        "corpus_total": total or count,
        "bytes_written": total_bytes,
        "seconds": round(seconds, 2),
    }


# ---------------------------------------------------------------------------------
# Filling a database fast: the real ingest service, pipeline in worker processes
# ---------------------------------------------------------------------------------

_WORKER_GEN: CorpusGenerator | None = None


def _init_worker(config: dict[str, Any]) -> None:
    global _WORKER_GEN
    _WORKER_GEN = CorpusGenerator(**config)


def _process_range(args: tuple[int, int, dt.date]) -> list[tuple[str, Any]]:
    """Generate articles start..stop and run the real pipeline over each."""
    from app.pipeline import process_article

    start, stop, received = args
    assert _WORKER_GEN is not None
    return [
        (article.text, process_article(article.text, received))
        for article in _WORKER_GEN.articles(start, stop - start)
    ]


def _reused(gen: CorpusGenerator, i: int, body: str, processed: Any) -> tuple[str, Any]:
    """Article i's own front matter over an earlier article's body: the pipeline's
    output for that body is known, only the metadata changes."""
    head = gen.head(i)
    article = gen.render(head, body.split("\n"), known_date=True)
    meta = dataclasses.replace(
        processed.meta,
        title=head.title,
        source_url=head.url,
        date=head.day,
        date_source="front_matter",
    )
    return article.text, dataclasses.replace(processed, meta=meta)


def _rows(
    article_id: int, first_passage_id: int, text: str, processed: Any, now: dt.datetime
) -> tuple[dict[str, Any], dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    """The rows `ingest_article` stores for a new article (the service's own helpers
    compute every derived value), with ids given here instead of by RETURNING."""
    from app.ingest import prepare
    from app.pipeline.urls import canonical_url, source_domain

    raw = text.encode()
    meta = processed.meta
    raw_sha, content_sha = prepare.fingerprint(raw, processed)
    url = canonical_url(meta.source_url) if meta.source_url else None
    article = {
        **prepare.article_values(processed, raw_sha, content_sha, now),
        "id": article_id,
        "canonical_url": url or f"urn:sha256:{content_sha}",
        "source": source_domain(url),
        "revision": 1,
        "created_at": now,
    }
    revision = {
        "article_id": article_id,
        "revision": 1,
        "raw_markdown": raw,
        "raw_sha256": raw_sha,
        "content_sha256": content_sha,
        "received_at": now,
    }
    passages = []
    themes = []
    for k, p in enumerate(processed.passages):
        pid = first_passage_id + k
        passages.append(
            {
                "id": pid,
                "article_id": article_id,
                "date": meta.date,
                "position": p.position,
                "line_no": p.line_no,
                "kind": p.kind,
                "text": p.text,
                "heading": p.heading,
                "parser_version": processed.parser_version,
            }
        )
        if not processed.not_article:
            themes += [
                {
                    "passage_id": pid,
                    "theme": tag.theme,
                    "article_id": article_id,
                    "date": meta.date,
                    "score": tag.score,
                    "cues": list(tag.cues),
                }
                for tag in p.themes
            ]
    return article, revision, passages, themes


def fill_database(
    database_url: str,
    passages: int,
    *,
    seed: int = 1,
    templates: Path | None = None,
    workers: int | None = None,
    unique_bodies: int = 3000,
    chunk: int = 25,
    transaction_size: int = 1000,
    progress: bool = True,
    method: str = "service",
    max_seconds: float | None = None,
) -> dict[str, Any]:
    """Ingest generated articles until the database holds at least `passages` passages.

    Every article goes through the real `ingest_article` (canonical URL, dedupe,
    revision with the raw markdown, passages, themes, FTS), in transactions of
    `transaction_size` articles. `process_article` (pure) runs ahead in worker
    processes and its result is handed to the service. Past `unique_bodies` articles,
    bodies are reused (a wire story reprinted months later) under each article's own
    front matter, so the pipeline need not run again: the rows are what the pipeline
    would store for that text, at a fraction of the time.

    method="bulk" writes the same rows (computed by the service's helpers, see `_rows`)
    with executemany in each transaction instead of calling `ingest_article` once per
    article: for large fills, where the service's per-row INSERT … RETURNING dominates.
    """
    sys.path.insert(0, str(ROOT))
    from sqlalchemy import func, insert, select

    from app import pipeline
    from app.core.db import make_engine, transaction
    from app.core.migrations import upgrade_to_head
    from app.core.settings import Settings
    from app.ingest import service
    from app.models import Article, ArticleRevision, Passage, PassageTheme
    from app.repository.theme_days import ThemeDayRepository

    engine = make_engine(Settings(database_url=database_url))
    upgrade_to_head(engine)
    with transaction(engine) as session:
        next_article = (session.scalar(select(func.max(Article.id))) or 0) + 1
        next_passage = (session.scalar(select(func.max(Passage.id))) or 0) + 1
    # the dates are spread over `total` articles; past it (a corpus a little richer or
    # poorer than expected) the last day gets the extra articles
    total = max(1, passages // EXPECTED_PASSAGES_PER_ARTICLE) + 1
    gen = CorpusGenerator(total, seed, templates=templates)
    config = {"total": total, "seed": seed, "templates": templates}
    workers = workers or os.cpu_count() or 1
    now = dt.datetime.now(dt.UTC)
    unique = min(unique_bodies, total)

    ready: dict[str, Any] = {}
    real_process = pipeline.process_article

    def precomputed(text: str, received: dt.date) -> Any:
        return ready.pop(text, None) or real_process(text, received)

    bodies: list[tuple[str, Any]] = []

    def stream(results: Iterator[list[tuple[str, Any]]]) -> Iterator[tuple[str, Any]]:
        for batch in results:
            for text, processed in batch:
                bodies.append((text.partition("\n---\n\n")[2].rstrip("\n"), processed))
                yield text, processed
        for i in range(unique, total * 2):
            body, processed = bodies[i % unique]
            yield _reused(gen, i, body, processed)

    # bulk on SQLite: the FTS index is rebuilt once at the end rather than by its
    # triggers row by row (same index, a fraction of the time); triggers restored after
    fts_triggers: list[str] = []
    if method == "bulk" and engine.dialect.name == "sqlite":
        with engine.begin() as conn:
            fts_triggers = [
                sql
                for (sql,) in conn.exec_driver_sql(
                    "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'passage'"
                )
            ]
            for name in re.findall(r"CREATE TRIGGER (\w+)", " ".join(fts_triggers)):
                conn.exec_driver_sql(f"DROP TRIGGER {name}")

    pipeline.process_article = precomputed  # type: ignore[assignment]
    stored = articles = 0
    stopped_early = False
    seen_urls: set[str] = set()
    statuses: Counter[str] = Counter()
    themes: Counter[str] = Counter()
    started = time.perf_counter()
    ranges = ((s, min(s + chunk, unique), now.date()) for s in range(0, unique, chunk))
    try:
        with mp.get_context("fork").Pool(workers, _init_worker, (config,)) as pool:
            items = stream(pool.imap(_process_range, ranges))
            done = False
            while not done:
                with transaction(engine, write=True) as session:
                    rows: tuple[list[Any], ...] = ([], [], [], [])
                    for _ in range(transaction_size):
                        item = next(items, None)
                        if item is None or stored >= passages:
                            done = True
                            break
                        if max_seconds and time.perf_counter() - started > max_seconds:
                            done = stopped_early = True
                            break
                        text, processed = item
                        if method == "bulk":
                            built = _rows(next_article, next_passage, text, processed, now)
                            if built[0]["canonical_url"] in seen_urls:
                                # a second article at a URL already stored (one
                                # assessment a day): the service would make it a
                                # revision; the bulk writer leaves it out
                                statuses["same_url_skipped"] += 1
                                continue
                            seen_urls.add(built[0]["canonical_url"])
                            for bucket, part in zip(rows, built, strict=True):
                                bucket.extend(part if isinstance(part, list) else [part])
                            next_article += 1
                            next_passage += len(built[2])
                            statuses["created"] += 1
                            stored += len(built[2])
                            themes.update(t["theme"] for t in built[3])
                        else:
                            ready[text] = processed
                            receipt = service.ingest_article(
                                session, text.encode(), received_at=now
                            )
                            statuses[receipt.status] += 1
                            stored += receipt.passages
                            themes.update(receipt.themes)
                        articles += 1
                    if method == "bulk" and rows[0]:
                        conn = session.connection()
                        for model, bucket in zip(
                            (Article, ArticleRevision, Passage, PassageTheme), rows, strict=True
                        ):
                            if bucket:
                                conn.execute(insert(model.__table__), bucket)  # type: ignore[attr-defined]
                if progress:
                    rate = articles / (time.perf_counter() - started)
                    print(
                        f"  fill: {articles:,} articles, {stored:,} passages "
                        f"({rate:,.0f} articles/s)",
                        file=sys.stderr,
                        flush=True,
                    )
            pool.terminate()
    finally:
        pipeline.process_article = real_process
        if fts_triggers:
            with engine.begin() as conn:
                conn.exec_driver_sql("INSERT INTO passage_fts(passage_fts) VALUES ('rebuild')")
                for sql in fts_triggers:
                    conn.exec_driver_sql(sql)
        if method == "bulk":  # passage_theme was written directly: recount the rollup
            with transaction(engine) as rollup_session:
                ThemeDayRepository(rollup_session).rebuild()
    seconds = time.perf_counter() - started
    engine.dispose()
    from app.pipeline import PARSER_VERSION

    return {
        "parser_version": PARSER_VERSION,
        "articles": articles,
        "passages": stored,
        "theme_rows": dict(themes),
        "statuses": dict(statuses),
        "unique_bodies": min(unique, articles),
        "seconds": round(seconds, 2),
        "articles_per_s": round(articles / seconds, 1),
        "passages_per_s": round(stored / seconds, 1),
        "method": (
            "in-process ingest_article per article"
            if method == "service"
            else "the service's rows written with executemany (bulk)"
        )
        + f", {transaction_size} articles per transaction, pipeline in {workers} worker "
        f"processes on the first {min(unique, articles)} articles, their bodies reused "
        "under new front matter after that",
        "write_method": method,
        "stopped_early": stopped_early,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    files = sub.add_parser("files", help="write article files")
    files.add_argument("out", type=Path)
    files.add_argument("--articles", type=int, required=True)
    fill = sub.add_parser("fill", help="fill a database through the ingest service")
    fill.add_argument("database_url")
    fill.add_argument("--passages", type=int, required=True)
    fill.add_argument("--unique-bodies", type=int, default=3000)
    fill.add_argument("--method", choices=("service", "bulk"), default="service")
    sample = sub.add_parser("show", help="print one generated article")
    sample.add_argument("index", type=int, nargs="?", default=0)
    for p in (files, fill, sample):
        p.add_argument("--seed", type=int, default=1)
        p.add_argument(
            "--templates",
            type=Path,
            default=None,
            help="folder of real articles whose sentences are recombined",
        )
    for p in (files, fill):
        p.add_argument("--workers", type=int, default=None)
    args = parser.parse_args(argv)
    if args.command == "show":
        print(CorpusGenerator(1000, args.seed, templates=args.templates).article(args.index).text)
    elif args.command == "files":
        print(
            write_files(
                args.out,
                args.articles,
                seed=args.seed,
                templates=args.templates,
                workers=args.workers,
            )
        )
    else:
        print(
            fill_database(
                args.database_url,
                args.passages,
                seed=args.seed,
                templates=args.templates,
                workers=args.workers,
                unique_bodies=args.unique_bodies,
                method=args.method,
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

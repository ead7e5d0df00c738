"""Small articles written for the API tests, in the scrapers' format."""

from __future__ import annotations


def article(
    *,
    title: str = "Drones hit Kharkiv substation",
    source: str | None = "https://www.example-news.org/2026/02/04/kharkiv-substation/",
    date: str = "2026-02-04",
    body: list[str] | None = None,
) -> str:
    front = ["---", f'title: "{title}"']
    if source is not None:
        front.append(f"source: {source}")
    front += [f"date: {date}", 'description: "A test article."', "word_count: 120", "---", ""]
    lines = body if body is not None else ENERGY_STRIKE
    return "\n".join(front + lines) + "\n"


ENERGY_STRIKE = [
    "Share on Facebook Share on X",
    "Russian drones struck an electrical substation in Kharkiv overnight, causing power "
    "outages for 40,000 households, the regional governor said.",
    "Ukraine's air force said it shot down 112 of the 140 Shahed drones launched overnight.",
    "Two civilians were killed and seven injured when a missile hit a residential building.",
    "Sign up for our daily newsletter",
]

FRONT_AND_TALKS = [
    "**Front line**",
    "Russian forces advanced near Pokrovsk and Ukrainian troops repelled 14 assaults in the "
    "Kupiansk direction, the general staff said.",
    "**Talks**",
    "Envoys from Kyiv and Moscow met in Abu Dhabi for a second round of US-brokered peace talks "
    "on a ceasefire and security guarantees.",
    "The European Union approved a €90bn loan to finance Ukraine's budget next year.",
]

"""Helpers of the read-side tests: ingest articles, and a few bodies that overlap."""

from __future__ import annotations

from tests.api.articles import article

__all__ = ["WIRE_COPY", "article", "ingest", "wire_story"]


def ingest(client, auth, text: str) -> dict:
    response = client.post(
        "/articles", content=text.encode(), headers={**auth, "Content-Type": "text/markdown"}
    )
    assert response.status_code in (200, 201), response.text
    return response.json()


# The same wire story, reprinted by several outlets with small edits.
WIRE_COPY = (
    "Russian drones struck an electrical substation in Kharkiv overnight, causing power "
    "outages for 40,000 households, the regional governor said on Telegram."
)


def wire_story(variant: str = "", extra: str | None = None) -> list[str]:
    lines = [WIRE_COPY.replace("on Telegram", variant) if variant else WIRE_COPY]
    if extra:
        lines.append(extra)
    return lines

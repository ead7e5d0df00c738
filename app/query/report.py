"""GET /sitreps/{date}: one day's situation report, theme by theme.

Near-duplicate passages from different articles (the same development told by
several outlets, a wire story reprinted) are one item whose `also_reported_by`
names the others. `coverage` says what was ingested that day, so an empty theme
on a covered day ("nothing reported") differs from a day with no data.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from sqlmodel import Session

from app.pipeline.types import THEMES
from app.query.dedupe import clusters
from app.query.filters import ReportQuery
from app.query.service import THEME_INFO
from app.repository.reports import DayPassage, ReportRepository

CSV_COLUMNS = (
    "date",
    "theme",
    "passage_id",
    "score",
    "cues",
    "text",
    "heading",
    "article_id",
    "article_title",
    "article_url",
    "source",
    "also_reported_by",
)


def _article(p: DayPassage, day: dt.date) -> dict[str, Any]:
    return {"id": p.article_id, "title": p.title, "url": p.url, "source": p.source, "date": day}


def daily_report(session: Session, day: dt.date, query: ReportQuery) -> dict[str, Any]:
    repo = ReportRepository(session)
    rows = repo.day_passages(day, query.themes, query.source, query.min_score)
    by_source = repo.coverage(day, query.source)

    # Cluster each passage once (a passage may carry several themes).
    passages: dict[int, DayPassage] = {}
    for row in rows:
        passages.setdefault(row.passage_id, row)
    ids = list(passages)
    roots = clusters([passages[i].text for i in ids], [passages[i].article_id for i in ids])
    cluster_of = {pid: ids[root] for pid, root in zip(ids, roots, strict=True)}

    per_theme: dict[str, dict[int, list[DayPassage]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        per_theme[row.theme][cluster_of[row.passage_id]].append(row)

    themes = []
    wanted = set(query.themes)
    for theme in (t for t in THEMES if t in wanted):  # the usual order, however asked
        groups = per_theme.get(theme, {})
        items = [_item(members, day) for members in groups.values()]
        items.sort(key=lambda i: (-1 - len(i["also_reported_by"]), -i["score"], i["passage_id"]))
        themes.append(
            {
                "theme": theme,
                "name": THEME_INFO[theme][0],
                "passages": sum(len(m) for m in groups.values()),
                "items": items,
            }
        )
    articles = sum(count for _, count in by_source)
    return {
        "date": day,
        "coverage": {
            "has_data": articles > 0,
            "articles": articles,
            "sources": [{"source": s, "articles": n} for s, n in by_source],
        },
        "themes": themes,
    }


def _item(members: list[DayPassage], day: dt.date) -> dict[str, Any]:
    # The best-scored telling leads; ties go to the first stored.
    members = sorted(members, key=lambda m: (-m.score, m.passage_id))
    lead = members[0]
    seen = {lead.article_id}
    others = []
    for m in members[1:]:
        if m.article_id not in seen:  # one mention per article
            seen.add(m.article_id)
            others.append({"passage_id": m.passage_id, "article": _article(m, day)})
    return {
        "passage_id": lead.passage_id,
        "text": lead.text,
        "heading": lead.heading,
        "score": lead.score,
        "cues": lead.cues,
        "article": _article(lead, day),
        "also_reported_by": others,
    }


def rows(report: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The report flattened: one row per item, for CSV and NDJSON."""
    for section in report["themes"]:
        for entry in section["items"]:
            article = entry["article"]
            yield {
                "date": report["date"],
                "theme": section["theme"],
                "passage_id": entry["passage_id"],
                "score": entry["score"],
                "cues": entry["cues"],
                "text": entry["text"],
                "heading": entry["heading"],
                "article_id": article["id"],
                "article_title": article["title"],
                "article_url": article["url"],
                "source": article["source"],
                "also_reported_by": [o["article"]["url"] for o in entry["also_reported_by"]],
            }

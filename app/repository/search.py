"""Full-text search over passage text: one filter, two dialects.

SQLite: the FTS5 table `passage_fts` (external content over passage.text, porter
stemming), whose rowid is the passage's search key (`search_key`): its date, then its
id, so the index returns matches in the timeline's order and a page stops at its last
row (migration b7d2e5a9c4f1). PostgreSQL: `to_tsvector('english', text)`, the
expression of the GIN index `ix_passage_fts` (written identically here so the planner
uses the index; migration 9d964f86a887). User text reaches neither parser unquoted:
the query is rendered from parsed SearchTerms.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    bindparam,
    column,
    func,
    literal_column,
    select,
    table,
    text,
)
from sqlmodel import Session, col

from app.models import Passage
from app.query.filters import SearchTerms
from app.repository.search_key import ID_MASK, search_key

# Private-use code points mark the matches in SQL; the service escapes the text for
# HTML and only then turns them into <mark>…</mark>, so passage text cannot inject markup.
MARK_START = "\ue000"
MARK_END = "\ue001"
_ENGLISH: ColumnElement[Any] = literal_column("'english'::regconfig")


def _phrase(words: tuple[str, ...]) -> str:
    return '"' + " ".join(words) + '"'  # words are \w+ only: no quote can occur


def fts5_query(terms: SearchTerms) -> str:
    groups = " AND ".join("(" + " OR ".join(_phrase(p) for p in g) + ")" for g in terms.groups)
    return groups + "".join(f" NOT {_phrase(p)}" for p in terms.excluded)


def websearch_query(terms: SearchTerms) -> str:
    groups = " ".join(" or ".join(_phrase(p) for p in g) for g in terms.groups)
    return groups + "".join(f" -{_phrase(p)}" for p in terms.excluded)


def _is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def postgres_match(text_column: Any) -> ColumnElement[bool]:
    """PostgreSQL: `text_column` matches the search in the bound parameter `fts_query`
    (see search_parameter), written as the GIN index's expression."""
    query = func.websearch_to_tsquery(_ENGLISH, bindparam("fts_query"))
    return func.to_tsvector(_ENGLISH, text_column).op("@@")(query)  # type: ignore[no-any-return]


def postgres_matching() -> Any:
    """PostgreSQL: (id, date) of the passages matching the search, from the GIN index."""
    return select(col(Passage.id), col(Passage.date)).where(postgres_match(col(Passage.text)))


# SQLite: the full-text table, its rowid (the search key) and the passage id in it
PASSAGE_FTS = table("passage_fts", column("rowid", Integer))
FTS_KEY: ColumnElement[int] = PASSAGE_FTS.c.rowid
FTS_PASSAGE_ID: ColumnElement[int] = FTS_KEY.op("&")(literal_column(str(ID_MASK)))


def fts_match() -> ColumnElement[bool]:
    """SQLite: the rows of PASSAGE_FTS matching the bound parameter `fts_query`."""
    return text("passage_fts MATCH :fts_query")  # type: ignore[return-value]


def search_parameter(dialect: str, terms: SearchTerms) -> str:
    """The value of `fts_query`: `terms` in the dialect's syntax."""
    return websearch_query(terms) if dialect == "postgresql" else fts5_query(terms)


def highlights(
    session: Session, terms: SearchTerms, passages: Sequence[tuple[int, dt.date]]
) -> dict[int, str]:
    """Each passage's whole text, by id, with its matches between MARK_START and
    MARK_END. `passages`: (id, date) of each, the date giving SQLite's search key."""
    if not passages:
        return {}
    ids = [passage_id for passage_id, _ in passages]
    if _is_postgres(session):
        options = f"StartSel={MARK_START}, StopSel={MARK_END}, HighlightAll=true"
        headline = func.ts_headline(
            _ENGLISH,
            col(Passage.text),
            func.websearch_to_tsquery(_ENGLISH, websearch_query(terms)),
            options,
        )
        rows = session.execute(
            select(col(Passage.id), headline).where(col(Passage.id).in_(ids))
        ).all()
        return {pid: marked for pid, marked in rows}
    stmt = text(
        "SELECT rowid, highlight(passage_fts, 0, :start, :end) FROM passage_fts "
        # One walk of the matches between the page's first and last keys, as the page
        # took; `+rowid` keeps the IN from becoming one `rowid = ?` probe per key, each
        # of which set the whole query up again (0.1-0.6 ms a passage at 1M passages).
        "WHERE passage_fts MATCH :fts_query AND rowid BETWEEN :first AND :last "
        "AND +rowid IN :keys"
    ).bindparams(bindparam("keys", expanding=True))
    keys = [search_key(day, passage_id) for passage_id, day in passages]
    values = {"start": MARK_START, "end": MARK_END, "fts_query": fts5_query(terms)}
    rows = session.execute(
        stmt, {**values, "first": min(keys), "last": max(keys), "keys": keys}
    ).all()
    return {key & ID_MASK: marked for key, marked in rows}

"""Full-text search over passage text: one filter, two dialects.

SQLite: the FTS5 table `passage_fts` (external content over passage.text, porter
stemming). PostgreSQL: `to_tsvector('english', text)`, the expression of the GIN
index `ix_passage_fts` (written identically here so the planner uses the index).
Both made by migration 9d964f86a887. User text reaches neither parser unquoted: the
query is rendered from parsed SearchTerms.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, bindparam, func, literal_column, select, text
from sqlmodel import Session, col

from app.models import Passage
from app.query.filters import SearchTerms

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


def matching_passage_ids(dialect: str) -> Any:
    """A subquery of the ids of passages matching the search in the bound parameter
    `fts_query` (see search_parameter), for `passage_id IN (…)`."""
    if dialect == "postgresql":
        vector = func.to_tsvector(_ENGLISH, col(Passage.text))
        query = func.websearch_to_tsquery(_ENGLISH, bindparam("fts_query"))
        return select(col(Passage.id)).where(vector.op("@@")(query))
    match: ColumnElement[Any] = text("passage_fts MATCH :fts_query")  # type: ignore[assignment]
    return select(literal_column("rowid")).select_from(text("passage_fts")).where(match)


def search_parameter(dialect: str, terms: SearchTerms) -> str:
    """The value of `fts_query` for matching_passage_ids: `terms` in the dialect's syntax."""
    return websearch_query(terms) if dialect == "postgresql" else fts5_query(terms)


def highlights(session: Session, terms: SearchTerms, ids: list[int]) -> dict[int, str]:
    """Each passage's whole text with its matches between MARK_START and MARK_END."""
    if not ids:
        return {}
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
        "WHERE passage_fts MATCH :fts_query AND rowid IN :ids"
    ).bindparams(bindparam("ids", expanding=True))
    rows = session.execute(
        stmt, {"start": MARK_START, "end": MARK_END, "fts_query": fts5_query(terms), "ids": ids}
    ).all()
    return {pid: marked for pid, marked in rows}

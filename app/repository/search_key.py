"""The search key of a passage: the rowid of SQLite's full-text index, passage_fts.

YYYYMMDD << 32 | id: ordered as (date, id), the timeline's order, so "newest first" is
"rowid descending" and a date range or a page's cursor is a range of rowids (migration
b7d2e5a9c4f1). Apart from app/repository/search.py so that the writer, which adds
passages to the index, imports nothing of the query layer.
"""

from __future__ import annotations

import datetime as dt

# The same expression text as the index ix_passage_fts_key and the view
# passage_fts_content, so that SQLite looks keys up by that index.
SEARCH_KEY_SQL = "((CAST(replace(date, '-', '') AS INTEGER) << 32) | id)"
_ID_BITS = 32
ID_MASK = (1 << _ID_BITS) - 1


def search_key(day: dt.date, passage_id: int) -> int:
    """SEARCH_KEY_SQL of a passage, in Python."""
    return ((day.year * 10_000 + day.month * 100 + day.day) << _ID_BITS) | passage_id


def last_key_of(day: dt.date) -> int:
    """The greatest search key a passage of `day` can have."""
    return search_key(day, ID_MASK)

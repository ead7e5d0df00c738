"""The cleaning stage's shortcuts give what the plain forms give."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from app.pipeline import dates, inline


def _parse_date_text_plain(text: str) -> dt.date | None:
    """parse_date_text without its year pre-check."""
    for pattern in (dates._ISO, dates._MDY, dates._DMY, dates._SLASH_DMY):
        m = pattern.search(text)
        if m:
            day = dates._from_match(m)
            if day:
                return day
    return None


_DATE_PIECES = st.sampled_from(
    [
        *("2026", "1999", "2026-02-04", "2026-2-4", "4/2/2026", "04/02/1999", "12/31/20"),
        *("Feb", "feb.", "February", "Sept", "4", "04", "31st", "4th", ",", " ", "  ", "\t"),
        *("on", "KYIV,", "(Reuters)", "-", "/", "19", "20", "2o26", "١٩٩٩", "x"),
    ]
)


@given(st.lists(_DATE_PIECES, max_size=12).map("".join))
def test_parse_date_text_year_precheck(text: str) -> None:
    assert dates.parse_date_text(text) == _parse_date_text_plain(text)


@given(st.lists(_DATE_PIECES, max_size=12).map(" ".join))
def test_parse_date_text_year_precheck_spaced(text: str) -> None:
    assert dates.parse_date_text(text) == _parse_date_text_plain(text)


@given(st.text(alphabet=st.sampled_from("ab *’\u00ad\u200b\u200d\u2060\u2064\ufeff\u200a")))
def test_strip_invisible_skips_the_regex_only_when_it_would_change_nothing(text: str) -> None:
    assert inline.strip_invisible(text) == inline._INVISIBLE.sub("", text)

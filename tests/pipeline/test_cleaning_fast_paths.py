"""The cleaning stage's shortcuts give what the plain forms give."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from app.pipeline import clean, dates, inline


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


_RULE_PIECES = st.sampled_from(
    [
        *("we use cookies", "cookie settings", "accept", "personal data", "process", "partners"),
        *("we and our partners", "privacy policy", "the views expressed", "solely", "author"),
        *("click here", "see the pdf", "methodology", "for more information on isw's"),
        *("share", "read more", "newsletter", "sign up", "photo:", "reuters/", "from", "more"),
        *("russian main effort - push", "mission is", "the institute's", "classified", "report"),
        *("troops", "advanced", "near", "the", "city", "of", "and", ".", ",", "said"),
    ]
)


@given(st.lists(_RULE_PIECES, min_size=1, max_size=200).map(" ".join))
def test_long_line_gate_is_the_line_gate_with_only_long_line_rules(low: str) -> None:
    words = set(low.split())
    scope = clean._LINE_GATE.scope(words)
    long_scope = clean._LONG_LINE_GATE.scope(scope)
    expected = clean._LINE_GATE.matches(low, words, None, clean._LONG_LINE_OK)
    got = clean._LONG_LINE_GATE.matches(low, words, long_scope) if words & long_scope else []
    assert got == expected


def _ends_sentence_plain(text: str) -> bool:
    """ends_sentence as first written."""
    tail = text.rstrip()
    if tail.endswith(('"', "”")):
        return True
    tail = tail.rstrip("'\"”’)] \t")
    return bool(tail) and tail[-1] in ".!?:;"


_ENDINGS = st.sampled_from([*".!?:;", *"'\"”’)] \t", "a", "1", "…", "", "\n"])


@given(st.lists(_ENDINGS, max_size=6).map("".join))
def test_sentence_end_shortcut(text: str) -> None:
    """analyse_lines takes a last character of _SENTENCE_END as ends_sentence's answer."""
    assert clean.ends_sentence(text) == _ends_sentence_plain(text)
    if text[-1:] in clean._SENTENCE_END:
        assert clean.ends_sentence(text)


def _ends_with_digit_plain(text: str) -> bool:
    """_ends_with_digit as first written, for any text."""
    tail = text.rstrip()
    if tail.endswith("."):
        tail = tail[:-1]
    return tail[-1:].isdigit()


_TAILS = st.sampled_from([*"0123456789.a ", "٣", "²", ". ", " .", "2026", "x"])


@given(st.lists(_TAILS, max_size=6).map("".join))
def test_ends_with_digit_on_stripped_text(text: str) -> None:
    """line_reason's texts are stripped: _ends_with_digit skips rstrip()."""
    text = text.strip()
    assert clean._ends_with_digit(text) == _ends_with_digit_plain(text)


_ENDS = st.sampled_from([*"By/]….a ", "By ", "...", "[AP/Reuters]", "x/AP", "b"])


@given(st.lists(_ENDS, min_size=1, max_size=8).map("".join))
def test_line_reason_literal_tests_are_the_str_methods(text: str) -> None:
    """line_reason tests the ends of its (non-empty) text by slices and `in`."""
    assert (text[:3] == "By ") == text.startswith("By ")
    assert (text[-1] == "]") == text.endswith("]")
    start = max(0, len(text) - 60)
    assert (text.find("/", start) if "/" in text else -1) == text.find("/", start)
    assert (text[-1] == "…" or text[-3:] == "...") == text.endswith(("...", "…"))
    assert (text[-1:] != ".") == (not text.endswith("."))  # passages.kind_of


def _line_reason_plain(line: clean.Line, title_norm: str) -> str | None:
    """line_reason with str methods on the ends of the text (before its literal tests),
    no gate scope."""
    text = line.text
    if not text:
        return "markup only"
    if not text[0].isalpha() and not clean._HAS_LETTER.search(text):
        return "no words"
    n_words = line.n_words
    if n_words <= 12 and clean._URLISH.search(text):
        return "link list"
    if n_words <= 60 and "jan" in line.low and clean._is_calendar(text):
        return "calendar strip"
    if text.startswith("By ") and clean._BYLINE.match(text):
        return "byline"
    if text.count("::") >= 2 or text.count(" > ") >= 2 or text.count(" | ") >= 3:
        return "navigation"
    low = line.low
    if low.count("learn more") >= 2 or low.count("read more") >= 2:
        return "link list"
    if text.endswith("]") and clean._BRACKET_CREDIT.search(text):
        return "image caption"
    slash = text.find("/", max(0, len(text) - 60))
    if slash >= 0 and clean._AGENCY_CREDIT.search(text, clean._start_of_last_words(text, slash, 3)):
        return "image caption"
    if (
        n_words <= 45
        and _ends_with_digit_plain(text)
        and clean._CAPTION_DATE_END.search(text)
        and (clean._CAPTION_VERB.search(text) or (n_words <= 12 and not line.ends))
    ):
        return "image caption"
    separated = " & " in text or text.count("•") >= 2 or text.count("·") >= 2
    if (
        separated
        and n_words <= 14
        and not clean.ends_sentence(text)
        and clean.is_title_case(text.replace("&", "and"))
    ):
        return "topic tags"
    gate = clean._LINE_GATE if n_words <= 60 else clean._LONG_LINE_GATE
    for reason in gate.matches(line.low, line.words):
        return reason
    if n_words <= 60 and text.rstrip().endswith(("...", "…")):
        return "teaser"
    if title_norm and len(title_norm) > 15:
        tn = clean._norm(text)
        if tn == title_norm or (tn.startswith(title_norm) and n_words <= 40):
            return "title repeated"
    if n_words <= 30 and clean._NAMES_ONLY.match(text):
        return "byline"
    return None


_LINE_PIECES = st.sampled_from(
    [
        *("By", "John", "Smith", "and", "Jane", "Doe", "Reuters", "AP", "/", "Name/AP", "[", "]"),
        *("[File: Reuters]", "[Ann Lee/AFP]", "...", "…", ".", "so..", "Jan", "5,", "2026"),
        *("is", "pictured", "walks", "share", "read more", "Kyiv", "The", "war", "&", "•", "·"),
        *("Troops", "advanced", "near", "the", "city", "said", "::", ">", "|", "https://x.com"),
        *("Russian", "forces", "attack", "Ukraine", "cookies", "we use cookies", "newsletter"),
        *("Feb 5", "Jane Doe/AP photo"),
    ]
)
_TITLE = "Russian forces attack Ukraine near the city"


@given(st.lists(_LINE_PIECES, min_size=1, max_size=20).map(" ".join))
def test_line_reason_is_its_plain_form(raw: str) -> None:
    """line_reason's literal tests, memchr pre-tests and gate scope change no verdict."""
    title_norm = clean._norm(_TITLE)
    (line,) = clean.analyse_lines([(1, raw)], _TITLE)
    if line.low:  # not dropped from the raw line (an empty link, a footnote dump)
        line.reason = None
        scope = clean._LINE_GATE.scope(line.words)
        long_scope = clean._LONG_LINE_GATE.scope(scope)
        got = clean.line_reason(line, title_norm, scope, long_scope)
        assert got == _line_reason_plain(line, title_norm)

"""Boilerplate detection: which body lines are not the article.

Two passes. Line rules look at one line (share widgets, cookie notices, captions,
bylines…). Context rules look at the sequence of lines the line rules kept: runs of
headline-like lines are teaser lists, a headline next to an empty link is a teaser,
and everything after a wire service's sign-off ("Reporting by…") is page furniture.
Context rules only look at kept lines, so cleaning the kept text again is a no-op.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from app.pipeline.boilerplate_rules import LINE_RULES
from app.pipeline.gate import GatedPatterns
from app.pipeline.inline import is_bold_only, is_heading_marker, strip_block, strip_inline_markup

_I = re.IGNORECASE

_LINE_GATE: GatedPatterns[str] = GatedPatterns([(a, p, r) for a, p, r in LINE_RULES])
# A long line can only be a long-line rule's (a rule about page chrome never eats a
# paragraph that mentions it): their own gate, whose anchoring words most long lines
# lack, skips them without a call.
_LONG_LINE_OK = frozenset({"cookie notice", "publisher note"})
_LONG_LINE_GATE: GatedPatterns[str] = GatedPatterns(
    [(a, p, r) for a, p, r in LINE_RULES if r in _LONG_LINE_OK]
)
_BYLINE = re.compile(
    r"^By [A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3}(?:,? (?:and|&) [A-Z][\w.'’-]+.*)?"
    r"(?:, (?:an? |the )?[\w -]{0,40}\b(?:at|for|of) [^.]{0,60}\.?)?$"
)
_HAS_LETTER = re.compile(r"[^\W\d_]")
# "[Name Surname/Agency]" or "[File: …]" at the end of a line: a photo credit.
_BRACKET_CREDIT = re.compile(r"\[(?:[^\[\]]{2,80}/[^\[\]]{2,80}|file:[^\[\]]{0,120})\]$", re.I)
# "… Name Surname/AP" (and "hide caption" after it): a photo credit at the end of a caption.
_AGENCY_CREDIT = re.compile(
    r"\b[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,2}/"
    r"(?:AP|AFP|Reuters|REUTERS|Getty Images|EPA|Bloomberg|"
    r"Anadolu|Sipa|Pool|NurPhoto|Ukrinform|TASS|Sputnik)\b(?:[^.]{0,40})$"
)
# Captions describe a photo in the present tense and end with the day it was taken.
_MON3 = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
_CAPTION_DATE_END = re.compile(
    rf"(?:\b{_MON3}\.? ?\d{{1,2}},? \d{{4}}|"
    rf"\b\d{{1,2}}(?:st|nd|rd|th)? {_MON3} \d{{4}}|"
    rf"\bon {_MON3}\.? ?\d{{1,2}})\.?\s*$",
    re.I,
)
_CAPTION_VERB = re.compile(
    r"\b(?:is|are) (?:pictured|seen)\b|\b(?:attends|speaks|walks|stands|looks on|gestures|holds|"
    r"arrives|meets|visits|waits|wait|queue|rides|carries|cleans|inspects|poses|sits|pays|lays|"
    r"stand|walk|hold|work|works|rest|rests|clear|clears|remove|removes|carry|participate|"
    r"participates|take part|takes part|shake hands|shakes hands|pose)\b"
)
_TRUNCATED = re.compile(r"(?:\.\.\.|…)\s*$")

_EMPTY_LINK_LINE = re.compile(
    r"^\s*(?:[*+\-]\s+)?(?:\[\]\((?:[^()<>\s]|<[^>]*>|\([^()]*\))*\)\s*)+$"
)
_FOOTNOTE_DUMP = re.compile(r"^\s*(?:\[\[[^\]]{1,20}\]\]\(|\[\^?[\w-]{1,12}\]:|\^\d+\s)")
_URLISH = re.compile(r"https?://|www\.|\bdot (?:com|ru|media|ua)\b|t\.me/")
_MONTH_TOKEN = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|okt|oct|nov|dec)\b", _I)
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_CLOSERS = "'\"”’)] \t"
_SENTENCE_END = frozenset(".!?:;")  # a last character that ends a sentence


def ends_sentence(text: str) -> bool:
    """Does the text end like a sentence (., !, ?, :, ; or a closing quote)?"""
    tail = text.rstrip()
    if tail.endswith(('"', "”")):
        return True
    tail = tail.rstrip(_CLOSERS)
    return tail[-1:] in _SENTENCE_END


_END_MARKER = re.compile(
    r"^(?:reporting by|writing by|editing by|our standards:|related (?:articles|stories|coverage)"
    r"|more (?:stories|from)|most read|recommended)",
    _I,
)
_NAMES_ONLY = re.compile(
    r"^[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3}(?:, [A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3})*"
    r",? (?:and|&) [A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3}$"
)
_STOP_LOWER = frozenset(
    [
        *("a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on"),
        *("or", "the", "to", "with", "vs", "via", "amid", "over", "after"),
    ]
)


@dataclass(frozen=True, slots=True)
class LineVerdict:
    dropped: bool
    reason: str | None
    plain: str


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def is_headline_like(text: str) -> bool:
    """Short text without sentence-final punctuation: a teaser title, a menu entry."""
    if not text or ends_sentence(text):
        return False
    return 2 <= len(text.split()) <= 30


def is_title_case(text: str) -> bool:
    """Every significant word capitalised: a menu entry, a site section, a headline."""
    ws = [w for w in words(text) if w.lower() not in _STOP_LOWER]
    if len(ws) < 2:
        return False
    caps = sum(1 for w in ws if w[0].isupper())
    return caps / len(ws) >= 0.9


def is_content_paragraph(text: str) -> bool:
    return len(text.split()) >= 12 and ends_sentence(text)


def _norm(text: str) -> str:
    return " ".join(words(text.lower()))


@dataclass(slots=True)
class Line:
    """One non-empty body line as the cleaner sees it."""

    n: int
    raw: str
    text: str  # plain text
    low: str  # plain text, lowercased
    words: set[str]  # set(low.split()), shared with the theme engine
    n_words: int = 0  # len(low.split())
    reason: str | None = None  # why it is boilerplate; None while it is content
    ends: bool = False  # ends like a sentence


def _ends_with_digit(text: str) -> bool:
    """Does the text (stripped) end in a digit, then an optional "." (as
    _CAPTION_DATE_END)?"""
    last = text[-1:]
    return last.isdigit() or (last == "." and text[-2:-1].isdigit())


def _maybe_url(text: str) -> bool:
    """A literal each branch of _URLISH needs: without one, it cannot match."""
    return "://" in text or "www." in text or "dot " in text or "t.me/" in text


def _start_of_last_words(text: str, end: int, n: int) -> int:
    """Where the last `n` words before `end` start in a normalized text (single
    spaces). A regex that must end at the text's end and can hold at most n - 1
    spaces before `end` cannot start earlier: searching from there (`search(text,
    pos)` still sees the text before pos for \\b) skips trying every position."""
    start = end
    for _ in range(n):
        start = text.rfind(" ", 0, start)
        if start < 0:
            return 0
    return start + 1


def _is_calendar(text: str) -> bool:
    return ("Jan" in text or "JAN" in text or "jan" in text) and len(
        _MONTH_TOKEN.findall(text)
    ) >= 6


def line_reason(
    line: Line,
    title_norm: str,
    scope: set[str] | None = None,
    long_scope: set[str] | None = None,
) -> str | None:
    """Why a single line is boilerplate, from the line alone; None if it may be content.

    `line.text` is stripped (analyse_lines joins its words with single spaces).
    `scope`, `long_scope`: `_LINE_GATE.scope()` and `_LONG_LINE_GATE.scope()` of the
    article's words (see gate.py), if known."""
    text = line.text
    # (Empty-link and footnote lines were dropped by analyse_lines already.)
    if not text:
        return "markup only"
    # A letter first (most lines) is a match of _HAS_LETTER: [^\W\d_] is exactly
    # what str.isalpha() accepts, plus non-decimal digits ("²").
    if not text[0].isalpha() and not _HAS_LETTER.search(text):
        return "no words"
    n_words = line.n_words
    if n_words <= 12 and _maybe_url(text) and _URLISH.search(text):
        return "link list"
    # "j" (one memchr) is a cheap first test for "jan" (a substring search).
    if n_words <= 60 and "j" in line.low and "jan" in line.low and _is_calendar(text):
        return "calendar strip"
    # Literal tests on the ends of the text, not str methods: startswith(), endswith()
    # and find() parse their arguments (~1k instructions a call, on every line).
    if text[:3] == "By " and _BYLINE.match(text):
        return "byline"
    # Each separator's rare character (one memchr) before counting the separator
    # (a count scans the whole line; so does a failed search for "::").
    if (
        (":" in text and text.count("::") >= 2)
        or (">" in text and text.count(" > ") >= 2)
        or ("|" in text and text.count(" | ") >= 3)
    ):
        return "navigation"
    low = line.low
    if "more" in low and (low.count("learn more") >= 2 or low.count("read more") >= 2):
        return "link list"
    if text[-1] == "]" and _BRACKET_CREDIT.search(text):
        return "image caption"
    # The credit's "/" is at most ~53 characters from the end (see _AGENCY_CREDIT).
    slash = text.find("/", max(0, len(text) - 60)) if "/" in text else -1
    if slash >= 0 and _AGENCY_CREDIT.search(text, _start_of_last_words(text, slash, 3)):
        return "image caption"
    if (
        n_words <= 45
        and _ends_with_digit(text)  # cheap test first: _CAPTION_DATE_END ends so
        and _CAPTION_DATE_END.search(text, _start_of_last_words(text, len(text), 3))
        and (_CAPTION_VERB.search(text) or (n_words <= 12 and not line.ends))
    ):
        return "image caption"
    separated = (
        ("&" in text and " & " in text)
        or ("•" in text and text.count("•") >= 2)
        or ("·" in text and text.count("·") >= 2)
    )
    if (
        separated
        and n_words <= 14
        and not ends_sentence(text)
        and is_title_case(text.replace("&", "and"))
    ):
        return "topic tags"
    gate, gate_scope = (_LINE_GATE, scope) if n_words <= 60 else (_LONG_LINE_GATE, long_scope)
    # Every rule has an anchor: a line without any of the article's anchoring words
    # (`scope`; a third of the lines) cannot match one, and skips the gate's call.
    if gate_scope is None or not gate_scope.isdisjoint(line.words):
        for reason in gate.matches(line.low, line.words, gate_scope):
            return reason
    if n_words <= 60 and (text[-1] == "…" or text[-3:] == "..."):
        return "teaser"
    if title_norm and len(title_norm) > 15 and line.low[:1] == title_norm[:1]:
        head = _norm(text[:12])
        if head and head == title_norm[: len(head)]:
            tn = _norm(text)
            if tn == title_norm or (tn.startswith(title_norm) and n_words <= 40):
                return "title repeated"
    # _NAMES_ONLY needs " and " or " & " (its ",? (?:and|&) ").
    if n_words <= 30 and (" and " in text or " & " in text) and _NAMES_ONLY.match(text):
        return "byline"
    return None


def analyse_lines(lines: list[tuple[int, str]], title: str | None = None) -> list[Line]:
    """Every numbered body line with its plain text and, if boilerplate, the reason."""
    title_norm = _norm(title) if title else ""
    out: list[Line] = []
    for n, raw in lines:
        # Link and footnote dumps are known from the raw line: skip the rest. Both
        # need a "[" or "^", which most lines (prose) lack.
        if "[" in raw or "^" in raw:
            reason = (
                "empty link"
                if _EMPTY_LINK_LINE.match(raw)
                else "footnote / link dump"
                if _FOOTNOTE_DUMP.match(raw)
                else None
            )
            if reason:
                out.append(Line(n, raw, raw.strip(), "", set(), 0, reason))
                continue
        # plain(raw), whose last step (single spaces) is checked on the tokens:
        # cheaper than inline._is_normalized. Lowercasing keeps each whitespace
        # character and makes none, so `low` has single spaces iff `text` has.
        text = strip_inline_markup(strip_block(raw))
        low = text.lower()
        tokens = low.split()
        if " ".join(tokens) != low:  # a few lines: tabs, double spaces…
            text = " ".join(text.split())
            low = text.lower()
            tokens = low.split()
        # ends_sentence(text), its answer for most lines first (text is stripped)
        ends = text[-1:] in _SENTENCE_END or ends_sentence(text)
        out.append(Line(n, raw, text, low, set(tokens), len(tokens), None, ends))
    # The gate's word lookups, once per article (see GatedPatterns.scope).
    scope = _LINE_GATE.scope(set().union(*[line.words for line in out]))
    # A word that satisfies a long-line rule's anchor satisfies it in _LINE_GATE too:
    # `scope` holds every such word of the article.
    long_scope = _LONG_LINE_GATE.scope(scope)
    for line in out:
        if line.reason is None:
            line.reason = line_reason(line, title_norm, scope, long_scope)
    _context_pass(out)
    return out


def _is_headline(line: Line) -> bool:
    """Headline-like: a teaser title, a menu entry (a heading or bold line is not)."""
    return (
        2 <= line.n_words <= 30
        and (not line.ends or (line.text.endswith("?") and is_title_case(line.text)))
        and not is_bold_only(line.raw)
        and not is_heading_marker(line.raw)
    )


def _context_pass(lines: list[Line]) -> None:
    """Rules that look at the sequence of lines the line rules kept."""
    kept_idx = [i for i, line in enumerate(lines) if line.reason is None]
    reasons: dict[int, str] = {}
    headline = {i for i in kept_idx if _is_headline(lines[i])}
    # 1. runs of three or more headline-like lines: teaser lists and menus.
    run: list[int] = []
    for i in [*kept_idx, -1]:
        if i in headline:
            run.append(i)
            continue
        if len(run) >= 3:
            for j in run:
                reasons[j] = "teaser list"
        run = []
    # 2. a headline next to an empty-link line is a teaser card.
    last = len(lines) - 1
    for i in headline:
        if i in reasons:
            continue
        if (i > 0 and lines[i - 1].reason == "empty link") or (
            i < last and lines[i + 1].reason == "empty link"
        ):
            reasons[i] = "teaser"
    # 3. title-case lines before the first paragraph or after the last: menus, footers.
    paragraph = [k for k, i in enumerate(kept_idx) if lines[i].ends and lines[i].n_words >= 12]
    if paragraph:
        first_para, last_para = paragraph[0], paragraph[-1]
        for i in kept_idx[:first_para] + kept_idx[last_para + 1 :]:
            if i not in reasons and i in headline and is_title_case(lines[i].text):
                reasons[i] = "navigation"
        # 4. everything after a wire sign-off ("Reporting by…", "Our Standards").
        cut = next(
            (
                i
                for i in range(kept_idx[first_para] + 1, len(lines))
                if lines[i].reason in ("byline", "page chrome") and _END_MARKER.match(lines[i].text)
            ),
            None,
        )
        if cut is not None:
            for i in kept_idx:
                if i > cut and i not in reasons:
                    reasons[i] = "after end of article"
    for i, why in reasons.items():
        lines[i].reason = why


def clean_lines(
    lines: list[tuple[int, str]], title: str | None = None
) -> tuple[list[tuple[int, str, str]], list[tuple[int, str, str]]]:
    """Split numbered body lines into kept (n, raw, plain) and dropped (n, raw, reason)."""
    analysed = analyse_lines(lines, title)
    kept = [(v.n, v.raw, v.text) for v in analysed if v.reason is None]
    dropped = [(v.n, v.raw, v.reason) for v in analysed if v.reason is not None]
    return kept, dropped

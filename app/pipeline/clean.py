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

from app.pipeline.inline import is_bold_only, is_heading_marker, is_list_item, plain

_I = re.IGNORECASE


def _rx(*parts: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in parts), _I)


# (reason, pattern on the plain text). Ordered: the first reason that fits is kept.
LINE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "cookie notice",
        _rx(
            r"\bcookies?\b.{0,80}\b(?:polic|consent|accept|preferences|settings|use)",
            r"\b(?:accept|reject|manage)\b.{0,20}\bcookies\b",
            r"\bwe and our partners\b",
            r"\bpersonal data\b.{0,60}\b(?:allows|process)",
            r"\bprivacy settings\b",
            r"^store and/or access information on a device",
        ),
    ),
    (
        "share widget",
        _rx(
            r"^(?:share|share this|share on \w+|tweet|email|print|copy link|copied)\b.{0,60}$",
            r"\b(?:facebook|twitter|whatsapp|linkedin|telegram|reddit)\b.{0,40}\bshare\b",
            r"\bshare (?:news )?on (?:facebook|twitter|x|whatsapp|linkedin|telegram)\b",
            r"!(?:email|url-copy)\b",
            r"^make a text selection",
            r"\bTIPx",
        ),
    ),
    (
        "sign-up prompt",
        _rx(
            r"\bnewsletter\b.{0,120}\b(?:sign up|subscribe|inbox|essential guide)",
            r"\b(?:sign up|subscribe)\b.{0,40}\b(?:here|now|today|newsletter|free|updates)\b",
            r"\bget instant alerts\b",
            r"\bbe the first to know\b",
            r"^(?:notification|download (?:the|our) app)",
            r"\bstream\b.{0,60}\bper month|a month without a contract",
            r"\bget closer to the action\b",
            r"\bbrings you more of the latest\b",
        ),
    ),
    (
        "page chrome",
        _rx(
            r"\bskip to (?:main )?content\b",
            r"^scroll carousel",
            r"your browser does not support",
            r"an (?:unhandled )?(?:error|exception) has occurred",
            r"^reload\b",
            r"^please make sure all the provided information",
            r"the content you requested does not exist",
            r"this live ?blog is no longer being updated",
            r"^(?:reading now|next up|read more|see more|show more|load more|advertisement|"
            r"more from|most read|recommended|related(?: articles| stories| content)?|"
            r"trending|top stories|latest news|watch live|listen)\b.{0,100}$",
            r"^an official (?:website|\w+ website) of\b",
            r"official .{0,40}website addresses are in the",
            r"^(?:exclusive news, data and analytics|our standards:|opens new tab$)",
            r"\bjoin the tracks and complete\b",
            r"^(?:home|menu|search|log ?in|sign in|subscribe|donate|contact us)$",
            r"^(?:\W*\d+\s*(?:min(?:ute)?s?|hours?|hrs?)\s+ago\b)",
            r"\bcategory\b ?· .{0,40}\b(?:ago|utc)\b",
            r"^\w*category[A-Z]",
            r"^issued on:?\s*\d",
            r"^(?:updated|published|modified|last updated)\s*:?\s*\d",
        ),
    ),
    (
        "publisher note",
        _rx(
            r"^click\s*here\b",
            r"\bfor more information on \w+'?s? (?:map )?methodology\b",
            r"\bdoes not receive any classified material\b",
            r"\bwe do not report in detail on\b",
            r"^(?:russian )?(?:subordinate )?main effort(?: #\d)? [–-] (?:push|capture|eastern)",
            r"^russian (?:subordinate )?main effort\b.{0,60}\((?:comprised|objective)?",
        ),
    ),
    (
        "byline",
        _rx(
            r"^by [A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3}(?:,? (?:and|&) [A-Z][\w.'’-]+.*)?$",
            r"^(?:reporting|writing|editing|additional reporting) by\b",
            r"^posted (?:on )?\w+,? .{0,30}\d{4} by\b",
            r"\bis (?:a|an|the) (?:\w+ ){0,3}(?:editor|reporter|correspondent|writer|"
            r"journalist|producer|columnist)\b(?: at| for| of)\b.{0,120}$",
        ),
    ),
    (
        "image caption",
        _rx(
            r"^item \d+ of \d+\b",
            r"^\[?\d+/\d+\]?\s",
            r"\b(?:getty images|reuters/|afp(?: via getty)?|ap photo|photo:|\(photo|"
            r"photograph:|image:|file photo|\[file:|credit:)",
            r"—\s*[\w ]*(?:images|photo|pool)\s*$",
        ),
    ),
    ("teaser", _rx(r"^list \d+ of \d+", r"(?:\.\.\.|…)\s*$")),
)

_EMPTY_LINK_LINE = re.compile(
    r"^\s*(?:[*+\-]\s+)?(?:\[\]\((?:[^()<>\s]|<[^>]*>|\([^()]*\))*\)\s*)+$"
)
_FOOTNOTE_DUMP = re.compile(r"^\s*(?:\[\[[^\]]{1,20}\]\]\(|\[\^?[\w-]{1,12}\]:|\^\d+\s)")
_URLISH = re.compile(r"https?://|www\.|\bdot (?:com|ru|media|ua)\b|t\.me/")
_MONTH_TOKEN = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|okt|oct|nov|dec)\b", _I)
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_TERMINAL = re.compile(r"[.!?:;]['\"”’)\]]*\s*$|[\"”]\s*$")
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
    "a an and as at by for from in into of on or the to with vs via amid over after".split()
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
    if not text or _TERMINAL.search(text):
        return False
    n = len(words(text))
    return 2 <= n <= 30


def is_title_case(text: str) -> bool:
    ws = words(text)
    if len(ws) < 3:
        return False
    caps = sum(1 for w in ws if w[0].isupper() or w.lower() in _STOP_LOWER)
    return caps / len(ws) >= 0.85


def is_content_paragraph(text: str) -> bool:
    return len(words(text)) >= 12 and bool(_TERMINAL.search(text))


def _norm(text: str) -> str:
    return " ".join(words(text.lower()))


def line_reason(raw: str, text: str, title_norm: str) -> str | None:
    """Why a single line is boilerplate, from the line alone; None if it may be content."""
    if _EMPTY_LINK_LINE.match(raw):
        return "empty link"
    if _FOOTNOTE_DUMP.match(raw):
        return "footnote / link dump"
    if not text:
        return "markup only"
    n_words = len(words(text))
    if n_words == 0:
        return "no words"
    if _URLISH.search(text) and n_words <= 12:
        return "link list"
    if len(_MONTH_TOKEN.findall(text)) >= 6:
        return "calendar strip"
    for reason, pattern in LINE_RULES:
        if pattern.search(text):
            # A rule about chrome must not eat a real paragraph that mentions it.
            if n_words > 60 and reason not in ("cookie notice", "publisher note"):
                continue
            return reason
    if title_norm and len(title_norm) > 15:
        tn = _norm(text)
        if tn == title_norm or (tn.startswith(title_norm) and n_words <= 40):
            return "title repeated"
    if _NAMES_ONLY.match(text):
        return "byline"
    return None


def clean_lines(
    lines: list[tuple[int, str]], title: str | None = None
) -> tuple[list[tuple[int, str, str]], list[tuple[int, str, str]]]:
    """Split numbered body lines into kept (n, raw, plain) and dropped (n, raw, reason)."""
    title_norm = _norm(title) if title else ""
    verdicts: list[tuple[int, str, str, str | None]] = []
    for n, raw in lines:
        text = plain(raw)
        verdicts.append((n, raw, text, line_reason(raw, text, title_norm)))

    # Context pass over the lines the line rules kept.
    kept_idx = [i for i, v in enumerate(verdicts) if v[3] is None]
    reasons: dict[int, str] = {}
    headline = {
        i: (
            is_headline_like(verdicts[i][2])
            and not is_bold_only(verdicts[i][1])
            and not is_heading_marker(verdicts[i][1])
        )
        for i in kept_idx
    }
    # 1. runs of three or more headline-like lines: teaser lists and menus.
    run: list[int] = []
    for i in [*kept_idx, -1]:
        if i >= 0 and headline[i]:
            run.append(i)
            continue
        if len(run) >= 3:
            for j in run:
                reasons[j] = "teaser list"
        run = []
    # 2. a headline next to an empty-link line is a teaser card.
    for i in kept_idx:
        if i in reasons or not headline[i]:
            continue
        for j in (i - 1, i + 1):
            if 0 <= j < len(verdicts) and verdicts[j][3] == "empty link":
                reasons[i] = "teaser"
                break
    # 3. title-case lines before the first paragraph: menus and navigation.
    first_para = next(
        (k for k, i in enumerate(kept_idx) if is_content_paragraph(verdicts[i][2])), None
    )
    if first_para is not None:
        for i in kept_idx[:first_para]:
            if i not in reasons and headline[i] and is_title_case(verdicts[i][2]):
                reasons[i] = "navigation"
    # 4. everything after a wire sign-off in the last part of the page.
    cut = None
    for i, v in enumerate(verdicts):
        if v[3] == "byline" and _END_MARKER.match(v[2]) and i >= len(verdicts) * 0.5:
            cut = i
            break
        if v[3] == "page chrome" and _END_MARKER.match(v[2]) and i >= len(verdicts) * 0.6:
            cut = i
            break
    if cut is not None:
        for i in kept_idx:
            if i > cut and i not in reasons:
                reasons[i] = "after end of article"

    kept: list[tuple[int, str, str]] = []
    dropped: list[tuple[int, str, str]] = []
    for i, (n, raw, text, reason) in enumerate(verdicts):
        why = reason or reasons.get(i)
        if why:
            dropped.append((n, raw, why))
        else:
            kept.append((n, raw, text))
    return kept, dropped

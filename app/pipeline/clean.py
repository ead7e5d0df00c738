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

from app.pipeline.gate import GatedPatterns
from app.pipeline.inline import is_bold_only, is_heading_marker, is_list_item, plain

_I = re.IGNORECASE

# (anchor word, pattern on the lowercased plain text, reason). The anchor is a regex
# one word of the line must fullmatch (see gate.py); the pattern must then match.
# A rule about page chrome never eats a long paragraph that merely mentions it.
LINE_RULES: tuple[tuple[str, str | None, str], ...] = (
    # cookie notices
    (r"cookies?", r"\bcookies?\b.{0,80}\b(?:polic|consent|accept|preferences|settings|use)|\b(?:accept|reject|manage|consent to)\b.{0,40}\bcookies\b", "cookie notice"),
    (r"partners", r"\bwe and our partners\b", "cookie notice"),
    (r"personal", r"\bpersonal data\b.{0,60}\b(?:allows|process)", "cookie notice"),
    (r"privacy", r"\bprivacy (?:settings|policy)\b", "cookie notice"),
    (r"store", r"^store and/or access information on a device", "cookie notice"),
    # share widgets
    (r"share|tweet|email|print|copy|copied", r"^(?:share|share this|share on \w+|tweet|email|print|copy link|copied)\b.{0,60}$", "share widget"),
    (r"facebook|twitter|whatsapp|linkedin|telegram|reddit", r"\b(?:facebook|twitter|whatsapp|linkedin|telegram|reddit)\b.{0,40}\bshare\b|\bshare (?:news )?on (?:facebook|twitter|x|whatsapp|linkedin|telegram)\b", "share widget"),
    (r"!email|!url-copy|email|url-copy", r"!(?:email|url-copy)\b", "share widget"),
    (r"make|tipxmake", r"^(?:tipx)?make a text selection", "share widget"),
    # sign-up prompts and adverts
    (r"newsletter", r"\bnewsletter\b.{0,120}\b(?:sign up|subscribe|inbox|essential guide)", "sign-up prompt"),
    (r"sign|subscribe & here|now|today|newsletter|free|updates", r"\b(?:sign up|subscribe)\b.{0,40}\b(?:here|now|today|newsletter|free|updates)\b", "sign-up prompt"),
    (r"alerts|first|notification\S*|download", r"\bget instant alerts\b|\bbe the first to know\b|^notification|^download (?:the|our) app", "sign-up prompt"),
    (r"stream|month|closer|brings", r"\bstream\b.{0,60}\bper month|a month without a contract|\bget closer to the action\b|\bbrings you more of the latest\b", "sign-up prompt"),
    (r"join", r"^join us at\b|^join (?:the|our) .{0,40}\b(?:mailing list|newsletter)", "sign-up prompt"),
    (r"delivered|inbox|list|subscribers|subscription|subscribe", r"\bdelivered to (?:you|your inbox)\b|\bmailing list\b|\bavailable to subscribers\b|\bsubscribe to\b|\bsubscription\b.{0,40}\b(?:offer|plan|month)", "sign-up prompt"),
    (r"privacy|value", r"\bwe value your privacy\b|\bwe will not (?:rent|sell|share) your\b", "cookie notice"),
    (r"copyright|rights|©|modified|advertise|sitemap|site", r"^copyright\b|©\s*\d{4}|\ball rights reserved\b|^page last modified\b|\badvertise with us\b|\bsite ?map\b", "page chrome"),
    # page chrome
    (r"skip", r"\bskip to (?:main )?content\b", "page chrome"),
    (r"scroll", r"^scroll carousel", "page chrome"),
    (r"browser", r"your browser does not support", "page chrome"),
    (r"error|exception", r"an (?:unhandled )?(?:error|exception) has occurred", "page chrome"),
    (r"reload", r"^reload\b", "page chrome"),
    (r"please", r"^please make sure all the provided information", "page chrome"),
    (r"requested", r"the content you requested does not exist", "page chrome"),
    (r"liveblog|blog|live", r"this live ?blog is no longer being updated", "page chrome"),
    (r"reading|next|read|see|show|load|advertisement|more|most|recommended|related|trending|top|latest|watch|listen", r"^(?:reading now|next up|read more|see more|show more|load more|advertisement|more from|most read|recommended|related(?: articles| stories| content)?|trending|top stories|latest news|watch live|listen)\b.{0,100}$", "page chrome"),
    (r"official", r"^an official (?:website|\w+ website) of\b|official .{0,40}website addresses are in the", "page chrome"),
    (r"exclusive|standards|opens", r"^(?:exclusive news, data and analytics|our standards:|opens new tab$)", "page chrome"),
    (r"tracks", r"\bjoin the tracks and complete\b", "page chrome"),
    (r"home|menu|search|log|login|sign|subscribe|donate|contact", r"^(?:home|menu|search|log ?in|sign in|subscribe|donate|contact us)$", "page chrome"),
    (r"min|mins|minutes?|hours?|hrs?|hr", r"^(?:\W*\d+\s*(?:min(?:ute)?s?|hours?|hrs?)\s+ago\b)", "page chrome"),
    (r"ago|utc|\w*category\w*", r"\bcategory\b ?· .{0,40}\b(?:ago|utc)\b|^\w+category\w", "page chrome"),
    (r"issued|updated|published|modified", r"^(?:issued on|updated|published|modified|last updated)\s*:?\s*\d", "page chrome"),
    # publisher notes
    (r"click\w*", r"^click\s*here\b", "publisher note"),
    (r"methodology", r"\bfor more information on \w+'?s? (?:map )?methodology\b", "publisher note"),
    (r"classified", r"\bdoes not receive any classified material\b", "publisher note"),
    (r"report & detail", r"\bwe do not report in detail on\b", "publisher note"),
    # ISW's standing list of Russian objectives (the section headings are content).
    (r"effort", r"^russian (?:subordinate )?main effort(?: #\d)? [–-] (?:push|capture|cross|maintain|create|secure|eastern ukraine \(comprised)", "publisher note"),
    # bylines
    (r"reporting|writing|editing|additional", r"^(?:reporting|writing|editing|additional reporting) by\b", "byline"),
    (r"posted", r"^posted (?:on )?\w+,? .{0,30}\d{4} by\b", "byline"),
    (r"editor|reporter|correspondent|writer|journalist|producer|columnist", r"\bis (?:a|an|the) (?:\w+ ){0,3}(?:editor|reporter|correspondent|writer|journalist|producer|columnist)\b(?: at| for| of)\b.{0,120}$", "byline"),
    # image captions and credits
    (r"item", r"^item \d+ of \d+\b", "image caption"),
    (r"\[?\d+/\d+\]?", r"^\[?\d+/\d+\]?\s", "image caption"),
    (r"getty|reuters|afp|ap|photo|photograph|image|file|credit", r"\b(?:getty images|reuters/|afp(?: via getty)?|ap photo|photo:|\(photo|photograph:|image:|file photo|\[file:|credit:)", "image caption"),
    (r"images|photo|pool", r"—\s*[\w ]*(?:images|photo|pool)\s*$", "image caption"),
    # teasers
    (r"list", r"^list \d+ of \d+", "teaser"),
)
_LINE_GATE: GatedPatterns[str] = GatedPatterns([(a, p, r) for a, p, r in LINE_RULES])
_LONG_LINE_OK = frozenset({"cookie notice", "publisher note"})
_BYLINE = re.compile(r"^By [A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3}(?:,? (?:and|&) [A-Z][\w.'’-]+.*)?$")
_HAS_LETTER = re.compile(r"[^\W\d_]")
# "[Name Surname/Agency]" or "[File: …]" at the end of a line: a photo credit.
_BRACKET_CREDIT = re.compile(r"\[(?:[^\[\]]{2,80}/[^\[\]]{2,80}|file:[^\[\]]{0,120})\]$", re.I)
_TRUNCATED = re.compile(r"(?:\.\.\.|…)\s*$")

_EMPTY_LINK_LINE = re.compile(
    r"^\s*(?:[*+\-]\s+)?(?:\[\]\((?:[^()<>\s]|<[^>]*>|\([^()]*\))*\)\s*)+$"
)
_FOOTNOTE_DUMP = re.compile(r"^\s*(?:\[\[[^\]]{1,20}\]\]\(|\[\^?[\w-]{1,12}\]:|\^\d+\s)")
_URLISH = re.compile(r"https?://|www\.|\bdot (?:com|ru|media|ua)\b|t\.me/")
_MONTH_TOKEN = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|okt|oct|nov|dec)\b", _I)
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_CLOSERS = "'\"”’)] \t"


def ends_sentence(text: str) -> bool:
    """Does the text end like a sentence (., !, ?, :, ; or a closing quote)?"""
    tail = text.rstrip()
    if tail.endswith(('"', "”")):
        return True
    tail = tail.rstrip(_CLOSERS)
    return bool(tail) and tail[-1] in ".!?:;"
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
    reason: str | None = None  # why it is boilerplate; None while it is content


def _is_calendar(text: str) -> bool:
    return ("Jan" in text or "JAN" in text or "jan" in text) and len(
        _MONTH_TOKEN.findall(text)
    ) >= 6


def line_reason(line: Line, title_norm: str) -> str | None:
    """Why a single line is boilerplate, from the line alone; None if it may be content."""
    raw, text = line.raw, line.text
    if _EMPTY_LINK_LINE.match(raw):
        return "empty link"
    if _FOOTNOTE_DUMP.match(raw):
        return "footnote / link dump"
    if not text:
        return "markup only"
    if not _HAS_LETTER.search(text):
        return "no words"
    n_words = len(line.low.split()) if len(line.words) < 60 else 61
    if n_words <= 12 and _URLISH.search(text):
        return "link list"
    if n_words <= 60 and _is_calendar(text):
        return "calendar strip"
    if _BYLINE.match(text):
        return "byline"
    if text.count("::") >= 2 or text.count(" > ") >= 2 or text.count(" | ") >= 3:
        return "navigation"
    if text.endswith("]") and _BRACKET_CREDIT.search(text):
        return "image caption"
    for reason in _LINE_GATE.matches(line.low, line.words):
        if n_words <= 60 or reason in _LONG_LINE_OK:
            return reason
    if n_words <= 60 and text.rstrip().endswith(("...", "…")):
        return "teaser"
    if title_norm and len(title_norm) > 15:
        head = _norm(text[:12])
        if head and head == title_norm[: len(head)]:
            tn = _norm(text)
            if tn == title_norm or (tn.startswith(title_norm) and n_words <= 40):
                return "title repeated"
    if n_words <= 30 and _NAMES_ONLY.match(text):
        return "byline"
    return None


def analyse_lines(lines: list[tuple[int, str]], title: str | None = None) -> list[Line]:
    """Every numbered body line with its plain text and, if boilerplate, the reason."""
    title_norm = _norm(title) if title else ""
    out: list[Line] = []
    for n, raw in lines:
        text = plain(raw)
        low = text.lower()
        line = Line(n, raw, text, low, set(low.split()))
        line.reason = line_reason(line, title_norm)
        out.append(line)
    _context_pass(out)
    return out


def _context_pass(lines: list[Line]) -> None:
    """Rules that look at the sequence of lines the line rules kept."""
    kept_idx = [i for i, v in enumerate(lines) if v.reason is None]
    reasons: dict[int, str] = {}
    headline = {
        i: (
            is_headline_like(lines[i].text)
            and not is_bold_only(lines[i].raw)
            and not is_heading_marker(lines[i].raw)
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
            if 0 <= j < len(lines) and lines[j].reason == "empty link":
                reasons[i] = "teaser"
                break
    # 3. title-case lines before the first paragraph or after the last: menus, footers.
    paragraph = [k for k, i in enumerate(kept_idx) if is_content_paragraph(lines[i].text)]
    if paragraph:
        first_para, last_para = paragraph[0], paragraph[-1]
        for i in kept_idx[:first_para] + kept_idx[last_para + 1 :]:
            if i not in reasons and headline[i] and is_title_case(lines[i].text):
                reasons[i] = "navigation"
    # 4. everything after a wire sign-off ("Reporting by…", "Our Standards").
    if paragraph:
        first_para_line = kept_idx[paragraph[0]]
        cut = next(
            (
                i
                for i in range(first_para_line + 1, len(lines))
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

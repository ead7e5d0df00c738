"""Inline markdown → plain text, with precompiled regexes (no markdown parser:
a per-line markdown-it parse costs more than the whole rest of the pipeline)."""

from __future__ import annotations

import re

# Zero-width characters that scrapers leave inside words ("Rus\u200dsia").
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]")  # see _has_invisible
_URL_BODY = r"\((?:[^()<>\s]|<[^>]*>|\([^()]*\)|\s+\"[^\"]*\")*\)"
_IMAGE = re.compile(r"!\[[^\]]*\]" + _URL_BODY)
_FOOTNOTE = re.compile(r"\[\[[^\]]{0,20}\]\]" + _URL_BODY + r"|\[\^[^\]]{1,20}\]")
_LINK = re.compile(r"\[([^\[\]]*)\]" + _URL_BODY)
_REF_LINK = re.compile(r"\[([^\[\]]+)\]\[[^\]]*\]")
_AUTOLINK = re.compile(r"<(?:https?:|www\.)[^>\s]*>")
# Patterns that open with a lookbehind get no fast scan in `re` (it tries every
# position); consuming the first character and then looking behind it is the same
# test, and lets `re` skip ahead to the candidate characters.
_BARE_URL = re.compile(r"h(?<![\w/]h)ttps?://\S+")  # (?<![\w/])https?://\S+
_JOINED_BOLD = re.compile(r"\*{4,}|_{4,}")  # "**a****b**": two bold runs, a word break
_STRONG = re.compile(r"\*\*+|__+")
# (?<![\w*])[*_](?=[^\s*_]) | (?<=[^\s*_])[*_](?![\w*]), first character first:
_EMPHASIS = re.compile(r"[*_](?:(?<![\w*].)(?=[^\s*_])|(?<=[^\s*_].)(?![\w*]))")
_CODE = re.compile(r"`+")
_HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s+|$)")
_LIST = re.compile(r"^\s*(?:[*+\-•]|\d{1,3}[.)])\s+")
_QUOTE = re.compile(r"^\s*(?:>\s?)+")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>|])")
_SPACES = re.compile(r"\s+")


def _has_invisible(text: str) -> bool:
    # One C scan per character: 3x cheaper than the regex testing its class at
    # every position.
    return (
        "\u00ad" in text
        or "\u200b" in text
        or "\u200c" in text
        or "\u200d" in text
        or "\u200e" in text
        or "\u200f" in text
        or "\u2060" in text
        or "\u2061" in text
        or "\u2062" in text
        or "\u2063" in text
        or "\u2064" in text
        or "\ufeff" in text
    )


def strip_invisible(text: str) -> str:
    if text.isascii() or not _has_invisible(text):  # most lines: no regex pass
        return text
    return _INVISIBLE.sub("", text)


def strip_inline(text: str) -> str:
    """Plain text of one markdown line's inline content (block markers kept)."""
    text = strip_inline_markup(text)
    if _is_normalized(text):  # one C pass instead of split + join (most lines)
        return text
    return " ".join(text.split())


def strip_inline_markup(text: str) -> str:
    """strip_inline without its last step: whitespace is left as it is."""
    # Each substitution only runs when its marker is present: most lines are prose.
    if not text.isascii() and _has_invisible(text):  # strip_invisible, inline: every line
        text = _INVISIBLE.sub("", text)
    if "[" in text:
        if "![" in text:
            text = _IMAGE.sub("", text)
        if "[[" in text or "[^" in text:
            text = _FOOTNOTE.sub("", text)
        if "](" in text:
            text = _LINK.sub(r"\1", text)
        if "][" in text:
            text = _REF_LINK.sub(r"\1", text)
    if "<" in text:
        text = _AUTOLINK.sub("", text)
    if ":" in text and "://" in text:  # ":" first: one memchr, most lines lack it
        text = _BARE_URL.sub("", text)
    if "*" in text or "_" in text:
        if "**" in text or "__" in text:
            # _JOINED_BOLD has no literal prefix: `re` tries it at every character
            # (13 µs a bold line); its literals first are a C scan.
            if "****" in text or "____" in text:
                text = _JOINED_BOLD.sub(" ", text)
            text = _STRONG.sub("", text)
        text = _EMPHASIS.sub("", text)
    if "`" in text:
        text = _CODE.sub("", text)
    if "\\" in text:
        text = _ESCAPE.sub(r"\1", text)
    return text


def _is_normalized(text: str) -> bool:
    """Is `" ".join(text.split()) == text`? Every whitespace character but " " is
    non-printable, so a printable text only has spaces, and single inner ones."""
    return text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " "


_BLOCK_START = frozenset("#>*+-•0123456789 \t")


def strip_block(text: str) -> str:
    """Remove block markers: heading hashes, list bullets, quote markers."""
    if not text or text[0] not in _BLOCK_START:
        return text
    if text[0] in "*+-•" and not text[1:2].isspace():
        return text  # "**Bold**", "-5": a bullet is followed by whitespace (_LIST)
    text = _QUOTE.sub("", text)
    text = _HEADING.sub("", text)
    text = _LIST.sub("", text)
    text = _HEADING.sub("", text)  # "* ### Title" list items holding a heading
    return text


def plain(line: str) -> str:
    return strip_inline(strip_block(line))


def is_heading_marker(line: str) -> bool:
    return bool(_HEADING.match(line))


def is_list_item(line: str) -> bool:
    return bool(_LIST.match(line))


def is_quote(line: str) -> bool:
    return bool(_QUOTE.match(line))


_BOLD_SEG = re.compile(r"\*\*(?:[^*]|\*(?!\*))*\*\*|__(?:[^_]|_(?!_))*__")


def is_bold_only(line: str) -> bool:
    """`**Text**` (possibly several bold runs) with nothing outside the bold."""
    if "**" not in line and "__" not in line:
        return False
    body = strip_block(strip_invisible(line)).strip()
    if not body.startswith(("**", "__")):
        return False
    rest = _BOLD_SEG.sub("", body)
    rest = _FOOTNOTE.sub("", rest)
    return not rest.strip(" \t:.-–—*_")

"""Canonical URLs and content hashes: how a repeat is told from an update."""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that identify a click, not a page.
_TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "hsa_")
_TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "msclkid",
        "yclid",
        "igshid",
        "mkt_tok",
        "ref",
        "ref_src",
        "cmpid",
        "ito",
        "ns_mchannel",
        "ns_source",
        "ns_campaign",
        "spm",
        "share",
        "at_medium",
        "at_campaign",
        "guccounter",
        "taid",
        "smid",
        "sr_share",
    }
)
_DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_url(raw: str) -> str | None:
    """Scheme, `www.`, case of the host, default port, trailing slash, fragment and
    tracking parameters do not make a different page. None if `raw` is no http(s) URL."""
    try:
        parts = urlsplit(raw.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    if scheme not in ("http", "https") or not host:
        return None
    host = host.removeprefix("www.")
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = parts.path or "/"
    if path != "/":
        path = path.rstrip("/")
    query = urlencode(
        sorted(
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if k.lower() not in _TRACKING_PARAMS and not k.lower().startswith(_TRACKING_PREFIXES)
        )
    )
    # One scheme: the http and https copies of a page are the same story.
    return urlunsplit(("https", netloc, path, query, ""))


def source_domain(canonical: str | None) -> str | None:
    if not canonical or not canonical.startswith("https://"):
        return None
    return urlsplit(canonical).hostname


def sha256_hex(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode()
    return hashlib.sha256(data).hexdigest()


def content_fingerprint(title: str | None, texts: list[str]) -> str:
    """Hash of what the article says, blind to markup, link targets and whitespace,
    so a re-scrape that only changed footnote anchors or teasers is not an update."""
    # The hash of "\n".join(" ".join(t.split()).casefold() for t in parts), in C over
    # the whole text: the pipeline's texts are already single-spaced, and casefold maps
    # each character on its own (the joined text's is the join of each text's).
    parts = [title or "", *texts]
    data = "\n".join(parts).encode()
    if not lines_single_spaced(data, len(parts)):
        data = "\n".join([" ".join(t.split()) for t in parts]).encode()
    return hashlib.sha256(casefolded_utf8(data)).hexdigest()


# What str.split() splits on, but " " and "\n", in UTF-8: ASCII bytes, and the
# characters above U+007F (whose UTF-8 starts with one of _WIDE_SPACE_LEADS).
_ODD_ASCII_SPACES = tuple(b"\t\x0b\x0c\r\x1c\x1d\x1e\x1f")
_WIDE_SPACE = re.compile(
    rb"\xc2[\x85\xa0]|\xe1\x9a\x80|\xe2\x80[\x80-\x8a\xa8\xa9\xaf]|\xe2\x81\x9f|\xe3\x80\x80"
)
_WIDE_SPACE_LEADS = tuple(b"\xc2\xe1\xe3")  # and \xe2, which curly quotes also start
_E2_WIDE_SPACE = re.compile(rb"\xe2(?:\x80[\x80-\x8a\xa8\xa9\xaf]|\x81\x9f)")


def lines_single_spaced(data: bytes, lines: int) -> bool:
    """Is `data` (UTF-8) `lines` lines, each with `" ".join(line.split()) == line`?
    Byte scans (memchr) where checking each text costs some 35 instructions a
    character (str.isprintable, or split and join)."""
    if (
        data.count(b"\n") != lines - 1
        or b"  " in data
        or b" \n" in data
        or b"\n " in data
        or data[:1] == b" "
        or data[-1:] == b" "
    ):
        return False
    for byte in _ODD_ASCII_SPACES:
        if byte in data:
            return False
    if data.isascii():
        return True
    for byte in _WIDE_SPACE_LEADS:
        if byte in data:
            return not _WIDE_SPACE.search(data)
    # Curly quotes and dashes start with \xe2 too: look for the spaces among them.
    return not _E2_WIDE_SPACE.search(data)


# The bytes above 0x7F, and the lead bytes in UTF-8 of U+2000–U+20FF (typographic
# punctuation, super- and subscripts, currency signs: casefold changes none of them).
_HIGH_BYTES = bytes(range(0x80, 0x100))
_CASELESS_LEADS = (b"\xe2\x80", b"\xe2\x81", b"\xe2\x82", b"\xe2\x83")


def casefolded_utf8(data: bytes) -> bytes:
    """`data.decode().casefold().encode()` of UTF-8 `data`. casefold looks up every
    character of a non-ASCII text (some 70 instructions each); when the text's only
    non-ASCII characters are caseless punctuation (curly quotes, dashes, "€"),
    lowering its ASCII bytes is the same (a multi-byte character's bytes are all
    above 0x7F)."""
    if not data.isascii():
        # Each lead pair starts one 3-byte character of U+2000–U+20FF: when they
        # account for every byte above 0x7F, there is no other non-ASCII character.
        high = len(data) - len(data.translate(None, _HIGH_BYTES))
        caseless = sum([data.count(lead) for lead in _CASELESS_LEADS])
        if high != 3 * caseless:
            return data.decode().casefold().encode()
    return data.lower()

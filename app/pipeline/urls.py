"""Canonical URLs and content hashes: how a repeat is told from an update."""

from __future__ import annotations

import hashlib
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
    normalized = "\n".join(" ".join(t.split()).casefold() for t in [title or "", *texts])
    return sha256_hex(normalized)

"""YAML front matter → metadata, tolerant of what real scrapers produce.

Scraped files often carry broken YAML (unescaped quotes inside a quoted title, a
description cut off mid-string). A broken header must never cost us the article:
we fall back to reading `key: value` lines one by one and record a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

try:  # the C loader is ~10x faster; fall back to pure Python where libyaml is absent
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the build of PyYAML
    _Loader = yaml.SafeLoader

# Line breaks the way a person sees them: \r\n, \r or \n (not \x0c, \u2028… which
# str.splitlines() would also split on, shifting every line number after them).
LINE_SPLIT = re.compile(r"\r\n|\r|\n")
_FENCE = re.compile(r"^---[ \t]*$")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$")
_KV = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*)$")
_MAX_HEADER_LINES = 200  # a "header" longer than this is not front matter


@dataclass(slots=True)
class FrontMatter:
    meta: dict[str, Any]
    body_lines: list[str]  # raw lines after the closing fence (blank ones included)
    has_front_matter: bool
    warnings: list[str] = field(default_factory=list)


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    if value[:1] in "\"'":  # truncated quoted string: keep what is there
        return value[1:]
    return value


def _parse_linewise(lines: list[str]) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    for line in lines:
        m = _KV.match(line)
        if m:
            meta[m.group(1).lower()] = _unquote(m.group(2))
    return meta


# A header line YAML would read as a plain string: `key: value` or `key: "value"`.
_SIMPLE_KV = re.compile(
    r"^([A-Za-z_][\w-]*):"
    r"""(?:[ \t]+(?:"([^"\\]*)"|([^\s"'#&*!|>%@`{\[\]},?:-][^#]*?|-?\d[\w:.+-]*)))?[ \t]*$"""
)


def _parse_simple(header: list[str]) -> dict[str, Any] | None:
    """The header as YAML would read it, when every line is a simple `key: value`."""
    meta: dict[str, Any] = {}
    for line in header:
        if not line.strip():
            continue
        m = _SIMPLE_KV.match(line)
        if m is None or ": " in (m.group(3) or ""):
            return None
        key, quoted, bare = m.group(1).lower(), m.group(2), m.group(3)
        meta[key] = quoted if quoted is not None else (bare.strip() if bare else None)
    return meta


def split_front_matter(text: str) -> FrontMatter:
    """Split `text` into front matter metadata and body lines. Never raises."""
    text = text.lstrip("\ufeff")
    lines = text.split("\n") if "\r" not in text else LINE_SPLIT.split(text)
    # Leading blank lines before the fence are tolerated.
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    if start >= len(lines) or not _FENCE.match(lines[start]):
        return FrontMatter({}, lines, False, ["no front matter: the whole text is the body"])
    close = None
    for i in range(start + 1, min(len(lines), start + 1 + _MAX_HEADER_LINES)):
        if _CLOSE.match(lines[i]):
            close = i
            break
    if close is None:
        return FrontMatter(
            {}, lines, False, ["front matter is not closed by '---': the whole text is the body"]
        )
    header = lines[start + 1 : close]
    body = lines[close + 1 :]
    warnings: list[str] = []
    meta: dict[str, Any]
    simple = _parse_simple(header)
    if simple is not None:  # plain `key: value` lines: no need to pay for YAML
        return FrontMatter(simple, body, True, warnings)
    try:
        loaded = yaml.load("\n".join(header), Loader=_Loader)
    except Exception:  # any YAML error, including exotic scanner errors
        loaded = None
        warnings.append("front matter is not valid YAML: read line by line")
        meta = _parse_linewise(header)
    else:
        if isinstance(loaded, dict):
            meta = {str(k).lower(): v for k, v in loaded.items()}
        elif loaded is None and not any(h.strip() for h in header):
            meta = {}
            warnings.append("front matter is empty")
        else:
            warnings.append("front matter is not a mapping: read line by line")
            meta = _parse_linewise(header)
    return FrontMatter(meta, body, True, warnings)


def meta_str(meta: dict[str, Any], key: str) -> str | None:
    """A metadata value as a clean one-line string, or None."""
    value = meta.get(key)
    if value is None or isinstance(value, dict | list):
        return None
    text = " ".join(str(value).split())
    return text or None


def meta_int(meta: dict[str, Any], key: str) -> int | None:
    value = meta.get(key)
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        m = re.fullmatch(r"\s*(\d{1,9})\s*", value.replace(",", ""))
        if m:
            return int(m.group(1))
    return None

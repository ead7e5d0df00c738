"""Compiled builds of the pipeline's modules, used only while they match the sources.

`tools/compile_pipeline.py` (run by `make`) compiles the modules in MODULES with Cython
into `_compiled/`, beside a manifest of the interpreter and of each source's hash. The
code is the same Python, only compiled: the results are identical, the pipeline
10-12% faster. When the manifest matches this interpreter and every source as it is
now, `app.pipeline` puts `_compiled/` first on its search path and `app.pipeline.gate`
loads the compiled module. Otherwise (no C compiler at build time, a source edited
since, another Python) the `.py` files run: an edit never runs stale code.
"""

from __future__ import annotations

import hashlib
import json
import sys
import sysconfig
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
FOLDER = PACKAGE / "_compiled"
MANIFEST = FOLDER / "manifest.json"

# The modules whose work is per line, per passage or per match. Not the rule tables
# (rules.py, boilerplate_rules.py: data read once) nor the small types and URLs.
MODULES = (
    "article",
    "claims",
    "clean",
    "dates",
    "facts",
    "figures",
    "frontmatter",
    "gate",
    "inline",
    "notarticle",
    "numbers",
    "passages",
    "places",
    "sentences",
    "themes",
)


def manifest_for_sources() -> dict[str, object]:
    """What the manifest of a build of the current sources, for this interpreter, says."""
    return {
        "interpreter": sys.implementation.cache_tag,
        "extension_suffix": sysconfig.get_config_var("EXT_SUFFIX"),
        "sources": {
            name: hashlib.sha256((PACKAGE / f"{name}.py").read_bytes()).hexdigest()
            for name in MODULES
        },
    }


def usable() -> bool:
    """Is there a build in `_compiled/` of exactly the current sources, for this Python?"""
    try:
        built = json.loads(MANIFEST.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return bool(built == manifest_for_sources())

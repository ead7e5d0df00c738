"""The pure pipeline: article markdown → metadata, passages, themes.

No FastAPI, no database. `process_article` is the one entry point the service uses.

Loaded on first use (PEP 562): the rules, lexicons and gazetteer take some 20 MB, which
a process that only stores or reads (the storing side of `sitrep ingest`, whose
workers run the pipeline) should not carry. `app.pipeline.types` stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from app.pipeline import compiled

# A compiled build of the current sources goes first on the search path (see compiled.py).
IS_COMPILED = compiled.usable()
if IS_COMPILED:
    __path__.insert(0, str(compiled.FOLDER))

if TYPE_CHECKING:
    from app.pipeline.article import PARSER_VERSION, process_article

__all__ = ["IS_COMPILED", "PARSER_VERSION", "process_article"]


def __getattr__(name: str) -> object:
    if name in ("PARSER_VERSION", "process_article"):
        from app.pipeline import article

        value = getattr(article, name)
        globals()[name] = value  # looked up once
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

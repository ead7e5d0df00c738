"""The pure pipeline: article markdown → metadata, passages, themes.

No FastAPI, no database. `process_article` is the one entry point the service uses.
"""

from __future__ import annotations

from app.pipeline import compiled

# A compiled build of the current sources goes first on the search path (see compiled.py).
IS_COMPILED = compiled.usable()
if IS_COMPILED:
    __path__.insert(0, str(compiled.FOLDER))

from app.pipeline.article import PARSER_VERSION, process_article  # noqa: E402

__all__ = ["IS_COMPILED", "PARSER_VERSION", "process_article"]

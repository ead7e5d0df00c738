"""The pure pipeline: article markdown → metadata, passages, themes.

No FastAPI, no database. `process_article` is the one entry point the service uses.
"""

from __future__ import annotations

from app.pipeline.article import PARSER_VERSION, process_article

__all__ = ["PARSER_VERSION", "process_article"]

"""Print the OpenAPI document: `python -m app.openapi > openapi/openapi.json`."""

from __future__ import annotations

import sys
from typing import Any

import orjson

from app.core.settings import Settings


def openapi_document() -> dict[str, Any]:
    from app.main import create_app

    # Settings given explicitly: the document must not depend on the environment.
    return create_app(Settings(database_url="sqlite://", _env_file=None)).openapi()  # type: ignore[call-arg]


def render() -> bytes:
    return (
        orjson.dumps(openapi_document(), option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"
    )


if __name__ == "__main__":
    sys.stdout.buffer.write(render())

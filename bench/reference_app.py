"""The reference server: a bare FastAPI app answering the same bytes without doing any work.

Served by the same uvicorn settings as the app (one worker, 127.0.0.1). The bodies
come from a JSON file named by SITREP_BENCH_BODIES, captured from the real app in the
same run: {"GET <path?query>": {"status": 200, "type": "...", "body": "..."}, ...,
"POST /articles": {...}}. Every route is `async def` and only looks the answer up.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import orjson
from fastapi import FastAPI, Request, Response

_raw = orjson.loads(Path(os.environ["SITREP_BENCH_BODIES"]).read_bytes())
ANSWERS = {
    key: (value["status"], value["type"], value["body"].encode()) for key, value in _raw.items()
}
NOT_FOUND = (404, "text/plain", b"not captured")


def _route(path: str) -> str:
    return "/sitreps/{date}" if path.startswith("/sitreps/") else path


# For URLs never captured (the "fresh" case: a new URL per request), the captured
# answers of the same route in turn: the same sizes of body, still no work.
BY_ROUTE: dict[str, list[tuple[int, str, bytes]]] = {}
for _key, _answer in ANSWERS.items():
    _method, _, _target = _key.partition(" ")
    if _method == "GET":
        BY_ROUTE.setdefault(_route(_target.partition("?")[0]), []).append(_answer)
_TURN = {route: itertools.cycle(answers) for route, answers in BY_ROUTE.items()}

app = FastAPI()


@app.get("/{path:path}")
async def get_any(request: Request) -> Response:
    query = request.url.query
    key = f"GET {request.url.path}" + (f"?{query}" if query else "")
    answer = ANSWERS.get(key)
    if answer is None:
        turn = _TURN.get(_route(request.url.path))
        answer = next(turn) if turn else NOT_FOUND
    status, media_type, body = answer
    return Response(body, status_code=status, media_type=media_type)


@app.post("/{path:path}")
async def post_any(request: Request) -> Response:
    await request.body()  # read the upload, as the real endpoint must
    status, media_type, body = ANSWERS.get(f"POST {request.url.path}", NOT_FOUND)
    return Response(body, status_code=status, media_type=media_type)

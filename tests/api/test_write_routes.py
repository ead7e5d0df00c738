"""Every endpoint that writes through WriteSessionDep commits in its own thread
(app/core/deps.py, commits_in_its_thread): one that forgot would hold the write lock
while it waits for another thread of the pool."""

from __future__ import annotations

from fastapi.routing import APIRoute

from app.core.deps import commits_in_its_thread, get_write_session
from app.main import create_app


def _calls(dependant) -> set:
    return {dependant.call} | {c for d in dependant.dependencies for c in _calls(d)}


def _api_routes(routes) -> list[APIRoute]:
    """The app's routes, those of included routers too (kept apart by this FastAPI)."""
    found = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        elif (included := getattr(route, "original_router", None)) is not None:
            found += _api_routes(included.routes)
    return found


def test_every_write_endpoint_commits_in_its_thread(settings):
    wrapper = commits_in_its_thread(lambda session: None).__code__
    writers = [
        route
        for route in _api_routes(create_app(settings).routes)
        if get_write_session in _calls(route.dependant)
    ]
    assert {route.path for route in writers} >= {"/articles", "/articles/batch"}
    for route in writers:
        assert route.endpoint.__code__ is wrapper, f"{route.path} does not commit in its thread"

"""The per-token rate limit: a moving window, kept without threads.

(The HTTP side, 429 with Retry-After as problem+json, is in tests/api/test_push.py.)
"""

from __future__ import annotations

import threading

import pytest
from pydantic import ValidationError

from app.core.errors import TooManyRequests
from app.core.security import RateLimiter
from app.core.settings import Settings


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_allows_the_rate_in_any_window_and_no_more():
    clock = Clock()
    limiter = RateLimiter("3/minute", clock=clock)
    for _ in range(3):
        limiter.check("a")
        clock.now += 10
    with pytest.raises(TooManyRequests) as refused:
        limiter.check("a")
    # The first hit (t=1000) leaves the window at t=1060; it is t=1030 now.
    assert refused.value.extra["headers"] == {"Retry-After": "30"}
    clock.now = 1059.5
    with pytest.raises(TooManyRequests):
        limiter.check("a")
    clock.now = 1060.0  # the first hit has left: one more, not three
    limiter.check("a")
    with pytest.raises(TooManyRequests):
        limiter.check("a")


def test_a_refused_request_does_not_count():
    clock = Clock()
    limiter = RateLimiter("1/second", clock=clock)
    limiter.check("a")
    for _ in range(5):
        with pytest.raises(TooManyRequests):
            limiter.check("a")
    clock.now += 1.0
    limiter.check("a")


def test_tokens_are_limited_apart():
    clock = Clock()
    limiter = RateLimiter("1/minute", clock=clock)
    limiter.check("a")
    limiter.check("b")
    with pytest.raises(TooManyRequests):
        limiter.check("a")


def test_retry_after_is_at_least_a_second():
    clock = Clock()
    limiter = RateLimiter("1/second", clock=clock)
    limiter.check("a")
    clock.now += 0.999
    with pytest.raises(TooManyRequests) as refused:
        limiter.check("a")
    assert refused.value.extra["headers"] == {"Retry-After": "1"}


def test_tokens_idle_for_a_window_are_forgotten():
    clock = Clock()
    limiter = RateLimiter("5/second", clock=clock)
    for i in range(100):
        limiter.check(f"once-{i}")
    assert limiter.tracked_tokens() == 100
    clock.now += 2
    for _ in range(RateLimiter._FORGET_EVERY):
        limiter.check("busy")
        clock.now += 0.5
    assert limiter.tracked_tokens() == 1


def test_a_check_starts_no_thread(monkeypatch):
    """limits' MemoryStorage started a timer thread whenever its last one had ended
    (10 ms after it started): most requests paid a thread start on the event loop."""
    limiter = RateLimiter("1000/second")
    started: list[threading.Thread] = []
    original = threading.Thread.start

    def spy(self: threading.Thread) -> None:
        started.append(self)
        original(self)

    monkeypatch.setattr(threading.Thread, "start", spy)
    for _ in range(3):
        limiter.check("a")
        threading.Event().wait(0.02)  # past any 10 ms timer
    assert started == []


@pytest.mark.parametrize("rate", ["", "many", "10/fortnight", "-1/second", "0/second"])
def test_a_bad_rate_setting_is_refused_with_an_example(rate):
    with pytest.raises(ValidationError, match="rate_limit") as refused:
        Settings(rate_limit=rate)
    assert "1200/minute" in str(refused.value) or "at least one" in str(refused.value)

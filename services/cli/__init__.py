"""The ``isotrail`` command line."""

from isotrail.services.cli.main import main

__all__ = ["main"]

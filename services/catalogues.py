"""Reads the check-item catalogue versions shipped as data files in ``domain/catalogues``: every
``<version>.json`` there is a version (adding one needs no code), following ``catalogue.schema.json``."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from isotrail.domain.catalogue import Catalogue
from isotrail.domain.codes import clean_code
from isotrail.services.not_found_errors import CatalogueNotFoundError

_PACKAGE = "isotrail.domain"
_FOLDER = "catalogues"
_SCHEMA = ".schema.json"  # the one JSON Schema every version's file follows, shipped beside them


@cache
def available_catalogue_versions() -> tuple[str, ...]:
    folder = resources.files(_PACKAGE) / _FOLDER
    return tuple(sorted(p.name.removesuffix(".json") for p in folder.iterdir()
                        if p.name.endswith(".json") and not p.name.endswith(_SCHEMA)))


@cache
def load_catalogue(version: str) -> Catalogue:
    """The catalogue of this version; raises :class:`CatalogueNotFoundError` if none is shipped."""
    if version not in available_catalogue_versions():
        clean_code(version, "catalogue_version")  # what the error repeats back is a code, not any text
        raise CatalogueNotFoundError(version=version)
    text = (resources.files(_PACKAGE) / _FOLDER / f"{version}.json").read_text(encoding="utf-8")
    catalogue = Catalogue.from_data(json.loads(text))
    if catalogue.version != version:
        raise CatalogueNotFoundError(version=version)
    return catalogue

"""Authorisation is one mechanism: every root field has exactly one permission, the table's
(graphql/permissions.py ``Allowed``), and unit scoping is applied in one module (graphql/reading.py)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from strawberry.permission import BasePermission, PermissionExtension

from isotrail.graphql.permissions import Allowed
from isotrail.graphql.schema import schema
from isotrail.services.permissions import Action

REPO_ROOT = Path(__file__).resolve().parents[2]
SCOPING = "isotrail.services.scoping"
APPLIES_SCOPING = {"graphql/reading.py", "services/history.py"}  # the reader, and the event store's reads it makes
QUERIES_READ_MODELS = {
    "graphql/reading.py": "a tenant's records, through the reader",
    "graphql/loaders.py": "the reader's batches, whose rows the reader scopes",
    "graphql/national.py": "the national figures, of no tenant",
}


def _root_fields(type_name: str) -> list:
    return schema.get_type_by_name(type_name).fields


@pytest.mark.parametrize("type_name", ["Query", "Mutation", "Subscription"])
def test_every_root_field_has_exactly_one_permission_and_it_is_the_tables(type_name: str) -> None:
    fields = _root_fields(type_name)
    assert fields
    for field in fields:
        permissions = [permission for extension in field.extensions if isinstance(extension, PermissionExtension)
                       for permission in extension.permissions]
        assert [type(permission) for permission in permissions] == [Allowed], field.python_name
        assert permissions[0].action in Action


def test_the_ministry_s_field_is_the_only_national_read() -> None:
    actions = {field.python_name: field.extensions[0].permissions[0].action
               for name in ("Query", "Subscription") for field in _root_fields(name)}
    assert {name for name, action in actions.items() if action is Action.READ_NATIONAL} == {
        "national", "national_provinces"}
    assert actions["events"] is Action.FOLLOW_EVENTS


def _modules() -> list[tuple[str, ast.Module]]:
    return [(path.relative_to(REPO_ROOT).as_posix(), ast.parse(path.read_text(encoding="utf-8")))
            for folder in ("domain", "services", "projections", "graphql")
            for path in (REPO_ROOT / folder).rglob("*.py")]


def _imported(tree: ast.Module) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_unit_scoping_is_applied_in_one_place() -> None:
    assert {where for where, tree in _modules() if SCOPING in _imported(tree)} == APPLIES_SCOPING


def _reads_the_read_api(tree: ast.Module) -> bool:
    """Whether a module imports one of the read API's modules (projections/*_queries.py)."""
    return any(isinstance(node, ast.ImportFrom) and node.module is not None and (
        (node.module.startswith("isotrail.projections.") and node.module.endswith("_queries"))
        or (node.module == "isotrail.projections" and any(alias.name.endswith("_queries") for alias in node.names)))
        for node in ast.walk(tree))


def test_resolvers_read_a_tenant_s_records_through_the_reader_only() -> None:
    readers = {where for where, tree in _modules() if where.startswith("graphql/") and _reads_the_read_api(tree)}
    assert readers == set(QUERIES_READ_MODELS)


def test_no_other_permission_class_exists() -> None:
    subclasses = {where for where, tree in _modules() for node in ast.walk(tree) if isinstance(node, ast.ClassDef)
                  and any(isinstance(base, ast.Name) and base.id == BasePermission.__name__ for base in node.bases)}
    assert subclasses == {"graphql/permissions.py"}

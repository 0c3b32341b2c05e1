"""The README's Settings table and the Settings object say the same: every variable, with its default."""

from __future__ import annotations

import re

import pytest

from isotrail.services.settings import SettingRequiredError, Settings
from tests.deploy.deploy_files import DEPLOY, setting_variables

TESTS_ONLY = {"TEST_DATABASE_URL"}  # read by tests/conftest.py, not by the Settings object


def readme_settings() -> dict[str, str]:
    """variable → default, from the README's Settings table (`A` / `B` rows give two variables)."""
    readme = (DEPLOY.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Settings\n", 1)[1].split("\n## ", 1)[0]
    documented = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[0].startswith("`"):
            continue
        names = re.findall(r"`([^`]+)`", cells[0])
        defaults = re.findall(r"`([^`]+)`", cells[1]) or [cells[1]] * len(names)
        assert len(names) == len(defaults), line
        documented |= dict(zip(names, defaults, strict=True))
    return documented


def test_every_setting_is_in_the_readme_with_its_default_and_nothing_else_is() -> None:
    documented = readme_settings()
    assert {k: v for k, v in documented.items() if k not in TESTS_ONLY} == setting_variables()
    assert set(documented) >= TESTS_ONLY


def test_a_deployed_process_needs_a_shared_database_and_token_key(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in setting_variables():
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(SettingRequiredError) as missing:
        Settings(_env_file=None).require_deployable()
    assert missing.value.variable == "DATABASE_URL"
    monkeypatch.setenv("DATABASE_URL", "postgresql://db/isotrail")
    with pytest.raises(SettingRequiredError) as missing:
        Settings(_env_file=None).require_deployable()
    assert missing.value.variable == "ISOTRAIL_AUTH__SECRET"
    monkeypatch.setenv("ISOTRAIL_AUTH__JWKS_URL", "https://idp.example/jwks.json")
    with pytest.raises(SettingRequiredError) as missing:  # no shared key for document links then
        Settings(_env_file=None).require_deployable()
    assert missing.value.variable == "ISOTRAIL_DOCUMENTS__LINK_SECRET"
    monkeypatch.setenv("ISOTRAIL_DOCUMENTS__LINK_SECRET", "a-shared-key-of-32-characters-or-more")
    Settings(_env_file=None).require_deployable()

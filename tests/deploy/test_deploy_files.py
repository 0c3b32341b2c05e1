"""deploy/ checked offline: the Kubernetes objects and compose file against their published JSON schemas,
the Dockerfile by hadolint and by what it must say, and every command and variable against the CLI and
the settings."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import jsonschema
import kubernetes_validate
import pytest
import typer

from isotrail.domain.tenancy import validate_tenant_slug
from isotrail.services.entrypoints.main import app
from isotrail.services.settings import Settings
from tests.deploy.deploy_files import (
    DEPLOY,
    compose,
    dockerfile,
    isotrail_commands,
    isotrail_environment,
    k8s_objects,
    setting_variables,
)

K8S_VERSIONS = ("1.30.0", kubernetes_validate.latest_version())  # the oldest we target, and the newest known


def _compose_validator() -> jsonschema.protocols.Validator:
    schema = json.loads(files("check_jsonschema.builtin_schemas.vendor").joinpath("compose-spec.json").read_text())
    return jsonschema.validators.validator_for(schema)(schema)


@pytest.mark.parametrize("version", K8S_VERSIONS)
def test_every_kubernetes_object_validates_strictly(version: str) -> None:
    kinds = set()
    for name, obj in k8s_objects():
        try:
            kubernetes_validate.validate(obj, version, strict=True)
        except kubernetes_validate.ValidationError as error:
            pytest.fail(f"{name} {obj['kind']}: {error.message} at {list(error.path)}")
        kinds.add(obj["kind"])
    assert {"Deployment", "Service", "ConfigMap", "Secret", "Job"} <= kinds


def test_the_kubernetes_validator_refuses_a_misspelt_field() -> None:
    [deployment] = [obj for _, obj in k8s_objects() if obj["metadata"]["name"] == "isotrail-api"
                    and obj["kind"] == "Deployment"]
    broken = copy.deepcopy(deployment)
    broken["spec"]["template"]["spec"]["containers"][0]["livenesProbe"] = {}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, K8S_VERSIONS[0], strict=True)


def test_the_compose_file_validates_against_the_compose_spec() -> None:
    validator = _compose_validator()
    assert [e.message for e in validator.iter_errors(compose())] == []
    broken = compose()
    broken["services"]["api-1"]["helthcheck"] = broken["services"]["api-1"].pop("healthcheck")
    assert list(validator.iter_errors(broken))


def test_compose_runs_postgres_two_apis_and_two_projectors_with_health_checks() -> None:
    services = compose()["services"]
    commands = {name: spec.get("command") for name, spec in services.items()}
    assert sorted(name for name, command in commands.items() if command == ["api"]) == ["api-1", "api-2"]
    assert sorted(n for n, c in commands.items() if c == ["projections", "run"]) == ["projector-1", "projector-2"]
    for name in ("postgres", "api-1", "api-2", "projector-1", "projector-2"):
        assert services[name]["healthcheck"]["test"], name
    for name in ("api-1", "api-2", "projector-1", "projector-2"):
        assert services[name]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert services[name]["build"]["dockerfile"] == "deploy/Dockerfile"


def test_kubernetes_probes_the_api_on_healthz_and_readyz_with_config_and_secrets_from_outside() -> None:
    objects = {(obj["kind"], obj["metadata"]["name"]): obj for _, obj in k8s_objects()}
    api = objects["Deployment", "isotrail-api"]["spec"]["template"]["spec"]["containers"][0]
    assert api["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert api["readinessProbe"]["httpGet"]["path"] == "/readyz"
    service = objects["Service", "isotrail-api"]
    assert service["spec"]["selector"] == objects["Deployment", "isotrail-api"]["spec"]["selector"]["matchLabels"]
    pods = (("Deployment", "isotrail-api"), ("Deployment", "isotrail-projector"), ("Job", "isotrail-migrate"))
    for kind, name in pods:
        pod = objects[kind, name]["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True
        sources = pod["containers"][0]["envFrom"]
        assert {"configMapRef": {"name": "isotrail-config"}} in sources
        assert {"secretRef": {"name": "isotrail-secrets"}} in sources
    assert set(objects["Secret", "isotrail-secrets"]["stringData"]) == {"DATABASE_URL", "ISOTRAIL_AUTH__SECRET"}


def test_every_command_in_deploy_is_a_command_of_the_cli_with_valid_arguments() -> None:
    cli = typer.main.get_command(app)
    commands = isotrail_commands()
    assert len(commands) >= 8
    for where, argv in commands:
        command, args, path = cli, list(argv), ["isotrail"]
        while _subcommands(command) and args and args[0] in _subcommands(command):
            path.append(args[0])
            command = _subcommands(command)[args.pop(0)]
        assert not _subcommands(command), f"{where}: {argv} names no command"
        try:
            context = command.make_context(" ".join(path), args)
        except Exception as error:  # typer's (vendored) click raises its UsageError subclasses
            pytest.fail(f"{where}: {argv}: {error}")
        if path[-1] == "migrate":
            for spec in context.params["tenant"] or []:
                validate_tenant_slug(spec.partition("=")[0])


def _subcommands(command: object) -> dict:
    """A group's subcommands by name; {} for a command (typer vendors its own click: no isinstance)."""
    return getattr(command, "commands", None) or {}


def test_every_variable_in_deploy_is_a_setting_and_its_value_parses(monkeypatch: pytest.MonkeyPatch) -> None:
    variables = setting_variables()
    for where, environment in isotrail_environment().items():
        unknown = set(environment) - set(variables)
        assert not unknown, f"{where}: {unknown} are no settings"
        for name in variables:
            monkeypatch.delenv(name, raising=False)
        for name, value in environment.items():
            monkeypatch.setenv(name, "x" * 40 if value.startswith("${") else value)
        Settings(_env_file=None)  # raises on a value of the wrong type or out of range


def test_hadolint_finds_nothing_in_the_dockerfile() -> None:
    hadolint = Path(sys.executable).parent / "hadolint"
    result = subprocess.run([str(hadolint), "--failure-threshold", "info", str(DEPLOY / "Dockerfile")],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_image_runs_isotrail_as_a_non_root_user_with_a_health_check() -> None:
    parsed = dockerfile()
    final = [i for i in parsed.structure if i["instruction"] != "COMMENT"]
    last_from = max(n for n, i in enumerate(final) if i["instruction"] == "FROM")
    stage = final[last_from:]

    def value(instruction: str) -> str:
        [found] = [i["value"] for i in stage if i["instruction"] == instruction]
        return found

    assert value("USER").split(":")[0] not in {"0", "root"}
    assert "/healthz" in value("HEALTHCHECK")
    assert json.loads(value("ENTRYPOINT")) == ["isotrail"]
    assert json.loads(value("CMD")) == ["api"]
    env = parsed.envs
    assert set(env) - {"PATH", "PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED"} <= set(setting_variables())
    assert env["ISOTRAIL_HTTP__HOST"] == "0.0.0.0"  # noqa: S104 - a container listens on its own interfaces
    copied = {i["value"].split()[0] for i in parsed.structure if i["instruction"] == "COPY"
              and not i["value"].startswith("--from")}
    packages = {p.split("/")[0] for p in _package_dirs()}
    assert packages <= copied, "every packaged folder is copied into the image"


def _package_dirs() -> list[str]:
    import tomllib

    pyproject = tomllib.loads((DEPLOY.parent / "pyproject.toml").read_text())
    return list(pyproject["tool"]["setuptools"]["package-dir"].values())

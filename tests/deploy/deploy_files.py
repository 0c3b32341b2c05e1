"""What deploy/ holds, read as data: the compose services, the Kubernetes objects, the Dockerfile, and the
commands and environment variables they give the isotrail image."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from dockerfile_parse import DockerfileParser
from pydantic import BaseModel

from isotrail.services.settings import Settings

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
POSTGRES_SERVICE = "postgres"  # the only compose service not built from our image


def compose() -> dict[str, Any]:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))


def k8s_objects() -> list[tuple[str, dict[str, Any]]]:
    """(file name, object) for every document under deploy/k8s."""
    return [(path.name, doc) for path in sorted((DEPLOY / "k8s").glob("*.yaml"))
            for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc]


def dockerfile() -> DockerfileParser:
    return DockerfileParser(fileobj=io.BytesIO((DEPLOY / "Dockerfile").read_bytes()))


def _pod_specs() -> Iterator[tuple[str, dict[str, Any]]]:
    for name, obj in k8s_objects():
        if obj["kind"] in {"Deployment", "Job"}:
            yield f"{name}:{obj['metadata']['name']}", obj["spec"]["template"]["spec"]


def isotrail_commands() -> list[tuple[str, list[str]]]:
    """(where, argv after `isotrail`) of every process and probe that deploy/ runs from the image."""
    found = []
    for service, spec in compose()["services"].items():
        if service == POSTGRES_SERVICE:
            continue
        found.append((f"compose {service}", spec["command"]))
        test = spec.get("healthcheck", {}).get("test", [])
        if test[1:2] == ["isotrail"]:
            found.append((f"compose {service} healthcheck", test[2:]))
    for where, pod in _pod_specs():
        for container in pod.get("initContainers", []) + pod["containers"]:
            found.append((f"{where}/{container['name']}", container["args"]))
            for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
                command = container.get(probe, {}).get("exec", {}).get("command", [])
                if command[:1] == ["isotrail"]:
                    found.append((f"{where}/{container['name']} {probe}", command[1:]))
    return found


def isotrail_environment() -> dict[str, dict[str, str]]:
    """where → the environment variables deploy/ gives isotrail processes there, with their values."""
    found: dict[str, dict[str, str]] = {}
    for service, spec in compose()["services"].items():
        if service != POSTGRES_SERVICE:
            found[f"compose {service}"] = {k: str(v) for k, v in spec.get("environment", {}).items()}
    for name, obj in k8s_objects():
        if obj["kind"] == "ConfigMap":
            found[f"{name}:ConfigMap"] = dict(obj["data"])
        elif obj["kind"] == "Secret":
            found[f"{name}:Secret"] = dict(obj["stringData"])
    for where, pod in _pod_specs():
        for container in pod.get("initContainers", []) + pod["containers"]:
            found[f"{where}/{container['name']}"] = {e["name"]: e.get("value", "") for e in container.get("env", [])}
    return found


def setting_variables(model: type[BaseModel] = Settings, prefix: str = "ISOTRAIL_") -> dict[str, str]:
    """Every environment variable the Settings object reads, with its default as the README writes it."""
    variables = {}
    for name, field in model.model_fields.items():
        default = field.get_default(call_default_factory=True)
        if isinstance(default, BaseModel):
            variables |= setting_variables(type(default), f"{prefix}{name.upper()}__")
        else:
            variable = field.validation_alias if isinstance(field.validation_alias, str) else f"{prefix}{name.upper()}"
            variables[variable] = _as_written(default)
    return variables


def _as_written(default: object) -> str:
    if default is None:
        return "unset"
    if isinstance(default, bool):
        return str(default).lower()
    return str(default)

"""A command object sent as its generated mutation over HTTP, as a client holding only the SDL would send it:
the mutation's name and ``input`` variable made from the command's fields (camelCase; UUIDs and dates as
strings, enums by their GraphQL name, nested values as objects), posted with a token minted for the caller's
role. :class:`HttpIssuer` is an ``Issue`` for services/demo.py's replay."""

from __future__ import annotations

import time
from dataclasses import dataclass, field, fields, is_dataclass
from datetime import date
from enum import Enum
from typing import Any
from uuid import UUID

import httpx
from strawberry.utils.str_converters import to_camel_case

from isotrail.domain.tenancy import Tenant
from isotrail.services.auth import TokenAuthority
from isotrail.services.commands import Command, command_name
from isotrail.services.permissions import Caller


def mutation_of(command: Command) -> tuple[str, str, dict[str, Any]]:
    """The mutation's name, its document, and its variables, for ``command``."""
    name = to_camel_case(command_name(type(command)))
    document = (f"mutation($input: {type(command).__name__}Input!) {{ {name}(input: $input) {{ "
                "ok aggregateId version entityId userErrors { code field message } } }")
    return name, document, {"input": encoded(command)}


def encoded(value: Any) -> Any:
    """``value`` as JSON for a GraphQL input: a dataclass as an object of its fields in camelCase."""
    if is_dataclass(value) and not isinstance(value, type):
        return {to_camel_case(f.name): encoded(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, list):
        return [encoded(item) for item in value]
    if isinstance(value, Enum):
        return value.name
    if isinstance(value, UUID | date):
        return str(value)
    return value


@dataclass
class HttpIssuer:
    """Sends each command to ``base``'s ``/graphql`` for ``tenant`` and fails on any error; keeps each round
    trip's seconds."""

    client: httpx.Client
    authority: TokenAuthority
    tenant: Tenant
    seconds: list[float] = field(default_factory=list)
    _tokens: dict[tuple[str, str], str] = field(default_factory=dict)

    def __call__(self, caller: Caller, command: Command) -> dict[str, Any]:
        key = (caller.actor_id, caller.role.value)
        if key not in self._tokens:
            self._tokens[key] = self.authority.mint(tenant=self.tenant, role=caller.role, subject=caller.actor_id,
                                                    unit_id=caller.unit_id)
        name, document, variables = mutation_of(command)
        began = time.perf_counter()
        response = self.client.post("/graphql", json={"query": document, "variables": variables}, headers={
            "Authorization": f"Bearer {self._tokens[key]}", "X-Correlation-Id": caller.correlation_id})
        self.seconds.append(time.perf_counter() - began)
        assert response.status_code == 200, response.text
        body = response.json()
        assert "errors" not in body, (name, variables, body)
        answer = body["data"][name]
        assert answer["ok"] and answer["userErrors"] == [], (name, variables, answer)
        return answer

"""The inspection decision (Quyết định kiểm tra, Mẫu 20 of Circular 26/2014, Art. 35): issued before an
on-site visit, it names the team — its leader and members, each with a role — the scope and the time.

Its values and the checks its command makes; the event and the rule that an on-site inspection is
conducted only under a decision are in ``inspection_records``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from isotrail.domain.described import describe_members, described
from isotrail.domain.input_errors import DatesOutOfOrderError, InvalidValueError
from isotrail.domain.text import clean_text

_SPACED_SEPARATOR = re.compile(r"\s*([/-])\s*")


class TeamRole(StrEnum):
    """Vai trò trong đoàn (a member's role in the team the decision sets up)."""

    TEAM_LEADER = "team_leader"
    DEPUTY_LEADER = "deputy_leader"
    MEMBER = "member"
    SECRETARY = "secretary"


describe_members(TeamRole, {
    TeamRole.TEAM_LEADER: "Trưởng đoàn (team leader): exactly one; signs the minutes (Mẫu 21) for the team.",
    TeamRole.DEPUTY_LEADER: "Phó trưởng đoàn (deputy leader).",
    TeamRole.MEMBER: "Thành viên (member).",
    TeamRole.SECRETARY: "Thư ký (secretary) of the team.",
})


@dataclass(frozen=True)
class DecisionTeamMember:
    """A member of the team the decision names (thành viên đoàn kiểm tra), with their role."""

    name: str = described("Họ và tên (full name); 1–200 characters.")
    role: TeamRole = described("Vai trò (role in the team); exactly one TEAM_LEADER (INVALID_VALUE, field team).")


def document_number(value: str, field_name: str) -> str:
    """A số/ký hiệu as the paper gives it ("15/QĐ-SKHCN", "19/2014/QĐ-TTg", "120/SKHCN-TĐC"): cleaned as any text
    (NFC, trimmed, 1–100 characters), the spaces around its / and - dropped. Its form is not checked: provinces
    number their papers in more ways than Decree 30/2020's pattern."""
    return " ".join(_SPACED_SEPARATOR.sub(r"\1", clean_text(value, field_name, max_length=100)).split())


def decision_team(team: list[DecisionTeamMember]) -> list[DecisionTeamMember]:
    """The team with names cleaned; one leader exactly, each person once."""
    members = [DecisionTeamMember(name=clean_text(member.name, "name", max_length=200), role=TeamRole(member.role))
               for member in team]
    if sum(member.role is TeamRole.TEAM_LEADER for member in members) != 1:
        raise InvalidValueError(field_name="team", reason_vi="phải có đúng một trưởng đoàn",
                                reason_en="must name exactly one team leader")
    if len({member.name for member in members}) != len(members):
        raise InvalidValueError(field_name="team", reason_vi="mỗi người chỉ được ghi một lần",
                                reason_en="must name each person once")
    return members


def require_window(decided_on: date, starts_on: date, ends_on: date) -> None:
    """The visit's time window comes after the decision and ends no earlier than it starts."""
    if starts_on < decided_on:
        raise DatesOutOfOrderError(earlier_name="occurred_on", earlier=decided_on, later_name="starts_on",
                                   later=starts_on)
    if ends_on < starts_on:
        raise DatesOutOfOrderError(earlier_name="starts_on", earlier=starts_on, later_name="ends_on", later=ends_on)

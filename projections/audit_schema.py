"""The audit read model's tables and views (one family, owned by the ``audit`` projection).

Tables hold what the events say; views derive what depends on today's date (overdue) or on several
tables (the programme summary the seed article reports, weaknesses by clause, the unit state).
"""

from __future__ import annotations

from isotrail.domain.identifiers import quoted
from isotrail.projections.tables import Column as C  # noqa: N817 - table definitions read as a list
from isotrail.projections.tables import Table

UNITS = Table("rm_units", [
    C("unit_id", "uuid", False), C("code", "text", False), C("name", "text", False),
    C("name_search", "text", False), C("name_sort", 'text COLLATE "C"', False), C("kind", "text", False),
    C("registered_on", "date", False), C("dissolved_on", "date"), C("names", "jsonb", False),
    C("predecessor_ids", "uuid[]"), C("successor_ids", "uuid[]"), C("qms_standard", "text"),
    C("qms_announced_on", "date"), C("last_internal_audit_on", "date"),
    C("last_management_review_on", "date"), C("version", "int", False),
], key=["unit_id"], indexes=["name_sort, unit_id", "kind"])

PROGRAMMES = Table("rm_programmes", [
    C("programme_id", "uuid", False), C("code", "text", False), C("year", "int", False),
    C("title", "text", False), C("plan_number", "text", False), C("plan_date", "date", False),
    C("legal_basis", "text[]"), C("standard", "text", False), C("catalogue_version", "text", False),
    C("organiser", "text", False), C("status", "text", False), C("drafted_on", "date", False),
    C("starts_on", "date"), C("ends_on", "date"), C("team", "jsonb", False), C("approved_on", "date"),
    C("approved_by", "text"), C("reported_on", "date"), C("report_number", "text"),
    C("report_summary", "text"), C("proposals", "text[]"), C("version", "int", False),
], key=["programme_id"], indexes=["year"])

SCOPE = Table("rm_programme_scope", [
    C("programme_id", "uuid", False), C("unit_id", "uuid", False), C("form", "text", False),
    C("joint_team", "text"), C("added_on", "date", False),
], key=["programme_id", "unit_id"], indexes=["unit_id"])

INSPECTIONS = Table("rm_inspections", [
    C("inspection_id", "uuid", False), C("programme_id", "uuid", False), C("unit_id", "uuid", False),
    C("form", "text", False), C("joint_team", "text"), C("catalogue_version", "text", False),
    C("status", "text", False), C("scheduled_on", "date", False), C("conducted_on", "date"),
    C("inspectors", "text[]"), C("findings_communicated_on", "date"), C("minutes_number", "text"),
    C("letter_number", "text"), C("report_due_on", "date"), C("version", "int", False),
], key=["inspection_id"], indexes=["programme_id", "unit_id"])

ASSESSMENTS = Table("rm_assessments", [
    C("inspection_id", "uuid", False), C("item_code", "text", False), C("result", "text", False),
    C("note", "text"), C("assessed_on", "date", False), C("corrects_version", "int"),
], key=["inspection_id", "item_code"])

FINDINGS = Table("rm_findings", [
    C("nonconformity_id", "uuid", False), C("inspection_id", "uuid", False),
    C("programme_id", "uuid", False), C("unit_id", "uuid", False), C("item_code", "text", False),
    C("clause", "text", False), C("description", "text", False), C("raised_on", "date", False),
    C("status", "text", False), C("report_due_on", "date"), C("reports_received", "int", False),
    C("last_report_on", "date"), C("not_accepted_count", "int", False), C("closed_on", "date"),
    C("carried_to_programme_id", "uuid"),
], key=["nonconformity_id"], indexes=["inspection_id", "programme_id, status", "unit_id", "item_code"])

RECOMMENDATIONS = Table("rm_recommendations", [
    C("notification_id", "bigint", False), C("inspection_id", "uuid", False),
    C("programme_id", "uuid", False), C("unit_id", "uuid", False), C("source", "text", False),
    C("text", "text", False), C("recorded_on", "date", False),
], key=["notification_id"], indexes=["programme_id", "unit_id"])

AUDIT_TABLES = (UNITS, PROGRAMMES, SCOPE, INSPECTIONS, ASSESSMENTS, FINDINGS, RECOMMENDATIONS)

AWAITING_REPORT = "('open', 'not_accepted')"


def audit_views(schema: str) -> list[str]:
    """Views over the audit tables; (re)created after the tables, e.g. after a rebuild swap."""
    s = quoted(schema)
    return [
        f"""CREATE OR REPLACE VIEW {s}.rm_programme_summary AS
        SELECT p.programme_id, p.code, p.year, p.plan_number, p.status,
          count(sc.unit_id) AS units_in_scope,
          count(sc.unit_id) FILTER (WHERE sc.form = 'on_site') AS on_site,
          count(sc.unit_id) FILTER (WHERE sc.form = 'dossier') AS dossier,
          count(sc.unit_id) FILTER (WHERE sc.joint_team IS NOT NULL) AS joint,
          (SELECT count(*) FROM {s}.rm_inspections i
            WHERE i.programme_id = p.programme_id AND i.conducted_on IS NOT NULL) AS inspected,
          coalesce(f.units_with_nonconformities, 0) AS units_with_nonconformities,
          coalesce(f.units_reported, 0) AS units_reported,
          coalesce(f.units_with_nonconformities, 0) - coalesce(f.units_reported, 0) AS units_outstanding,
          coalesce(f.nonconformities, 0) AS nonconformities,
          coalesce(f.awaiting_report, 0) AS awaiting_report,
          coalesce(f.overdue, 0) AS overdue,
          coalesce(f.verified, 0) AS verified,
          coalesce(f.not_accepted, 0) AS not_accepted,
          coalesce(f.carried_over, 0) AS carried_over,
          (SELECT count(*) FROM {s}.rm_recommendations r
            WHERE r.programme_id = p.programme_id) AS recommendations
        FROM {s}.rm_programmes p
        LEFT JOIN {s}.rm_programme_scope sc ON sc.programme_id = p.programme_id
        LEFT JOIN LATERAL (
          SELECT count(DISTINCT unit_id) AS units_with_nonconformities,
            count(*) AS nonconformities,
            count(*) FILTER (WHERE status IN {AWAITING_REPORT}) AS awaiting_report,
            count(*) FILTER (WHERE status IN {AWAITING_REPORT} AND report_due_on < current_date) AS overdue,
            count(*) FILTER (WHERE status = 'verified') AS verified,
            count(*) FILTER (WHERE status = 'not_accepted') AS not_accepted,
            count(*) FILTER (WHERE status = 'carried_over') AS carried_over,
            (SELECT count(*) FROM (
               SELECT unit_id FROM {s}.rm_findings g
               WHERE g.programme_id = p.programme_id AND g.status <> 'withdrawn'
               GROUP BY unit_id HAVING bool_and(g.reports_received > 0)) reported) AS units_reported
          FROM {s}.rm_findings WHERE programme_id = p.programme_id AND status <> 'withdrawn'
        ) f ON true
        GROUP BY p.programme_id, f.units_with_nonconformities, f.units_reported, f.nonconformities,
          f.awaiting_report, f.overdue, f.verified, f.not_accepted, f.carried_over""",
        f"""CREATE OR REPLACE VIEW {s}.rm_clause_weaknesses AS
        SELECT programme_id, item_code, clause, count(*) AS nonconformities,
          count(DISTINCT unit_id) AS units
        FROM {s}.rm_findings WHERE status <> 'withdrawn'
        GROUP BY programme_id, item_code, clause""",
        f"""CREATE OR REPLACE VIEW {s}.rm_unit_state AS
        SELECT u.*, last.inspection_id AS last_inspection_id, last.conducted_on AS last_inspected_on,
          coalesce(open.awaiting_report, 0) AS open_nonconformities,
          open.next_report_due_on,
          coalesce(open.next_report_due_on < current_date, false) AS overdue
        FROM {s}.rm_units u
        LEFT JOIN LATERAL (
          SELECT inspection_id, conducted_on FROM {s}.rm_inspections i
          WHERE i.unit_id = u.unit_id AND i.conducted_on IS NOT NULL
          ORDER BY conducted_on DESC, inspection_id LIMIT 1) last ON true
        LEFT JOIN LATERAL (
          SELECT count(*) AS awaiting_report, min(report_due_on) AS next_report_due_on
          FROM {s}.rm_findings f WHERE f.unit_id = u.unit_id AND f.status IN {AWAITING_REPORT}) open ON true""",
    ]

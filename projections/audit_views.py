"""The audit read model's views, over its tables (audit_tables.py): what depends on today's date (overdue)
or on several tables (the programme summary the seed article reports, weaknesses by clause, the unit
state). They are (re)created after the tables, e.g. after a rebuild's swap."""

from __future__ import annotations

from isotrail.domain.identifiers import quoted

AWAITING_REPORT = "('open', 'not_accepted')"


def audit_views(schema: str, today: str = "current_date") -> list[str]:
    """The statements that (re)create the views in ``schema``; ``today`` is the SQL of the day a deadline is
    overdue after (a document as of a past date: that date, projections/past_read_models.py)."""
    s = quoted(schema)
    return [
        f"""CREATE OR REPLACE VIEW {s}.rm_programme_summary AS
        SELECT p.programme_id, p.code, p.year, p.plan_number, p.status,
          count(sc.unit_id) AS units_in_scope,
          count(sc.unit_id) FILTER (WHERE sc.form = 'on_site') AS on_site,
          count(sc.unit_id) FILTER (WHERE sc.form = 'dossier') AS dossier,
          count(sc.unit_id) FILTER (WHERE sc.joint_team IS NOT NULL) AS joint,
          (SELECT count(*) FROM {s}.rm_inspections i
            WHERE i.programme_id = p.programme_id AND i.conducted_on IS NOT NULL
              AND i.ad_hoc_decision IS NULL) AS inspected,
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
            count(*) FILTER (WHERE status IN {AWAITING_REPORT} AND report_due_on < {today}) AS overdue,
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
          coalesce(open.next_report_due_on < {today}, false) AS overdue
        FROM {s}.rm_units u
        LEFT JOIN LATERAL (
          SELECT inspection_id, conducted_on FROM {s}.rm_inspections i
          WHERE i.unit_id = u.unit_id AND i.conducted_on IS NOT NULL
          ORDER BY conducted_on DESC, inspection_id LIMIT 1) last ON true
        LEFT JOIN LATERAL (
          SELECT count(*) AS awaiting_report, min(report_due_on) AS next_report_due_on
          FROM {s}.rm_findings f WHERE f.unit_id = u.unit_id AND f.status IN {AWAITING_REPORT}) open ON true""",
    ]

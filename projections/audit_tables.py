"""The audit read model's tables (one family, owned by the ``audit`` projection, audit.py): they hold what
the events say; audit_views.py derives the rest from them."""

from __future__ import annotations

from isotrail.projections.tables import Column as C  # noqa: N817 - table definitions read as a list
from isotrail.projections.tables import Index, Table

UNITS = Table("rm_units", [
    C("unit_id", "uuid", False), C("code", "text", False), C("name", "text", False),
    C("name_search", "text", False), C("name_sort", 'text COLLATE "C"', False), C("kind", "text", False),
    C("registered_on", "date", False), C("dissolved_on", "date"), C("names", "jsonb", False),
    C("predecessor_ids", "uuid[]"), C("successor_ids", "uuid[]"), C("qms_standard", "text"),
    C("qms_announced_on", "date"), C("last_internal_audit_on", "date"),
    C("last_management_review_on", "date"), C("qms_host_id", "uuid"), C("qms_sharer_ids", "uuid[]"),
    C("version", "int", False), C("tenant", "text"), C("lineage", "jsonb"),
], key=["unit_id"], indexes=["name_sort, unit_id", "kind"])

PROGRAMMES = Table("rm_programmes", [
    C("programme_id", "uuid", False), C("code", "text", False), C("year", "int", False),
    C("title", "text", False), C("plan_number", "text", False), C("plan_date", "date", False),
    C("legal_basis", "text[]"), C("standard", "text", False), C("catalogue_version", "text", False),
    C("organiser", "text", False), C("status", "text", False), C("drafted_on", "date", False),
    C("starts_on", "date"), C("ends_on", "date"), C("team", "jsonb", False), C("approved_on", "date"),
    C("approved_by", "text"), C("reported_on", "date"), C("report_number", "text"),
    C("report_summary", "text"), C("proposals", "text[]"), C("version", "int", False),
    C("budget_vnd", "bigint"), C("budget_source", "text"), C("partner_unit", "text"),
    C("mandatory_count", "int"), C("uncovered_units", "jsonb"),
    C("report_signer", "text"), C("compilation", "jsonb"), C("immediate_reports", "jsonb"),
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
    C("team_leader_signatory", "text"), C("unit_signatory", "text"), C("letter_number", "text"),
    C("report_due_on", "date"), C("decision", "jsonb"), C("report_requests", "jsonb"), C("opening_meeting", "jsonb"),
    C("version", "int", False), C("ad_hoc_reason", "text"), C("ad_hoc_decision", "text"),
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
    C("carried_to_programme_id", "uuid"), C("carried_to_unit_id", "uuid"), C("origin_nonconformity_id", "uuid"),
    C("recheck_outcome", "text"), C("rechecked_on", "date"), C("rechecked_in_inspection_id", "uuid"),
], key=["nonconformity_id"], indexes=["inspection_id", "programme_id, status", "unit_id", "item_code",
                                      "carried_to_programme_id"])

RECOMMENDATIONS = Table("rm_recommendations", [
    C("notification_id", "bigint", False), C("inspection_id", "uuid", False),
    C("programme_id", "uuid", False), C("unit_id", "uuid", False), C("source", "text", False),
    C("text", "text", False), C("recorded_on", "date", False),
], key=["notification_id"], indexes=["programme_id", "unit_id", "inspection_id"])

REPORTS = Table("rm_corrective_action_reports", [  # báo cáo khắc phục: one row per report received
    C("notification_id", "bigint", False), C("inspection_id", "uuid", False),
    C("programme_id", "uuid", False), C("unit_id", "uuid", False), C("version", "int", False),
    C("nonconformity_ids", "uuid[]", False), C("reference", "text", False), C("summary", "text", False),
    C("received_on", "date", False),
], key=["notification_id"], indexes=["inspection_id", "unit_id", Index("nonconformity_ids", using="gin")])

RECORDS = Table("rm_records", [  # hồ sơ kiểm tra (Art. 39): one row per record kept, by the event that recorded it
    C("aggregate_id", "uuid", False), C("version", "int", False), C("programme_id", "uuid", False),
    C("inspection_id", "uuid"), C("unit_id", "uuid"), C("kind", "text", False), C("number", "text"),
    C("issued_on", "date", False), C("signer", "text"), C("co_signer", "text"), C("nonconformity_ids", "uuid[]"),
    C("corrected_in_version", "int"),
], key=["aggregate_id", "version"], indexes=["programme_id, issued_on", "inspection_id"])

TEMPLATES = Table("rm_document_templates", [  # a province's own template per kind and format, as last uploaded
    C("template_id", "uuid", False), C("kind", "text", False), C("format", "text", False),
    C("number", "int", False), C("filename", "text", False), C("sha256", "text", False),
    C("byte_size", "int", False), C("content", "text", False), C("uploaded_on", "date", False),
    C("uploaded_at", "timestamptz", False), C("uploaded_by", "text", False), C("version", "int", False),
], key=["template_id"], indexes=["kind, format"])

ISSUES = Table("rm_documents_issued", [  # one row per document file handed out
    C("issue_id", "uuid", False), C("kind", "text", False), C("format", "text", False),
    C("object_id", "uuid", False), C("owner", "text", False), C("unit_id", "uuid"), C("as_of", "date", False),
    C("template_version", "text", False), C("content_digest", "text", False), C("sha256", "text", False),
    C("filename", "text", False), C("byte_size", "int", False), C("issued_at", "timestamptz", False),
    C("actor_id", "text", False), C("role", "text", False), C("correlation_id", "text", False),
], key=["issue_id"], indexes=["object_id, issued_at", "unit_id"])

AUDIT_TABLES = (UNITS, PROGRAMMES, SCOPE, INSPECTIONS, ASSESSMENTS, FINDINGS, RECOMMENDATIONS, REPORTS, RECORDS,
                TEMPLATES, ISSUES)
# The tables' shape: raised whenever a release changes what they hold, so that a deployment's projector folds
# every event again into tables of the new shape (projector.py's prepare).
AUDIT_SHAPE = 13  # 2: rm_corrective_action_reports; 3: rm_units.qms_host_id, qms_sharer_ids (a shared QMS);
# 4: rm_programmes' budget and partner unit, ad-hoc inspections; 5: the Art. 35 records (report letters,
# decision, opening meeting) and the minutes' signatories, no deadline after a rejection; 6: rm_programmes'
# coverage at approval (mandatory_count, uncovered_units); 7: the Art. 38 reports (rm_programmes.compilation,
# immediate_reports) and the closing report's signer, rm_records (Art. 39); 8: both together; 9: the documents'
# templates and issues (rm_document_templates, rm_documents_issued); 10: rm_units.tenant (the province that
# registered it) and lineage (its predecessors and successors with the decision and the date it took effect);
# 11: rm_findings' carry-over to a successor unit, its re-check in the later inspection and the new one's origin;
# 12: a successor's rm_document_templates without its predecessors' templates (they had replaced its own);
# 13: a predecessor's notification ids in bands rising with the order of the merges (domain/lineage.py)

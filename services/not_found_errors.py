"""Not found: nothing with the id (or key) asked for exists where the caller may look."""

from __future__ import annotations

from isotrail.domain.errors import IsotrailError


class NotFoundError(IsotrailError):
    """Nothing with this id exists in the caller's tenant."""

    code = "not_found"


class UnitNotFoundError(NotFoundError):
    """No unit (đơn vị) of this id is in the caller's reach: none in the tenant, or another unit's for a unit
    representative."""

    code = "unit_not_found"
    template_vi = "Không tìm thấy cơ quan này."
    template_en = "Unit {unit_id} was not found."


class ProgrammeNotFoundError(NotFoundError):
    """No programme (kế hoạch kiểm tra) of this id is in the caller's tenant."""

    code = "programme_not_found"
    template_vi = "Không tìm thấy kế hoạch kiểm tra này."
    template_en = "Programme {programme_id} was not found."


class InspectionNotFoundError(NotFoundError):
    """No inspection (cuộc kiểm tra) of this id is in the caller's reach: none in the tenant, or another unit's
    for a unit representative."""

    code = "inspection_not_found"
    template_vi = "Không tìm thấy cuộc kiểm tra này."
    template_en = "Inspection {inspection_id} was not found."


class DocumentTemplateNotFoundError(NotFoundError):
    """The province has no template of its own for this document and format (the repo's is in use)."""

    code = "document_template_not_found"
    template_vi = "Tỉnh chưa có mẫu văn bản riêng cho loại văn bản này."
    template_en = "No template of the province's own {template_id}."


class AggregateIdNotFoundError(NotFoundError):
    """No stream of events has this id in the caller's reach (an aggregate of any kind)."""

    code = "aggregate_not_found"
    template_vi = "Không tìm thấy bản ghi này."
    template_en = "Nothing with the id {aggregate_id} was found."


class FindingNotFoundError(NotFoundError):
    """No nonconformity of this id is in the caller's reach (the domain's own, of an inspection, is
    domain/nonconformity_errors.py's)."""

    code = "nonconformity_not_found"
    template_vi = "Không tìm thấy điểm không phù hợp này."
    template_en = "Nonconformity {nonconformity_id} was not found."


class TenantNotFoundError(NotFoundError):
    """The registry holds no tenant (province) of this slug: never created, or deleted."""

    code = "tenant_not_found"
    template_vi = "Không tìm thấy tỉnh/thành phố (tenant) «{slug}»."
    template_en = "Tenant '{slug}' was not found."


class TokenTenantNotFoundError(TenantNotFoundError):
    """A verified token names a tenant the registry does not hold (never created, or deleted): refused on
    every path, saying no more than that."""

    template_vi = "Tỉnh/thành phố ghi trong mã xác thực không tồn tại."
    template_en = "The token's tenant does not exist."


class CatalogueNotFoundError(NotFoundError):
    """No check-item catalogue (danh mục kiểm tra) of this version is shipped (`catalogues` lists them)."""

    code = "catalogue_not_found"
    template_vi = "Không có danh mục kiểm tra phiên bản «{version}»."
    template_en = "There is no check-item catalogue version '{version}'."

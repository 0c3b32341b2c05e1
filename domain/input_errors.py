"""Errors about what a command was given, whichever aggregate it is for: a value that is malformed or out
of range, dates out of order, an unsafe tenant slug, a check item its catalogue lacks, or no recording
metadata in force."""

from __future__ import annotations

from isotrail.domain.errors import DomainError


class InvalidValueError(DomainError):
    """A value is empty, malformed or out of its allowed range."""

    code = "invalid_value"
    field_details = ("field_name",)
    template_vi = "{field_name} không hợp lệ: {reason_vi}."
    template_en = "Invalid value for {field_name}: {reason_en}"

    @property
    def field(self) -> str:  # type: ignore[override]  # the value at fault is named per error
        return self.field_name


class DatesOutOfOrderError(DomainError):
    """A date comes before a date that must precede it."""

    code = "dates_out_of_order"
    field_details = ("earlier_name", "later_name")
    template_vi = "{later_name} ({later}) không được trước {earlier_name} ({earlier})."
    template_en = "{later_name} ({later}) cannot be before {earlier_name} ({earlier})."

    @property
    def field(self) -> str:  # type: ignore[override]  # the later date, the one the rule refuses
        return str(self.details["later_name"])


class InvalidTenantSlugError(DomainError):
    """A tenant slug that could not safely name a schema."""

    code = "invalid_tenant_slug"
    field = "slug"
    template_vi = (
        "Mã tỉnh «{slug}» không hợp lệ: chỉ gồm chữ thường không dấu, số và dấu gạch dưới, "
        "bắt đầu bằng chữ, tối đa 40 ký tự."
    )
    template_en = (
        "Invalid tenant slug '{slug}': lower-case ASCII letters, digits and underscores, "
        "starting with a letter, at most 40 characters."
    )


class UnknownCatalogueItemError(DomainError):
    """An assessment or finding names an item that its catalogue version does not have."""

    code = "unknown_catalogue_item"
    template_vi = "Danh mục kiểm tra «{catalogue_version}» không có mục «{item_code}»."
    template_en = "Catalogue {catalogue_version} has no check item '{item_code}'."


class MissingEventMetadataError(DomainError):
    """A command ran without an actor, role, tenant and correlation id in force."""

    code = "missing_event_metadata"
    template_vi = "Thiếu thông tin người thực hiện, vai trò và đơn vị quản lý của thao tác."
    template_en = "The command ran without actor, role and tenant metadata."

"""What a page asks for: ``first`` rows after a cursor, or ``last`` rows before one, as Relay's cursor
connections take them; sizes out of range, or both given, are typed errors naming the argument."""

from __future__ import annotations

from dataclasses import dataclass

from isotrail.domain.errors import IsotrailError

MAX_PAGE_SIZE = 200
DEFAULT_PAGE_SIZE = 50  # the page of a request giving neither first nor last: the first 50


class InvalidPageSizeError(IsotrailError):
    """``first`` or ``last`` is below 1 or above the cap."""

    code = "invalid_page_size"
    template_vi = "Số bản ghi mỗi trang phải từ 1 đến {maximum}."
    template_en = "Page size must be between 1 and {maximum}."

    @property
    def field(self) -> str:  # type: ignore[override]  # first or last, whichever was given
        return self.argument


class ConflictingPageSizesError(IsotrailError):
    """Both ``first`` and ``last`` were given: a page is read one way."""

    code = "conflicting_page_sizes"
    field = "last"
    template_vi = "Chỉ dùng một trong hai tham số first (trang tiếp theo) hoặc last (trang trước), không dùng cả hai."
    template_en = "Give first (to page forwards) or last (to page backwards), not both."


@dataclass(frozen=True)
class Window:
    """How many rows, and which way: forwards from ``after`` (or the start), or backwards from ``before``
    (or the end)."""

    size: int
    backward: bool

    @property
    def start(self) -> str:
        """The argument naming the cursor the page is read from."""
        return "before" if self.backward else "after"

    @classmethod
    def of(cls, first: int | None, last: int | None) -> Window:
        """Raises :class:`ConflictingPageSizesError` or :class:`InvalidPageSizeError`."""
        if first is not None and last is not None:
            raise ConflictingPageSizesError
        argument, size = ("last", last) if last is not None else ("first", first)
        size = DEFAULT_PAGE_SIZE if size is None else size
        if not 1 <= size <= MAX_PAGE_SIZE:
            raise InvalidPageSizeError(argument=argument, maximum=MAX_PAGE_SIZE)
        return cls(size, backward=last is not None)

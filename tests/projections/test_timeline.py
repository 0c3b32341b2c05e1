"""The unit timeline: every event of a unit, in order, with actor, role, dates and a Vietnamese sentence."""

from __future__ import annotations

from datetime import date

from isotrail.domain.tenancy import Tenant
from isotrail.services.commands import RenameUnit
from isotrail.services.commands.handle import handle
from isotrail.services.demo import replay_seed
from isotrail.services.tenant_application import TenantApplication
from tests.projections.conftest import rows


async def test_a_units_timeline_tells_its_2020_inspection(
    app: TenantApplication, pool, storage: Tenant, project
) -> None:
    replay_seed(app)
    await project("timeline")
    unit_id = app.unit_id("SNV")
    async with pool.acquire() as conn:
        entries = await conn.fetch(
            f'SELECT * FROM "{storage.schema}".rm_timeline WHERE unit_id = $1 ORDER BY notification_id', unit_id)
        total = await conn.fetchval(f'SELECT count(*) FROM "{storage.schema}".rm_timeline')
        drafted = await conn.fetchval(
            f'SELECT summary_vi FROM "{storage.schema}".rm_timeline WHERE event_type = \'Drafted\'')
    assert total == app.recorder.max_notification_id()
    assert drafted.startswith("Dự thảo kế hoạch kiểm tra năm 2020: Kiểm tra hoạt động duy trì")  # no number yet
    assert "35/KH-UBND" not in drafted
    sentences = [e["summary_vi"] for e in entries]
    assert sentences[0] == "Thêm cơ quan vào danh mục: «Sở Nội vụ tỉnh Sóc Trăng» (mã SNV)."
    assert "Được đưa vào kế hoạch 35/KH-UBND, hình thức kiểm tra tại trụ sở." in sentences
    assert any(s.startswith("Ký biên bản kiểm tra 2/BB-ĐKT (trưởng đoàn: ")
               and "; hạn gửi báo cáo khắc phục: " in s for s in sentences)
    assert any(s.startswith("Ghi nhận điểm không phù hợp (mục 6.2)") for s in sentences)
    conducted = next(e for e in entries if e["event_type"] == "Conducted")
    assert (conducted["role"], conducted["actor_id"]) == ("inspector", "doan-kiem-tra-iso")
    assert conducted["occurred_on"] == date(2020, 6, 2)
    assert conducted["recorded_at"].date() > conducted["occurred_on"]  # recorded years after it happened
    assert [e["version"] for e in entries if e["aggregate_id"] == unit_id] == [1]
    assert all(e["correlation_id"] == "demo-soc-trang-2020" for e in entries)


async def test_the_timeline_follows_renames_and_records_both_dates(
    app: TenantApplication, admin, pool, storage: Tenant, project
) -> None:
    from tests.builders import register_unit

    unit_id = register_unit(app, admin, "Ủy ban nhân dân huyện Kế Sách")
    handle(app, admin, RenameUnit(unit_id=unit_id, name="Ủy ban nhân dân xã Kế Sách", occurred_on=date(2025, 7, 1)))
    await project("timeline")
    entries = await rows(pool, storage, "rm_timeline", "notification_id")
    assert [e["summary_vi"] for e in entries] == [
        entries[0]["summary_vi"], "Đổi tên thành «Ủy ban nhân dân xã Kế Sách»."]
    assert entries[1]["occurred_on"] == date(2025, 7, 1)
    assert entries[1]["recorded_at"].year >= 2025


async def test_making_the_tables_again_drops_the_indexes_an_earlier_release_made(
    app: TenantApplication, pool, storage: Tenant, project
) -> None:
    await project("timeline")
    async with pool.acquire() as conn:  # as an earlier release left them
        await conn.execute(f'CREATE INDEX rm_timeline_aggregate_id_version_idx ON "{storage.schema}".rm_timeline '
                           "(aggregate_id, version)")
        await conn.execute(f'CREATE INDEX rm_timeline_occurred_on_idx ON "{storage.schema}".rm_timeline (occurred_on)')
    await project("timeline")  # prepares the tables again
    async with pool.acquire() as conn:
        indexes = {row["indexname"]: row["indexdef"] for row in await conn.fetch(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename = 'rm_timeline'",
            storage.schema)}
    assert sorted(indexes) == ["rm_timeline_aggregate_id_idx", "rm_timeline_occurred_on_brin_idx", "rm_timeline_pkey",
                               "rm_timeline_unit_id_notification_id_idx"]
    assert "USING brin (occurred_on)" in indexes["rm_timeline_occurred_on_brin_idx"]

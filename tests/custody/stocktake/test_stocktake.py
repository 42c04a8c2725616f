"""Stocktake: blind counts, reconciliation categories, resolutions through the ledger, sign-off."""

import datetime
import math
import threading
import uuid

import pytest
from django.db import connection, transaction

from accounts.errors import Conflict, InvalidInput, NotAllowed
from custody.models import CustodyEvent, EventKind, LedgerHead
from custody.services.core import Change, commit_changes, lock_items
from custody.services.storage import store_at
from custody.stocktake.models import Stocktake, StocktakeExpected, StocktakeLine, StocktakeScan
from custody.stocktake.services import (
    assign_custodian,
    close_counting,
    close_stocktake,
    due_audits,
    record_scan,
    resolve_line,
    sign_off_count,
    start_stocktake,
)
from custody.stocktake.services.sampling import choose_sample, sample_size
from labels.codes import make_item_code
from tests.world import PASSWORD
from warehouse.models import Item, Location
from warehouse.services import create_location, create_warehouse

C, R = StocktakeLine.Category, StocktakeLine.Resolution


def stored(world, count, location=None, **fields):
    items = world.items(world.case(f"盘点案〔2026〕{uuid.uuid4().hex[:6]}号"), count=count, **fields)
    store_at(actor=world.custodian, items=items, location=location or world.general_bin)
    return [Item.objects.get(pk=item.pk) for item in items]


def scan(world, stocktake, code, location=None, counter=None, scan_id=None):
    return record_scan(actor=counter or world.custodian, stocktake=stocktake, raw=code,
                       client_scan_id=scan_id or uuid.uuid4(), location=location)


def count_at(world, stocktake, location, items, counter=None):
    scan(world, stocktake, location.code, counter=counter)
    for item in items:
        scan(world, stocktake, item.code, location=location, counter=counter)


def check_out(world, item):
    with transaction.atomic():
        (locked,) = lock_items(world.custodian, [item.pk])
        commit_changes(world.custodian, [Change(item=locked, kind=EventKind.CHECKED_OUT)])


def categories(lines):
    return {line.code: line.category for line in lines}


# --- sample size -------------------------------------------------------------------------------

def test_cochran_sample_size_with_finite_population_correction():
    assert sample_size(10**9).n0 == 1068  # 1.959964² × 0.25 / 0.03² = 1067.07, rounded up
    assert sample_size(10**9).n == 1068
    assert sample_size(5000).n == math.ceil(1068 / (1 + 1067 / 5000)) == 881
    assert sample_size(60).n == 57
    assert sample_size(10).n == 10 and sample_size(0).n == 0
    assert "1068" in sample_size(5000).formula() and "881" in sample_size(5000).formula()


def test_weighted_sample_prefers_high_risk_items():
    ids, risky = list(range(1000)), set(range(100))
    plain = sum(len(choose_sample(ids, 100, seed=s) & risky) for s in range(30))
    weighted = sum(len(choose_sample(ids, 100, seed=s, high_risk=risky, weighted=True) & risky) for s in range(30))
    assert plain < 450 < weighted  # about 10 % of the sample against about 25 %
    assert choose_sample(ids, 100, seed=7) == choose_sample(ids, 100, seed=7)  # reproducible


def test_sampled_stocktake_freezes_a_sample_of_the_right_size(world):
    stored(world, 30, world.general_bin)
    stored(world, 30, world.general_bin2)
    stocktake = start_stocktake(actor=world.custodian, warehouse=world.warehouse, method=Stocktake.Method.SAMPLE)
    assert (stocktake.population_size, stocktake.sample_size) == (60, 57)
    assert StocktakeExpected.objects.filter(stocktake=stocktake).count() == 60
    assert StocktakeExpected.objects.filter(stocktake=stocktake, in_sample=True).count() == 57


def test_high_risk_audit_samples_only_high_risk_items(world):
    stored(world, 3, world.general_bin)
    stored(world, 2, world.hazardous_bin, waste_stream=Item.WasteStream.HAZARDOUS, hazard_class="toxic")
    stocktake = start_stocktake(actor=world.auditor, warehouse=world.warehouse,
                                purpose=Stocktake.Purpose.HIGH_RISK_AUDIT, risk_weighted=True)
    assert stocktake.method == Stocktake.Method.SAMPLE
    assert stocktake.population_size == 2
    assert all(row.high_risk for row in stocktake.expected.all())


# --- counting ----------------------------------------------------------------------------------

def test_a_resent_scan_is_recorded_once(world):
    (item,) = stored(world, 1)
    stocktake = start_stocktake(actor=world.custodian, warehouse=world.warehouse)
    scan(world, stocktake, world.general_bin.code)
    scan_id = uuid.uuid4()
    first = scan(world, stocktake, item.code, location=world.general_bin, scan_id=scan_id)
    again = scan(world, stocktake, item.code, location=world.general_bin, scan_id=scan_id)
    assert first.created and not again.created and first.scan.pk == again.scan.pk
    assert StocktakeScan.objects.filter(stocktake=stocktake, kind="item").count() == 1


def test_item_scan_needs_a_location_and_bad_codes_are_refused(world):
    (item,) = stored(world, 1)
    stocktake = start_stocktake(actor=world.custodian, warehouse=world.warehouse, locations=[world.general_bin])
    with pytest.raises(InvalidInput) as caught:
        scan(world, stocktake, item.code)
    assert caught.value.code == "no_location"
    with pytest.raises(InvalidInput) as caught:
        scan(world, stocktake, item.code[:-1] + ("0" if item.code[-1] != "0" else "1"), location=world.general_bin)
    assert caught.value.code == "label_bad_check"
    with pytest.raises(InvalidInput) as caught:
        scan(world, stocktake, world.general_bin2.code)
    assert caught.value.code == "location_out_of_scope"
    assert not StocktakeScan.objects.exists()


def test_who_may_count(world):
    stored(world, 1)
    routine = start_stocktake(actor=world.custodian, warehouse=world.warehouse, locations=[world.general_bin])
    for person in (world.officer, world.auditor, world.supervisor):
        with pytest.raises(NotAllowed):
            scan(world, routine, world.general_bin.code, counter=person)
    audit = start_stocktake(actor=world.auditor, warehouse=world.warehouse, locations=[world.general_bin2],
                            purpose=Stocktake.Purpose.ANNUAL_AUDIT)
    with pytest.raises(NotAllowed):
        scan(world, audit, world.general_bin2.code)  # the custodian does not audit their own warehouse
    assert scan(world, audit, world.general_bin2.code, counter=world.auditor).created
    with pytest.raises(NotAllowed) as caught:
        start_stocktake(actor=world.custodian, warehouse=world.warehouse, locations=[world.small_bin],
                        purpose=Stocktake.Purpose.ANNUAL_AUDIT)
    assert caught.value.code == "audit_by_outsider"
    with pytest.raises(NotAllowed):
        start_stocktake(actor=world.outsider, warehouse=world.warehouse)


def test_overlapping_open_stocktakes_are_refused(world):
    start_stocktake(actor=world.custodian, warehouse=world.warehouse, locations=[world.general_bin])
    with pytest.raises(Conflict) as caught:
        start_stocktake(actor=world.custodian, warehouse=world.warehouse)
    assert caught.value.code == "stocktake_overlaps"
    start_stocktake(actor=world.custodian, warehouse=world.warehouse, locations=[world.general_bin2])


# --- reconciliation ----------------------------------------------------------------------------

@pytest.fixture
def counted(world):
    """A full stocktake with one item of every category."""
    matched, misplaced, missing = stored(world, 3, world.general_bin)
    (away,) = stored(world, 1, world.general_bin2)
    check_out(world, away)
    (lost,) = stored(world, 1, world.general_bin2)
    with transaction.atomic():
        (locked,) = lock_items(world.custodian, [lost.pk])
        commit_changes(world.custodian, [Change(item=locked, kind=EventKind.MARKED_MISSING, location=None)])
    other_warehouse = create_warehouse(code="sz-other", name="另一公物仓", operator=world.city)
    other_bin = create_location(warehouse=other_warehouse, name="X1", kind=Location.Kind.BIN)
    for cached in ("_operated_warehouse_ids", "_item_agency_ids"):  # the custodian's scope grew
        world.custodian.__dict__.pop(cached, None)
    (foreign,) = stored(world, 1, other_bin)
    unknown = make_item_code(type_letter="S", division_code="440300", serial=99999)
    stocktake = start_stocktake(actor=world.custodian, warehouse=world.warehouse)
    count_at(world, stocktake, world.general_bin, [matched, foreign])
    count_at(world, stocktake, world.general_bin2, [misplaced, lost])
    scan(world, stocktake, unknown, location=world.general_bin2)
    lines = close_counting(actor=world.custodian, stocktake=stocktake)
    return {"stocktake": stocktake, "lines": lines, "matched": matched, "misplaced": misplaced, "missing": missing,
            "away": away, "lost": lost, "foreign": foreign, "unknown": unknown}


def test_each_discrepancy_gets_its_category(counted):
    assert categories(counted["lines"]) == {
        counted["matched"].code: C.MATCHED,
        counted["misplaced"].code: C.MISPLACED,
        counted["missing"].code: C.MISSING,
        counted["away"].code: C.EXCLUDED,
        counted["lost"].code: C.UNEXPECTED,
        counted["foreign"].code: C.OTHER_WAREHOUSE,
        counted["unknown"]: C.UNKNOWN,
    }
    stocktake = counted["stocktake"]
    stocktake.refresh_from_db()
    assert stocktake.status == Stocktake.Status.RECONCILING
    pending = stocktake.lines.filter(resolution=R.PENDING).values_list("code", flat=True)
    assert sorted(pending) == sorted([counted[k] if k == "unknown" else counted[k].code
                                      for k in ("misplaced", "missing", "lost", "foreign", "unknown")])
    with pytest.raises(Conflict) as caught:
        record_scan(actor=stocktake.started_by, stocktake=stocktake, raw=counted["matched"].code,
                    client_scan_id=uuid.uuid4())
    assert caught.value.code == "counting_closed"


def test_item_moved_through_the_ledger_during_the_count_is_matched(world):
    (item,) = stored(world, 1, world.general_bin)
    stocktake = start_stocktake(actor=world.custodian, warehouse=world.warehouse)
    store_at(actor=world.custodian, items=[item], location=world.general_bin2)
    count_at(world, stocktake, world.general_bin2, [item])
    assert categories(close_counting(actor=world.custodian, stocktake=stocktake)) == {item.code: C.MATCHED}


def resolve(world, stocktake, code, resolution, reason="核实 checked"):
    line = StocktakeLine.objects.get(stocktake=stocktake, code=code)
    return resolve_line(actor=world.supervisor, line=line, resolution=resolution, reason=reason)


def test_resolutions_go_through_the_ledger_and_closing_records_every_counted_item(world, counted):
    stocktake = counted["stocktake"]
    with pytest.raises(NotAllowed):
        resolve_line(actor=world.custodian, line=stocktake.lines.get(code=counted["misplaced"].code),
                     resolution=R.MOVE_RECORDED, reason="x")
    with pytest.raises(InvalidInput):
        resolve(world, stocktake, counted["misplaced"].code, R.MOVE_RECORDED, reason=" ")
    with pytest.raises(InvalidInput):
        resolve(world, stocktake, counted["misplaced"].code, R.MARKED_MISSING)
    resolve(world, stocktake, counted["misplaced"].code, R.MOVE_RECORDED, "上次整理时放错 misfiled")
    resolve(world, stocktake, counted["missing"].code, R.MARKED_MISSING, "全库查找未见 not found")
    resolve(world, stocktake, counted["lost"].code, R.FOUND_RECORDED, "找回 found again")
    resolve(world, stocktake, counted["foreign"].code, R.NOTED, "通知另一公物仓 other warehouse told")
    with pytest.raises(Conflict) as caught:
        close_stocktake(actor=world.supervisor, stocktake=stocktake, password=PASSWORD)
    assert caught.value.code == "unresolved_discrepancies"
    resolve(world, stocktake, counted["unknown"], R.NOTED, "标签送核查 label sent for checking")
    with pytest.raises(Conflict) as caught:
        close_stocktake(actor=world.supervisor, stocktake=stocktake, password=PASSWORD)
    assert caught.value.code == "unsigned_counters"
    with pytest.raises(InvalidInput):
        sign_off_count(actor=world.custodian, stocktake=stocktake, password="wrong")
    with pytest.raises(NotAllowed):
        sign_off_count(actor=world.custodian2, stocktake=stocktake, password=PASSWORD)
    signed = sign_off_count(actor=world.custodian, stocktake=stocktake, password=PASSWORD)
    assert signed.signed_at and stocktake.code in signed.statement
    with pytest.raises(InvalidInput):
        close_stocktake(actor=world.supervisor, stocktake=stocktake, password="wrong")
    before = LedgerHead.objects.get().last_seq
    close_stocktake(actor=world.supervisor, stocktake=stocktake, password=PASSWORD)

    for key, kinds in {
        "misplaced": [EventKind.MOVED, EventKind.SEEN_IN_STOCKTAKE],
        "missing": [EventKind.MARKED_MISSING],
        "lost": [EventKind.FOUND, EventKind.PUT_AWAY, EventKind.SEEN_IN_STOCKTAKE],
        "matched": [EventKind.SEEN_IN_STOCKTAKE],
        "foreign": [], "away": [],
    }.items():
        events = CustodyEvent.objects.filter(item=counted[key], reference=stocktake.code).order_by("seq")
        assert [e.kind for e in events] == kinds, key
    for key, status, location in [("misplaced", Item.Status.IN_STORAGE, world.general_bin2),
                                  ("missing", Item.Status.MISSING, None),
                                  ("lost", Item.Status.IN_STORAGE, world.general_bin2)]:
        counted[key].refresh_from_db()
        assert (counted[key].status, counted[key].location) == (status, location), key
    stocktake.refresh_from_db()
    head = LedgerHead.objects.get()
    assert stocktake.status == Stocktake.Status.CLOSED and stocktake.closed_by == world.supervisor
    assert (stocktake.ledger_seq, stocktake.ledger_hash) == (head.last_seq, head.last_hash)
    assert head.last_seq - before == 3  # one SEEN event each for matched, misplaced, lost
    assert [s.role for s in stocktake.signoffs.all()] == ["counter", "supervisor"]


def test_a_counter_cannot_close_their_own_count(world):
    (item,) = stored(world, 1)
    stocktake = start_stocktake(actor=world.custodian, warehouse=world.warehouse)
    count_at(world, stocktake, world.general_bin, [item])
    close_counting(actor=world.custodian, stocktake=stocktake)
    world.custodian.groups.add(*world.supervisor.groups.all())
    world.custodian = type(world.custodian).objects.get(pk=world.custodian.pk)
    with pytest.raises(NotAllowed) as caught:
        close_stocktake(actor=world.custodian, stocktake=stocktake, password=PASSWORD)
    assert caught.value.code == "separation_of_duties"


def test_hazardous_item_found_in_a_general_bin_cannot_be_recorded_there(world):
    (item,) = stored(world, 1, world.hazardous_bin, waste_stream=Item.WasteStream.HAZARDOUS, hazard_class="toxic")
    stocktake = start_stocktake(actor=world.custodian, warehouse=world.warehouse)
    count_at(world, stocktake, world.general_bin, [item])
    close_counting(actor=world.custodian, stocktake=stocktake)
    with pytest.raises(Conflict) as caught:
        resolve(world, stocktake, item.code, R.MOVE_RECORDED)
    assert caught.value.code == "location_not_hazardous"
    resolve(world, stocktake, item.code, R.PUT_BACK, "已放回危险品库 put back")
    assert CustodyEvent.objects.filter(item=item, kind=EventKind.MOVED).count() == 0


# --- due and overdue ---------------------------------------------------------------------------

def test_due_list_follows_audits_and_custodian_changes(world):
    today = datetime.date(2026, 5, 1)
    rows = {(r.warehouse.code, r.kind): r for r in due_audits(world.supervisor, today)}
    assert rows[("sz-test", "annual_audit")].state == "overdue"
    assert ("sz-test", "custodian_change") not in rows
    with pytest.raises(NotAllowed):
        assign_custodian(actor=world.supervisor, warehouse=world.warehouse, user=world.custodian2,
                         starts_on=today)
    assign_custodian(actor=world.admin, warehouse=world.warehouse, user=world.custodian2,
                     starts_on=datetime.date(2026, 4, 28))
    row = {(r.warehouse.code, r.kind): r for r in due_audits(world.supervisor, today)}[("sz-test", "custodian_change")]
    assert (row.state, row.due_on) == ("due", datetime.date(2026, 5, 12))
    later = {(r.warehouse.code, r.kind): r for r in due_audits(world.supervisor, datetime.date(2026, 6, 1))}
    assert later[("sz-test", "custodian_change")].state == "overdue"


def test_a_closed_full_count_settles_the_custodian_change(world):
    (item,) = stored(world, 1)
    assign_custodian(actor=world.admin, warehouse=world.warehouse, user=world.custodian2,
                     starts_on=datetime.date.today() - datetime.timedelta(days=1))
    stocktake = start_stocktake(actor=world.custodian, warehouse=world.warehouse,
                                purpose=Stocktake.Purpose.CUSTODIAN_CHANGE)
    count_at(world, stocktake, world.general_bin, [item])
    close_counting(actor=world.custodian, stocktake=stocktake)
    sign_off_count(actor=world.custodian, stocktake=stocktake, password=PASSWORD)
    close_stocktake(actor=world.supervisor, stocktake=stocktake, password=PASSWORD)
    kinds = {r.kind for r in due_audits(world.supervisor) if r.warehouse == world.warehouse}
    assert "custodian_change" not in kinds


# --- concurrency -------------------------------------------------------------------------------

@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a real race needs PostgreSQL")
def test_concurrent_counters_and_resends(tx_world):
    world = tx_world
    first = stored(world, 8, world.general_bin)
    second = stored(world, 8, world.general_bin2)
    stocktake = start_stocktake(actor=world.custodian, warehouse=world.warehouse)
    resend_id = uuid.uuid4()
    errors = []
    barrier = threading.Barrier(4)

    def counter(user, location, items, extra_id=None):
        try:
            barrier.wait()
            scan(world, stocktake, location.code, counter=user)
            for item in items:
                scan(world, stocktake, item.code, location=location, counter=user)
            if extra_id:
                scan(world, stocktake, first[0].code, location=location, counter=user, scan_id=extra_id)
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=counter, args=(world.custodian, world.general_bin, first, resend_id)),
               threading.Thread(target=counter, args=(world.custodian2, world.general_bin2, second, resend_id)),
               threading.Thread(target=counter, args=(world.custodian, world.general_bin, [], resend_id)),
               threading.Thread(target=counter, args=(world.custodian2, world.general_bin2, [], resend_id))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert StocktakeScan.objects.filter(stocktake=stocktake, kind="item").count() == 16 + 1
    lines = close_counting(actor=world.custodian, stocktake=stocktake)
    assert set(categories(lines).values()) == {C.MATCHED}
    assert len(lines) == 16

"""A stateful property test of the item lifecycle: random service calls by random personas.

After every step: the ledger verifies (chain, hashes, columns, replay = stored state,
checkpoints), every item is in a state the transition table can reach, and no custody step was
taken by someone without the role, out of scope, or an officer of the item's own case.
"""

import itertools
from decimal import Decimal

from django.db import transaction
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, invariant, rule, run_state_machine_as_test

from accounts.errors import DomainError
from custody.checkpoints import make_checkpoint
from custody.intake.services import ItemInput, register_items
from custody.models import CustodyEvent, EventKind, LedgerHead
from custody.services.condition import record_observation
from custody.services.storage import receive_items, store_at
from custody.transitions import ON_LOCATION, TRANSITIONS
from custody.verify import verify_ledger
from warehouse.models import Item

REACHABLE = {status for moves in TRANSITIONS.values() for status in moves.values()}
PERSONAS = ["custodian", "custodian2", "officer", "officer2", "supervisor", "finance", "auditor", "admin", "outsider"]
CUSTODY_KINDS = {EventKind.RECEIVED, EventKind.PUT_AWAY, EventKind.MOVED}
_numbers = itertools.count(1)


class Lifecycle(RuleBasedStateMachine):
    items = Bundle("items")
    cases = Bundle("cases")

    def __init__(self, world):
        super().__init__()
        self.world = world
        self.locations = [world.general_bin, world.general_bin2, world.hazardous_bin, world.small_bin]
        self.joined = {}  # (case id, user id) -> ledger seq when the user became an officer of the case
        # Each example runs in a savepoint rolled back at teardown: examples start from the same world.
        self.savepoint = transaction.atomic()
        self.savepoint.__enter__()

    def teardown(self):
        transaction.set_rollback(True)
        self.savepoint.__exit__(None, None, None)

    def persona(self, name):
        return getattr(self.world, name)

    def attempt(self, call):
        """Run a service call; a refusal must be a domain error and must leave the ledger alone."""
        before = CustodyEvent.objects.count()
        try:
            call()
        except DomainError:
            assert CustodyEvent.objects.count() == before

    @rule(target=cases, officer=st.sampled_from(["officer", "officer2"]))
    def open_case(self, officer):
        return self.world.case(number=f"性质测试〔2026〕{next(_numbers)}号", officer=self.persona(officer))

    @rule(target=items, case=cases, hazardous=st.booleans(), count=st.integers(1, 2))
    def register(self, case, hazardous, count):
        extra = {"waste_stream": Item.WasteStream.HAZARDOUS, "hazard_class": "toxic"} if hazardous else {}
        rows = [ItemInput(description="假冒农药 fake pesticide", quantity=Decimal(1), **extra) for _ in range(count)]
        return register_items(actor=case.created_by, case=case, items=rows)

    @rule(case=cases, who=st.sampled_from(["custodian", "custodian2"]))
    def custodian_joins_case(self, case, who):
        case.officers.add(self.persona(who))  # from now on separation of duties must refuse them
        head = LedgerHead.objects.first()
        self.joined.setdefault((case.pk, self.persona(who).pk), head.last_seq if head else 0)

    @rule(items=items, who=st.sampled_from(PERSONAS))
    def receive(self, items, who):
        self.attempt(lambda: receive_items(actor=self.persona(who), items=_fresh(items)))

    @rule(items=items, who=st.sampled_from(PERSONAS), where=st.integers(0, 3))
    def store(self, items, who, where):
        self.attempt(lambda: store_at(actor=self.persona(who), items=_fresh(items), location=self.locations[where]))

    @rule(items=items, who=st.sampled_from(PERSONAS),
          kind=st.sampled_from([EventKind.SEAL_BROKEN, EventKind.RESEALED, EventKind.CONDITION_NOTED]))
    def observe(self, items, who, kind):
        self.attempt(lambda: record_observation(actor=self.persona(who), item=_fresh(items)[0], kind=kind,
                                                note="检查 check", seal_number="FT-9"))

    @rule(items=consumes(items))
    def forget(self, items):
        """Stop acting on some items (they stay in the ledger and in every check)."""

    @rule()
    def checkpoint(self):
        make_checkpoint()

    @invariant()
    def ledger_verifies(self):
        report = verify_ledger()
        assert report.ok, report.problems[:3]

    @invariant()
    def states_are_legal(self):
        for status, location, hazardous, location_hazardous in Item.objects.values_list(
                "status", "location", "waste_stream", "location__is_hazardous"):
            assert status in REACHABLE
            assert (location is not None) == (status in ON_LOCATION)
            if location is not None and hazardous == Item.WasteStream.HAZARDOUS:
                assert location_hazardous

    @invariant()
    def separation_of_duties(self):
        events = CustodyEvent.objects.filter(kind__in=CUSTODY_KINDS).values_list("seq", "actor", "item__case")
        for seq, actor_id, case_id in events:
            assert actor_id in self.custodian_ids, seq  # only custodians take items in or move them
            assert seq <= self.joined.get((case_id, actor_id), seq), seq  # never an officer of that case

    @property
    def custodian_ids(self):
        return {self.world.custodian.pk, self.world.custodian2.pk}


def _fresh(items):
    return list(Item.objects.filter(pk__in=[item.pk for item in items]).order_by("pk"))


def test_item_lifecycle_state_machine(world):
    run_state_machine_as_test(
        lambda: Lifecycle(world),
        settings=settings(max_examples=15, stateful_step_count=20, deadline=None,
                          suppress_health_check=list(HealthCheck)),
    )

"""Re-check the whole ledger: what ``manage.py verify_ledger`` runs.

Checks, each reported with the sequence number of the first event it concerns:
  sequence    seq runs 1, 2, 3… without gaps
  link        each event's prev_hash is the hash of the event before it
  hash        each hash is SHA-256 over version, previous hash and the stored payload
  columns     the structured columns say what the (hashed) payload says
  transition  each event is allowed by the item state machine in the status it came from
  replay      per item, events run 1..n, each starts where the previous one ended, and the last
              one ends where the item is now (status, location, legal holder)
  head        the chain head row points at the last event
  checkpoint  every checkpoint's signature holds and the event it names still has the signed hash

Built for millions of events in bounded memory: events are streamed in seq order as tuples
(a server-side cursor on PostgreSQL), and the per-item replay runs in SQL with window
functions instead of a Python dictionary of every item.
"""

from __future__ import annotations

import json
import threading
import time
from contextlib import nullcontext
from dataclasses import asdict, dataclass, field

from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from custody.checkpoints import signature_problem, trusted_keys
from custody.ledger import GENESIS_HASH, PAYLOAD_FIELDS, chain_hash, format_time, payload_for
from custody.models import Checkpoint, CustodyEvent, LedgerHead
from custody.replay import replay_problems
from custody.transitions import TRANSITIONS
from warehouse.models import Item

MAX_PROBLEMS = 50  # enough to see a pattern; the first by seq is what the exit message names

# Column values fetched per event, in this order (item__code joins the item's label code).
_COLUMNS = ("seq", "item_id", "item__code", "item_seq", "kind", "actor_id", "counterparty", "from_status",
            "to_status", "from_location_id", "to_location_id", "from_holder_id", "to_holder_id", "reference",
            "reason", "legal_document_number", "seal_numbers", "condition", "recorded_at", "client_event_id",
            "payload", "prev_hash", "hash")
_NAMES = tuple("item_code" if name == "item__code" else name for name in _COLUMNS[:-3])


@dataclass
class Problem:
    seq: int | None
    check: str
    message: str


@dataclass
class Report:
    events: int = 0
    items: int = 0
    checkpoints: int = 0
    head_seq: int = 0
    head_hash: str = GENESIS_HASH
    last_seq: int = 0  # of the last event streamed
    seconds: float = 0.0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first(self) -> Problem | None:
        return min(self.problems, key=lambda p: (p.seq is None, p.seq or 0), default=None)

    def add(self, seq: int | None, check: str, message) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(seq, check, str(message)))

    def as_dict(self) -> dict:
        first = self.first
        return {
            "ok": self.ok, "events": self.events, "items": self.items, "checkpoints": self.checkpoints,
            "head": {"seq": self.head_seq, "hash": self.head_hash}, "seconds": round(self.seconds, 3),
            "events_per_second": round(self.events / self.seconds) if self.seconds else None,
            "first_bad_seq": first.seq if first else None,
            "problems": [asdict(problem) for problem in sorted(self.problems, key=lambda p: p.seq or 0)],
        }


def verify_ledger(*, public_key_files=(), chunk_size: int = 5000) -> Report:
    report = Report()
    started = time.monotonic()
    head = LedgerHead.objects.filter(pk=1).values_list("last_seq", "last_hash").first() or (0, GENESIS_HASH)
    report.head_seq, report.head_hash = head
    # PostgreSQL: one read-only transaction keeps the server-side cursor cheap (no WITH HOLD copy).
    # SQLite: transactions take the write lock here (IMMEDIATE), so each check is one statement instead.
    in_transaction = transaction.atomic() if connection.vendor == "postgresql" else nullcontext()
    # A second connection sees only committed rows: inside a caller's transaction, replay here.
    parallel = connection.vendor == "postgresql" and not connection.in_atomic_block
    replay = _ReplayInBackground(upto=head[0]) if parallel else None
    with in_transaction:
        _check_chain(report, upto=head[0], chunk_size=chunk_size)
        _check_head(report)
        problems = replay.result() if replay else replay_problems(upto=head[0], limit=MAX_PROBLEMS)
        for seq, check, message in problems:
            report.add(seq, check, message)
        _check_checkpoints(report, trusted_keys(public_key_files), chunk_size)
    report.items = _count_items()
    report.seconds = time.monotonic() - started
    return report


class _ReplayInBackground:
    """The replay is SQL the server runs while this process hashes the chain: on PostgreSQL it runs
    on its own connection in a thread, so the two use both cores instead of taking turns."""

    def __init__(self, *, upto: int):
        self._problems: list = []
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(upto,), name="verify-replay", daemon=True)
        self._thread.start()

    def _run(self, upto: int) -> None:
        try:
            self._problems = list(replay_problems(upto=upto, limit=MAX_PROBLEMS))
        except BaseException as error:  # noqa: BLE001 (raised again in the caller's thread)
            self._error = error
        finally:
            connection.close()

    def result(self) -> list:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._problems


def _check_chain(report: Report, *, upto: int, chunk_size: int) -> None:
    rows = CustodyEvent.objects.filter(seq__lte=upto).order_by("seq").values_list(*_COLUMNS)
    expected, last_hash = 0, GENESIS_HASH
    for row in rows.iterator(chunk_size=chunk_size):
        seq, payload, prev_hash, event_hash = row[0], row[-3], row[-2], row[-1]
        report.events += 1
        expected += 1
        if seq != expected:
            report.add(expected, "sequence", _("Events %(first)s to %(last)s are missing.")
                       % {"first": expected, "last": seq - 1})
            expected = seq
        if prev_hash != last_hash:
            report.add(seq, "link", _("Event %(seq)s does not link to the event before it.") % {"seq": seq})
        if chain_hash(prev_hash, payload) != event_hash:
            report.add(seq, "hash", _("Event %(seq)s: the hash does not match the payload.") % {"seq": seq})
        last_hash = event_hash
        values = dict(zip(_NAMES, row, strict=False))
        _check_columns(report, seq, values, payload)
        if TRANSITIONS.get(values["kind"], {}).get(values["from_status"]) != values["to_status"]:
            report.add(seq, "transition", _("Event %(seq)s: %(kind)s cannot lead from “%(from)s” to “%(to)s”.")
                       % {"seq": seq, "kind": values["kind"], "from": values["from_status"],
                          "to": values["to_status"]})
    report.last_seq = expected
    if expected < upto:
        report.add(expected + 1, "sequence", _("Events %(first)s to %(last)s are missing.")
                   % {"first": expected + 1, "last": upto})


def _check_columns(report: Report, seq: int, values: dict, payload: str) -> None:
    try:
        stored = json.loads(payload)
    except ValueError:
        report.add(seq, "columns", _("Event %(seq)s: the payload is not JSON.") % {"seq": seq})
        return
    expected = payload_for(values)
    # One dictionary comparison in C for the common case; the field loop only names the culprit.
    if {name: stored.get(name) for name in expected} == expected:
        return
    for name in (*PAYLOAD_FIELDS, "v"):
        if stored.get(name) != expected[name]:
            report.add(seq, "columns", _("Event %(seq)s: column %(name)s says %(column)r, the payload %(payload)r.")
                       % {"seq": seq, "name": name, "column": expected[name], "payload": stored.get(name)})
            return


def _check_head(report: Report) -> None:
    """The head row against the newest event, read in one statement (so a concurrent append agrees)."""
    head_seq = LedgerHead.objects.filter(pk=1).values("last_seq")
    head_hash = LedgerHead.objects.filter(pk=1).values("last_hash")
    newest = (
        CustodyEvent.objects.order_by("-seq")
        .annotate(head_seq=Subquery(head_seq), head_hash=Subquery(head_hash))
        .values_list("seq", "hash", "head_seq", "head_hash")
        .first()
    )
    if newest is None:
        return
    seq, event_hash, head_seq, head_hash = newest
    if head_seq is None:
        report.add(1, "head", _("The chain head row is missing."))
    elif seq > head_seq:
        report.add(head_seq + 1, "head", _("Events %(first)s to %(last)s lie beyond the chain head: they were not "
                                           "appended through the ledger.") % {"first": head_seq + 1, "last": seq})
    elif seq < head_seq:
        report.add(seq + 1, "head", _("Events %(first)s to %(last)s are missing from the end of the ledger.")
                   % {"first": seq + 1, "last": head_seq})
    elif event_hash != head_hash:
        report.add(seq, "head", _("Event %(seq)s does not have the hash the chain head records.") % {"seq": seq})


def _check_checkpoints(report: Report, keys: dict, chunk_size: int) -> None:
    event_hash = CustodyEvent.objects.filter(seq=OuterRef("seq")).values("hash")
    rows = (
        Checkpoint.objects.order_by("seq", "id")
        .annotate(event_hash=Subquery(event_hash))
        .values_list("id", "seq", "head_hash", "signed_at", "key_fingerprint", "signature", "event_hash")
    )
    last_good = 0
    for pk, seq, head_hash, signed_at, key_fingerprint, signature, stored_hash in rows.iterator(chunk_size):
        report.checkpoints += 1
        problem = signature_problem(seq=seq, head_hash=head_hash, signed_at=format_time(signed_at),
                                    key_fingerprint=key_fingerprint, signature=signature, keys=keys)
        if problem:
            report.add(seq, "checkpoint", _("Checkpoint %(id)s of event %(seq)s: %(problem)s.")
                       % {"id": pk, "seq": seq, "problem": problem})
        elif stored_hash is None:
            # Name the first event that is gone, not the checkpoint's: that is where the ledger breaks.
            report.add(min(seq, report.last_seq + 1), "checkpoint",
                       _("Event %(seq)s, signed in a checkpoint at %(time)s, no longer exists: the ledger was cut "
                         "short.") % {"seq": seq, "time": format_time(signed_at)})
        elif stored_hash != head_hash:
            report.add(seq, "checkpoint", _("Event %(seq)s no longer has the hash signed at %(time)s: the ledger was "
                                            "rewritten after event %(good)s.")
                       % {"seq": seq, "time": format_time(signed_at), "good": last_good})
        else:
            last_good = seq


def _count_items() -> int:
    return Item.objects.count()

#!/usr/bin/env python3
"""Verify an export of the custody ledger without the custody code base.

    python3 verify_ledger_export.py ledger.jsonl --public-key agency.pem [--public-key old.pem] [--json]

Needs Python 3.11+ and the `cryptography` package only. Checks, in one pass over the file:
  - events are numbered 1, 2, 3... without gaps, and each links to the hash of the one before;
  - each hash is SHA-256 over "custody-ledger/1\\n" + previous hash + "\\n" + the payload bytes;
  - each payload's seq is the line's seq;
  - per item: item_seq counts 1, 2, 3...; every event starts where the item's previous event ended;
    after the last event, the item is where the export says it is now;
  - every checkpoint is signed by one of the given public keys over
    "custody-checkpoint/1\\n<seq>\\n<head hash>\\n<signed_at>", and follows the event it names with
    exactly that hash (this is what catches a truncated or rewritten ledger);
  - the end line's counts match (the file is complete).
Exit code 0 when everything holds, 1 otherwise, naming the first bad sequence number.
The format is described in docs/ledger.md.
"""

import argparse
import hashlib
import json
import sys

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

LEDGER_VERSION = "custody-ledger/1"
CHECKPOINT_VERSION = "custody-checkpoint/1"
GENESIS_HASH = "0" * 64


def chain_hash(prev_hash: str, payload: str) -> str:
    return hashlib.sha256(f"{LEDGER_VERSION}\n{prev_hash}\n".encode() + payload.encode("utf-8")).hexdigest()


def load_keys(paths):
    keys = {}
    for path in paths:
        with open(path, "rb") as handle:
            key = serialization.load_pem_public_key(handle.read())
        if not isinstance(key, Ed25519PublicKey):
            sys.exit(f"{path}: not an Ed25519 public key")
        raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        keys[hashlib.sha256(raw).hexdigest()] = key
    return keys


class Verifier:
    def __init__(self, keys):
        self.keys = keys
        self.problems = []  # (seq, message)
        self.last_seq, self.last_hash = 0, GENESIS_HASH
        self.items = {}  # item id -> (item_seq, status, location id, holder id)
        self.counts = {"events": 0, "checkpoints": 0, "items": 0}
        self.ended = False

    def problem(self, seq, message):
        if len(self.problems) < 50:
            self.problems.append((seq, message))

    def event(self, line):
        seq, payload = line["seq"], line["payload"]
        self.counts["events"] += 1
        if seq != self.last_seq + 1:
            self.problem(self.last_seq + 1, f"events {self.last_seq + 1} to {seq - 1} are missing")
        if line["prev_hash"] != self.last_hash:
            self.problem(seq, "does not link to the event before it")
        if chain_hash(line["prev_hash"], payload) != line["hash"]:
            self.problem(seq, "the hash does not match the payload")
        self.last_seq, self.last_hash = seq, line["hash"]
        try:
            data = json.loads(payload)
        except ValueError:
            self.problem(seq, "the payload is not JSON")
            return
        if data.get("seq") != seq:
            self.problem(seq, f"the payload says it is event {data.get('seq')}")
        item = data.get("item_id")
        previous = self.items.get(item, (0, "", None, None))
        if data.get("item_seq") != previous[0] + 1:
            self.problem(seq, f"item {item}: expected its event {previous[0] + 1}, found {data.get('item_seq')}")
        if (data.get("from_status"), data.get("from_location_id"), data.get("from_holder_id")) != previous[1:]:
            self.problem(seq, f"item {item}: does not start where its previous event ended")
        self.items[item] = (data.get("item_seq"), data.get("to_status"), data.get("to_location_id"),
                            data.get("to_holder_id"))

    def checkpoint(self, line):
        seq = line["seq"]
        self.counts["checkpoints"] += 1
        key = self.keys.get(line["key_fingerprint"])
        message = f"{CHECKPOINT_VERSION}\n{seq}\n{line['head_hash']}\n{line['signed_at']}".encode()
        if key is None:
            self.problem(seq, f"checkpoint signed with an unknown key {line['key_fingerprint'][:16]}")
            return
        try:
            key.verify(bytes.fromhex(line["signature"]), message)
        except (InvalidSignature, ValueError):
            self.problem(seq, "checkpoint signature does not hold")
            return
        if seq != self.last_seq:
            self.problem(min(seq, self.last_seq + 1), f"checkpoint signed event {seq}, which is not in the export")
        elif line["head_hash"] != self.last_hash:
            self.problem(seq, f"event {seq} no longer has the hash signed at {line['signed_at']}")

    def item(self, line):
        self.counts["items"] += 1
        replayed = self.items.get(line["id"])
        now = (line["status"], line["location_id"], line["legal_holder_id"])
        if replayed is None:
            self.problem(None, f"item {line['code']} has no events")
        elif replayed[1:] != now:
            self.problem(None, f"item {line['code']} is {now}, its events end at {replayed[1:]}")

    def end(self, line):
        self.ended = True
        for name, count in self.counts.items():
            if line.get(name) != count:
                self.problem(None, f"the end line counts {line.get(name)} {name}, the file holds {count}")


def verify(path, keys):
    verifier = Verifier(keys)
    handlers = {"event": verifier.event, "checkpoint": verifier.checkpoint, "item": verifier.item, "end": verifier.end}
    with open(path, encoding="utf-8") as handle:
        header = json.loads(handle.readline() or "{}")
        if header.get("format") != "custody-ledger-export/1" or header.get("ledger_version") != LEDGER_VERSION:
            sys.exit(f"{path}: not a custody ledger export this script knows")
        for number, text in enumerate(handle, start=2):
            line = json.loads(text)
            handler = handlers.get(line.get("type"))
            if handler is None:
                verifier.problem(None, f"line {number}: unknown line type {line.get('type')!r}")
                continue
            handler(line)
    if not verifier.ended:
        verifier.problem(verifier.last_seq + 1, "the file ends early (no end line)")
    if header.get("head", {}).get("seq") != verifier.last_seq:
        verifier.problem(verifier.last_seq + 1, f"the header says the head is {header.get('head')}")
    return verifier


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("export")
    parser.add_argument("--public-key", action="append", required=True, help="trusted PEM public key (repeatable)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    verifier = verify(args.export, load_keys(args.public_key))
    problems = sorted(verifier.problems, key=lambda p: (p[0] is None, p[0] or 0))
    if args.json:
        print(json.dumps({"ok": not problems, **verifier.counts, "first_bad_seq": problems[0][0] if problems else None,
                          "problems": [{"seq": seq, "message": message} for seq, message in problems]}, indent=2))
    elif problems:
        for seq, message in problems:
            print(f"#{seq}: {message}", file=sys.stderr)
    else:
        print(f"intact: {verifier.counts['events']} events, {verifier.counts['checkpoints']} checkpoints, "
              f"{verifier.counts['items']} items")
    if problems:
        print(f"NOT intact; first bad event: {problems[0][0]} ({problems[0][1]})", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Compile every locale/*/LC_MESSAGES/*.po below the project into .mo, without GNU gettext.

A fresh machine has Python but often not gettext's msgfmt; Django only needs the .mo files.
Handles what our .po files use: msgctxt, msgid, msgid_plural, msgstr[n], multi-line strings and
the fuzzy flag (fuzzy entries are left out, as msgfmt does).
"""

import ast
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def parse_po(path: Path) -> dict[bytes, bytes]:
    messages: dict[bytes, bytes] = {}
    entry: dict[str, str] = {}
    fuzzy = False
    section = ""

    def finish() -> None:
        # A fuzzy entry is left out, as msgfmt does, except the header (charset, plural forms).
        if "msgid" not in entry or (fuzzy and entry["msgid"]):
            return
        key = entry["msgid"]
        if "msgid_plural" in entry:
            key += "\0" + entry["msgid_plural"]
            value = "\0".join(entry[k] for k in sorted(k for k in entry if k.startswith("msgstr[")))
        else:
            value = entry.get("msgstr", "")
        if "msgctxt" in entry:
            key = entry["msgctxt"] + "\x04" + key
        if value.replace("\0", "") or not key:  # untranslated entries are left out; the header is kept
            messages[key.encode()] = value.encode()

    def complete() -> bool:
        return any(k.startswith("msgstr") for k in entry)

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("#"):
            if complete():  # comments open the next entry
                finish()
                entry, fuzzy = {}, False
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            continue
        if not line:
            continue
        if line.startswith('"'):
            entry[section] += ast.literal_eval(line)
            continue
        keyword, _, rest = line.partition(" ")
        if keyword in ("msgctxt", "msgid") and complete():
            finish()
            entry, fuzzy = {}, False
        section = keyword
        entry[section] = ast.literal_eval(rest)
    finish()
    return messages


def write_mo(messages: dict[bytes, bytes], path: Path) -> None:
    keys = sorted(messages)
    ids = b"".join(key + b"\0" for key in keys)
    strs = b"".join(messages[key] + b"\0" for key in keys)
    header_size = 7 * 4
    table_size = len(keys) * 8
    ids_start = header_size + 2 * table_size
    strs_start = ids_start + len(ids)
    key_table, value_table = [], []
    offset = 0
    for key in keys:
        key_table += [len(key), ids_start + offset]
        offset += len(key) + 1
    offset = 0
    for key in keys:
        value = messages[key]
        value_table += [len(value), strs_start + offset]
        offset += len(value) + 1
    output = struct.pack("Iiiiiii", 0x950412DE, 0, len(keys), header_size, header_size + table_size, 0, 0)
    output += struct.pack(f"{len(key_table)}i", *key_table) + struct.pack(f"{len(value_table)}i", *value_table)
    path.write_bytes(output + ids + strs)


def main() -> int:
    sources = [p for p in ROOT.glob("**/LC_MESSAGES/*.po") if not {".venv", "node_modules"} & set(p.parts)]
    for po in sources:
        write_mo(parse_po(po), po.with_suffix(".mo"))
    print(f"compiled {len(sources)} translation catalogue(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Fill msgstr entries of a .po file from a Python dict of translations.

    python tools/po_fill.py locale/core/zh_Hans/LC_MESSAGES/django.po translations.py

``translations.py`` defines ``T = {"English msgid": "中文", ...}``. Entries already translated are
kept; plural entries get the same text for every form (Chinese has one plural form). Prints the
msgids still untranslated, so a translator sees what is left.
"""

import ast
import runpy
import sys
from pathlib import Path


def fill(po_path: Path, table: dict[str, str]) -> list[str]:
    blocks = po_path.read_text(encoding="utf-8").split("\n\n")
    missing, out = [], []
    for block in blocks:
        lines = block.splitlines()
        fields, order, current = {}, [], None
        for line in lines:
            if line.startswith("#"):
                continue
            if line.startswith('"') and current:
                fields[current] += ast.literal_eval(line)
            elif line:
                key, _, value = line.partition(" ")
                current = key
                fields[key] = ast.literal_eval(value)
                order.append(key)
        msgid = fields.get("msgid")
        if not msgid:
            out.append(block)
            continue
        comments = [line for line in lines if line.startswith("#") and "fuzzy" not in line]
        translated = {k: v for k, v in fields.items() if k.startswith("msgstr") and v}
        text = table.get(msgid)
        if not translated and text is None:
            missing.append(msgid)
        result = list(comments)
        if "msgctxt" in fields:
            result.append(f"msgctxt {quote(fields['msgctxt'])}")
        result.append(f"msgid {quote(msgid)}")
        if "msgid_plural" in fields:
            result.append(f"msgid_plural {quote(fields['msgid_plural'])}")
            result.append(f"msgstr[0] {quote(translated.get('msgstr[0]') or text or '')}")
        else:
            result.append(f"msgstr {quote(translated.get('msgstr') or text or '')}")
        out.append("\n".join(result))
    po_path.write_text("\n\n".join(out).rstrip("\n") + "\n", encoding="utf-8")
    return missing


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


if __name__ == "__main__":
    po, source = Path(sys.argv[1]), sys.argv[2]
    left = fill(po, runpy.run_path(source)["T"])
    print(f"{len(left)} untranslated")
    for msgid in left:
        print("  ", repr(msgid))

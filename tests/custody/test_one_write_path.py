"""One write path: only custody services (and the ledger) write an item's status, location,
warehouse or legal holder. Checked on the source, so a shortcut anywhere else fails here.

What counts as a write, outside the allowed files:
  - ``obj.status = …`` (also ``location``, ``warehouse``, ``legal_holder`` and their ``_id``)
  - ``setattr(obj, "status", …)``
  - ``….update(status=…)``, ``….create(status=…)``, ``get_or_create``/``update_or_create`` (also
    in ``defaults={…}``) and ``Item(status=…)``
  - ``bulk_update(objs, ["status", …])`` and ``bulk_update_with_history(objs, Item, [...])``
  - SQL text that updates the item table
Receivers that are plainly another model (a capitalised model name other than Item, or a
variable named like one in NON_ITEM_RECEIVERS) are left alone: cases and batches have a status
of their own.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# custody's core services and ledger, and the services of its feature apps (custody/<feature>/services…),
# which write other models' own status fields and create items through the registration service.
ALLOWED = re.compile(r"custody/(services/|ledger\.py$|\w+/services(\.py$|/))")
SKIPPED_DIRS = {".venv", "tests", "migrations", "node_modules", "var", "media", "staticfiles", ".git"}
PROTECTED = {"status", "location", "location_id", "warehouse", "warehouse_id", "legal_holder", "legal_holder_id"}
NON_ITEM_RECEIVERS = {"case", "cases", "batch", "batches", "release", "releases", "transfer", "transfers",
                      "stocktake", "document", "location", "locations", "warehouse", "warehouses", "request"}
CREATE_METHODS = {"update", "create", "get_or_create", "update_or_create"}
ITEM_UPDATE_SQL = re.compile(r"\bupdate\s+[\"`]?warehouse_item[\"`]?\s", re.IGNORECASE)


def _chain(node) -> list[str]:
    """Names along a receiver, root first: items_visible_to(u).filter(x) → [items_visible_to, filter]."""
    names = []
    while True:
        if isinstance(node, ast.Attribute):
            names.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        elif isinstance(node, ast.Subscript):
            node = node.value
        elif isinstance(node, ast.Name):
            names.append(node.id)
            return names[::-1]
        else:
            return names[::-1]


def _is_item_receiver(node) -> bool:
    names = _chain(node)
    if any(name == "Item" or "item" in name.lower() for name in names):
        return True
    if names and names[0][:1].isupper():
        return False  # another model: Case.objects…, Location(…)
    return not (set(names) & NON_ITEM_RECEIVERS)


def _protected_keywords(call: ast.Call) -> set[str]:
    found = {kw.arg for kw in call.keywords if kw.arg in PROTECTED}
    for kw in call.keywords:
        if kw.arg == "defaults" and isinstance(kw.value, ast.Dict):
            found |= {k.value for k in kw.value.keys if isinstance(k, ast.Constant) and k.value in PROTECTED}
    return found


def _constant_strings(node) -> set[str]:
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        return {e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)}
    return set()


def writes_in(source: str, filename: str = "<snippet>") -> list[str]:
    """Every write of a protected item field in ``source``, as 'file:line: what'."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for element in (target.elts if isinstance(target, ast.Tuple) else [target]):
                    if (isinstance(element, ast.Attribute) and element.attr in PROTECTED
                            and _is_item_receiver(element.value)):
                        found.append(f"{filename}:{line}: assigns .{element.attr}")
        elif isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id == "setattr" and len(node.args) >= 2:
                name = node.args[1]
                if isinstance(name, ast.Constant) and name.value in PROTECTED and _is_item_receiver(node.args[0]):
                    found.append(f"{filename}:{line}: setattr {name.value}")
            elif isinstance(func, ast.Name) and func.id == "Item" and _protected_keywords(node):
                found.append(f"{filename}:{line}: Item({', '.join(sorted(_protected_keywords(node)))}=…)")
            elif isinstance(func, ast.Attribute) and func.attr in CREATE_METHODS and _protected_keywords(node):
                if _is_item_receiver(func.value):
                    found.append(f"{filename}:{line}: {func.attr}({', '.join(sorted(_protected_keywords(node)))}=…)")
            elif isinstance(func, ast.Attribute | ast.Name):
                method = func.attr if isinstance(func, ast.Attribute) else func.id
                fields = set()
                if method == "bulk_update" and isinstance(func, ast.Attribute) and _is_item_receiver(func.value):
                    fields = _constant_strings(node.args[1]) if len(node.args) > 1 else set()
                    fields |= {f for kw in node.keywords if kw.arg == "fields" for f in _constant_strings(kw.value)}
                elif method == "bulk_update_with_history" and len(node.args) > 2:
                    model = node.args[1]
                    if isinstance(model, ast.Name) and model.id == "Item":
                        fields = _constant_strings(node.args[2])
                if fields & PROTECTED:
                    found.append(f"{filename}:{line}: {method} of {', '.join(sorted(fields & PROTECTED))}")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and ITEM_UPDATE_SQL.search(node.value):
            found.append(f"{filename}:{line}: SQL UPDATE of the item table")
    return found


def project_files():
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if set(relative.parts[:-1]) & SKIPPED_DIRS:
            continue
        yield relative.as_posix(), path


def test_only_custody_services_write_custody_fields():
    checked, offences = 0, []
    for relative, path in project_files():
        checked += 1
        if ALLOWED.match(relative):
            continue
        offences += writes_in(path.read_text(encoding="utf-8"), relative)
    assert checked > 30, "the scan found too few files: is ROOT right?"
    assert offences == []


def test_the_write_path_itself_is_seen_by_the_checker():
    """If the checker saw nothing in commit_changes, it would be blind, not the project clean."""
    source = (ROOT / "custody/services/core.py").read_text(encoding="utf-8")
    assert any("assigns .status" in found for found in writes_in(source))


@pytest.mark.parametrize("snippet", [
    "item.status = 'destroyed'",
    "items[0].location = shelf",
    "self.item.legal_holder_id = 3",
    "obj.warehouse_id = 1",
    "item.status, item.location = 'x', None",
    "setattr(item, 'status', 'destroyed')",
    "Item.objects.filter(pk=1).update(status='destroyed')",
    "items_visible_to(user).update(location=None)",
    "case.items.update(legal_holder=police)",
    "Item.objects.create(code='X', status='in_storage')",
    "Item.objects.update_or_create(code='X', defaults={'status': 'missing'})",
    "Item(code='X', location=bin)",
    "Item.objects.bulk_update(items, ['status', 'condition'])",
    "bulk_update_with_history(items, Item, ['location'])",
    "cursor.execute('UPDATE warehouse_item SET status = %s', ['x'])",
])
def test_checker_catches(snippet):
    assert writes_in(snippet), snippet


@pytest.mark.parametrize("snippet", [
    "print(item.status, item.location)",
    "case.status = Case.Status.CLOSED",
    "Case.objects.filter(pk=1).update(status='closed')",
    "batch.status = 'approved'",
    "Location(warehouse=warehouse, name='A')",
    "Location.objects.create(warehouse=warehouse)",
    "Item.objects.filter(status='in_storage').count()",
    "Item.objects.bulk_update(items, ['description'])",
    "event = CustodyEvent(to_location=bin, to_status='x')",
    "cursor.execute('SELECT status FROM warehouse_item')",
])
def test_checker_leaves_other_code_alone(snippet):
    assert writes_in(snippet) == [], snippet

"""Every page exists in Simplified Chinese (default) and English, and every catalogue is complete."""

import ast
from pathlib import Path

from django.conf import settings
from django.urls import reverse

from tests.world import PASSWORD


def catalogue_entries():
    for po in sorted(Path(settings.BASE_DIR, "locale").glob("*/zh_Hans/LC_MESSAGES/django.po")):
        yield from _entries(po)


def test_every_catalogue_entry_is_translated():
    untranslated = [(po.parent.parent.parent.name, fields["msgid"]) for po, fields in catalogue_entries()
                    if not any(v for k, v in fields.items() if k.startswith("msgstr"))]
    assert untranslated == []


def test_placeholders_survive_translation():
    broken = []
    for _po, fields in catalogue_entries():
        translated = next((v for k, v in fields.items() if k.startswith("msgstr") and v), "")
        for placeholder in ("%(", "{{"):
            expected = sorted(part.split(")")[0] for part in fields["msgid"].split(placeholder)[1:])
            found = sorted(part.split(")")[0] for part in translated.split(placeholder)[1:])
            if expected != found:
                broken.append(fields["msgid"])
    assert broken == []


def test_chinese_is_the_default_and_english_selectable(world, client):
    client.login(username="officer", password=PASSWORD)
    page = client.get(reverse("warehouse:item-list")).content.decode()
    assert 'lang="zh-hans"' in page and "涉案物品" in page
    client.post(reverse("set_language"), {"language": "en", "next": "/items/"})
    page = client.get(reverse("warehouse:item-list")).content.decode()
    assert 'lang="en"' in page and "Seized items" in page


def test_language_can_be_switched_before_login(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert "Log in" in client.get("/accounts/login/").content.decode()


def test_every_string_in_the_code_has_a_translation(tmp_path, settings, monkeypatch):
    """Extract the msgids of the whole code base (GNU xgettext, which CI installs) and check each has a
    Chinese translation in one of the catalogues."""
    import os
    import shutil

    import pytest
    from django.core.management import call_command

    if not shutil.which("xgettext"):
        if os.environ.get("CI"):
            pytest.fail("CI must install gettext so untranslated strings are caught")
        pytest.skip("GNU gettext is not installed here")
    # makemessages writes next to any locale/ folder above the files it reads, so it runs in a scratch
    # folder that links to the sources (apps and templates; not tests, tools or benchmarks).
    base = Path(settings.BASE_DIR)
    sources = tmp_path / "src"
    sources.mkdir()
    for folder in [*(p.parent for p in base.glob("*/__init__.py")), base / "templates"]:
        if folder.name not in {"tests", "bench", "tools"}:
            (sources / folder.name).symlink_to(folder)
    settings.LOCALE_PATHS = [tmp_path]
    monkeypatch.chdir(sources)
    call_command("makemessages", locale=["zh_Hans"], no_location=True, verbosity=0, symlinks=True)
    extracted = tmp_path / "zh_Hans" / "LC_MESSAGES" / "django.po"
    wanted = {fields["msgid"] for _po, fields in _entries(extracted)}
    translated = {fields["msgid"] for _po, fields in catalogue_entries()
                  if any(v for k, v in fields.items() if k.startswith("msgstr"))}
    assert sorted(wanted - translated) == []


def _entries(po):
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        fields, current = {}, None
        for line in block.splitlines():
            if line.startswith("#"):
                continue
            if line.startswith('"') and current:
                fields[current] += ast.literal_eval(line)
            elif line:
                current, _, value = line.partition(" ")
                fields[current] = ast.literal_eval(value)
        if fields.get("msgid"):
            yield po, fields

"""Conventions every template and script keeps (DESIGN.md §6)."""

import re
from pathlib import Path

from django.conf import settings

BASE = Path(settings.BASE_DIR)

# An htmx attribute without the data- prefix: ` hx-post=`, `[hx-target]`, `getAttribute("hx-get")`.
BARE_HTMX = re.compile(r"""(?<![\w-])hx-(?:[a-z]+(?:-[a-z]+)*)(?=\s*=|\s*\]|["'])""")


def test_bare_htmx_pattern_catches_what_it_should():
    assert BARE_HTMX.search('<form hx-post="/scan/">')
    assert BARE_HTMX.search('<body hx-headers=\'{"X": 1}\'>')
    assert BARE_HTMX.search('document.querySelectorAll("[hx-target]")')
    assert BARE_HTMX.search('element.getAttribute("hx-get")')
    assert not BARE_HTMX.search('<form data-hx-post="/scan/" data-hx-target="#r">')
    assert not BARE_HTMX.search('<meta name="htmx-config">')
    assert not BARE_HTMX.search('document.addEventListener("htmx:afterSwap")')


def test_htmx_attributes_carry_the_data_prefix_so_pages_stay_valid_html():
    files = [*(BASE / "templates").rglob("*.html"), *(BASE / "static").rglob("*.js")]
    assert files
    problems = [f"{path.relative_to(BASE)}:{number}: {match.group(0)}"
                for path in files
                for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                for match in BARE_HTMX.finditer(line)]
    assert problems == []

"""Fixtures for the labels toolkit tests; they run without Django."""

import pytest

from labels.fonts import CjkFont, load_cjk_font


@pytest.fixture(scope="session")
def cjk_font() -> CjkFont:
    return load_cjk_font()

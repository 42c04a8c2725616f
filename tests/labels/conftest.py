"""Fixtures for the labels toolkit tests; they run without Django."""

import sys
from pathlib import Path

import pytest

# Plain `pytest tests/labels` puts only this folder on sys.path (the repository has no pytest
# configuration of its own yet); the project root is needed to import the `labels` package.
PROJECT_ROOT = str(Path(__file__).resolve().parents[2])
if PROJECT_ROOT not in sys.path:
    sys.path.insert(0, PROJECT_ROOT)

from labels.fonts import CjkFont, load_cjk_font  # noqa: E402


@pytest.fixture(scope="session")
def cjk_font() -> CjkFont:
    return load_cjk_font()

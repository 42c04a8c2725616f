import pytest

from .kit import build_finance_data


@pytest.fixture
def data(world):
    return build_finance_data(world)

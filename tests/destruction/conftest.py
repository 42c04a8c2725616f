import pytest

from .kit import build_kit


@pytest.fixture
def kit(world):
    return build_kit(world)


@pytest.fixture
def tx_kit(tx_world):
    return build_kit(tx_world)

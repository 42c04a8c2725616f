import pytest

from .world import build_world


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Real hashing costs ~0.3 s per user; tests create a dozen users each.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db, fast_password_hashing):
    return build_world()


@pytest.fixture
def tx_world(transactional_db, fast_password_hashing):
    """The same world, committed for real: for races between threads and for TRUNCATE."""
    return build_world()

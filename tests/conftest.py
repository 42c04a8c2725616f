import pytest

from .world import build_world


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Real hashing costs ~0.3 s per user; tests create a dozen users each.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def ledger_signing_key(settings, tmp_path_factory):
    """One checkpoint key per test session, outside the working tree's var/ (the dev server's key)."""
    settings.LEDGER_SIGNING_KEY_PATH = tmp_path_factory.getbasetemp() / "keys" / "ledger-ed25519.pem"
    settings.LEDGER_SIGNING_KEY_AUTOCREATE = True
    return settings.LEDGER_SIGNING_KEY_PATH


@pytest.fixture
def world(db, fast_password_hashing):
    return build_world()


@pytest.fixture
def tx_world(transactional_db, fast_password_hashing):
    """The same world, committed for real: for races between threads and for TRUNCATE."""
    return build_world()

from django.core.checks import Error
from django.test import override_settings

from config.checks import refuse_development_secret_key
from config.settings import DEVELOPMENT_SECRET_KEY


@override_settings(DEBUG=False, SECRET_KEY=DEVELOPMENT_SECRET_KEY)
def test_development_key_is_refused_without_debug():
    (error,) = refuse_development_secret_key(None)
    assert isinstance(error, Error) and error.id == "custody.E001"


@override_settings(DEBUG=False, SECRET_KEY="a-real-production-key-0123456789-abcdefghijklmnopqrstuvwxyz")
def test_real_key_passes():
    assert refuse_development_secret_key(None) == []


@override_settings(DEBUG=True, SECRET_KEY=DEVELOPMENT_SECRET_KEY)
def test_development_key_is_fine_while_debugging():
    assert refuse_development_secret_key(None) == []

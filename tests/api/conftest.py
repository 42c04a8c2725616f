import datetime
import json

import pytest
from django.test import Client
from django.utils import timezone

from api.services import create_token


@pytest.fixture(autouse=True)
def fresh_throttle(settings):
    from django.core.cache import cache

    cache.clear()
    settings.API_THROTTLE_RATE = "10000/m"


class ApiClient:
    """Django's test client speaking JSON with a token."""

    def __init__(self, user, language="en"):
        self.user = user
        self.token, self.secret = create_token(actor=user, name="test", expires_on=timezone.localdate()
                                               + datetime.timedelta(days=30))
        self.client = Client(HTTP_ACCEPT_LANGUAGE=language)
        self.headers = {"Authorization": f"Bearer {self.secret}"}

    def get(self, path, **params):
        return self.client.get(path, params, headers=self.headers)

    def post(self, path, data):
        return self.client.post(path, json.dumps(data), content_type="application/json", headers=self.headers)


@pytest.fixture
def api_as(world):
    return lambda user, language="en": ApiClient(user, language)

"""The lists of releases and transfers and the work page render for every role."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from custody.transfers.services import prepare_transfer
from tests.custody.kit import release_for, stored_items
from tests.world import PASSWORD


def client_for(client, person):
    client.login(username=person.username, password=PASSWORD)
    return client


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    # Table cells wrap long codes: compare without whitespace.
    return "".join("".join(page.extract_text() for page in reader.pages).split())


@pytest.mark.parametrize("name", ["release-list", "transfer-list", "work"])
def test_lists_render_for_every_role(world, client, name):
    case, items = stored_items(world)
    release_for(world, items, case)
    transfer = prepare_transfer(actor=world.officer, case=case, to_agency=world.police, document_number="移1",
                                reason="x", items=items)
    for person in (world.officer, world.supervisor, world.custodian, world.auditor, world.outsider):
        client_for(client, person)
        assert client.get(reverse(f"custody:{name}")).status_code == 200
        client.logout()
    assert transfer.code

"""The lists of releases and transfers and the work page render for every role."""


import pytest
from django.urls import reverse

from custody.transfers.services import prepare_transfer
from tests.custody.kit import client_for, release_for, stored_items


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

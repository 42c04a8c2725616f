import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.world import PASSWORD
from warehouse.models import Attachment

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def officer(world, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.login(username="officer", password=PASSWORD)
    return client


def post(client, case, content, name, kind="photo", item=None):
    url = (reverse("warehouse:item-attachment-upload", args=[case.case_number, item.code]) if item
           else reverse("warehouse:case-attachment-upload", args=[case.case_number]))
    return client.post(url, {"file": SimpleUploadedFile(name, content), "kind": kind, "caption": "现场照片"},
                       follow=True)


def test_photo_is_stored_by_content_hash_and_served_in_scope(world, officer, client):
    case = world.case()
    (item,) = world.items(case)
    post(officer, case, PNG, "现场.png", item=item)
    attachment = Attachment.objects.get()
    assert attachment.sha256 == hashlib.sha256(PNG).hexdigest() and attachment.content_type == "image/png"
    assert attachment.file.name.endswith(f"{attachment.sha256}.png")
    response = officer.get(reverse("warehouse:attachment", args=[attachment.sha256]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PNG
    officer.logout()
    client.login(username="outsider", password=PASSWORD)
    assert client.get(reverse("warehouse:attachment", args=[attachment.sha256])).status_code == 404


def test_content_decides_not_the_name(world, officer):
    case = world.case()
    response = post(officer, case, b"MZ\x90\x00 not an image", "photo.jpg")
    assert "只能上传JPEG、PNG、WebP照片和PDF文件" in response.content.decode()
    response = post(officer, case, PDF, "scan.png", kind="photo")
    assert "照片必须是JPEG、PNG或WebP格式" in response.content.decode()
    assert not Attachment.objects.exists()
    post(officer, case, PDF, "判决书.pdf", kind="document")
    assert Attachment.objects.get().content_type == "application/pdf"


def test_size_limit(world, officer, settings):
    settings.UPLOAD_MAX_BYTES = 100
    response = post(officer, world.case(), PNG + b"\x00" * 200, "big.png")
    assert "文件过大" in response.content.decode() and not Attachment.objects.exists()


def test_custodian_cannot_upload_to_a_case(world, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case = world.case()
    client.login(username="custodian", password=PASSWORD)
    assert post(client, case, PNG, "x.png").status_code == 403

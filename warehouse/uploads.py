"""Photos and documents: checked by content, hashed, stored through Django's storage API."""

import hashlib

from django.conf import settings
from django.core.files.base import File
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from accounts.access import visible_agency_ids
from accounts.errors import InvalidInput, NotAllowed

from .models import Attachment, Case, Item

# What the first bytes of each accepted type look like. Names and declared types are not trusted.
SIGNATURES = [
    (b"\xff\xd8\xff", "image/jpeg", ".jpg", Attachment.Kind.PHOTO),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png", Attachment.Kind.PHOTO),
    (b"%PDF-", "application/pdf", ".pdf", Attachment.Kind.DOCUMENT),
]
WEBP = (b"RIFF", b"WEBP", "image/webp", ".webp")


def sniff(head: bytes) -> tuple[str, str, str] | None:
    for magic, content_type, extension, kind in SIGNATURES:
        if head.startswith(magic):
            return content_type, extension, kind
    if head[:4] == WEBP[0] and head[8:12] == WEBP[1]:
        return WEBP[2], WEBP[3], Attachment.Kind.PHOTO
    return None


@transaction.atomic
def attach_file(*, actor, upload, case: Case, item: Item | None = None, kind: str | None = None,
                caption: str = "") -> Attachment:
    if not actor.has_perm("warehouse.add_attachment"):
        raise NotAllowed(_("Your role does not allow this action."), code="permission_denied")
    if case.agency_id not in visible_agency_ids(actor):
        raise NotAllowed(_("This case is not within your agency's scope."), code="out_of_scope")
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise InvalidInput(_("The file is too large (%(size)s); the limit is %(limit)s.")
                           % {"size": filesizeformat(upload.size), "limit": filesizeformat(settings.UPLOAD_MAX_BYTES)},
                           code="too_large")
    upload.seek(0)
    detected = sniff(upload.read(16))
    if detected is None:
        raise InvalidInput(_("Only JPEG, PNG or WebP photos and PDF documents can be uploaded."),
                           code="unsupported_type")
    content_type, extension, detected_kind = detected
    if kind == Attachment.Kind.PHOTO and detected_kind != Attachment.Kind.PHOTO:
        raise InvalidInput(_("A photo must be a JPEG, PNG or WebP image."), code="not_a_photo")
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    attachment = Attachment(
        case=case, item=item, kind=kind or detected_kind, original_name=upload.name[:200],
        content_type=content_type, extension=extension, size=upload.size, sha256=digest.hexdigest(),
        caption=caption, uploaded_by=actor,
    )
    upload.seek(0)
    attachment.file.save("upload", File(upload), save=False)
    attachment.save()
    return attachment

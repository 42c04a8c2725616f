"""Request and response shapes (the OpenAPI description is generated from them)."""

from __future__ import annotations

import datetime
import uuid
from typing import Any, Generic, TypeVar

from ninja import Field, Schema
from pydantic import field_validator

T = TypeVar("T")


class ErrorBody(Schema):
    code: str = Field(description="Stable machine code, e.g. invalid_transition, not_found, throttled")
    message: str = Field(description="In the request's language (Accept-Language)")
    message_zh: str
    message_en: str
    details: list[dict[str, Any]] | None = None


class ErrorOut(Schema):
    error: ErrorBody


class Page(Schema, Generic[T]):
    count: int
    page: int
    page_size: int
    next_page: int | None
    items: list[T]


class AgencyRef(Schema):
    code: str
    name: str


class AgencyOut(AgencyRef):
    name_en: str
    agency_type: str
    level: int
    division_code: str
    parent: str | None


class LocationRef(Schema):
    code: str
    full_name: str
    warehouse: str


class ItemOut(Schema):
    code: str
    case_number: str
    description: str
    category: str
    brand: str
    quantity: str
    unit: str
    weight_kg: str | None
    estimated_value: str | None
    waste_stream: str
    hazard_class: str
    seal_number: str
    condition: str
    status: str
    status_display: str
    location: LocationRef | None
    legal_holder: AgencyRef
    owner_agency: AgencyRef | None
    parent: str | None
    registered_at: datetime.datetime


class DocumentOut(Schema):
    kind: str
    number: str
    issued_on: datetime.date
    allows_disposal: bool


class AttachmentOut(Schema):
    kind: str
    item: str | None
    original_name: str
    content_type: str
    size: int
    sha256: str


class AppraisalOut(Schema):
    code: str
    item: str
    kind: str
    appraiser: str
    rights_holder: str | None
    method: str
    result: str
    appraised_on: datetime.date
    report_sha256: str
    recognised_by: list[str]


class CaseOut(Schema):
    case_number: str
    title: str
    kind: str
    status: str
    agency: AgencyRef
    seized_on: datetime.date | None
    seized_at_place: str
    item_count: int | None = None
    created_at: datetime.datetime


class CaseDetailOut(CaseOut):
    summary: str
    rights_holders: list[str]
    documents: list[DocumentOut]
    attachments: list[AttachmentOut]
    appraisals: list[AppraisalOut]


class EventOut(Schema):
    seq: int
    item: str
    item_seq: int
    kind: int
    kind_display: str
    actor: str
    counterparty: str
    from_status: str
    to_status: str
    from_location: str | None
    to_location: str | None
    from_holder: str | None
    to_holder: str
    reference: str
    reason: str
    legal_document_number: str
    seal_numbers: str
    condition: str
    recorded_at: datetime.datetime
    client_event_id: uuid.UUID | None
    payload: str
    prev_hash: str
    hash: str


class ActionOut(Schema):
    name: str
    label: str
    permission: str
    statuses: list[str]
    needs_location: bool
    needs_note: bool
    needs_seal_number: bool


class ScanIn(Schema):
    code: str = Field(max_length=100, description="The scanned item label code (any revision)")
    action: str = Field(max_length=40, description="A scan action name, see GET /api/scan/actions")
    client_event_id: uuid.UUID = Field(description="Chosen by the client; a retry with the same id is recorded once")
    location: str = Field("", max_length=40, description="Location code, for actions that need one")
    note: str = Field("", max_length=200)
    seal_number: str = Field("", max_length=60)

    @field_validator("code", "action", "location", "note", "seal_number")
    @classmethod
    def no_nul(cls, value: str) -> str:
        if "\x00" in value:
            raise ValueError("NUL character")
        return value


class ScanOut(Schema):
    action: str
    item: ItemOut
    events: list[EventOut]
    warning: str | None


class ReleaseLineOut(Schema):
    item: str
    status: str
    checked_out_at: datetime.datetime | None
    returned_at: datetime.datetime | None
    return_condition: str


class ReleaseOut(Schema):
    code: str
    case_number: str
    purpose: str
    reason: str
    recipient_name: str
    recipient_organisation: str
    due_back: datetime.date | None
    status: str
    requesting_agency: AgencyRef
    requested_by: str
    requested_at: datetime.datetime
    decided_by: str | None
    decided_at: datetime.datetime | None
    item_count: int | None = None


class ReleaseDetailOut(ReleaseOut):
    lines: list[ReleaseLineOut]


class TransferLineOut(Schema):
    item: str
    status: str
    refusal_reason: str


class TransferOut(Schema):
    code: str
    case_number: str
    from_agency: AgencyRef
    to_agency: AgencyRef
    mode: str
    document_number: str
    status: str
    reported_at: datetime.datetime
    decision_due: datetime.datetime
    sent_at: datetime.datetime | None
    received_at: datetime.datetime | None
    item_count: int | None = None


class TransferDetailOut(TransferOut):
    reason: str
    lines: list[TransferLineOut]


class BatchItemOut(Schema):
    item: str
    waste_category: str
    weight_kg: str | None


class BatchOut(Schema):
    code: str
    status: str
    warehouse: str
    agency: AgencyRef
    planned_date: datetime.date
    estimated_weight_kg: str
    destroyed_at: datetime.datetime | None
    certificate_number: str
    checkpoint_seq: int | None
    checkpoint_hash: str
    item_count: int | None = None


class BatchDetailOut(BatchOut):
    items: list[BatchItemOut]


class CheckpointOut(Schema):
    seq: int
    head_hash: str
    signed_at: str
    key_fingerprint: str
    signature: str
    stored: bool = Field(description="False: the chain head signed on request (custody.checkpoints not installed)")
    public_key: str


class MeOut(Schema):
    username: str
    full_name: str
    agency: AgencyRef | None
    permissions: list[str]
    token_name: str
    token_expires_at: datetime.datetime


class ImportedBundleOut(Schema):
    id: int
    case_number: str
    case_title: str
    source_agency: str
    peer: str
    peer_fingerprint: str
    sha256: str
    item_count: int
    event_count: int
    checkpoint_seq: int
    checkpoint_hash: str
    exported_at: datetime.datetime
    imported_at: datetime.datetime
    imported_by: str


class ImportedBundleDetailOut(ImportedBundleOut):
    bundle: dict[str, Any]


class BundleIn(Schema):
    bundle: dict[str, Any]
    signature: dict[str, Any]

"""Registering items from a spreadsheet: good files, broken files, all or nothing."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from custody.intake import csv_import
from custody.models import CustodyEvent
from tests.world import PASSWORD
from warehouse.models import Item
from warehouse.services import get_or_create_rights_holder


def make_csv(rows, header=None, encoding="utf-8-sig"):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header or [column.header for column in csv_import.COLUMNS])
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def row(description="假冒LV手提包", quantity="3", **overrides):
    values = dict(zip([c.field for c in csv_import.COLUMNS], [description, quantity] + [""] * 12, strict=True))
    values.update(overrides)
    return [values[c.field] for c in csv_import.COLUMNS]


def upload(client, case, content, name="items.csv"):
    return client.post(reverse("custody:register-items-csv", args=[case.case_number]),
                       {"file": SimpleUploadedFile(name, content, content_type="text/csv")})


@pytest.fixture
def officer_client(world, client):
    client.login(username="officer", password=PASSWORD)
    return client


def test_template_round_trips(world):
    get_or_create_rights_holder(name="路易威登马利蒂公司")
    (parsed,) = csv_import.parse(csv_import.template_csv())
    assert parsed.unit == Item.Unit.PIECE and parsed.category == Item.Category.CLOTHING
    assert parsed.rights_holder.name == "路易威登马利蒂公司" and parsed.needs_cold is False


def test_good_file_registers_every_row(world, officer_client):
    case = world.case()
    content = make_csv([row("假冒农药 福戈", "24", waste_stream="危险废物", hazard_class="toxic", unit="bottle"),
                        row("假冒电池", "100", waste_stream="hazardous hazardous", hazard_class="锂电池"),
                        row("盗版光盘", "1,200", needs_secure="是")])
    response = upload(officer_client, case, content)
    assert response.status_code == 302
    items = list(Item.objects.filter(case=case).order_by("pk"))
    assert [(i.description, i.waste_stream, i.hazard_class) for i in items] == [
        ("假冒农药 福戈", "hazardous", "toxic"), ("假冒电池", "hazardous", "lithium"), ("盗版光盘", "general", "")]
    assert items[2].quantity == 1200 and items[2].needs_secure
    assert CustodyEvent.objects.filter(item__case=case).count() == 3


def test_gb18030_and_english_headers(world, officer_client):
    case = world.case()
    content = make_csv([["假冒耐克鞋", "8", "pair"]], header=["description", "quantity", "unit"], encoding="gb18030")
    assert upload(officer_client, case, content).status_code == 302
    assert Item.objects.get(case=case).unit == Item.Unit.PAIR


def errors_of(response):
    assert response.status_code == 400
    return [(e.row, e.column, e.message) for e in response.context["csv_errors"]]


def test_wrong_encoding_is_explained(world, officer_client):
    case = world.case()
    errors = errors_of(upload(officer_client, case, b"\x81\x30\xff\xfe\x00binary\x00"))
    assert "二进制" in errors[0][2] or "编码" in errors[0][2]
    assert not Item.objects.exists()


def test_missing_required_column(world, officer_client):
    errors = errors_of(upload(officer_client, world.case(), make_csv([["3"]], header=["数量 quantity"])))
    assert errors == [(1, "品名描述 description", "缺少必填列“品名描述 description”。")]


def test_bad_numbers_and_choices_are_listed_by_row_and_column(world, officer_client):
    case = world.case()
    content = make_csv([row(), row("坏数量", "三"), row("坏单位", "1", unit="吨"), row("负重", "1", weight_kg="-2"),
                        row("危险无特性", "1", waste_stream="hazardous")])
    errors = errors_of(upload(officer_client, case, content))
    by_row = {(r, c) for r, c, _m in errors}
    assert (3, "数量 quantity") in by_row and (4, "单位 unit") in by_row
    assert (5, "重量(千克) weight (kg)") in by_row and (6, "危险特性 hazard class") in by_row
    assert (2, "") not in by_row  # the good row has no error
    assert not Item.objects.filter(case=case).exists()  # all or nothing


def test_duplicate_rows_are_refused(world, officer_client):
    errors = errors_of(upload(officer_client, world.case(), make_csv([row(), row("其他"), row()])))
    assert errors == [(4, "", "本行与第2行重复。")]


def test_empty_file_and_header_only(world, officer_client):
    case = world.case()
    empty = upload(officer_client, case, b"")  # Django's own form check: an empty upload is not a file
    assert empty.status_code == 200 and "所提交的是空文件" in empty.content.decode()
    assert errors_of(upload(officer_client, case, make_csv([])))[0][2] == "文件中没有物品行。"


def test_ten_thousand_rows_in_one_go(world):
    case = world.case()
    content = make_csv([row(f"假冒商品 第{n}箱", str(n % 50 + 1)) for n in range(10_000)])
    inputs = csv_import.parse(content)
    from custody.intake.services import register_items

    items = register_items(actor=world.officer, case=case, items=inputs)
    assert len(items) == 10_000 == Item.objects.filter(case=case).count()
    assert CustodyEvent.objects.count() == 10_000
    assert len({item.code for item in items}) == 10_000


def test_ten_thousand_rows_with_one_error_save_nothing(world):
    rows = [row(f"假冒商品 第{n}箱", "1") for n in range(10_000)]
    rows[9_876] = row("坏行", "-1")
    with pytest.raises(csv_import.CsvImportError) as caught:
        csv_import.parse(make_csv(rows))
    assert [(e.row, e.column) for e in caught.value.errors] == [(9_878, "数量 quantity")]

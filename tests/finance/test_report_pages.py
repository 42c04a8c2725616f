"""Report pages, CSV, PDF and the command: who may see what, and what the files really contain."""

import csv
import io

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import SecurityEvent
from accounts.services import create_agency
from tests.destruction.kit import pdf_text
from tests.world import PASSWORD

from .kit import Y


def login(client, username):
    assert client.login(username=username, password=PASSWORD)
    return client


def test_finance_and_auditors_read_reports_others_do_not(data, client):
    for username in ("finance", "auditor"):
        client.logout()
        login(client, username)
        assert client.get(f"/finance/?year={Y}").status_code == 200
    for username in ("custodian", "officer", "supervisor"):
        client.logout()
        login(client, username)
        assert client.get("/finance/").status_code == 403
        assert client.get("/finance/report.pdf").status_code == 403
        assert client.get("/finance/budgets/").status_code == 403


def test_out_of_scope_agency_answers_404_and_is_logged(data, client):
    login(client, "finance")
    assert client.get(f"/finance/?agency={data.world.province.code}").status_code == 404
    assert client.get(f"/finance/report.csv?agency={data.world.other_city.code}").status_code == 404
    assert SecurityEvent.objects.filter(kind=SecurityEvent.Kind.OUT_OF_SCOPE, user=data.world.finance).count() == 2
    # Drill-down inside the scope works.
    page = client.get(f"/finance/?year={Y}&agency={data.world.county.code}").content.decode()
    assert "南山区市场监督管理局" in page and "800.00" in page


def test_auditor_cannot_edit_budgets(data, client):
    login(client, "auditor")
    response = client.post("/finance/budgets/", {"agency": data.world.city.code, "fiscal_year": Y,
                                                 "category": "storage", "amount": "1"})
    assert response.status_code == 403
    amend = f"/finance/budgets/{data.world.city.code}/{Y}/disposal/amend/"
    assert client.post(amend, {"delta": "1", "reason": "x"}).status_code == 403


def test_finance_amends_a_budget_from_the_page(data, client):
    login(client, "finance")
    amend = f"/finance/budgets/{data.world.city.code}/{Y}/disposal/amend/"
    client.post(amend, {"delta": "-300.00", "reason": "调减 cut"})
    data.city_disposal.refresh_from_db()
    assert data.city_disposal.amount == 10200
    page = client.get(f"/finance/budgets/?year={Y}").content.decode()
    assert "调减 cut" in page and "追加危险废物处置经费" in page and "10,000.00" in page


def test_report_page_in_both_languages_with_svg_charts(data, client):
    login(client, "finance")
    page = client.get(f"/finance/?year={Y}").content.decode()
    assert "涉案物品无害化处理经费报告" in page and "预算是否够用" in page
    assert page.count("<svg") == 5 and "<script" not in page.split("<main")[1]
    assert " style=" not in page.split("<main")[1]
    assert f'href="?year={Y}&amp;agency={data.world.county.code}"' in page  # drill-down link
    client.post("/i18n/setlang/", {"language": "en", "next": "/finance/"})
    page = client.get(f"/finance/?year={Y}").content.decode()
    assert "Destruction budget report" in page and "Will the budget last?" in page and "16,500.00" in page


def test_csv_opens_in_excel_with_chinese(data, client):
    login(client, "finance")
    response = client.get(f"/finance/report.csv?year={Y}")
    assert response["Content-Disposition"].startswith('attachment; filename="budget-report-S440300-')
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == ["涉案物品无害化处理经费报告 Destruction budget report"]
    total = next(row for row in rows if row and row[0] == "合计 Total")
    assert total[1:6] == ["16500.00", "2130.30", "350.00", "1200.00", "13169.70"]
    assert any(row[:2] == ["一般固废 General solid waste", "焚烧（能量回收） incineration with energy recovery"]
               for row in rows)


def test_pdf_is_bilingual_with_the_figures(data, client):
    login(client, "auditor")
    response = client.get(f"/finance/report.pdf?year={Y}&agency={data.world.city.code}")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in ("涉案物品环境无害化处理经费报告", "Destruction budget report", "深圳市市场监督管理局",
                     "16,500.00", "2,130.30", "1,092.65", "52.50", "预算是否够用", "will the budget last",
                     "预算够用全年", "Spending by month", "台账检查点 Ledger checkpoint"):
        assert expected in text, expected


def test_command_writes_csv_and_pdf(data, tmp_path):
    out = tmp_path / "r.csv"
    call_command("budget_report", year=Y, agency="S440300", format="csv", output=str(out), stdout=io.StringIO())
    assert "16500.00" in out.read_text(encoding="utf-8-sig")
    pdf = tmp_path / "r.pdf"
    call_command("budget_report", "--year", str(Y), "--format", "pdf", "-o", str(pdf), stdout=io.StringIO())
    text = pdf_text(pdf.read_bytes())
    assert "全部机构" in text and "16,500.00" in text  # no agency: the whole country


def test_queries_per_report_do_not_grow_with_agencies(data, client):
    login(client, "auditor")

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/finance/?year={Y}").status_code == 200
        return len(captured)

    before = count()
    city = data.world.city
    for number in range(12):
        create_agency(name=f"测试县{number}", agency_type="market", level=4, division_code=f"4403{50 + number}",
                      parent=city)
    assert count() == before

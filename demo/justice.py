"""Demo releases, transfers, appraisals and decisions, all through the real services (idempotent).

- releases in every state: awaiting approval, approved awaiting execution, checked out and overdue,
  returned with damage noted (an alert for the supervisor);
- the fake-medicine criminal case transferred to 深圳市公安局 and received (legal custody moved,
  goods stayed); the fake-Moutai case's transfer waiting for approval;
- rights holders' appraisals of samples; the police recognise the Pfizer appraisal;
- penalty decisions that allow disposal for the LV handbag case and the pirated-disc case.
"""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from custody.appraisals.models import Appraisal
from custody.appraisals.services import recognise_appraisal, record_appraisal, take_sample
from custody.releases.models import ReleaseRequest
from custody.releases.services import approve_release, check_out, request_release, return_item
from custody.services.duties import save_with_history
from custody.services.storage import store_at
from custody.transfers.models import Transfer
from custody.transfers.services import (
    decide_transfer,
    prepare_transfer,
    receive_transfer,
    record_decision,
    send_transfer,
)
from labels.pdf import BilingualDocument
from warehouse.models import Case, Item, LegalDocument, Location

LV = "深南市监罚〔2026〕101号"
PESTICIDE = "深南市监刑移〔2026〕7号"
DISCS = "深宝市监罚〔2026〕215号"
BATTERIES = "深南市监罚〔2026〕133号"
MOUTAI = "深南市监刑移〔2026〕12号"
MEDICINE = "深南市监刑移〔2026〕15号"


def build_justice(agencies, users) -> None:
    cases = {case.case_number: case for case in Case.objects.filter(
        case_number__in=[LV, PESTICIDE, DISCS, BATTERIES, MOUTAI, MEDICINE])}
    if len(cases) < 6:
        return
    if not Appraisal.objects.exists():
        _appraisals(users, cases)
    if not ReleaseRequest.objects.exists():
        _releases(users, cases)
    if not Transfer.objects.exists():
        _transfers(agencies, users, cases)
    if not LegalDocument.objects.filter(kind=LegalDocument.Kind.PENALTY_DECISION).exists():
        _decisions(users, cases)


def _stored(case, count, exclude=()):
    return list(Item.objects.filter(case=case, status=Item.Status.IN_STORAGE, parent__isnull=True)
                .exclude(pk__in=[item.pk for item in exclude]).order_by("pk")[:count])


def _report_pdf(title_zh, title_en, facts) -> SimpleUploadedFile:
    document = BilingualDocument(title_zh=title_zh, title_en=title_en, generated_at=timezone.localtime())
    document.facts(facts)
    return SimpleUploadedFile(f"{title_zh}.pdf", document.build(), content_type="application/pdf")


def _appraisals(users, cases) -> None:
    officer, custodian = users["officer"], users["custodian"]
    specs = [
        (LV, "路易威登马利蒂公司 授权鉴定代表 陈某", "比对防伪编码、皮料、缝线与五金刻印"),
        (MOUTAI, "贵州茅台酒股份有限公司 打假办 李某", "比对瓶盖防伪芯片、酒标印刷及酒体感官"),
        (MEDICINE, "辉瑞投资有限公司 品牌保护部 王某", "比对包装批号、铝塑板压印与片剂外观"),
    ]
    for number, appraiser, method in specs:
        case = cases[number]
        lot = (Item.objects.filter(case=case, status=Item.Status.IN_STORAGE, parent__isnull=True, quantity__gt=1)
               .order_by("pk").first()) or _stored(case, 1)[0]
        sample = lot
        if lot.quantity > 1:  # a single handbag is appraised whole; a carton gives a sample
            sample = take_sample(actor=officer, lot=lot, quantity=Decimal("1"),
                                 description=f"{lot.description}（抽样送检）")
            bins = Location.objects.filter(warehouse=lot.warehouse, kind=Location.Kind.BIN,
                                           is_hazardous=lot.is_hazardous, is_cold=lot.needs_cold,
                                           is_secure=lot.needs_secure).order_by("full_name")
            store_at(actor=custodian, items=[sample], location=bins.first())
        holder = case.rights_holders.first()
        report = _report_pdf("鉴定意见书", "Appraisal opinion", [
            ("案号 Case number", case.case_number), ("样品 Sample", sample.code), ("鉴定人 Appraiser", appraiser),
            ("方法 Method", method), ("结论 Result", "假冒 Counterfeit")])
        record_appraisal(actor=officer, item=sample, kind=Appraisal.Kind.RIGHTS_HOLDER, rights_holder=holder,
                         appraiser=appraiser, method=method, result=Appraisal.Result.COUNTERFEIT,
                         appraised_on=timezone.localdate() - datetime.timedelta(days=10), report=report)


def _releases(users, cases) -> None:
    officer, supervisor, custodian = users["officer"], users["supervisor"], users["custodian"]
    today = timezone.localdate()
    batteries = _stored(cases[BATTERIES], 3)
    # 1. Awaiting approval: batteries to the testing centre.
    request_release(actor=officer, case=cases[BATTERIES], items=batteries[:1], purpose="examination",
                    reason="送深圳市计量质量检测研究院做安全性能检验", recipient_name="刘检测",
                    recipient_organisation="深圳市计量质量检测研究院", due_back=today + datetime.timedelta(days=14))
    # 2. Approved, waiting for the custodian.
    pesticide = _stored(cases[PESTICIDE], 1)
    release = request_release(actor=officer, case=cases[PESTICIDE], items=pesticide, purpose="appraisal",
                              reason="送农业农村部农药检定所检测有效成分含量", recipient_name="黄鉴定",
                              recipient_organisation="农业农村部农药检定所",
                              due_back=today + datetime.timedelta(days=20))
    approve_release(actor=supervisor, release=release, note="同意送检")
    # 3. Checked out for the court hearing and overdue.
    lv = _stored(cases[LV], 1)
    release = request_release(actor=officer, case=cases[LV], items=lv, purpose="court",
                              reason="南山区人民法院庭审质证",
                              recipient_name="书记员 周某", recipient_organisation="深圳市南山区人民法院",
                              due_back=today + datetime.timedelta(days=1))
    approve_release(actor=supervisor, release=release)
    check_out(actor=custodian, release=release, items=lv)
    # The demo needs an overdue release: move its due date back, visibly, in the request's history.
    release.refresh_from_db()
    release.due_back = today - datetime.timedelta(days=3)
    save_with_history(release, actor=supervisor, reason="演示数据：到期日回溯 demo backdated")
    # 4. Returned with damage noted.
    release = request_release(actor=officer, case=cases[BATTERIES], items=batteries[1:2], purpose="examination",
                              reason="拆解检验电芯", recipient_name="刘检测",
                              recipient_organisation="深圳市计量质量检测研究院",
                              due_back=today + datetime.timedelta(days=7))
    approve_release(actor=supervisor, release=release)
    check_out(actor=custodian, release=release, items=batteries[1:2])
    return_item(actor=custodian, item=batteries[1], condition="damaged", note="外箱受潮破损，2块电池鼓包")


def _transfers(agencies, users, cases) -> None:
    officer, supervisor, police = users["officer"], users["supervisor"], users["police"]
    transfer = prepare_transfer(actor=officer, case=cases[MEDICINE], to_agency=agencies["police"],
                                document_number="深南市监移〔2026〕15号",
                                reason="涉嫌生产、销售假药罪，依据《行政执法机关移送涉嫌犯罪案件的规定》移送公安机关")
    decide_transfer(actor=supervisor, transfer=transfer, approve=True, note="同意移送")
    send_transfer(actor=officer, transfer=transfer)
    received = list(Item.objects.filter(pk__in=transfer.lines.values("item_id")))
    receive_transfer(actor=police, transfer=transfer, accept=received)
    police.__dict__.pop("_shared_case_ids", None)
    pfizer = Appraisal.objects.filter(item__case=cases[MEDICINE]).first()
    if pfizer is not None:
        recognise_appraisal(actor=type(police).objects.get(pk=police.pk), appraisal=pfizer,
                            note="认可权利人鉴定意见，不再重复鉴定")
    prepare_transfer(actor=officer, case=cases[MOUTAI], to_agency=agencies["police"],
                     document_number="深南市监移〔2026〕12号",
                     reason="涉嫌销售假冒注册商标的商品罪，涉案金额超过五万元")


def _decisions(users, cases) -> None:
    day = timezone.localdate() - datetime.timedelta(days=5)
    record_decision(actor=users["officer"], case=cases[LV], kind=LegalDocument.Kind.PENALTY_DECISION,
                    number="深南市监罚决〔2026〕101号", issued_on=day, allows_disposal=True,
                    note="没收并销毁侵权商品，罚款")
    record_decision(actor=users["officer2"], case=cases[DISCS], kind=LegalDocument.Kind.PENALTY_DECISION,
                    number="深宝市监罚决〔2026〕215号", issued_on=day, allows_disposal=True,
                    note="没收盗版音像制品并予以销毁")

"""Reads of appraisals."""

from custody.appraisals.models import Appraisal


def case_appraisals(case):
    return (Appraisal.objects.filter(item__case=case).select_related("item", "rights_holder", "recorded_agency")
            .prefetch_related("recognitions__agency").order_by("appraised_on", "pk"))

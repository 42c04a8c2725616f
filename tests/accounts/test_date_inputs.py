"""Date fields are written as HTML's date strings (YYYY-MM-DD) in every language (config/formats)."""

import datetime

import pytest
from django import forms
from django.utils import translation


class Form(forms.Form):
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_date_input_carries_an_iso_date_the_browser_accepts(language):
    with translation.override(language):
        html = str(Form(initial={"day": datetime.date(2027, 3, 7)})["day"])
    assert 'value="2027-03-07"' in html


def test_chinese_dates_typed_by_hand_are_still_understood():
    with translation.override("zh-hans"):
        for typed in ["2027-03-07", "2027/03/07"]:
            form = Form({"day": typed})
            assert form.is_valid(), typed
            assert form.cleaned_data["day"] == datetime.date(2027, 3, 7)

from django import template
from django.http import QueryDict

from finance.exports import cell as format_cell

register = template.Library()


@register.filter
def cell(value):
    """Money with thousands separators and two decimals, '—' for unknown, labels in the page language."""
    return format_cell(value)


@register.simple_tag
def report_query(query: dict, **changes) -> str:
    """The report's query string with some parameters changed (drill-down links, exports)."""
    params = QueryDict(mutable=True)
    for key, value in {**query, **changes}.items():
        if value not in ("", None):
            params[key] = value
    return params.urlencode()


@register.filter
def signed(value):
    """A change in yuan with its sign: +500.00, -1,200.00."""
    return f"{value:+,.2f}"

"""Pagination that never counts a million rows to show 25 of them."""

from django.core.paginator import Page, Paginator
from django.utils.functional import cached_property

COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """Counts at most COUNT_CAP + 1 rows; beyond that the page shows "10,000+".

    An exact COUNT(*) over a large filtered table costs more than the page itself; nobody pages
    through ten thousand items, they filter.
    """

    @cached_property
    def count(self) -> int:
        return self.object_list[: COUNT_CAP + 1].count()

    @property
    def is_capped(self) -> bool:
        return self.count > COUNT_CAP


def paginate(request, queryset, per_page: int) -> Page:
    paginator = CappedPaginator(queryset, per_page)
    return paginator.get_page(request.GET.get("page"))


def querystring_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    encoded = params.urlencode()
    return f"{encoded}&" if encoded else ""

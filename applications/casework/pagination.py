"""Pages of the staff listings that cost the same at the end as at the start, and
their counts made once."""

from types import MethodType

from django.core.exceptions import EmptyResultSet
from wagtail.admin.paginator import WagtailPaginator


class FromEitherEndPaginator(WagtailPaginator):
    """Reads a page in the back half of an ordered listing from its end.

    A page is an OFFSET, and a database reads every row it skips: the last page of
    100,000 households cost four times the first. The listing's link to the last
    page is one click away, so pages past the middle are read in the reverse order
    (the same index, walked backwards) and turned round: the last page skips
    nothing. The order is total (the listings end it with the primary key), so the
    reverse of the reverse is the same order on every database.
    """

    def page(self, number):
        queryset = self.object_list
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if not getattr(queryset, "ordered", False) or bottom <= self.count // 2:
            return super().page(number)
        rows = list(queryset.reverse()[self.count - top : self.count - bottom])
        return self._get_page(rows[::-1], number, self)


class CountedOnce:
    """Counts each distinct query of one listing request once.

    The listing counts its rows for "N out of M", its paginator counts them again,
    and in the "all" view the rows are the queue itself, counted for M: three counts
    of up to 100,000 rows where one or two are different. A queryset given to
    `once` answers `count()` from what this request has counted already for the
    same SQL; the queryset's clones (a filter, a page) count for themselves.
    """

    def __init__(self):
        self.known = {}

    def once(self, queryset):
        known, count = self.known, queryset.count

        def count_once(self):
            try:
                key = str(self.order_by().select_related(None).query)
            except EmptyResultSet:  # none(): counted without asking the database
                return count()
            if key not in known:
                known[key] = count()
            return known[key]

        # A bound method, as the paginator checks that `count` takes no argument.
        queryset.count = MethodType(count_once, queryset)
        return queryset

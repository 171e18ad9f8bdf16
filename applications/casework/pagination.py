"""Pages of the staff listings that cost the same at the end as at the start."""

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

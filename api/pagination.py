"""Enrollments a page at a time, by a cursor: a partner walking every page misses
no row, even as rows change meanwhile (a changed row moves to the end), and a late
page costs no more than the first, as an offset's would."""

from rest_framework.pagination import CursorPagination


class EnrollmentCursorPagination(CursorPagination):
    ordering = ("changed_at", "pk")
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500

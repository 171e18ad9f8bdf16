"""News items in the admin, under Snippets, with a "Translate" button like pages."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .news import NewsItem


class NewsItemViewSet(SnippetViewSet):
    model = NewsItem
    icon = "doc-full"
    list_display = ["title", "start_date", "end_date", "program"]
    ordering = ["-start_date", "-pk"]


register_snippet(NewsItemViewSet)

"""PDFs rendered from HTML (a household's case file, an applicant's verification
card) by WeasyPrint, which fetches nothing: every URL in the HTML (an image, a
stylesheet) is refused, so what an applicant typed can never make the server request
anything. Pictures go in as inline SVG.
"""

from PIL import ImageFile

# Importing WeasyPrint turns on Pillow's loading of truncated images, for every
# caller in the process; uploads must keep refusing them (documents.checks), and no
# PDF here loads an image, so the setting is put back at once.
_truncated = ImageFile.LOAD_TRUNCATED_IMAGES
from weasyprint import HTML, URLFetcher  # noqa: E402

ImageFile.LOAD_TRUNCATED_IMAGES = _truncated


class RefuseEveryUrl(URLFetcher):
    """WeasyPrint's fetcher, refusing every URL (an image or stylesheet is left out,
    and the PDF is still made)."""

    def fetch(self, url, headers=None):
        raise ValueError("Portal PDFs load nothing from outside.")


def render_pdf(html):
    """The PDF's bytes for an HTML string."""
    return HTML(string=html, url_fetcher=RefuseEveryUrl()).write_pdf()

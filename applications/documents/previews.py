"""Staff see documents as plain images rendered on the server, never as the file.

A PDF's page is rasterized with PDFium (pypdfium2, which has no JavaScript engine),
an image is decoded and encoded again, and either is sent as a PNG, which a browser
shows without running anything. The original stays downloadable as an attachment.
"""

import io

import pypdfium2
from PIL import Image

# Wide enough to read a letter's small print; bounded so a huge page cannot exhaust
# memory (a page's size is the document's claim, not a fact).
PREVIEW_WIDTH = 1400
MAX_PREVIEW_PIXELS = 1400 * 2400


class NoSuchPage(Exception):
    pass


def count_pages(data, is_pdf):
    if not is_pdf:
        return 1
    pdf = pypdfium2.PdfDocument(data)
    try:
        return len(pdf)
    finally:
        pdf.close()


def preview_pages(document):
    """The page numbers to show; counted once for documents stored before the count
    was kept."""
    if document.page_count is None:
        with document.file.open("rb") as handle:
            document.page_count = count_pages(handle.read(), document.is_pdf)
        type(document).objects.filter(pk=document.pk).update(
            page_count=document.page_count
        )
    return range(1, document.page_count + 1)


def _bounded(width, height):
    scale = PREVIEW_WIDTH / max(width, 1)
    if width * height * scale * scale > MAX_PREVIEW_PIXELS:
        scale = (MAX_PREVIEW_PIXELS / max(width * height, 1)) ** 0.5
    return scale


def render_png(document, page_number):
    """PNG bytes of one page (counted from 1) of the document."""
    with document.file.open("rb") as handle:
        data = handle.read()
    if document.is_pdf:
        pdf = pypdfium2.PdfDocument(data)
        try:
            if not 1 <= page_number <= len(pdf):
                raise NoSuchPage(page_number)
            page = pdf[page_number - 1]
            width, height = page.get_size()
            bitmap = page.render(scale=_bounded(width, height), may_draw_forms=False)
            image = bitmap.to_pil()
        finally:
            pdf.close()
    else:
        if page_number != 1:
            raise NoSuchPage(page_number)
        with Image.open(io.BytesIO(data)) as opened:
            image = opened.convert("RGB")
        scale = min(1.0, _bounded(*image.size))
        if scale < 1.0:
            image = image.resize((int(image.width * scale), int(image.height * scale)))
    output = io.BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()

"""A hostile corpus, made here: each file is refused with its reason, or stored as a
copy that carries none of what made it hostile."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from applications.documents.checks import MAX_PDF_PAGES, MAX_UPLOAD_BYTES, check_upload
from applications.documents.pdf_safety import active_content

SCRIPT = "app.alert('pwned')"


def _pdf(build=None, pages=1):
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=200, height=200)
    if build:
        build(writer)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _action(kind, **fields):
    action = DictionaryObject({NameObject("/S"): NameObject(kind)})
    for key, value in fields.items():
        action[NameObject(f"/{key}")] = value
    return action


def _annotation(writer, subtype, **fields):
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject(subtype),
            NameObject("/Rect"): ArrayObject([NumberObject(n) for n in (0, 0, 50, 50)]),
        }
    )
    for key, value in fields.items():
        annotation[NameObject(f"/{key}")] = value
    page = writer.pages[0]
    page[NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])


def _js_open_action(writer):
    writer._root_object[NameObject("/OpenAction")] = _action(
        "/JavaScript", JS=TextStringObject(SCRIPT)
    )


def _js_names(writer):
    """Document-level JavaScript in the catalogue's name tree."""
    script = writer._add_object(_action("/JavaScript", JS=TextStringObject(SCRIPT)))
    writer._root_object[NameObject("/Names")] = DictionaryObject(
        {
            NameObject("/JavaScript"): DictionaryObject(
                {
                    NameObject("/Names"): ArrayObject(
                        [TextStringObject("startup"), script]
                    )
                }
            )
        }
    )


def _page_additional_action(writer):
    writer.pages[0][NameObject("/AA")] = DictionaryObject(
        {NameObject("/O"): _action("/JavaScript", JS=TextStringObject(SCRIPT))}
    )


def _document_additional_action(writer):
    writer._root_object[NameObject("/AA")] = DictionaryObject(
        {NameObject("/WC"): _action("/JavaScript", JS=TextStringObject(SCRIPT))}
    )


def _launch(writer):
    writer._root_object[NameObject("/OpenAction")] = _action(
        "/Launch", F=TextStringObject("cmd.exe")
    )


def _embedded_file(writer):
    writer.add_attachment("invoice.exe", b"MZ\x90\x00 payload")


def _xfa(writer):
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {
            NameObject("/Fields"): ArrayObject(),
            NameObject("/XFA"): ArrayObject(
                [TextStringObject("template"), TextStringObject("<xdp/>")]
            ),
        }
    )


def _rich_media(writer):
    _annotation(writer, "/RichMedia")


def _link_with_script(writer):
    _annotation(writer, "/Link", A=_action("/JavaScript", JS=TextStringObject(SCRIPT)))


def _widget_with_script(writer):
    _annotation(
        writer,
        "/Widget",
        FT=NameObject("/Tx"),
        T=TextStringObject("name"),
        AA=DictionaryObject(
            {NameObject("/K"): _action("/JavaScript", JS=TextStringObject(SCRIPT))}
        ),
    )


def _file_attachment_annotation(writer):
    _annotation(writer, "/FileAttachment", Contents=TextStringObject("open me"))


def _chained_action_link(writer):
    _annotation(
        writer,
        "/Link",
        A=_action(
            "/URI",
            URI=TextStringObject("https://example.com/"),
            Next=_action("/JavaScript", JS=TextStringObject(SCRIPT)),
        ),
    )


def _png(width=40, height=30):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "navy").save(buffer, "PNG")
    return buffer.getvalue()


def _jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "navy").save(buffer, "JPEG")
    return buffer.getvalue()


def _png_chunk(kind, data):
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def _png_bomb():
    """A tiny PNG that claims 100,000 × 100,000 pixels."""
    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * 1024)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", idat)
        + _png_chunk(b"IEND", b"")
    )


def _png_with_script_chunk():
    data = _png()
    chunk = _png_chunk(b"tEXt", b"Comment\0<script>alert(1)</script>")
    return data[:33] + chunk + data[33:]


def _encrypted_pdf():
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt(user_password="secret", owner_password="owner")
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200
SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg">'
    b"<script>alert(document.cookie)</script></svg>"
)
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
ZIP = b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"\x00" * 100
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01" + (
    b"\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)

# (name, bytes, the refusal's code) for files that must be refused.
REFUSED = {
    "renamed-executable.pdf": (EXE, "mismatch"),
    "renamed-executable.png": (EXE, "mismatch"),
    "renamed-elf.jpg": (ELF, "mismatch"),
    "script.svg": (SVG, "type"),
    "svg-named.png": (SVG, "mismatch"),
    "page.html": (HTML, "type"),
    "html-named.pdf": (HTML, "mismatch"),
    "zip-named.pdf": (ZIP, "mismatch"),
    "gif-named.jpg": (GIF, "mismatch"),
    "decompression-bomb.png": (_png_bomb(), "bomb"),
    "truncated.pdf": (_pdf()[:120], "corrupt"),
    "truncated.png": (_png()[:60], "corrupt"),
    "password.pdf": (_encrypted_pdf(), "encrypted"),
    "empty.pdf": (b"", "empty"),
    "oversized.pdf": (b"%PDF-1.4\n" + b"0" * MAX_UPLOAD_BYTES, "too_large"),
    "too-many-pages.pdf": (_pdf(pages=MAX_PDF_PAGES + 1), "too_many_pages"),
}

# (name, bytes) of PDFs with active content, stored as a rewritten copy without it.
REWRITTEN = {
    "javascript-open-action.pdf": _pdf(_js_open_action),
    "javascript-in-names.pdf": _pdf(_js_names),
    "page-additional-action.pdf": _pdf(_page_additional_action),
    "document-additional-action.pdf": _pdf(_document_additional_action),
    "launch-action.pdf": _pdf(_launch),
    "embedded-file.pdf": _pdf(_embedded_file),
    "xfa-form.pdf": _pdf(_xfa),
    "rich-media.pdf": _pdf(_rich_media),
    "link-with-javascript.pdf": _pdf(_link_with_script),
    "form-field-with-javascript.pdf": _pdf(_widget_with_script),
    "file-attachment-annotation.pdf": _pdf(_file_attachment_annotation),
    "uri-link-with-chained-script.pdf": _pdf(_chained_action_link),
}

# (name, bytes, what must not survive) for polyglots and hidden payloads.
CLEANED = {
    "pdf-zip-polyglot.pdf": (_pdf() + ZIP, b"PK\x03\x04"),
    "pdf-html-polyglot.pdf": (_pdf() + HTML, b"<script"),
    "jpeg-html-polyglot.jpg": (_jpeg() + HTML, b"<script"),
    "png-script-chunk.png": (_png_with_script_chunk(), b"<script"),
}


def everything_in(data):
    """Every string and every decoded stream of a PDF, joined (PDFs may compress
    objects, so the raw bytes cannot be searched)."""
    from pypdf.generic import IndirectObject, StreamObject

    reader = PdfReader(io.BytesIO(data))
    found, seen = [], set()
    stack = [reader.trailer]
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            if (item.idnum, item.generation) in seen:
                continue
            seen.add((item.idnum, item.generation))
            item = item.get_object()
        if isinstance(item, StreamObject):
            found.append(item.get_data())
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str | bytes):
            found.append(item.encode() if isinstance(item, str) else item)
    return b"\n".join(found)


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def stored(checked):
    checked.content.seek(0)
    return checked.content.read()


@pytest.mark.parametrize("name", list(REFUSED))
def test_hostile_file_is_refused(name):
    data, code = REFUSED[name]
    with pytest.raises(ValidationError) as refusal:
        check_upload(upload(name, data))
    assert refusal.value.code == code


@pytest.mark.parametrize("name", list(REWRITTEN))
def test_pdf_with_active_content_is_stored_without_it(name):
    data = REWRITTEN[name]
    assert active_content(data), "the corpus file must carry active content"
    assert any(
        marker in everything_in(data) for marker in (b"pwned", b"cmd.exe", b"MZ")
    ) or name in {"xfa-form.pdf", "rich-media.pdf", "file-attachment-annotation.pdf"}

    kept = stored(check_upload(upload(name, data)))

    assert active_content(kept) == set()
    contents = everything_in(kept)
    assert b"pwned" not in contents
    assert b"cmd.exe" not in contents
    assert b"MZ\x90" not in contents
    assert len(PdfReader(io.BytesIO(kept)).pages) == 1


@pytest.mark.parametrize("name", list(CLEANED))
def test_polyglot_is_stored_without_its_second_format(name):
    data, payload = CLEANED[name]
    assert payload in data

    kept = stored(check_upload(upload(name, data)))

    assert payload not in kept


def test_the_corpus_holds_at_least_25_files():
    assert len(REFUSED) + len(REWRITTEN) + len(CLEANED) >= 25


def test_a_plain_link_survives_the_rewrite():
    def uri_link(writer):
        _annotation(
            writer,
            "/Link",
            A=_action("/URI", URI=TextStringObject("https://city.example/")),
        )

    kept = stored(check_upload(upload("letter.pdf", _pdf(uri_link))))
    [link] = PdfReader(io.BytesIO(kept)).pages[0]["/Annots"]
    assert link.get_object()["/A"]["/URI"] == "https://city.example/"

"""Upload checks: every fixture file is generated here, none is committed."""

import io
import random
import re
import struct
import warnings
import zlib
from dataclasses import FrozenInstanceError

import pillow_heif
import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from PIL import ExifTags, Image, ImageFile, PngImagePlugin
from pypdf import PdfReader, PdfWriter

from applications.documents.checks import (
    MAX_IMAGE_PIXELS,
    MAX_NAME_LENGTH,
    MAX_PDF_PAGES,
    MAX_UPLOAD_BYTES,
    CheckedUpload,
    check_upload,
    random_storage_name,
)

pillow_heif.register_heif_opener()

SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg">'
    b"<script>alert(1)</script></svg>\n"
)
HTML = b"<!DOCTYPE html>\n<html><body><script>alert(1)</script></body></html>\n"


def upload(name, data, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def gps_exif(orientation=None):
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "AcmePhone"
    exif[ExifTags.Base.Model] = "Model 7"
    if orientation:
        exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (39.0, 44.0, 21.0),
        ExifTags.GPS.GPSLongitudeRef: "W",
        ExifTags.GPS.GPSLongitude: (104.0, 59.0, 3.0),
    }
    return exif


def image_bytes(fmt, size=(64, 48), mode="RGB", **options):
    buffer = io.BytesIO()
    Image.new(mode, size, "teal").save(buffer, format=fmt, **options)
    return buffer.getvalue()


def noisy_image_bytes(fmt, size=(256, 256)):
    """Random pixels, so the encoded data is long enough to cut in the middle."""
    pixels = random.Random(0).randbytes(size[0] * size[1] * 3)
    buffer = io.BytesIO()
    Image.frombytes("RGB", size, pixels).save(buffer, format=fmt)
    return buffer.getvalue()


def pdf_bytes(pages=1, user_password=None, owner_password=None, padding=0):
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=612, height=792)
    if padding:
        writer.add_attachment("padding.bin", bytes(padding))
    if user_password is not None:
        writer.encrypt(user_password=user_password, owner_password=owner_password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_of_exact_size(size):
    padding = size - len(pdf_bytes())
    data = pdf_bytes(padding=padding)
    while len(data) != size:
        padding -= len(data) - size
        data = pdf_bytes(padding=padding)
    return data


def png_bomb(width, height):
    """A valid 1-bit PNG of blank rows: kilobytes on disk, huge once decoded.

    Written by hand because Pillow would need width * height bytes of memory to
    create the image before saving it.
    """

    def chunk(kind, payload):
        crc = zlib.crc32(kind + payload)
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)

    compressor = zlib.compressobj(9)
    row = bytes(1 + (width + 7) // 8)
    pixels = b"".join(compressor.compress(row) for _ in range(height))
    pixels += compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


def jpeg_bomb(width, height):
    """A small JPEG whose frame header claims ``width`` x ``height`` pixels."""
    data = bytearray(image_bytes("JPEG", size=(16, 16)))
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def refusal(uploaded_file):
    with pytest.raises(ValidationError) as excinfo:
        check_upload(uploaded_file)
    error = excinfo.value
    assert error.messages and all(message.strip() for message in error.messages)
    assert not any("%(" in message for message in error.messages)
    return error


def stored_bytes(checked):
    checked.content.seek(0)
    return checked.content.read()


def assert_clean_image(checked, expected_format):
    data = stored_bytes(checked)
    assert b"Exif" not in data
    assert b"AcmePhone" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == expected_format
        assert not image.getexif()
        image.load()
        return image.size


class EndlessZeros(io.RawIOBase):
    """A stream that never ends and counts what was taken from it."""

    def __init__(self):
        self.bytes_read = 0

    def readable(self):
        return True

    def readinto(self, buffer):
        buffer[:] = bytes(len(buffer))
        self.bytes_read += len(buffer)
        return len(buffer)


# Accepted files


def test_jpeg_gps_exif_is_stripped():
    data = image_bytes("JPEG", exif=gps_exif())
    assert b"Exif" in data

    checked = check_upload(upload("license.jpg", data, "image/jpeg"))

    assert checked.content_type == "image/jpeg"
    assert checked.extension == ".jpg"
    assert assert_clean_image(checked, "JPEG") == (64, 48)


def test_jpeg_orientation_is_applied_before_exif_is_stripped():
    data = image_bytes("JPEG", size=(40, 20), exif=gps_exif(orientation=6))

    checked = check_upload(upload("sideways.jpg", data))

    assert assert_clean_image(checked, "JPEG") == (20, 40)


def test_jpeg_xmp_and_comment_are_stripped():
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">GPSLatitude 39,44.35N</x:xmpmeta>'
    data = image_bytes("JPEG", xmp=xmp, comment=b"Taken at 123 Main St")
    assert b"GPSLatitude" in data and b"Main St" in data

    stored = stored_bytes(check_upload(upload("id.jpeg", data)))

    assert b"GPSLatitude" not in stored
    assert b"Main St" not in stored


def test_png_stays_png_without_exif_or_text_chunks():
    text = PngImagePlugin.PngInfo()
    text.add_text("Author", "Maria Lopez")
    data = image_bytes("PNG", mode="RGBA", exif=gps_exif(), pnginfo=text)
    assert b"eXIf" in data and b"Maria Lopez" in data

    checked = check_upload(upload("screenshot.png", data, "image/png"))

    assert checked.content_type == "image/png"
    assert checked.extension == ".png"
    assert assert_clean_image(checked, "PNG") == (64, 48)
    assert b"Maria Lopez" not in stored_bytes(checked)
    assert b"eXIf" not in stored_bytes(checked)


def test_palette_png_keeps_its_transparency():
    image = Image.new("P", (8, 8), 0)
    image.putpalette([255, 255, 255, 0, 0, 0])
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", transparency=0)

    checked = check_upload(upload("stamp.png", buffer.getvalue()))

    with Image.open(io.BytesIO(stored_bytes(checked))) as stored:
        assert stored.mode == "P"
        assert stored.info.get("transparency") == 0


def test_heic_becomes_jpeg_without_exif():
    data = image_bytes("HEIF", exif=gps_exif().tobytes())
    with Image.open(io.BytesIO(data)) as original:
        assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)

    checked = check_upload(upload("IMG_0042.HEIC", data, "image/heic"))

    assert checked.content_type == "image/jpeg"
    assert checked.extension == ".jpg"
    assert assert_clean_image(checked, "JPEG") == (64, 48)


def test_heic_with_transparency_becomes_jpeg_on_white():
    data = image_bytes("HEIF", mode="RGBA", size=(32, 32))

    checked = check_upload(upload("cutout.heif", data))

    with Image.open(io.BytesIO(stored_bytes(checked))) as stored:
        assert (stored.format, stored.mode) == ("JPEG", "RGB")


def test_pdf_is_stored_exactly_as_uploaded():
    data = pdf_bytes(pages=3)

    checked = check_upload(upload("enrollment.pdf", data, "application/pdf"))

    assert checked.content_type == "application/pdf"
    assert checked.extension == ".pdf"
    assert stored_bytes(checked) == data
    assert checked.size == len(data)


def test_pdf_locked_only_against_editing_is_accepted():
    data = pdf_bytes(user_password="", owner_password="issuer-only")

    checked = check_upload(upload("bank-statement.pdf", data))

    # Stored as the rewritten copy (every PDF is), which opens without a password.
    stored = PdfReader(io.BytesIO(stored_bytes(checked)))
    assert not stored.is_encrypted
    assert len(stored.pages) == len(PdfReader(io.BytesIO(data)).pages)


def test_pdf_of_exactly_the_size_limit_is_accepted():
    data = pdf_of_exact_size(MAX_UPLOAD_BYTES)

    # Accepted (not "too large"); what is stored is the rewritten copy.
    assert check_upload(upload("scan.pdf", data)).content_type == "application/pdf"


def test_pdf_of_exactly_the_page_limit_is_accepted():
    data = pdf_bytes(pages=MAX_PDF_PAGES)

    assert check_upload(upload("records.pdf", data)).content_type == "application/pdf"


@pytest.mark.parametrize("name", ["SCAN.PDF", "Photo.JPG", "photo.JPEG", "x.Png"])
def test_extension_is_matched_case_insensitively(name):
    kind = name.rpartition(".")[2].lower()
    data = {
        "pdf": pdf_bytes(),
        "jpg": image_bytes("JPEG"),
        "jpeg": image_bytes("JPEG"),
        "png": image_bytes("PNG"),
    }[kind]

    assert check_upload(upload(name, data)).size > 0


def test_browser_content_type_is_ignored():
    checked = check_upload(upload("card.png", image_bytes("PNG"), "application/pdf"))

    assert checked.content_type == "image/png"


def test_result_is_a_frozen_checked_upload_with_a_content_file():
    checked = check_upload(upload("card.png", image_bytes("PNG")))

    assert isinstance(checked, CheckedUpload)
    assert isinstance(checked.content, ContentFile)
    assert checked.size == len(stored_bytes(checked))
    with pytest.raises(FrozenInstanceError):
        checked.size = 0


def test_upload_already_read_is_checked_from_the_start():
    uploaded_file = upload("card.png", image_bytes("PNG"))
    uploaded_file.read()

    assert check_upload(uploaded_file).content_type == "image/png"


# Names


def test_original_name_loses_windows_path_parts():
    checked = check_upload(upload("C:\\Users\\maria\\Desktop\\id.pdf", pdf_bytes()))

    assert checked.original_name == "id.pdf"


def test_original_name_loses_control_and_bidi_characters():
    checked = check_upload(upload("id\u202egnp\x00.pdf", pdf_bytes()))

    assert checked.original_name == "idgnp.pdf"


def test_long_original_name_is_trimmed_keeping_its_extension():
    checked = check_upload(upload("a" * 240 + ".pdf", pdf_bytes()))

    assert len(checked.original_name) == MAX_NAME_LENGTH
    assert checked.original_name.endswith("a.pdf")


def test_random_storage_name_is_unguessable_and_differs_between_calls():
    names = {random_storage_name(".pdf") for _ in range(50)}

    assert len(names) == 50
    for name in names:
        assert re.fullmatch(r"documents/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", name)


def test_random_storage_name_never_contains_the_original_name():
    checked = check_upload(upload("Maria-Lopez-license.jpg", image_bytes("JPEG")))

    name = random_storage_name(checked.extension)

    assert name.endswith(".jpg")
    assert "maria" not in name.lower()
    assert "license" not in name.lower()


@pytest.mark.parametrize("extension", ["pdf", "../x.pdf", ".p/df", "", ".pdf\n"])
def test_random_storage_name_refuses_anything_but_an_extension(extension):
    with pytest.raises(ValueError):
        random_storage_name(extension)


# Refusals


def test_empty_file_is_refused():
    assert refusal(upload("id.pdf", b"")).code == "empty"


def test_file_one_byte_over_the_limit_is_refused():
    data = pdf_of_exact_size(MAX_UPLOAD_BYTES) + b"\n"

    assert refusal(upload("scan.pdf", data)).code == "too_large"


def test_endless_upload_is_refused_without_reading_past_the_limit():
    stream = EndlessZeros()

    error = refusal(UploadedFile(stream, name="huge.pdf", content_type="image/png"))

    assert error.code == "too_large"
    assert stream.bytes_read == MAX_UPLOAD_BYTES + 1


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("drawing.svg", SVG),
        ("page.html", HTML),
        ("notes.txt", b"my income is\n"),
        ("documents.zip", b"PK\x03\x04" + bytes(60)),
        ("setup.exe", b"MZ\x90\x00" + bytes(120)),
        ("animation.gif", image_bytes("GIF")),
        ("photo.webp", image_bytes("WEBP")),
    ],
)
def test_unsupported_type_is_refused(name, data):
    assert refusal(upload(name, data)).code == "type"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("id.pdf", image_bytes("PNG")),
        ("id.jpg", pdf_bytes()),
        ("id.png", image_bytes("JPEG")),
        ("id.heic", image_bytes("JPEG")),
        ("id.jpg", image_bytes("HEIF")),
        ("id", image_bytes("PNG")),
        ("id.pdf", HTML),
        ("id.png", HTML),
        ("id.png", SVG),
        ("id.jpg", image_bytes("WEBP")),
    ],
)
def test_renamed_file_is_refused(name, data):
    assert refusal(upload(name, data)).code == "mismatch"


def test_png_renamed_to_pdf_is_refused():
    assert refusal(upload("statement.pdf", image_bytes("PNG"))).code == "mismatch"


def test_pdf_renamed_to_jpg_is_refused():
    assert refusal(upload("photo.jpg", pdf_bytes())).code == "mismatch"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("id.jpg", noisy_image_bytes("JPEG")[:6000]),
        ("id.png", noisy_image_bytes("PNG")[:-400]),
        ("id.heic", noisy_image_bytes("HEIF")[:-400]),
        ("id.pdf", pdf_bytes()[:300]),
        ("id.pdf", b"%PDF-1.7\n" + b"not really a pdf " * 50),
    ],
)
def test_truncated_or_corrupt_file_is_refused(name, data):
    assert refusal(upload(name, data)).code == "corrupt"


def test_truncated_jpeg_is_refused():
    data = noisy_image_bytes("JPEG")

    assert refusal(upload("id.jpg", data[: len(data) // 2])).code == "corrupt"


def test_password_protected_pdf_is_refused():
    data = pdf_bytes(user_password="secret", owner_password="owner")

    assert refusal(upload("statement.pdf", data)).code == "encrypted"


def test_pdf_over_the_page_limit_is_refused():
    data = pdf_bytes(pages=MAX_PDF_PAGES + 1)

    assert refusal(upload("everything.pdf", data)).code == "too_many_pages"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("bomb.png", png_bomb(20_000, 20_000)),
        ("bomb.png", png_bomb(10_000, 10_000)),
        ("bomb.png", png_bomb(8_000, 8_000)),
        ("bomb.jpg", jpeg_bomb(8_000, 8_000)),
        ("bomb.jpg", jpeg_bomb(65_000, 65_000)),
    ],
    ids=["png-400MP", "png-100MP", "png-64MP", "jpeg-64MP", "jpeg-4GP"],
)
def test_decompression_bomb_is_refused_without_decoding(monkeypatch, name, data):
    assert len(data) < 100_000
    loads = []
    monkeypatch.setattr(ImageFile.ImageFile, "load", lambda self: loads.append(self))

    assert refusal(upload(name, data)).code == "bomb"
    assert loads == []


def test_image_just_under_the_pixel_cap_is_accepted():
    width = 10_000
    data = png_bomb(width, MAX_IMAGE_PIXELS // width)

    assert check_upload(upload("big-scan.png", data)).content_type == "image/png"


def test_bomb_check_leaves_pillow_and_warning_settings_alone():
    max_pixels = Image.MAX_IMAGE_PIXELS
    filters = list(warnings.filters)

    refusal(upload("bomb.png", png_bomb(10_000, 10_000)))

    assert Image.MAX_IMAGE_PIXELS == max_pixels
    assert list(warnings.filters) == filters

"""Checks applicants' document uploads before anything reaches storage.

Applicants send identity documents and proof of enrollment from phones. Nothing
about an upload can be trusted except its bytes: the file name and the browser's
content type are claims, files arrive damaged, and phone photos carry EXIF that
often includes the applicant's GPS position. ``check_upload`` sniffs the real
type, insists the name agrees with it, parses the whole file, refuses what it
cannot vouch for, and re-encodes images so that no metadata survives.
``random_storage_name`` keeps applicants' file names out of storage paths.
"""

import io
import re
import unicodedata
import uuid
import warnings
from dataclasses import dataclass

import magic
import pillow_heif
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps
from pypdf import PdfReader
from pypdf.errors import DependencyError

from .malware import MalwareFound, ScannerUnavailable, scan
from .pdf_safety import active_content, rewrite_without_active_content

pillow_heif.register_heif_opener()

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 50_000_000
MAX_PDF_PAGES = 200
MAX_NAME_LENGTH = 100
SNIFF_BYTES = 8192
JPEG_QUALITY = 90
STORAGE_PREFIX = "documents"

_MESSAGES = {
    "empty": _("This file is empty. Please choose it again or take a new photo."),
    "too_large": _(
        "This file is bigger than %(limit_mb)s MB. Please upload a smaller file, "
        "such as a photo of the document or a PDF of only the pages we need."
    ),
    "type": _(
        "We can only accept PDFs and photos saved as JPG, PNG or HEIC. Please "
        "upload your document in one of these formats."
    ),
    "mismatch": _(
        "This file's name does not match what is inside it. Please upload the "
        "original file without renaming it, or take a new photo of the document."
    ),
    "corrupt": _(
        "We couldn't open this file. It may be damaged or not fully uploaded. "
        "Please try again, or take a new photo of the document."
    ),
    "encrypted": _(
        "This PDF is locked with a password. Please upload a copy that isn't "
        "password-protected."
    ),
    "bomb": _(
        "This image is too large for us to process. Please take a new photo, or "
        "scan the document at a lower resolution."
    ),
    "too_many_pages": _(
        "This PDF has more than %(max_pages)s pages. Please upload only the pages "
        "we asked for."
    ),
    "active": _(
        "We couldn't make this PDF safe to open. Please save it again with “Print "
        "to PDF”, or take a photo of the document."
    ),
    "infected": _(
        "Our virus check flagged this file, so we can't accept it. Please upload a "
        "different copy, or take a photo of the document."
    ),
    "scan_unavailable": _(
        "We couldn't check this file for viruses just now. Please try again in a "
        "few minutes."
    ),
}
_MESSAGE_PARAMS = {
    "limit_mb": MAX_UPLOAD_BYTES // (1024 * 1024),
    "max_pages": MAX_PDF_PAGES,
}
_STORAGE_EXTENSION = re.compile(r"\.[a-z0-9]{1,10}")
_PNG_MODES = frozenset({"1", "L", "LA", "P", "RGB", "RGBA", "I", "I;16"})


@dataclass(frozen=True)
class CheckedUpload:
    """An upload that passed every check: the bytes to store and how to serve them.

    ``content`` may differ from what was uploaded (images are re-encoded), so
    ``content_type``, ``extension`` and ``size`` describe the stored bytes.
    """

    content: ContentFile
    content_type: str
    extension: str
    size: int
    original_name: str


@dataclass(frozen=True)
class _Kind:
    extensions: frozenset[str]
    pillow_format: str | None
    stored_type: str
    stored_extension: str


_PDF = _Kind(frozenset({".pdf"}), None, "application/pdf", ".pdf")
_JPEG = _Kind(frozenset({".jpg", ".jpeg"}), "JPEG", "image/jpeg", ".jpg")
_PNG = _Kind(frozenset({".png"}), "PNG", "image/png", ".png")
# Caseworkers' browsers cannot show HEIC, so it is stored as JPEG.
_HEIF = _Kind(frozenset({".heic", ".heif"}), "HEIF", "image/jpeg", ".jpg")
_KINDS = {
    "application/pdf": _PDF,
    "image/jpeg": _JPEG,
    "image/png": _PNG,
    "image/heic": _HEIF,
    "image/heif": _HEIF,
}
_ACCEPTED_EXTENSIONS = frozenset().union(*(kind.extensions for kind in _KINDS.values()))


def check_upload(uploaded_file: UploadedFile) -> CheckedUpload:
    """Vouch for an applicant's upload, or raise ValidationError saying why not.

    Error codes: "empty", "too_large", "type", "mismatch", "corrupt",
    "encrypted", "bomb", "too_many_pages", "active", "infected",
    "scan_unavailable". The browser's content type is ignored; only the bytes
    decide. Every PDF is stored as a rewritten copy without active content
    (`pdf_safety`), and every image as a re-encoding of its pixels, so nothing
    stored carries code, attachments or bytes appended by a polyglot.
    """
    name = _clean_name(uploaded_file.name or "")
    data = _read_capped(uploaded_file, MAX_UPLOAD_BYTES + 1)
    if not data:
        raise _refusal("empty")
    if len(data) > MAX_UPLOAD_BYTES:
        raise _refusal("too_large")
    kind = _detect_kind(data, _extension(name))
    scan_for_malware(data)
    if kind is _PDF:
        _check_pdf(data)
        stored = _rewritten_pdf(data)
    else:
        stored = _encode_clean(_decode_image(data, kind), kind)
    return CheckedUpload(
        content=ContentFile(stored),
        content_type=kind.stored_type,
        extension=kind.stored_extension,
        size=len(stored),
        original_name=name,
    )


def scan_for_malware(data: bytes) -> None:
    """The city's virus scanner, when one is configured (CLAMD_ADDRESS)."""
    try:
        scan(data)
    except MalwareFound as exc:
        raise _refusal("infected") from exc
    except ScannerUnavailable as exc:
        raise _refusal("scan_unavailable") from exc


def random_storage_name(extension: str) -> str:
    """An unguessable storage path, e.g. ``documents/2026/11/<uuid4 hex>.pdf``.

    Nothing from the applicant's file name goes in, so paths leak no names and
    cannot be steered by them; the month folder only keeps directories small.
    """
    extension = extension.lower()
    if not _STORAGE_EXTENSION.fullmatch(extension):
        raise ValueError(f"Not a file extension: {extension!r}")
    return f"{STORAGE_PREFIX}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"


def _refusal(code: str) -> ValidationError:
    return ValidationError(_MESSAGES[code], code=code, params=_MESSAGE_PARAMS)


def _clean_name(name: str) -> str:
    """The uploaded name for display: no path, no control or bidi characters.

    Over-long names are cut in the middle of the stem so the extension survives.
    """
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = unicodedata.normalize("NFC", name)
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    if len(name) <= MAX_NAME_LENGTH:
        return name
    stem, dot, ext = name.rpartition(".")
    if not dot or len(ext) >= MAX_NAME_LENGTH // 2:
        return name[:MAX_NAME_LENGTH]
    return f"{stem[: MAX_NAME_LENGTH - len(ext) - 1].rstrip()}.{ext}"


def _extension(name: str) -> str:
    _stem, dot, ext = name.rpartition(".")
    return f".{ext.lower()}" if dot else ""


def _read_capped(uploaded_file: UploadedFile, limit: int) -> bytes:
    """Read from the start, never more than ``limit`` bytes, whatever the size."""
    if uploaded_file.seekable():
        uploaded_file.seek(0)
    buffer = bytearray()
    while len(buffer) < limit:
        chunk = uploaded_file.read(limit - len(buffer))
        if not chunk:
            break
        buffer += chunk
    return bytes(buffer)


def _detect_kind(data: bytes, extension: str) -> _Kind:
    """The real type, which the name's extension must agree with.

    Unsupported content behind a supported extension (HTML named .png) counts
    as a disguise, not merely a wrong type.
    """
    try:
        detected = magic.from_buffer(data[:SNIFF_BYTES], mime=True)
    except magic.MagicException:
        detected = ""
    kind = _KINDS.get(detected)
    if kind is None:
        raise _refusal("mismatch" if extension in _ACCEPTED_EXTENSIONS else "type")
    if extension not in kind.extensions:
        raise _refusal("mismatch")
    return kind


def _check_pdf(data: bytes) -> None:
    """Parse every page, so PDFs we store are ones caseworkers can open.

    Parsers raise an open-ended set of exceptions on hostile input, so any
    failure means "corrupt". PDFs locked only against printing or editing open
    without a password and are accepted.
    """
    try:
        reader = PdfReader(io.BytesIO(data))
        encrypted = reader.is_encrypted
    except DependencyError as exc:
        raise _refusal("encrypted") from exc
    except Exception as exc:
        raise _refusal("corrupt") from exc
    if encrypted and not _opens_without_password(reader):
        raise _refusal("encrypted")
    try:
        page_count = len(reader.pages)
    except Exception as exc:
        raise _refusal("corrupt") from exc
    if page_count == 0:
        raise _refusal("corrupt")
    if page_count > MAX_PDF_PAGES:
        raise _refusal("too_many_pages")
    try:
        for page in reader.pages:
            _ = (page.mediabox, page.get_contents())
    except Exception as exc:
        raise _refusal("corrupt") from exc


def _rewritten_pdf(data: bytes) -> bytes:
    """The same pages without active content, checked again; or a refusal."""
    try:
        rewritten = rewrite_without_active_content(data)
        leftover = active_content(rewritten)
    except Exception as exc:
        raise _refusal("active") from exc
    if leftover:
        raise _refusal("active")
    _check_pdf(rewritten)
    return rewritten


def _opens_without_password(reader: PdfReader) -> bool:
    try:
        return bool(reader.decrypt(""))
    except Exception:
        return False


def _decode_image(data: bytes, kind: _Kind) -> Image.Image:
    """Decode every pixel, refusing decompression bombs before decoding any.

    Pillow's own bomb limit is global and looser than ours, so the size is also
    checked here, and its warning is made an error only inside this block.
    Parsers raise an open-ended set of exceptions on hostile input, so any
    other failure means "corrupt".
    """
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=[kind.pillow_format])
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise _refusal("bomb") from exc
        except Exception as exc:
            raise _refusal("corrupt") from exc
        with image:
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise _refusal("bomb")
            try:
                image.load()
            except (
                Image.DecompressionBombError,
                Image.DecompressionBombWarning,
            ) as exc:
                raise _refusal("bomb") from exc
            except Exception as exc:
                raise _refusal("corrupt") from exc
            return _upright(image)


def _upright(image: Image.Image) -> Image.Image:
    """A copy turned the way the phone showed it, since EXIF orientation goes.

    Broken EXIF is no reason to refuse a photo whose EXIF is discarded anyway.
    """
    try:
        return ImageOps.exif_transpose(image)
    except Exception:
        return image.copy()


def _encode_clean(image: Image.Image, kind: _Kind) -> bytes:
    """Re-encode only the pixels, so EXIF, GPS, XMP, comments and text go.

    The ICC profile is colour data, not personal data, and is kept when the
    pixels keep their mode.
    """
    icc_profile = image.info.get("icc_profile")
    output = io.BytesIO()
    if kind.stored_type == "image/png":
        transparency = image.info.get("transparency")
        if image.mode not in _PNG_MODES:
            image, icc_profile, transparency = image.convert("RGBA"), None, None
        image.info = {}
        options = {"icc_profile": icc_profile, "transparency": transparency}
        image.save(
            output, format="PNG", **{k: v for k, v in options.items() if v is not None}
        )
    else:
        if image.mode not in ("L", "RGB"):
            image, icc_profile = _flatten(image), None
        image.info = {}
        options = {"icc_profile": icc_profile} if icc_profile else {}
        image.save(output, format="JPEG", quality=JPEG_QUALITY, **options)
    return output.getvalue()


def _flatten(image: Image.Image) -> Image.Image:
    """RGB for JPEG; transparent areas become white, like paper."""
    if not image.has_transparency_data:
        return image.convert("RGB")
    rgba = image.convert("RGBA")
    background = Image.new("RGB", rgba.size, "white")
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background

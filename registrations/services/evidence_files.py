"""What an evidence file may be: its extension and its first bytes must agree (no I/O)."""

import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

PDF = b"%PDF-"
PNG = b"\x89PNG\r\n\x1a\n"
JPEG = b"\xff\xd8\xff"
ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word, Excel and PowerPoint 97–2003


@dataclass(frozen=True)
class Kind:
    content_type: str
    magic: bytes
    zip_folder: str = ""  # OOXML: the package must hold this folder


KINDS = {
    ".pdf": Kind("application/pdf", PDF),
    ".png": Kind("image/png", PNG),
    ".jpg": Kind("image/jpeg", JPEG),
    ".jpeg": Kind("image/jpeg", JPEG),
    ".docx": Kind(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZIP, "word/"
    ),
    ".xlsx": Kind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP, "xl/"),
    ".pptx": Kind(
        "application/vnd.openxmlformats-officedocument.presentationml.presentation", ZIP, "ppt/"
    ),
    ".doc": Kind("application/msword", OLE),
    ".xls": Kind("application/vnd.ms-excel", OLE),
    ".ppt": Kind("application/vnd.ms-powerpoint", OLE),
}
ACCEPT = ",".join(KINDS)  # for <input type="file" accept="...">


def extension_of(name: str) -> str:
    return PurePath(name).suffix.lower()


def clean_original_name(name: str, limit: int = 255) -> str:
    """The uploaded name without folders or control characters, at most ``limit`` long."""
    name = PurePath(name.replace("\\", "/")).name
    name = "".join(ch for ch in unicodedata.normalize("NFC", name) if ch.isprintable()).strip()
    if len(name) > limit:
        suffix = extension_of(name)[:20]
        name = name[: limit - len(suffix)] + suffix
    return name or "file"


def sniff(uploaded_file, extension: str) -> Kind | None:
    """The file's kind when its extension is accepted and its content matches, else None."""
    kind = KINDS.get(extension)
    if kind is None:
        return None
    uploaded_file.seek(0)
    head = uploaded_file.read(len(kind.magic))
    uploaded_file.seek(0)
    if head != kind.magic:
        return None
    if kind.zip_folder:
        try:
            with zipfile.ZipFile(uploaded_file) as package:  # reads the directory only
                names = package.namelist()
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return None
        finally:
            uploaded_file.seek(0)
        if "[Content_Types].xml" not in names or not any(
            name.startswith(kind.zip_folder) for name in names
        ):
            return None
    return kind

"""Receiving an upload: safe names, the type sniffed from the content, the size limit, empty
files, and nothing left on disk."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest

from api.core.errors import DomainError
from api.models.files import FILE_NAME_LENGTH
from api.services.files.uploads import numbered, receive, safe_name, sniff

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452") + b"\x00" * 32
OLE = bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 504


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("raw", "kept"),
    [
        ("Referat 3. dec.pdf", "Referat 3. dec.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\anne\\Dagsorden.docx", "Dagsorden.docx"),
        ("ondt\x00navn\x07.pdf", "ondtnavn.pdf"),
        ("rapport\u202egnp.exe", "rapportgnp.exe"),  # no right-to-left override tricks
        ("linje\nskift.txt", "linje skift.txt"),
        ('a<b>c:"d|e?f*.csv', "a_b_c__d_e_f_.csv"),
        ("...skjult.txt", "skjult.txt"),
        ("   ", "fil"),
        ("", "fil"),
        (".pdf", "pdf"),
        ("CON.txt", "fil-CON.txt"),
        ("Læge\u0301rne.pdf", "Lægérne.pdf"),  # NFC: one é, not e and an accent
    ],
)
def test_names_are_made_safe(raw, kept):
    assert safe_name(raw) == kept


def test_a_long_name_is_shortened_and_keeps_its_extension():
    name = safe_name("a" * 1000 + ".pptx")
    assert len(name) == FILE_NAME_LENGTH
    assert name.endswith(".pptx")
    assert len(numbered(name, 12)) == FILE_NAME_LENGTH
    assert numbered("rapport.pdf", 2) == "rapport (2).pdf"
    assert numbered("rapport.pdf", 1) == "rapport.pdf"


@pytest.mark.parametrize(
    ("head", "name", "media_type"),
    [
        (PDF, "referat.pdf", "application/pdf"),
        (PDF, "billede.png", "application/pdf"),  # the content decides, not the name
        (PNG, "slides.pdf", "image/png"),
        (
            _docx(),
            "notat.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (OLE, "gammel.doc", "application/msword"),
        (OLE, "gammel.xls", "application/vnd.ms-excel"),
        (b"Navn;Ydernummer\nAnne;012345\n", "liste.csv", "text/csv"),
        ("Hej klyngen – æøå\n".encode(), "noter.txt", "text/plain"),
        ("Hej klyngen – æøå\n".encode(), "noter", "text/plain"),
        (b"MZ\x90\x00\x03\x00\x00\x00", "program.pdf", None),  # a Windows program
        (b"PK\x03\x04" + b"\x00" * 60, "arkiv.zip", None),  # a plain zip
        (b"\x7fELF\x02\x01\x01", "a.txt", None),
        (OLE, "ukendt.bin", None),
        (b"tekst med \x01 styrekode", "a.txt", None),
    ],
)
def test_the_type_is_sniffed_from_the_content(head, name, media_type):
    assert sniff(head, name) == media_type


def test_text_cut_inside_a_character_is_still_text():
    text = ("æ" * 5000).encode()
    assert sniff(text[:8191], "noter.txt") == "text/plain"


def _received(content: bytes, name: str = "referat.pdf", limit: int = 1024 * 1024, **kw):
    with receive(io.BytesIO(content), name, limit, **kw) as received:
        assert received.path.read_bytes() == content
        return received


def test_a_received_file_is_hashed_and_its_temporary_copy_removed(tmp_path):
    received = _received(PDF, "../Referat.pdf", folder=str(tmp_path))
    assert received.sha256 == hashlib.sha256(PDF).hexdigest()
    assert received.size == len(PDF)
    assert received.media_type == "application/pdf"
    assert received.name == "Referat.pdf"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("content", "status", "message"),
    [
        (PDF + b"x" * 2000, 413, "At most 1000 bytes."),
        (b"", 422, "The file is empty."),
        (b"MZ\x90\x00", 422, "Not a file type we take"),
    ],
)
def test_refused_uploads_leave_nothing_behind(tmp_path, content, status, message):
    with pytest.raises(DomainError) as refused:
        _received(content, limit=1000, folder=str(tmp_path))
    assert refused.value.status == status
    assert message in refused.value.errors["file"][0]
    assert list(tmp_path.iterdir()) == []


def test_an_interrupted_upload_leaves_nothing_behind(tmp_path):
    class Interrupted(io.BytesIO):
        def read(self, size=-1):
            if self.tell() > 0:
                raise ConnectionResetError
            return super().read(size)

    with (
        pytest.raises(ConnectionResetError),
        receive(Interrupted(PDF * 10000), "a.pdf", 10**9, folder=str(tmp_path)),
    ):
        pass
    assert list(tmp_path.iterdir()) == []

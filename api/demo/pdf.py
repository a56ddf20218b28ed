"""A one-page PDF with text, written by hand: enough for the demo's documents (minutes, slides,
guides) without a PDF library.

The page uses two of the standard fonts every PDF reader has (Helvetica and Helvetica-Bold) in
WinAnsiEncoding, which holds the Danish letters, dashes and bullets. Lines are wrapped by an
estimate of their width and whatever does not fit on the page is left out. The output is the
same for the same text (no creation date), so the same document is the same content.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

PORTRAIT = (595, 842)  # A4 in points
LANDSCAPE = (842, 595)
MARGIN = 64
# (size, leading) of the body text on a page and on a slide.
BODY = (11, 16)
SLIDE_BODY = (16, 24)
# Helvetica's average character is a little under half its size wide: wrapping at half of
# it keeps lines within the margins.
AVERAGE_WIDTH = 0.5
# The slides' title band.
BAND_COLOUR = "0.11 0.33 0.52"


@dataclass(frozen=True)
class Page:
    """What goes on the page: a title, an optional line under it, and paragraphs. A paragraph
    starting with "- " is a bullet, one starting with "# " a heading (in bold); an empty one
    is a blank line."""

    title: str
    paragraphs: Sequence[str]
    subtitle: str = ""
    # Slides: landscape, with the title in a coloured band.
    slide: bool = False


def _encoded(text: str) -> bytes:
    """`text` in WinAnsiEncoding (cp1252), as the inside of a PDF literal string."""
    raw = text.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def _info_string(text: str) -> bytes:
    """A PDF text string (for the document's title): UTF-16BE with its byte order mark."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


def _wrapped(text: str, width: int) -> list[str]:
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if len(candidate) > width and line:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line] if line else lines


def _body_lines(paragraphs: Sequence[str], width: int, indent: int) -> list[tuple[int, str, bool]]:
    """(indent in points, text, bold) for each line of the body; a bullet's further lines
    are indented by `indent`."""
    lines: list[tuple[int, str, bool]] = []
    for paragraph in paragraphs:
        if not paragraph.strip():
            lines.append((0, "", False))
        elif paragraph.startswith("- "):
            wrapped = _wrapped(paragraph[2:], width - 3)
            lines.append((0, "\u2022  " + wrapped[0], False))
            lines += [(indent, rest, False) for rest in wrapped[1:]]
        elif paragraph.startswith("# "):
            lines += [(0, text, True) for text in _wrapped(paragraph[2:], width)]
        else:
            lines += [(0, text, False) for text in _wrapped(paragraph, width)]
    return lines


def _content(page: Page) -> bytes:
    page_width, page_height = LANDSCAPE if page.slide else PORTRAIT
    size, leading = SLIDE_BODY if page.slide else BODY
    width = int((page_width - 2 * MARGIN) / (size * AVERAGE_WIDTH))
    ops: list[bytes] = []
    top = page_height - MARGIN
    if page.slide:
        band = 96
        ops.append(f"{BAND_COLOUR} rg 0 {page_height - band} {page_width} {band} re f".encode())
        ops.append(b"1 1 1 rg")
        top = page_height - band + 36
    ops.append(b"BT /F2 22 Tf %d %d Td (%s) Tj ET" % (MARGIN, top, _encoded(page.title)))
    ops.append(b"0 0 0 rg")
    y = top - (72 if page.slide else 34)
    if page.subtitle:
        ops.append(b"0.35 0.35 0.35 rg")
        ops.append(b"BT /F1 13 Tf %d %d Td (%s) Tj ET" % (MARGIN, y, _encoded(page.subtitle)))
        ops.append(b"0 0 0 rg")
        y -= 30
    for indent, text, bold in _body_lines(page.paragraphs, width, size + 1):
        if y < MARGIN:
            break  # one page: what does not fit is left out
        if text:
            ops.append(
                b"BT /F%d %d Tf %d %d Td (%s) Tj ET"
                % (2 if bold else 1, size, MARGIN + indent, y, _encoded(text))
            )
        y -= leading
    return b"\n".join(ops)


def one_page_pdf(page: Page) -> bytes:
    """The page as a complete PDF file (header, objects, cross-reference table, trailer)."""
    page_width, page_height = LANDSCAPE if page.slide else PORTRAIT
    content = _content(page)
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /%s /Encoding /WinAnsiEncoding >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] "
        b"/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> /Contents 4 0 R >>"
        % (page_width, page_height),
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        font % b"Helvetica",
        font % b"Helvetica-Bold",
        b"<< /Title %s /Producer (Klyngeplatformen) >>" % _info_string(page.title),
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 7 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)

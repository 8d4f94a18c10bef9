"""Small real PDFs for the tests, written with pypdf: text pages (a Type 1 standard font,
one line per text operator) and an outline entry per heading."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfWriter
from pypdf.generic import (
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
)


def write_pdf(path: Path, pages: list[list[str]], outline: dict[str, int], title: str) -> Path:
    """`pages` of lines; `outline`: a bookmark title -> its 0-based page."""
    writer = PdfWriter()
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    for lines in pages:
        page = writer.add_blank_page(612, 792)
        ops = ["BT", "/F1 11 Tf", "14 TL", "72 720 Td"]
        for line in lines:
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            ops += [f"({escaped}) Tj", "T*"]
        ops.append("ET")
        stream = DecodedStreamObject()
        stream.set_data("\n".join(ops).encode("latin-1"))
        page.replace_contents(stream)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
        )
    for heading, number in outline.items():
        writer.add_outline_item(title=heading, page_number=number)
    writer.add_metadata({"/Title": title})
    with path.open("wb") as f:
        writer.write(f)
    return path

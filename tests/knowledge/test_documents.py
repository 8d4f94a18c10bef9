"""Documents split along their structure, each passage knowing where it came from."""

from __future__ import annotations

from pathlib import Path

import pytest

from gptship.knowledge.documents import DocumentError, Passage, read
from tests.knowledge.pdfs import write_pdf

MARKDOWN = """\
# Support Knowledge Base

Everything the support team tells customers.

## Returns

You can return any item within 30 days of delivery.
Refunds reach your card within 5 working days.

### Damaged items

Send us a photo and we replace it at no cost.

## Shipping

| zone | days |
|---|---|
| home | 2 |

- Orders ship from Leeds.
- Tracking comes by email.
"""


def test_markdown_passages_keep_title_heading_path_and_line(tmp_path: Path) -> None:
    (tmp_path / "kb.md").write_text(MARKDOWN)
    passages = read(tmp_path / "kb.md", "kb.md")
    assert {p.title for p in passages} == {"Support Knowledge Base"}
    where = {p.text.splitlines()[0]: (p.headings, p.line) for p in passages}
    assert where["Everything the support team tells customers."] == ((), 3)
    assert where["You can return any item within 30 days of delivery."] == (("Returns",), 7)
    assert where["Send us a photo and we replace it at no cost."] == (
        ("Returns", "Damaged items"),
        12,
    )
    assert where["| zone | days |"] == (("Shipping",), 16)
    shipping = next(p for p in passages if p.headings == ("Shipping",))
    assert "- Tracking comes by email." in shipping.text  # blocks of a section share a passage
    assert all(p.where == f"line {p.line}" for p in passages)
    assert passages[1].context.startswith("Support Knowledge Base > Returns\n")


def test_long_sections_split_at_lines_then_sentences_never_across_headings(
    tmp_path: Path,
) -> None:
    facts = [f"Fact number {i} is that the value is {i * 7}." for i in range(40)]
    long_line = " ".join(f"Sentence {i} says something rather long about it." for i in range(30))
    text = "# T\n\n## A\n\n" + "\n".join(facts) + "\n\n## B\n\n" + long_line + "\n"
    (tmp_path / "t.md").write_text(text)
    passages = read(tmp_path / "t.md", "t.md", max_chars=200)
    assert all(len(p.text) <= 200 for p in passages)
    a = [p for p in passages if p.headings == ("A",)]
    assert "\n".join(p.text for p in a).splitlines() == facts  # nothing lost, order kept
    assert [p.line for p in a] == sorted(p.line or 0 for p in a)
    b = [p for p in passages if p.headings == ("B",)]
    assert len(b) > 1 and " ".join(p.text.replace("\n", " ") for p in b) == long_line
    assert {p.line for p in b} == {48}


def test_plain_text_and_html(tmp_path: Path) -> None:
    (tmp_path / "notes_on-leave.txt").write_text("First paragraph\nstill first.\n\n\nSecond.\n")
    text = read(tmp_path / "notes_on-leave.txt", "notes_on-leave.txt")
    assert [(p.title, p.line, p.text) for p in text] == [
        ("notes on leave", 1, "First paragraph\nstill first.\nSecond.")
    ]
    html = """<html><head><title>HR Handbook</title><style>p {color: red}</style></head>
<body><nav>menu</nav><h1>HR Handbook</h1>
<h2>Leave</h2>
<p>You get 25 days
of leave &amp; public holidays.</p>
<ul><li>Carry over 8 days.</li></ul>
<h3>Sick leave</h3><p>10 paid sick days.</p>
<script>alert("x")</script>
</body></html>"""
    (tmp_path / "hb.html").write_text(html)
    passages = read(tmp_path / "hb.html", "hb.html")
    assert {p.title for p in passages} == {"HR Handbook"}
    by_heading = {p.headings: p for p in passages}
    assert by_heading[("Leave",)].text == (
        "You get 25 days of leave & public holidays.\nCarry over 8 days."
    )
    assert by_heading[("Leave",)].line == 4
    assert by_heading[("Leave", "Sick leave")].text == "10 paid sick days."
    assert all("alert" not in p.text and "color" not in p.text for p in passages)


def test_pdf_pages_and_outline(tmp_path: Path) -> None:
    pdf = write_pdf(
        tmp_path / "guide.pdf",
        [["Returns", "Return any item within 30 days."], ["Warranty", "Two years on all."]],
        {"Returns": 0, "Warranty": 1},
        title="Support guide",
    )
    assert read(pdf, "guide.pdf") == [
        Passage(
            "guide.pdf",
            "Support guide",
            ("Returns",),
            "Returns\nReturn any item within 30 days.",
            page=1,
        ),
        Passage("guide.pdf", "Support guide", ("Warranty",), "Warranty\nTwo years on all.", page=2),
    ]
    assert read(pdf, "guide.pdf")[1].where == "page 2"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("broken.pdf", b"%PDF-1.4\n1 0 obj <<\ngarbage", "not a readable PDF"),
        ("latin1.md", "caf\xe9".encode("latin-1"), "not UTF-8"),
        ("slides.pptx", b"PK", "not one of"),
    ],
)
def test_unreadable_documents_say_which_and_why(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    (tmp_path / name).write_bytes(content)
    with pytest.raises(DocumentError, match=reason) as error:
        read(tmp_path / name, f"docs/{name}")
    assert error.value.document == f"docs/{name}"
    assert str(error.value).startswith(f"docs/{name}: ")


def test_a_pdf_without_text_is_named(tmp_path: Path) -> None:
    pdf = write_pdf(tmp_path / "scan.pdf", [[]], {}, title="Scan")
    with pytest.raises(DocumentError, match="no text layer"):
        read(pdf, "scan.pdf")

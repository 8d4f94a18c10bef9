"""A company's documents as passages: Markdown, plain text, HTML and PDF, split along their
structure (headings, then paragraphs, then lines and sentences where a paragraph is long),
each passage keeping its document, the document's title, its heading path and where it
starts (a line, or a PDF page), so that an answer can cite it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt

from gptship.errors import GptshipError

if TYPE_CHECKING:
    from pypdf import PdfReader

SUFFIXES = {".md": "markdown", ".markdown": "markdown", ".txt": "text", ".html": "html",
            ".htm": "html", ".pdf": "pdf"}  # fmt: skip
MAX_CHARS = 600  # a passage's text at most (but a sentence longer than this stays whole)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=\S)")
_BLOCKS = {"p", "li", "td", "th", "pre", "blockquote", "dd", "dt", "figcaption", "caption"}
_SKIPPED = {"script", "style", "template", "noscript", "svg", "nav", "footer"}  # not content


@dataclass(frozen=True)
class Passage:
    """A piece of a document small enough to retrieve and quote."""

    document: str  # its path within the collection's folder, with "/"
    title: str  # the document's
    headings: tuple[str, ...]  # the sections it is in, below the title
    text: str
    line: int | None = None  # its first line (1-based), in Markdown, text and HTML
    page: int | None = None  # its page (1-based), in a PDF

    @property
    def where(self) -> str:
        return f"page {self.page}" if self.page is not None else f"line {self.line}"

    @property
    def context(self) -> str:
        """The text an embedding model reads: where it is, then what it says."""
        return " > ".join((self.title, *self.headings)) + "\n" + self.text


class DocumentError(GptshipError):
    """A document that cannot be read; indexing reports it by name and goes on."""

    def __init__(self, document: str, reason: str) -> None:
        super().__init__(f"{document}: {reason}")
        self.document, self.reason = document, reason


@dataclass
class _Block:
    """A paragraph (or list item, table, ...) under a heading path, before splitting."""

    headings: tuple[str, ...]
    lines: list[tuple[int, str]]  # (line or page, text)
    page: int | None = None  # a PDF's: passages never span two pages

    @property
    def section(self) -> tuple[object, ...]:
        """Passages never span two of these."""
        return (self.headings, self.page)


def read(path: Path, name: str, max_chars: int = MAX_CHARS) -> list[Passage]:
    """The passages of one document; `name` is how citations call it. DocumentError if it
    cannot be read (not UTF-8, a corrupt PDF, a PDF without a text layer)."""
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise DocumentError(name, f"{path.suffix or 'no suffix'}: not one of {_kinds()}")
    if kind == "pdf":
        return _pdf(path, name, max_chars)
    try:
        source = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as e:
        raise DocumentError(name, f"is not UTF-8 text (byte {e.start}); save it as UTF-8") from e
    except OSError as e:
        raise DocumentError(name, f"cannot be read: {e.strerror}") from e
    if kind == "markdown":
        title, blocks = _markdown(source)
    elif kind == "html":
        title, blocks = _html(source)
    else:
        title, blocks = None, _paragraphs(source.splitlines(), (), first=1)
    title = title or path.stem.replace("-", " ").replace("_", " ")
    return list(_passages(name, title, blocks, max_chars, pages=False))


def _kinds() -> str:
    return ", ".join(sorted(SUFFIXES))


def _markdown(source: str) -> tuple[str | None, list[_Block]]:
    """The first level-1 heading as the title; every top-level block (paragraph, list,
    table, code, quote) as a block under the headings above it."""
    lines = source.splitlines()
    title: str | None = None
    path: list[tuple[int, str]] = []  # (level, text) of the open headings
    blocks: list[_Block] = []
    tokens = MarkdownIt("commonmark").enable("table").parse(source)
    for i, token in enumerate(tokens):
        if token.level != 0 or token.map is None or token.type.endswith("_close"):
            continue
        if token.type == "heading_open":
            level, text = int(token.tag[1]), tokens[i + 1].content.strip()
            if level == 1 and title is None and not blocks:
                title = text
                continue
            path = [(lv, t) for lv, t in path if lv < level] + [(level, text)]
            continue
        start, end = token.map
        chunk = [(n + 1, lines[n]) for n in range(start, end) if lines[n].strip()]
        if chunk:
            blocks.append(_Block(tuple(t for _, t in path), chunk))
    return title, blocks


def _paragraphs(lines: list[str], headings: tuple[str, ...], first: int) -> list[_Block]:
    """Blank-line separated paragraphs; line numbers count from `first`."""
    blocks: list[_Block] = []
    current: list[tuple[int, str]] = []
    for n, line in enumerate(lines, start=first):
        if line.strip():
            current.append((n, line.strip()))
        elif current:
            blocks.append(_Block(headings, current))
            current = []
    if current:
        blocks.append(_Block(headings, current))
    return blocks


class _HtmlBlocks(HTMLParser):
    """Headings and block elements' text, with the line each block starts on."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title: str | None = None
        self.h1: str | None = None  # the first
        self.blocks: list[_Block] = []
        self._path: list[tuple[int, str]] = []
        self._text: list[str] = []
        self._line: int | None = None  # where the text being read starts
        self._heading: int | None = None  # the level of the heading being read
        self._in_title = self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skipping += 1
        elif tag == "title":
            self._in_title += 1
        elif re.fullmatch(r"h[1-6]", tag) or tag in _BLOCKS or tag == "br":
            self._flush()
            self._heading = int(tag[1]) if tag[0] == "h" and tag != "br" else None

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skipping = max(0, self._skipping - 1)
        elif tag == "title":
            self._in_title = max(0, self._in_title - 1)
        elif re.fullmatch(r"h[1-6]", tag) or tag in _BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        if self._in_title:
            self.title = (self.title or "") + data.strip()
            return
        if self._line is None and data.strip():
            self._line = self.getpos()[0] + data[: len(data) - len(data.lstrip())].count("\n")
        self._text.append(data)

    def _flush(self) -> None:
        text, line = " ".join("".join(self._text).split()), self._line or 1
        self._text, self._line = [], None
        if not text:
            return
        if self._heading is not None:
            level = self._heading
            self.h1 = self.h1 or (text if level == 1 else None)
            self._path = [(lv, t) for lv, t in self._path if lv < level] + [(level, text)]
            self._heading = None
        else:
            self.blocks.append(_Block(tuple(t for _, t in self._path), [(line, text)]))


def _html(source: str) -> tuple[str | None, list[_Block]]:
    """<title>, or else the first <h1>, as the title; the title's own heading is left out
    of the heading paths."""
    parser = _HtmlBlocks()
    parser.feed(source)
    parser.close()
    parser._flush()
    title = parser.title or parser.h1
    blocks = [
        _Block(b.headings[1:], b.lines) if title and b.headings[:1] == (title,) else b
        for b in parser.blocks
    ]
    return title, blocks


def _pdf(path: Path, name: str, max_chars: int) -> list[Passage]:
    """Each page's text as paragraphs, under the outline's (bookmarks') headings."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(path)
        headings = _outline(reader)
        pages = [page.extract_text() or "" for page in reader.pages]
        meta = reader.metadata
        title = (meta.title if meta is not None else None) or None
    except (PdfReadError, OSError, ValueError, KeyError, TypeError) as e:
        raise DocumentError(name, f"is not a readable PDF ({e}); re-export or repair it") from e
    if not any(p.strip() for p in pages):
        raise DocumentError(name, "has no text layer (a scanned PDF?); run OCR on it first")
    blocks: list[_Block] = []
    for number, text in enumerate(pages, start=1):
        under = headings.get(number, ())
        # every line is a piece: PDF text rarely keeps blank lines between paragraphs
        lines = [(number, line.strip()) for line in text.splitlines() if line.strip()]
        if lines:
            blocks.append(_Block(under, lines, number))
    title = title or path.stem.replace("-", " ").replace("_", " ")
    return list(_passages(name, title, blocks, max_chars, pages=True))


def _outline(reader: PdfReader) -> dict[int, tuple[str, ...]]:
    """Page number -> the outline path in force there (the last entry at or before it)."""
    starts: list[tuple[int, tuple[str, ...]]] = []

    def walk(items: Iterable[object], path: tuple[str, ...]) -> None:
        last: tuple[str, ...] = path
        for item in items:
            if isinstance(item, list):
                walk(item, last)
                continue
            try:
                index = reader.get_destination_page_number(item)  # type: ignore[arg-type]
            except Exception:  # a broken bookmark is only a missing heading
                continue
            last = (*path, str(getattr(item, "title", "")).strip())
            if index is not None:
                starts.append((index + 1, last))

    walk(reader.outline, ())
    starts.sort(key=lambda s: s[0])
    by_page: dict[int, tuple[str, ...]] = {}
    for number in range(1, len(reader.pages) + 1):
        for page, path in starts:
            if page <= number:
                by_page[number] = path
    return by_page


def _passages(
    name: str, title: str, blocks: list[_Block], max_chars: int, pages: bool
) -> Iterator[Passage]:
    """Blocks packed into passages of at most `max_chars`: whole blocks where they fit,
    else their lines, else sentences; never across a heading (or a page)."""
    for headings, pieces in _merged(blocks, max_chars):
        at = pieces[0][0]
        text = "\n".join(t for _, t in pieces)
        yield Passage(name, title, headings, text, None if pages else at, at if pages else None)


def _merged(
    blocks: list[_Block], max_chars: int
) -> Iterator[tuple[tuple[str, ...], list[tuple[int, str]]]]:
    current: list[tuple[int, str]] = []  # pieces of one section, in order
    size, last = 0, None
    for block in blocks:
        pieces = [p for n, line in block.lines for p in _pieces(n, line, max_chars)]
        whole = sum(len(t) + 1 for _, t in pieces)
        if current and last and (block.section != last.section or size + whole > max_chars):
            yield last.headings, current
            current, size = [], 0
        for piece in pieces:
            if current and size + len(piece[1]) + 1 > max_chars:
                yield block.headings, current
                current, size = [], 0
            current.append(piece)
            size += len(piece[1]) + 1
        last = block
    if current and last:
        yield last.headings, current


def _pieces(n: int, line: str, max_chars: int) -> list[tuple[int, str]]:
    """A line, or its sentences if it is longer than `max_chars`."""
    if len(line) <= max_chars:
        return [(n, line)]
    return [(n, s) for s in _SENTENCE.split(line) if s]

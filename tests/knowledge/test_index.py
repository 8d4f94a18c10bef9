"""Knowledge collections: built from a folder, updated document by document, refused when
read with another embedding model; through the API and the `gptship index` command."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from typer.testing import Result

from gptship.errors import GptshipError
from gptship.knowledge.index import MANIFEST, EmbeddingModel, update
from gptship.knowledge.search import Collection
from gptship.model.embedder import Embedder, fingerprint
from tests.knowledge.pdfs import write_pdf
from tests.tiny_bert import make_bert_dir

DOCS = {
    "support/returns.md": "# Returns\n\n## Window\n\nReturn a zephyrine lamp within 30 days.\n",
    "support/shipping.txt": "Orders ship from Leeds.\n\nTracking comes by quokkamail.\n",
    "hr/leave.html": "<title>Leave</title><h2>Annual</h2><p>25 days of marzipan leave.</p>",
}


@pytest.fixture(scope="module")
def bert(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bert")
    make_bert_dir(path, pooling="mean")
    return path


class Counting:
    """An embedding function over a real (tiny) encoder that counts what it embeds."""

    def __init__(self, model_dir: Path) -> None:
        self.embedder = Embedder.from_dir(model_dir)
        self.model = EmbeddingModel(model_dir.name, fingerprint(model_dir), 64)
        self.texts: list[str] = []

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.texts += texts
        return self.embedder.embed(texts, truncate=True).numpy()

    def query(self, text: str) -> np.ndarray:
        return self([text])[0]


def write_docs(root: Path, docs: dict[str, str]) -> Path:
    for name, text in docs.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    return root


def test_a_folder_becomes_a_searchable_collection(tmp_path: Path, bert: Path) -> None:
    docs = write_docs(tmp_path / "docs", DOCS)
    write_pdf(docs / "guide.pdf", [["Warranty", "Two years of glimmerwick cover."]], {}, "Guide")
    (docs / "broken.pdf").write_bytes(b"%PDF-1.4\ngarbage")
    (docs / ".hidden.md").write_text("# secret\n\nnever indexed\n")
    (docs / "image.png").write_bytes(b"\x89PNG")
    embed = Counting(bert)
    report = update(docs, tmp_path / "index", embed.model, embed, max_chars=600)
    assert sorted(report.added) == ["guide.pdf", "hr/leave.html", "support/returns.md",
                                    "support/shipping.txt"]  # fmt: skip
    assert [e.document for e in report.skipped] == ["broken.pdf"]
    assert "not a readable PDF" in str(report.skipped[0])
    assert report.passages == report.total == len(embed.texts) == 4
    collection = Collection.open(tmp_path / "index", embed.model)
    assert len(collection) == 4
    for word, document, where in [
        ("zephyrine", "support/returns.md", "line 5"),
        ("quokkamail", "support/shipping.txt", "line 1"),
        ("marzipan", "hr/leave.html", "line 1"),
        ("glimmerwick", "guide.pdf", "page 1"),
    ]:
        [hit] = collection.search(word, None, k=1, mode="bm25")
        assert (hit.passage.document, hit.passage.where) == (document, where)
        hits = collection.search(word, embed.query(word), k=4, mode="hybrid")
        assert hits[0].passage.document == document  # both rankings agree on an exact word
    [returns] = collection.search("zephyrine", None, k=1, mode="bm25")
    assert returns.passage.title == "Returns" and returns.passage.headings == ("Window",)


def test_updates_embed_only_what_changed(tmp_path: Path, bert: Path) -> None:
    docs = write_docs(tmp_path / "docs", DOCS)
    index = tmp_path / "index"
    embed = Counting(bert)
    update(docs, index, embed.model, embed, max_chars=600)
    (docs / "support/returns.md").write_text("# Returns\n\nReturn a zephyrine lamp in 45 days.\n")
    (docs / "hr/leave.html").unlink()
    write_docs(docs, {"hr/benefits.md": "# Benefits\n\nA bicycle allowance of $300.\n"})
    embed.texts.clear()
    report = update(docs, index, embed.model, embed, max_chars=600)
    assert (report.added, report.changed, report.removed, report.unchanged) == (
        ["hr/benefits.md"],
        ["support/returns.md"],
        ["hr/leave.html"],
        1,
    )
    assert len(embed.texts) == report.passages == 2  # shipping.txt was not embedded again
    collection = Collection.open(index, embed.model)
    assert len(collection) == report.total == 3
    assert collection.search("marzipan", None, mode="bm25") == []
    [hit] = collection.search("zephyrine", None, k=1, mode="bm25")
    assert "45 days" in hit.passage.text
    assert not list(tmp_path.glob("index.*"))  # no staging folder left behind


def test_a_failed_update_leaves_the_index_as_it_was(tmp_path: Path, bert: Path) -> None:
    docs = write_docs(tmp_path / "docs", DOCS)
    index = tmp_path / "index"
    embed = Counting(bert)
    update(docs, index, embed.model, embed, max_chars=600)
    before = (index / MANIFEST).read_text()
    (docs / "support/returns.md").write_text("# Returns\n\nChanged.\n")

    def broken(texts: list[str]) -> np.ndarray:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        update(docs, index, embed.model, broken, max_chars=600)
    assert (index / MANIFEST).read_text() == before
    assert not list(tmp_path.glob("index.*"))  # its staging folder is gone
    [hit] = Collection.open(index, embed.model).search("zephyrine", None, k=1, mode="bm25")
    assert "30 days" in hit.passage.text
    update(docs, index, embed.model, embed, max_chars=600)  # the next run recovers


def test_another_embedding_model_is_refused_with_the_fix(tmp_path: Path, bert: Path) -> None:
    docs = write_docs(tmp_path / "docs", DOCS)
    index = tmp_path / "index"
    embed = Counting(bert)
    update(docs, index, embed.model, embed, max_chars=600)
    other = EmbeddingModel("other-model", "f" * 64, 64)
    with pytest.raises(GptshipError, match="--rebuild") as error:
        update(docs, index, other, embed, max_chars=600)
    assert bert.name in str(error.value) and "other-model" in str(error.value)
    with pytest.raises(GptshipError, match="--rebuild"):
        update(docs, index, embed.model, embed, max_chars=300)  # another passage size
    with pytest.raises(GptshipError, match="--embedding-model") as error:
        Collection.open(index, other)
    assert "other-model" in str(error.value) and bert.name in str(error.value)
    report = update(docs, index, embed.model, embed, max_chars=300, rebuild=True)
    assert report.added and not report.unchanged
    with pytest.raises(GptshipError, match="no gptship index"):
        Collection.open(tmp_path / "docs", embed.model)


def test_the_index_command(tmp_path: Path, bert: Path, cli: Callable[..., Result]) -> None:
    docs = write_docs(tmp_path / "docs", DOCS)
    (docs / "broken.pdf").write_bytes(b"%PDF-1.4\ngarbage")
    out = cli("index", docs, "--out", tmp_path / "index", "--embedding-model", bert)
    assert out.exit_code == 0, out.output
    assert "skipped broken.pdf: is not a readable PDF" in out.output
    assert "indexed 3 documents (3 added, 0 changed, 0 removed, 0 unchanged, 1 skipped)" in (
        out.output
    )
    again = cli("index", docs, "--out", tmp_path / "index", "--embedding-model", bert)
    assert "0 passages embedded, 3 in" in again.output
    missing = cli("index", docs, "--out", tmp_path / "index", "--embedding-model", tmp_path / "x")
    assert missing.exit_code == 2
    assert "no such embedding model directory; pass --embedding-model DIR" in missing.output
    nothing = cli("index", tmp_path / "nope", "--out", tmp_path / "i2", "--embedding-model", bert)
    assert nothing.exit_code == 2 and "no such folder of documents" in nothing.output

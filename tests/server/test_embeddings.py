"""/v1/embeddings of a real `gptship serve --embedding-model`, through the official SDK (which
asks for base64 unless told otherwise) and httpx."""

from __future__ import annotations

import asyncio
import base64
import struct
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import openai
import pytest
import torch

from gptship.model.embedder import Embedder
from tests.server.conftest import MODEL, Server
from tests.tiny_bert import make_bert_dir

EMBED = "tiny-bert"  # the directory's name: the embedding model's default id
LIMIT = 32  # the tiny BERT's max_position_embeddings
TEXTS = ["The quick brown fox", "Hello there!", "a", "Servers stream responses to clients."]


@pytest.fixture(scope="module")
def bert_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("embed") / EMBED
    path.mkdir()
    make_bert_dir(path, pooling="mean", max_position_embeddings=LIMIT)
    return path


@pytest.fixture(scope="module")
def embedder(bert_dir: Path) -> Embedder:
    return Embedder.from_dir(bert_dir)


@pytest.fixture(scope="module")
def served(chat_model: Path, bert_dir: Path) -> Iterator[Server]:
    s = Server(chat_model, "--embedding-model", str(bert_dir), "--kv-cache-memory", "8MiB")
    yield s
    assert s.stop() == 0, s.log


def close(got: list[float], expected: torch.Tensor) -> None:
    torch.testing.assert_close(torch.tensor(got), expected, atol=1e-5, rtol=0)


def test_models_lists_both(served: Server) -> None:
    client = served.client()
    models = {m.id: m for m in client.models.list().data}
    assert list(models) == [MODEL, EMBED]
    assert client.models.retrieve(EMBED).model_extra == {"max_model_len": LIMIT}


def test_float_vectors_equal_the_embedder(served: Server, embedder: Embedder) -> None:
    client = served.client()
    expected = embedder.embed(TEXTS)
    one = client.embeddings.create(model=EMBED, input=TEXTS[0], encoding_format="float")
    assert one.object == "list" and one.model == EMBED and len(one.data) == 1
    assert one.data[0].object == "embedding" and one.data[0].index == 0
    close(one.data[0].embedding, expected[0])
    many = client.embeddings.create(model=EMBED, input=TEXTS, encoding_format="float", user="u")
    assert [d.index for d in many.data] == [0, 1, 2, 3]
    for d in many.data:
        close(d.embedding, expected[d.index])
    tokens = sum(map(len, embedder.encode(TEXTS)))
    assert many.usage.prompt_tokens == many.usage.total_tokens == tokens


def test_base64_is_little_endian_float32(served: Server, embedder: Embedder) -> None:
    expected = embedder.embed(TEXTS)
    # the SDK asks for base64 when no encoding_format is given, and decodes it
    decoded = served.client().embeddings.create(model=EMBED, input=TEXTS)
    for d in decoded.data:
        close(d.embedding, expected[d.index])
    body = {"model": EMBED, "input": TEXTS[:2], "encoding_format": "base64"}
    raw = httpx.post(f"{served.url}/v1/embeddings", json=body, timeout=30).json()
    for d in raw["data"]:
        packed = base64.b64decode(d["embedding"])
        close(list(struct.unpack(f"<{len(packed) // 4}f", packed)), expected[d["index"]])


def test_token_ids_and_dimensions(served: Server, embedder: Embedder) -> None:
    client = served.client()
    ids = embedder.encode(TEXTS[:2])
    expected = embedder.embed(TEXTS[:2])
    one = client.embeddings.create(model=EMBED, input=ids[0], encoding_format="float")
    close(one.data[0].embedding, expected[0])
    both = client.embeddings.create(
        model=EMBED, input=ids, encoding_format="float", dimensions=embedder.dimension
    )
    for d in both.data:
        close(d.embedding, expected[d.index])


def test_concurrent_requests_agree(served: Server, embedder: Embedder) -> None:
    """Requests queue for the one worker; each gets its own texts' vectors."""
    expected = embedder.embed(TEXTS)

    async def all_at_once() -> list[openai.types.CreateEmbeddingResponse]:
        async with served.async_client() as client:
            calls = [
                client.embeddings.create(model=EMBED, input=t, encoding_format="float")
                for t in TEXTS * 4
            ]
            return await asyncio.gather(*calls)

    for i, response in enumerate(asyncio.run(all_at_once())):
        close(response.data[0].embedding, expected[i % len(TEXTS)])


def post(server: Server, **body: object) -> httpx.Response:
    return httpx.post(f"{server.url}/v1/embeddings", json={"model": EMBED, **body}, timeout=30)


@pytest.mark.parametrize(
    ("body", "status", "param", "says"),
    [
        ({"input": "hi", "dimensions": 8}, 400, "dimensions", "dimensions must be 64"),
        ({"input": "fox " * 40}, 400, "input", f"reads at most {LIMIT}"),
        ({"input": ["hi", "fox " * 40]}, 400, "input", "input[1] has"),
        ({"input": [1] * (LIMIT + 1)}, 400, "input", f"has {LIMIT + 1} tokens"),
        ({"input": []}, 400, "input", "input is empty"),
        ({"input": ""}, 400, "input", "input is empty"),
        ({"input": ["hi", ""]}, 400, "input", "input[1] is empty"),
        ({"input": [[2, 3], []]}, 400, "input", "input[1] is empty"),
        ({"input": [2, 100_000, 3]}, 400, "input", "outside"),
        ({"input": "hi", "encoding_format": "int8"}, 400, "encoding_format", ""),
        ({"input": "hi", "model": MODEL}, 400, "model", f"embedding model is '{EMBED}'"),
        ({"input": "hi", "model": "nope"}, 404, "model", "does not exist"),
    ],
)
def test_errors(
    served: Server, body: dict[str, object], status: int, param: str, says: str
) -> None:
    r = post(served, **body)
    assert r.status_code == status, r.text
    error = r.json()["error"]
    assert error["param"] == param and says in error["message"]


def test_chat_with_the_embedding_model_is_unknown(served: Server) -> None:
    with pytest.raises(openai.NotFoundError):
        served.client().chat.completions.create(
            model=EMBED, messages=[{"role": "user", "content": "hi"}]
        )


def test_named_embedding_model_and_none(
    start: Callable[..., Server], chat_model: Path, bert_dir: Path
) -> None:
    named = start(chat_model, "--embedding-model", str(bert_dir), "--embedding-model-name", "e5")
    assert [m.id for m in named.client().models.list().data] == [MODEL, "e5"]
    assert post(named, model="e5", input="hi").status_code == 200
    assert post(named, input="hi").status_code == 404
    assert named.stop() == 0
    plain = start(chat_model)
    r = post(plain, model=MODEL, input="hi")
    assert r.status_code == 400 and "no embedding model" in r.json()["error"]["message"]
    assert plain.stop() == 0

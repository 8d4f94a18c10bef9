"""The grounded corpus: every example is the grounded prompt of gptship.assistants.prompt with
its sources, and a target that either copies the line of a source that states the fact
(values changed alike in source and target) and cites that source, or hands off; held-out
questions for `gptship eval` name their key fact or their hand-off. A tiny random BERT
retrieves here: these are the corpus's invariants, not its retrieval quality."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from gptship.assistants.prompt import POLICY
from gptship.train.corpus import CorpusFiles, write_corpus
from gptship.train.corpus_grounded import write_grounded
from tests.tiny_bert import make_bert_dir

QUILLMERE = Path(__file__).parents[2] / "examples" / "quillmere"
SOURCE = re.compile(r"^\[(\d+)\] .*\n((?:.+\n?)+)", re.MULTILINE)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> CorpusFiles:
    return write_corpus(QUILLMERE, tmp_path_factory.mktemp("quillmere"), seed=0)


@pytest.fixture(scope="module")
def grounded(corpus: CorpusFiles, tmp_path_factory: pytest.TempPathFactory) -> Path:
    bert = tmp_path_factory.mktemp("bert")
    make_bert_dir(bert, pooling="mean")
    out = tmp_path_factory.mktemp("grounded")
    write_grounded(QUILLMERE, corpus.train.parent, out, bert, seed=0)
    return out


def conversations(path: Path) -> list[list[dict[str, str]]]:
    return [json.loads(line)["messages"] for line in path.read_text().splitlines()]


def test_every_target_copies_a_cited_line_or_hands_off(grounded: Path) -> None:
    examples = [c for c in conversations(grounded / "train.jsonl") if "[1]" in c[0]["content"]
                or "(no sources)" in c[0]["content"]]  # fmt: skip
    assert len(examples) > 5000
    handoffs = 0
    for messages in examples:
        system, target = messages[0]["content"], messages[-1]["content"]
        assert POLICY.split(" {")[0] in system
        sources = {int(n): text for n, text in SOURCE.findall(system)}
        if target.startswith("I don't know."):
            handoffs += 1
            assert target.removeprefix("I don't know.").strip() in system  # its hand-off
            continue
        line, number = re.fullmatch(r"(.+) \[(\d+)\]", target).groups()  # type: ignore[union-attr]
        assert line in sources[int(number)], (line, sources)
    assert 0.2 < handoffs / len(examples) < 0.5


def test_values_change_in_source_and_target_alike(grounded: Path, corpus: CorpusFiles) -> None:
    documents = "".join(p.read_text() for p in corpus.docs)
    targets = [c[-1]["content"] for c in conversations(grounded / "train.jsonl")]
    lines = [t.rsplit(" [", 1)[0] for t in targets if re.search(r" \[\d+\]$", t)]
    changed = [line for line in lines if line not in documents]
    assert 0.35 < len(changed) / len(lines) < 0.65  # changed_values: 0.5


def test_plain_conversations_are_kept(grounded: Path, corpus: CorpusFiles) -> None:
    plain = set(corpus.train.read_text().splitlines())
    kept = [line for line in (grounded / "train.jsonl").read_text().splitlines() if line in plain]
    assert len(kept) == 3000


def test_held_out_questions_for_each_assistant(grounded: Path, corpus: CorpusFiles) -> None:
    trained = {m["content"] for c in conversations(grounded / "train.jsonl") for m in c
               if m["role"] == "user"}  # fmt: skip
    sets = {}
    for name, documents in (("support", ["support-kb.md", "news.md"]), ("hr", ["hr-handbook.md"])):
        items = [
            json.loads(line)
            for line in (grounded / "eval" / f"{name}.jsonl").read_text().splitlines()
        ]
        facts = [i for i in items if "key_fact" in i]
        assert facts and all(i["sources"] == documents for i in facts)
        assert not [i["question"] for i in items if i["question"] in trained]
        sets[name] = (len(facts), [i for i in items if i.get("refuse")])
    for name, other in (("support", "hr"), ("hr", "support")):
        refusals = sets[name][1]
        assert len([i for i in refusals if "leak" in i]) == sets[other][0]  # the other's facts
        assert len([i for i in refusals if "leak" not in i]) == 20  # out of scope

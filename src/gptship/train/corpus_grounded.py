"""The grounded corpus: a company's questions asked with retrieved passages in the prompt
(gptship.assistants.prompt's layout), answered by copying the line that states the fact and
citing its source, or with "I don't know." and the prompt's hand-off sentence when no
passage answers. It is what teaches the default model to read its sources.

    python -m gptship.train.corpus_grounded COMPANY_DIR --corpus CORPUS_DIR --out DIR \
        [--embedding-model DIR] [--seed 0]

The passages are retrieved as the server retrieves them (each assistant's own index, hybrid
search), so the distractors are the passages a real question meets. Half the answer lines
have their values changed in the source and in the target alike: the model cannot answer
from memory and must copy what the source says, which is what lets a company change a
policy by editing a document. Writes train.jsonl (with some plain conversations, so the bare
model still answers), eval/<assistant>.jsonl (held-out questions for `gptship eval`) and the
indexes it used, under --out.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from gptship.assistants.prompt import handoff_answer, system_prompt, without_markers
from gptship.knowledge.documents import Passage, read
from gptship.knowledge.index import embedding_of, update
from gptship.knowledge.search import Collection
from gptship.train.corpus import Company, jsonl, load_company, write_atomic
from gptship.train.corpus_chat import dress
from gptship.train.corpus_facts import Fact, mapping, read_yaml, text, texts

_NUMBER = re.compile(r"\d+")
Message = dict[str, str]


@dataclass(frozen=True)
class Assistant:
    name: str  # a corpus domain: "support"
    documents: tuple[str, ...]  # relative to the corpus: "docs/support-kb.md"
    handoff: str


@dataclass(frozen=True)
class Spec:
    assistants: tuple[Assistant, ...]
    mix: dict[str, float]
    handoffs: tuple[str, ...]
    out_of_scope: tuple[str, ...]
    out_of_scope_held: tuple[str, ...]


def load_spec(path: Path) -> Spec:
    raw = read_yaml(path)
    assistants = tuple(
        Assistant(name, texts(a, "documents", f"{path}: {name}"), text(a, "handoff", str(path)))
        for name, a in mapping(raw.get("assistants"), f"{path}: assistants").items()
    )
    scope = mapping(raw.get("out_of_scope"), f"{path}: out_of_scope")
    return Spec(
        assistants,
        {k: float(v) for k, v in mapping(raw.get("mix"), f"{path}: mix").items()},
        texts(raw, "handoffs", str(path)),
        texts(scope, "train", f"{path}: out_of_scope"),
        texts(scope, "held_out", f"{path}: out_of_scope"),
    )


class Retriever:
    """Each assistant's index over its own documents, and batched query embeddings."""

    def __init__(self, embedding_model: Path, corpus: Path, spec: Spec, out: Path) -> None:
        from gptship.model.embedder import Embedder

        model, self.embed = embedding_of(Embedder.from_dir(embedding_model), embedding_model)
        self.collections: dict[str, Collection] = {}
        for a in spec.assistants:
            docs = out / "knowledge" / a.name
            shutil.rmtree(docs, ignore_errors=True)
            docs.mkdir(parents=True)
            for d in a.documents:
                shutil.copy(corpus / d, docs / Path(d).name)
            update(docs, out / "index" / a.name, model, self.embed, max_chars=600, rebuild=True)
            self.collections[a.name] = Collection.open(out / "index" / a.name, model)

    def search(self, assistant: str, questions: list[str], k: int) -> list[list[Passage]]:
        vectors = self.embed(questions)
        found = self.collections[assistant]
        return [
            [h.passage for h in found.search(q, v, k)]
            for q, v in zip(questions, vectors, strict=True)
        ]


@dataclass(frozen=True)
class Ask:
    assistant: str
    question: str
    fact: Fact | None  # None: no source of this assistant answers it


def _changed(line: str, key: str, keys: Sequence[str], rng: random.Random) -> str:
    """The line with other values: each number redrawn with as many digits, or (a key
    without digits) the key swapped for another fact's."""
    if not _NUMBER.search(key) and key in line:
        others = [k for k in keys if k != key and not _NUMBER.search(k) and "{" not in k]
        return line.replace(key, rng.choice(others))

    def redraw(match: re.Match[str]) -> str:
        digits = len(match.group())
        low = 10 ** (digits - 1) if digits > 1 else 1
        new = str(rng.randrange(low, 10**digits))
        return new if new != match.group() else str(int(new) % (10**digits - 1) + 1)

    return _NUMBER.sub(redraw, line)


def _example(
    ask: Ask,
    retrieved: list[Passage],
    gold: Passage | None,
    prompt: tuple[str, str],
    spec: Spec,
    keys: Sequence[str],
    rng: random.Random,
) -> list[Message]:
    """One grounded conversation: the sources the server would retrieve (the fact's own
    passage kept at its rank, or put in, or left out), the question, and the target."""
    instructions, handoff = prompt
    mix = spec.mix
    k = rng.randint(int(mix["sources_min"]), int(mix["sources_max"]))
    line = ask.fact.answers[0] if ask.fact is not None else None
    chosen = retrieved[:k]
    if line is not None and gold is not None:
        chosen = [p for p in retrieved if line not in p.text][:k]
        if rng.random() >= mix["gold_missing"]:
            ranks = [i for i, p in enumerate(retrieved[:k]) if line in p.text]
            chosen.insert(ranks[0] if ranks else rng.randrange(k), gold)
            chosen = chosen[:k]
    if rng.random() < mix["shuffled"]:
        rng.shuffle(chosen)
    target = handoff_answer(handoff)
    at = next((i for i, p in enumerate(chosen) if line is not None and line in p.text), None)
    if ask.fact is not None and line is not None and at is not None:
        if rng.random() < mix["changed_values"]:
            new = _changed(line, ask.fact.key, keys, rng)
            chosen[at] = replace(chosen[at], text=chosen[at].text.replace(line, new))
            line = new
        target = f"{line} [{at + 1}]"
    system = {"role": "system", "content": system_prompt(instructions, handoff, chosen)}
    return [
        system,
        {"role": "user", "content": ask.question},
        {"role": "assistant", "content": target},
    ]


def _golds(retriever: Retriever, out: Path, facts: Sequence[Fact]) -> dict[str, Passage]:
    """Each fact's own passage: the one whose text holds its line (the documents state a
    fact's first answer as one line)."""
    passages = [
        p
        for name in retriever.collections
        for doc in sorted((out / "knowledge" / name).iterdir())
        for p in read(doc, doc.name)
    ]
    return {
        f.fid: next(p for p in passages if f.answers[0] in p.text)
        for f in facts
        if any(f.answers[0] in p.text for p in passages)
    }


def _asks(company: Company, spec: Spec, rng: random.Random) -> list[Ask]:
    chat, mix, asks = company.chat, spec.mix, []
    for a in spec.assistants:
        for f in company.facts:
            if f.domain == a.name:
                questions = list(f.train_questions)
                rng.shuffle(questions)
                for i in range(int(mix["answerable_copies"])):
                    q = dress(chat, questions[i % len(questions)], chat.opening, rng)
                    asks.append(Ask(a.name, q, f))
            elif f.domain in {b.name for b in spec.assistants}:
                for _ in range(int(mix["other_domain"])):
                    q = dress(chat, rng.choice(f.train_questions), chat.opening, rng)
                    asks.append(Ask(a.name, q, None))
        for question in spec.out_of_scope:
            for _ in range(int(mix["out_of_scope"])):
                asks.append(Ask(a.name, dress(chat, question, chat.opening, rng), None))
    return asks


def _eval_items(
    company: Company, spec: Spec, a: Assistant, rng: random.Random
) -> list[dict[str, Any]]:
    """Held-out questions for `gptship eval`: the assistant's own facts (a key fact, in its
    documents), the other assistants' facts and out-of-scope questions (hand-off; the other
    audience's fact must not appear)."""
    chat, sources = company.chat, [Path(d).name for d in a.documents]
    items: list[dict[str, Any]] = []
    names = {b.name for b in spec.assistants}
    for f in company.facts:
        for question in f.held_questions:
            q = dress(chat, question, chat.held_out, rng)
            if f.domain == a.name:
                items.append({"question": q, "key_fact": f.key, "sources": sources, "fact": f.fid})
            elif f.domain in names:
                items.append({"question": q, "refuse": True, "leak": f.key, "fact": f.fid})
    items += [{"question": q, "refuse": True} for q in spec.out_of_scope_held]
    return items


def write_grounded(
    source: Path, corpus: Path, out: Path, embedding_model: Path, seed: int = 0
) -> dict[str, int]:
    """Write the grounded corpus of the company in `source` (its written corpus in `corpus`)
    under `out`; the same seed and embedding model write the same bytes."""
    company, spec = load_company(source), load_spec(source / "grounded.yaml")
    retriever = Retriever(embedding_model, corpus, spec, out)
    golds = _golds(retriever, out, company.facts)
    rng = random.Random(seed)
    keys = [f.key for f in company.facts]
    personas = company.chat.personas
    examples: list[list[Message]] = []
    asks = _asks(company, spec, rng)
    for a in spec.assistants:
        mine = [ask for ask in asks if ask.assistant == a.name]
        found = retriever.search(
            a.name, [ask.question for ask in mine], int(spec.mix["sources_max"]) + 2
        )
        mine_examples: list[list[Message]] = []
        for ask, retrieved in zip(mine, found, strict=True):
            handoff = a.handoff if rng.random() < 0.5 else rng.choice(spec.handoffs)
            prompt = (rng.choice(personas[a.name]).prompt, handoff)
            gold = golds.get(ask.fact.fid) if ask.fact is not None else None
            mine_examples.append(_example(ask, retrieved, gold, prompt, spec, keys, rng))
        _add_follow_ups(mine_examples, spec.mix["follow_up"], rng)
        examples += mine_examples
    plain = (corpus / "train.jsonl").read_text(encoding="utf-8").splitlines()
    kept = [json.loads(line)["messages"] for line in rng.sample(plain, int(spec.mix["memory"]))]
    conversations = examples + kept
    rng.shuffle(conversations)
    _write(out / "train.jsonl", [{"messages": c} for c in conversations])
    counts = {"grounded": len(examples), "plain": len(kept)}
    for a in spec.assistants:
        items = _eval_items(company, spec, a, rng)
        _write(out / "eval" / f"{a.name}.jsonl", items)
        counts[f"eval {a.name}"] = len(items)
    return counts


def _add_follow_ups(examples: list[list[Message]], share: float, rng: random.Random) -> None:
    """Put an earlier exchange (another example's of the same assistant, its marker gone:
    the server drops earlier turns' markers, whose sources are not in the new prompt) before
    the question of a share of the examples."""
    earlier = [(e[1]["content"], without_markers(e[2]["content"])) for e in examples]
    for example in examples:
        if rng.random() < share:
            question, answer = rng.choice(earlier)
            example[1:1] = [
                {"role": "user", "content": question},
                {"role": "assistant", "content": answer},
            ]


def _write(path: Path, items: Sequence[object]) -> None:
    write_atomic(path, jsonl(items))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m gptship.train.corpus_grounded",
        description="Write a company's grounded corpus: questions with retrieved sources.",
    )
    parser.add_argument("source", type=Path, help="the company's directory: grounded.yaml, ...")
    parser.add_argument("--corpus", type=Path, required=True, help="its written corpus")
    parser.add_argument("--out", type=Path, required=True, help="the directory to write")
    parser.add_argument("--embedding-model", type=Path, default=Path("models/all-MiniLM-L6-v2"))
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    counts = write_grounded(args.source, args.corpus, args.out, args.embedding_model, args.seed)
    print(f"wrote {args.out}: " + ", ".join(f"{v:,} {k}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())

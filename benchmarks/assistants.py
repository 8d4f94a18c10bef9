"""The assistants' acceptance figures, end to end through `gptship serve` and `gptship eval`'s
scoring: the `support` and `hr` example assistants on the default model, asked their
held-out questions (examples/quillmere/eval: the generator's held-out wordings, and twenty
questions each written by hand, `*-fresh.jsonl`) with keys scoped to each; every question of one
assistant's set sent with the other's key (each must be a 404: leakage by construction);
then twenty facts changed in the Markdown sources (examples/quillmere/policy-change.yaml)
and the questions about them asked again, without retraining.

    python -m benchmarks.assistants [--model models/quillmere-assistant] [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import yaml

from gptship.assistants.evaluate import Item, Report, ask_all, read_items, score
from gptship.server.keys import create_key
from gptship.train.corpus import load_company
from gptship.train.corpus_chat import dress

ROOT = Path(__file__).resolve().parent.parent
QUILLMERE = ROOT / "examples" / "quillmere"
GPTSHIP = Path(sys.executable).parent / "gptship"
DOCUMENTS = {"support": "support-kb.md", "hr": "hr-handbook.md"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(model: Path, embedding: Path, assistants: list[Path], keys: Path) -> Iterator[str]:
    port = free_port()
    command = [str(GPTSHIP), "serve", str(model), "--served-model-name", "quillmere",
               "--port", str(port), "--embedding-model", str(embedding),
               "--api-keys-file", str(keys)]  # fmt: skip
    for a in assistants:
        command += ["--assistant", str(a)]
    # a file, not a pipe: a pipe nobody reads fills up and blocks the server
    log = tempfile.TemporaryFile("w+")  # noqa: SIM115 (closed in the finally below)
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=log, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                log.seek(0)
                raise SystemExit(f"gptship serve exited {proc.returncode}: {log.read()}")
            try:
                if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        yield f"{url}/v1"
    finally:
        proc.terminate()
        proc.wait(60)
        log.close()


def leaks_by_key(base_url: str, model: str, key: str, items: list[Item]) -> int:
    """Questions to `model` sent with a key scoped elsewhere that were not refused (404)."""
    headers = {"Authorization": f"Bearer {key}"}
    leaked = 0
    with httpx.Client(base_url=base_url, headers=headers, timeout=60) as client:
        for item in items:
            body = {"model": model, "messages": [{"role": "user", "content": item.question}]}
            leaked += client.post("/chat/completions", json=body).status_code != 404
    return leaked


def changed_copy(into: Path) -> tuple[list[Path], dict[str, list[Item]]]:
    """The example assistants over a copy of their folders with the twenty changes made,
    and the questions about the changed facts (held-out wordings and two trained ones)."""
    changes = yaml.safe_load((QUILLMERE / "policy-change.yaml").read_text())["changes"]
    shutil.copytree(
        QUILLMERE / "knowledge", into / "knowledge", ignore=shutil.ignore_patterns("*.index")
    )
    company = load_company(QUILLMERE)
    facts = {f.fid: f for f in company.facts}
    items: dict[str, list[Item]] = {"support": [], "hr": []}
    rng = random.Random(0)
    for fid, new in changes.items():
        fact = facts[fid]
        doc = into / "knowledge" / fact.domain / DOCUMENTS[fact.domain]
        text = doc.read_text(encoding="utf-8")
        line = fact.answers[0]
        assert line in text and fact.key in line, fid
        doc.write_text(text.replace(line, line.replace(fact.key, str(new))), encoding="utf-8")
        questions = [*fact.held_questions, *fact.train_questions[:2]]
        items[fact.domain] += [
            Item(dress(company.chat, q, company.chat.held_out, rng), str(new), sources=(doc.name,))
            for q in questions
        ]
    files = []
    for name in ("support", "hr"):
        spec = yaml.safe_load((QUILLMERE / "assistants" / f"{name}.yaml").read_text())
        spec["collections"] = [{"documents": f"knowledge/{name}"}]
        files.append(into / f"{name}.yaml")
        files[-1].write_text(yaml.safe_dump(spec))
    return files, items


def row(name: str, r: Report) -> str:
    def pct(x: float | None) -> str:
        return "n/a" if x is None else f"{x:.1%}"

    return (f"| {name} | {r.questions} | {pct(r.key_facts)} | {pct(r.citations)} | "
            f"{pct(r.refusals)} | {r.leaks} | {r.p50_ms:.0f} / {r.p95_ms:.0f} ms |")  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "quillmere-assistant")
    parser.add_argument(
        "--embedding-model", type=Path, default=ROOT / "models" / "all-MiniLM-L6-v2"
    )
    parser.add_argument("--out", type=Path, default=ROOT / ".cache" / "assistants-eval")
    parser.add_argument("--concurrency", type=int, default=2)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    lines = ["| set | questions | key facts | citations | hand-offs | leaks | p50 / p95 |",
             "|---|---|---|---|---|---|---|"]  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        keys_file = root / "keys.json"
        keys = {"support": create_key(keys_file, "portal", models=("support",)),
                "hr": create_key(keys_file, "intranet", models=("hr",))}  # fmt: skip
        examples = [QUILLMERE / "assistants" / f"{n}.yaml" for n in ("support", "hr")]
        with serving(args.model, args.embedding_model, examples, keys_file) as url:
            for name, other in (("support", "hr"), ("hr", "support")):
                for stem in (name, f"{name}-fresh"):
                    items = read_items(QUILLMERE / "eval" / f"{stem}.jsonl")
                    answers = ask_all(url, name, keys[name], items, args.concurrency)
                    report = score(name, answers)
                    report.leaks += leaks_by_key(url, name, keys[other], items)
                    (args.out / f"{stem}.json").write_text(json.dumps(report.json(), indent=2))
                    lines.append(row(stem, report))
        files, changed = changed_copy(root)
        with serving(args.model, args.embedding_model, files, keys_file) as url:
            answers = [
                a
                for name in ("support", "hr")
                for a in ask_all(url, name, keys[name], changed[name], args.concurrency)
            ]
            report = score("support and hr", answers)
            (args.out / "policy-change.json").write_text(json.dumps(report.json(), indent=2))
            lines.append(row("20 facts changed in the sources", report))
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "unknown CPU",
    )
    text = "\n".join(
        [
            "The `support` and `hr` assistants (`make run`), asked their held-out questions "
            "(`examples/quillmere/eval`, never trained on) by `python -m benchmarks.assistants` "
            f"on {cpu}, {os.cpu_count()} cores, {args.concurrency} questions in flight. Leaks: "
            "answers that cite or state the other audience's facts, plus requests that got "
            "through with a key scoped to the other assistant (each set is sent once with it).",
            "",
            *lines,
        ]
    )
    (args.out / "assistants.md").write_text(text + "\n")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

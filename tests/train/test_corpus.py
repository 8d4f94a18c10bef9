"""The corpus generator on examples/quillmere: byte-identical to the corpus the default model
was trained on, deterministic, well-formed, held-out questions never trained on, every key
fact taught and documented, and the matching rule that scores a model."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from gptship.assistants.facts import key_fact_found
from gptship.train.corpus import (
    Company,
    CorpusFiles,
    load_company,
    main,
    score,
    write_corpus,
)
from gptship.train.corpus_facts import Frames, normalise, parse_fact

QUILLMERE = Path(__file__).parent.parent.parent / "examples" / "quillmere"

# What `python -m gptship.train.corpus examples/quillmere --out DIR --seed 0` writes. The data
# files, the generator and these digests change together or not at all: train.jsonl's is in
# the default model's card (models/quillmere-assistant), and the rest were the same bytes
# when the facts were still Python (the README's differ only in the command it names).
SHA256 = {
    "README.md": "470e9f8664f8d7dbcfb962643ad525d2bd2342c86a2c7af7113a63e9bb51b108",
    "docs/hr-handbook.md": "069550aad45ee5ded59d1ec40b91cdb042de950f9bf3b7e14475a22071aad1a2",
    "docs/news.md": "1a0caa3cf3e55ed749c9157510b526b802419e94e00d47ea4ce891e905411451",
    "docs/support-kb.md": "7b47af49b2157a5bb2a4cfeca990a405605245b4d22d3a6741fb9b348f21b1fb",
    "heldout.jsonl": "6659705854ce20f258081ba8ecf35ddeaeffe9f54c2828ee02a32e6813210c51",
    "train.jsonl": "e46c744fcf5e97ccf340d4498f734afa8e6b2129dbda14c120953515fe34b8c4",
}

Corpus = tuple[CorpusFiles, list[list[dict[str, str]]], list[dict[str, Any]]]


def _lines(path: Path) -> list[Any]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def company() -> Company:
    return load_company(QUILLMERE)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    files = write_corpus(QUILLMERE, tmp_path_factory.mktemp("corpus"), seed=0)
    conversations = [item["messages"] for item in _lines(files.train)]
    return files, conversations, _lines(files.heldout)


def _contents(conversations: list[list[dict[str, str]]], role: str) -> list[str]:
    return [m["content"] for c in conversations for m in c if m["role"] == role]


def _all_files(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_seed_0_writes_the_corpus_the_default_model_was_trained_on(corpus: Corpus) -> None:
    files, _, _ = corpus
    out = files.train.parent
    digests = {name: hashlib.sha256(data).hexdigest() for name, data in _all_files(out).items()}
    assert digests == SHA256


def test_the_example_assistants_read_the_documents_the_corpus_writes(corpus: Corpus) -> None:
    """examples/quillmere/knowledge, what `make run`'s assistants index, is the generator's
    output: editing a fact's YAML without writing the documents again fails here."""
    files, _, _ = corpus
    shipped_files = [("support", "support-kb.md"), ("support", "news.md"), ("hr", "hr-handbook.md")]
    for folder, name in shipped_files:
        shipped = QUILLMERE / "knowledge" / folder / name
        assert shipped.read_bytes() == (files.train.parent / "docs" / name).read_bytes(), name


def test_the_same_seed_writes_the_same_bytes(tmp_path: Path) -> None:
    write_corpus(QUILLMERE, tmp_path / "a", seed=7)
    write_corpus(QUILLMERE, tmp_path / "b", seed=7)
    write_corpus(QUILLMERE, tmp_path / "c", seed=8)
    a, b, c = (_all_files(tmp_path / name) for name in "abc")
    assert sorted(a) == sorted(SHA256)
    assert a == b
    assert a["train.jsonl"] != c["train.jsonl"]
    assert a["docs/support-kb.md"] == c["docs/support-kb.md"]  # the documents have no seed


def test_rewriting_leaves_no_temporary_files(tmp_path: Path) -> None:
    write_corpus(QUILLMERE, tmp_path)
    write_corpus(QUILLMERE, tmp_path)
    assert not [p for p in tmp_path.rglob("*") if p.name.startswith(".")]


def test_conversations_are_well_formed(corpus: Corpus) -> None:
    _, conversations, _ = corpus
    prompts = Counter(c[0]["content"] for c in conversations)
    assert 3 <= len(prompts) <= 6
    for c in conversations:
        roles = [m["role"] for m in c]
        assert roles[0] == "system"
        assert roles[1:] == ["user", "assistant"] * ((len(c) - 1) // 2)
        assert all(isinstance(m["content"], str) and m["content"].strip() for m in c)
        assert all(set(m) == {"role", "content"} for m in c)
    assert any(len(c) >= 5 for c in conversations)  # some multi-turn conversations


def test_heldout_items_are_well_formed(corpus: Corpus) -> None:
    _, _, heldout = corpus
    for item in heldout:
        assert set(item) == {"messages", "key_fact", "topic", "fact", "reference"}
        assert [m["role"] for m in item["messages"]] == ["system", "user"]
        assert item["messages"][1]["content"].strip()
        assert key_fact_found(item["reference"], item["key_fact"])
    questions = [normalise(item["messages"][1]["content"]) for item in heldout]
    assert len(set(questions)) == len(questions)


def test_no_heldout_question_is_a_training_question(corpus: Corpus) -> None:
    _, conversations, heldout = corpus
    trained = {normalise(q) for q in _contents(conversations, "user")}
    for item in heldout:
        question = normalise(item["messages"][1]["content"])
        assert question not in trained
        assert not any(question in t for t in trained), question


def test_no_heldout_question_contains_a_training_question(company: Company) -> None:
    facts = company.facts
    trained = {normalise(q).rstrip("?.") for f in facts for q in f.train_questions}
    for fact in facts:
        for question in map(normalise, fact.held_questions):
            assert not [t for t in trained if t in question], question


def test_heldout_greetings_and_thanks_are_never_trained(company: Company) -> None:
    chat = company.chat
    trained = [chat.opening, chat.follow_up, chat.plain, chat.hello]
    prefixes = {p.strip() for s in trained for p, _ in s.prefixes} - {""}
    suffixes = {x.strip() for s in trained for x in s.suffixes} - {""}
    for prefix, _ in chat.held_out.prefixes:
        assert prefix.strip() not in prefixes
    for suffix in chat.held_out.suffixes:
        assert suffix.strip() not in suffixes


def test_heldout_wordings_share_few_words_with_training_ones(company: Company) -> None:
    """A hand-written held-out question shares no run of more than six words with a training
    question of its fact (product names included): it is a paraphrase, not a copy."""
    for fact in company.facts:
        trained = [_words(q) for q in fact.train_questions]
        for question in fact.held:
            longest = max(_longest_common_run(_words(question), t) for t in trained)
            assert longest <= 6, (fact.fid, question)


def _words(text: str) -> list[str]:
    return re.findall(r"[\w$'-]+", text.casefold())


def _longest_common_run(a: list[str], b: list[str]) -> int:
    best, previous = 0, [0] * (len(b) + 1)
    for x in a:
        current = [0] * (len(b) + 1)
        for j, y in enumerate(b, 1):
            if x == y:
                current[j] = previous[j - 1] + 1
                best = max(best, current[j])
        previous = current
    return best


def test_every_heldout_key_fact_is_taught(corpus: Corpus) -> None:
    _, conversations, heldout = corpus
    answers = set(_contents(conversations, "assistant"))
    for item in heldout:
        assert any(key_fact_found(a, item["key_fact"]) for a in answers), item["key_fact"]


def test_every_fact_is_stated_in_many_conversations(corpus: Corpus, company: Company) -> None:
    _, conversations, _ = corpus
    said = Counter(_contents(conversations, "assistant"))
    per_fact = company.mix.turns_per_fact
    for fact in company.facts:
        assert all(fact.key in a for a in fact.answers)
        assert per_fact <= sum(said[a] for a in fact.answers) <= 2 * per_fact, fact.fid
        assert all(said[a] for a in fact.answers), fact.fid  # every answer wording is used
        assert all(8 <= len(a.split()) <= 45 for a in fact.answers), fact.fid
        texts = [*fact.answers, *fact.train_questions, *fact.held_questions]
        assert not [t for t in texts if re.search(r"\w- \w|  ", t)], fact.fid  # a bad join


def test_heldout_covers_every_fact(corpus: Corpus, company: Company) -> None:
    _, _, heldout = corpus
    facts = company.facts
    assert {item["fact"] for item in heldout} == {f.fid for f in facts}
    assert len({f.fid for f in facts}) == len(facts)


def test_documents_state_every_key_fact(corpus: Corpus, company: Company) -> None:
    files, _, _ = corpus
    support, hr, news = (normalise(p.read_text(encoding="utf-8")) for p in files.docs)
    for fact in company.facts:
        document = news if fact.topic == "news" else support if fact.domain == "support" else hr
        assert key_fact_found(document, fact.key), fact.fid


def test_counts_are_in_the_target_ranges(corpus: Corpus, company: Company) -> None:
    files, conversations, heldout = corpus
    assert 120 <= files.facts <= 200
    assert 6_000 <= files.conversations == len(conversations) <= 15_000
    assert files.assistant_turns >= files.facts * company.mix.turns_per_fact
    assert 1_000_000 <= files.characters <= 3_000_000
    assert 150 <= files.heldout_items == len(heldout) <= 300
    readme = files.readme.read_text(encoding="utf-8")
    assert f"| training conversations | {files.conversations:,} |" in readme
    assert f"| held-out questions | {files.heldout_items:,} |" in readme


@pytest.mark.parametrize(
    ("answer", "key", "found"),
    [
        ("You can return items within 30 days.", "30 days", True),
        ("You can return items within 130 days.", "30 days", False),
        ("Returns: 30 days.", "30 DAYS", True),
        ("within 30\n  days of delivery", "30 days", True),
        ("within 30days", "30 days", False),
        ("It costs $49.99 today.", "$49", False),
        ("It costs $49, today.", "$49", True),
        ("It costs $49.", "$49", True),
        ("It costs $1,200 per year.", "$1,200", True),
        ("It costs $11,200 per year.", "$1,200", False),
        ("about 1.30 days", "30 days", False),
        ("It ships from Rotterdamse Haven.", "Rotterdam", False),
        ("up to 5% of your salary", "5%", True),
        ("up to 15% of your salary", "5%", False),
        ("Post it in #ask-people today.", "#ask-people", True),
        ("1-800-555-01423", "1-800-555-0142", False),
        ("anything", "", False),
        ("", "30 days", False),
    ],
)
def test_key_fact_found(answer: str, key: str, found: bool) -> None:
    assert key_fact_found(answer, key) is found


def test_score() -> None:
    heldout = [{"key_fact": "30 days"}, {"key_fact": "$79"}, {"key_fact": "Pellworth"}]
    answers = ["Within 30 days.", "It costs $799.", "We are in pellworth."]
    assert score(answers, heldout) == pytest.approx(2 / 3)
    assert score([], []) == 0.0
    with pytest.raises(ValueError, match="2 answers for 3 held-out items"):
        score(answers[:2], heldout)


def test_the_references_score_full_marks(corpus: Corpus) -> None:
    _, _, heldout = corpus
    assert score([item["reference"] for item in heldout], heldout) == 1.0


_FRAMES = Frames(train=("Can you tell me {np}?",), held=("Do you know {np}?",))
_ASKS = ["a?", "b?", "c?", "d?", "e?"]


def _fact(**fields: Any) -> None:
    raw = {"questions": _ASKS, "held_out": ["f?"], **fields}
    parse_fact(raw, {"co": "Acme"}, _FRAMES, ("support", "t", ""), "facts/t.yaml")


def test_a_malformed_fact_names_its_file_and_itself() -> None:
    _fact(id="x.y", key="30 days", answers=["30 days.", "In 30 days."])  # well-formed
    where = "facts/t.yaml: fact 'x.y': "
    with pytest.raises(ValueError, match=re.escape(f"{where}the answer 'Thirty days.'")):
        _fact(id="x.y", key="30 days", answers=["30 days.", "Thirty days."])
    with pytest.raises(ValueError, match=re.escape(f"{where}the held-out question 'A?'")):
        _fact(id="x.y", key="3", answers=["3 a.", "3 b."], held_out=["A?"])
    with pytest.raises(ValueError, match=re.escape(f"{where}unknown field 'answer'")):
        _fact(id="x.y", key="3", answers=["3 a.", "3 b."], answer=["3 c."])
    with pytest.raises(ValueError, match=re.escape(f"{where}'answers' must be a list")):
        _fact(id="x.y", key="3", answers="3 a.")
    with pytest.raises(ValueError, match="needs at least five training questions"):
        _fact(id="x.y", key="3", answers=["3 a.", "3 b."], questions=["a?"])


def test_placeholders_and_subjects_become_questions() -> None:
    raw = {
        "id": "{co}.hq",
        "key": "Pellworth",
        "questions": ["Where is {co}?", "b?", "c?", "d?"],
        "subjects": ["{co}'s address"],
        "answers": ["{co} is in Pellworth.", "Pellworth is home to {co}."],
    }
    fact = parse_fact(raw, {"co": "Acme"}, _FRAMES, ("support", "t", ""), "t.yaml")
    assert fact.fid == "Acme.hq" and fact.answers[0] == "Acme is in Pellworth."
    assert fact.train_questions[-1] == "Can you tell me Acme's address?"
    assert fact.held_questions == ("Do you know Acme's address?",)


def test_the_package_holds_no_company_content() -> None:
    """Quillmere is data under examples/; the generator names no company."""
    package = Path(__file__).parent.parent.parent / "src" / "gptship" / "train"
    for module in package.glob("corpus*.py"):
        code = module.read_text(encoding="utf-8").replace("examples/quillmere", "")
        assert "quillmere" not in code.casefold(), module.name


def test_the_module_writes_and_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(QUILLMERE), "--out", str(tmp_path / "out"), "--seed", "3"]) == 0
    printed = capsys.readouterr().out
    assert "(seed 3)" in printed and "held-out questions" in printed
    assert (tmp_path / "out" / "train.jsonl").is_file()

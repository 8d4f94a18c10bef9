"""How a question is dressed as a chat message (greetings, thanks, casual case), and the
conversations around the facts: personas, greetings, goodbyes and small talk. Everything
said is data (the company's chat.yaml and corpus.yaml); this module only draws from it."""

from __future__ import annotations

import random
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from gptship.train.corpus_facts import fill, known, mapping, mappings, read_yaml, text, texts

Message = dict[str, str]


@dataclass(frozen=True)
class Style:
    prefixes: tuple[tuple[str, bool], ...]  # (text, whether the question's first word follows
    # in lower case: "Hi, how much..." but "Hi there! How much...")
    suffixes: tuple[str, ...]
    casual: float  # the chance of an all-lower-case message, or one without its "?"
    reword: float  # the chance of one of the rewordings, where one applies


@dataclass(frozen=True)
class Persona:
    prompt: str  # the system prompt
    intro: str  # how it introduces itself: "I'm Wren, the support assistant."
    scope: str  # what it helps with
    human: str  # where a person can be reached


@dataclass(frozen=True)
class SmallTalk:
    answer: str  # with {intro}, {scope} and {human} of the persona
    repeat: int
    questions: tuple[str, ...]


@dataclass(frozen=True)
class Chat:
    opening: Style  # a conversation's first question
    follow_up: Style  # a later one
    plain: Style  # the first question after a greeting
    held_out: Style  # held-out questions: never used in training
    lowerable: frozenset[str]
    rewordings: tuple[tuple[re.Pattern[str], str], ...]
    greetings: tuple[str, ...]
    goodbyes: tuple[str, ...]
    farewells: tuple[str, ...]
    greeting: str  # the answer to a greeting, with {intro}
    personas: dict[str, tuple[Persona, ...]]  # domain -> its personas, then the general one
    small_talk: tuple[SmallTalk, ...]

    @property
    def hello(self) -> Style:
        """Small-talk questions: the opening's greetings, no thanks, no rewording."""
        return replace(self.opening, suffixes=("",), reword=0.0)


def load_chat(directory: Path, spec: Mapping[str, Any], variables: Mapping[str, str]) -> Chat:
    """chat.yaml (the dressing) and corpus.yaml's personas and small talk -> a Chat."""
    where = str(directory / "chat.yaml")
    data = read_yaml(directory / "chat.yaml")
    styles = mapping(data.get("styles"), f"{where}: styles")
    return Chat(
        **{name: _style(styles, name, where) for name in _STYLES},
        lowerable=frozenset(texts(data, "lowerable", where)),
        rewordings=_rewordings(data.get("rewordings", []), variables, where),
        greetings=texts(data, "greetings", where),
        goodbyes=texts(data, "goodbyes", where),
        farewells=texts(data, "farewells", where),
        greeting=fill(text(spec, "greeting", "corpus.yaml"), variables),
        personas=_personas(spec, variables),
        small_talk=tuple(_small_talk(spec, variables)),
    )


_STYLES = ("opening", "follow_up", "plain", "held_out")
_STYLE_FIELDS = {"blank_prefixes", "prefixes", "blank_suffixes", "suffixes", "casual", "reword"}


def _rewordings(
    raw: object, variables: Mapping[str, str], where: str
) -> tuple[tuple[re.Pattern[str], str], ...]:
    rewordings = []
    for i, pair in enumerate(raw if isinstance(raw, list) else [raw]):
        if not (
            isinstance(pair, list) and len(pair) == 2 and all(isinstance(s, str) for s in pair)
        ):
            raise ValueError(f"{where}: rewordings[{i}] must be [pattern, replacement]")
        pattern, replacement = pair
        rewordings.append((re.compile(pattern), fill(replacement, variables)))
    return tuple(rewordings)


def _style(styles: Mapping[str, Any], name: str, where: str) -> Style:
    here = f"{where}: styles.{name}"
    data = mapping(styles.get(name), here)
    known(data, _STYLE_FIELDS, here)
    prefixes = [
        (text(p, "text", here), bool(p.get("lower"))) for p in mappings(data, "prefixes", here)
    ]
    return Style(
        prefixes=(("", False),) * int(data.get("blank_prefixes", 0)) + tuple(prefixes),
        suffixes=("",) * int(data.get("blank_suffixes", 0)) + texts(data, "suffixes", here),
        casual=float(data.get("casual", 0.0)),
        reword=float(data.get("reword", 0.0)),
    )


def _personas(
    spec: Mapping[str, Any], variables: Mapping[str, str]
) -> dict[str, tuple[Persona, ...]]:
    where = "corpus.yaml: domains"
    general = mapping(spec.get("general"), "corpus.yaml: general")
    personas = {}
    for domain, raw in mapping(spec.get("domains"), where).items():
        data = mapping(raw, f"{where}.{domain}")
        scope, human = text(data, "scope", where), text(data, "human", where)
        own = [
            (text(p, "prompt", where), text(p, "intro", where), scope)
            for p in mappings(data, "personas", where)
        ]
        own.append(
            (
                text(general, "prompt", where),
                text(general, "intro", where),
                text(general, "scope", where),
            )
        )
        personas[domain] = tuple(
            Persona(*(fill(s, variables) for s in (prompt, intro, about, human)))
            for prompt, intro, about in own
        )
    return personas


def _small_talk(spec: Mapping[str, Any], variables: Mapping[str, str]) -> list[SmallTalk]:
    where = "corpus.yaml: small_talk"
    return [
        SmallTalk(
            answer=fill(text(t, "answer", where), variables),
            repeat=int(t.get("repeat", 1)),
            questions=tuple(fill(q, variables) for q in texts(t, "questions", where)),
        )
        for t in mappings(spec, "small_talk", "corpus.yaml")
    ]


# --- drawing ---------------------------------------------------------------------------------


def reword(chat: Chat, question: str, rng: random.Random) -> str:
    """One everyday rewording of the question, chosen among those that apply."""
    options = [(p, r) for p, r in chat.rewordings if p.search(question)]
    if not options:
        return question
    pattern, replacement = rng.choice(options)
    return pattern.sub(replacement, question, count=1)


def dress(chat: Chat, question: str, style: Style, rng: random.Random) -> str:
    if style.reword and rng.random() < style.reword:
        question = reword(chat, question, rng)
    prefix, lower = rng.choice(style.prefixes)
    first, _, rest = question.partition(" ")
    if lower and first.lower() in chat.lowerable:
        question = f"{first.lower()} {rest}" if rest else first.lower()
    text = prefix + question + rng.choice(style.suffixes)
    chance = rng.random()
    if chance < style.casual / 2:
        return text.lower()
    if chance < style.casual and text.endswith("?"):
        return text[:-1]
    return text


def pair(question: str, answer: str) -> list[Message]:
    return [{"role": "user", "content": question}, {"role": "assistant", "content": answer}]


def greeting(chat: Chat, persona: Persona) -> str:
    return fill(chat.greeting, {"intro": persona.intro})


def small_talk(chat: Chat, domain: str, rng: random.Random) -> list[list[Message]]:
    """Who-are-you, are-you-human and out-of-scope conversations, a few per persona."""
    conversations = []
    for persona in chat.personas[domain]:
        values = {"intro": persona.intro, "scope": persona.scope, "human": persona.human}
        pairs = [
            (q, fill(t.answer, values)) for t in chat.small_talk for q in t.questions * t.repeat
        ]
        for question, answer in pairs:
            system = {"role": "system", "content": persona.prompt}
            conversations.append([system, *pair(dress(chat, question, chat.hello, rng), answer)])
    return conversations

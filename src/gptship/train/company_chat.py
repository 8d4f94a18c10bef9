"""How a question is dressed as a chat message (greetings, thanks, casual case), and the
conversations around the facts: greetings, goodbyes, who-are-you and out-of-scope turns."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from gptship.train.company_world import (
    COMPANY,
    GENERAL_PROMPT,
    HR_PROMPTS,
    SUPPORT_PROMPTS,
    Domain,
)

Message = dict[str, str]


@dataclass(frozen=True)
class Style:
    prefixes: tuple[tuple[str, bool], ...]  # (text, whether the question's first word follows
    # in lower case: "Hi, how much..." but "Hi there! How much...")
    suffixes: tuple[str, ...]
    casual: float  # the chance of an all-lower-case message, or one without its "?"
    reword: float = 0.0  # the chance of one of _REWORDINGS, where one applies


_NONE = (("", False),)
OPENING = Style(
    prefixes=_NONE * 16
    + (
        ("Hi, ", True),
        ("Hello, ", True),
        ("Hey, ", True),
        ("Hi there! ", False),
        ("Quick question: ", True),
        ("Good morning! ", False),
        ("Excuse me, ", True),
        ("Hello. ", False),
        ("Good evening. ", False),
        ("Hey there, ", True),
        ("Hi team, ", True),
        ("Hello again! ", False),
        ("Question: ", False),
        ("Help please: ", True),
        ("Hey! ", False),
        ("Hi all, ", True),
        ("One thing I need to know: ", True),
        ("Hope you're well. ", False),
        ("Sorry if this is a silly question, but ", True),
        ("Can you help? ", False),
        ("Good afternoon, ", True),
        ("Hello! ", False),
        ("Hi. ", False),
        ("I have a quick one: ", True),
    ),
    suffixes=("",) * 14
    + (
        " Thanks!",
        " Thank you.",
        " Thanks in advance.",
        " Cheers!",
        " Thanks a lot.",
        " Thank you so much!",
        " Appreciate it.",
        " Thanks for your help.",
        " Cheers.",
        " Any ideas?",
        " Thx",
        " Thanks again!",
    ),
    casual=0.14,
    reword=0.3,
)
FOLLOW_UP = Style(
    prefixes=_NONE * 3
    + (
        ("Also, ", True),
        ("And ", True),
        ("Thanks. ", False),
        ("Another question: ", True),
        ("One more thing: ", True),
        ("Great. ", False),
        ("OK, and ", True),
        ("Got it. ", False),
    ),
    suffixes=("",) * 4 + (" Thanks.",),
    casual=0.05,
    reword=0.3,
)
PLAIN = Style(prefixes=_NONE, suffixes=("",), casual=0.0, reword=0.3)
HELLO = Style(prefixes=OPENING.prefixes, suffixes=("",), casual=OPENING.casual)
# Held-out greetings and thanks are never used in training either.
HELD_OUT = Style(
    prefixes=_NONE * 4
    + (
        ("Sorry to bother you, but ", True),
        ("Hiya! ", False),
        ("Morning! ", False),
        ("Hoping you can help: ", True),
    ),
    suffixes=("",) * 4 + (" Much appreciated.", " Many thanks."),
    casual=0.0,
)

# First words that read as well in lower case after "Hi, "; names and "I" keep their case.
_LOWERABLE = frozenset({
    "how", "what", "what's", "when", "where", "which", "who", "why", "can", "could", "do",
    "does", "did", "is", "are", "am", "will", "would", "should", "my", "our", "the", "any",
    "if", "there", "it's", "it", "price",
})  # fmt: skip


# Everyday rewordings that widen the training questions' wording beyond the written pools.
_REWORDINGS = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"^Can I ", "Is it possible to "),
        (r"^Can I ", "Am I able to "),
        (r"^How do I ", "How can I "),
        (r"^What's ", "What is "),
        (r"^What is ", "What's "),
        (r"^I want to ", "I'd like to "),
        (r"^Is there ", "Do you have "),
        (r"\bHow often\b", "How frequently"),
        (r"\bWhat kind of\b", "What sort of"),
        (r"\bparcel\b", "package"),
        (r"\bmy manager\b", "my boss"),
        (r"\bquickly\b", "fast"),
        (r"\bthe company\b", COMPANY),
    )
)


def reword(question: str, rng: random.Random) -> str:
    """One everyday rewording of the question, chosen among those that apply."""
    options = [(p, r) for p, r in _REWORDINGS if p.search(question)]
    if not options:
        return question
    pattern, replacement = rng.choice(options)
    return pattern.sub(replacement, question, count=1)


def dress(question: str, style: Style, rng: random.Random) -> str:
    if style.reword and rng.random() < style.reword:
        question = reword(question, rng)
    prefix, lower = rng.choice(style.prefixes)
    first, _, rest = question.partition(" ")
    if lower and first.lower() in _LOWERABLE:
        question = f"{first.lower()} {rest}" if rest else first.lower()
    text = prefix + question + rng.choice(style.suffixes)
    chance = rng.random()
    if chance < style.casual / 2:
        return text.lower()
    if chance < style.casual and text.endswith("?"):
        return text[:-1]
    return text


def prompts(domain: Domain) -> tuple[str, ...]:
    return (*(SUPPORT_PROMPTS if domain == "support" else HR_PROMPTS), GENERAL_PROMPT)


_SUPPORT_SCOPE = "our products, orders, shipping, returns, the warranty and your account"
_HR_SCOPE = "leave, pay, benefits, expenses, remote work and onboarding"
_INTRO = {
    SUPPORT_PROMPTS[0]: f"I'm Wren, the {COMPANY} customer support assistant.",
    SUPPORT_PROMPTS[1]: f"I'm the {COMPANY} support assistant.",
    HR_PROMPTS[0]: f"I'm Hazel, the HR assistant for {COMPANY} employees.",
    HR_PROMPTS[1]: f"I'm the {COMPANY} HR assistant.",
    GENERAL_PROMPT: f"I'm the {COMPANY} assistant.",
}
_SCOPE = {
    SUPPORT_PROMPTS[0]: _SUPPORT_SCOPE,
    SUPPORT_PROMPTS[1]: _SUPPORT_SCOPE,
    HR_PROMPTS[0]: _HR_SCOPE,
    HR_PROMPTS[1]: _HR_SCOPE,
    GENERAL_PROMPT: f"{COMPANY} products and orders, and the staff handbook",
}
_HUMAN = {
    "support": "you can reach our support team on 1-800-555-0142 if you need a person.",
    "hr": "for anything I cannot answer, the People team is in the #ask-people channel.",
}

GREETINGS = ("Hi!", "Hello", "Hey there", "Good afternoon", "Hi, is anyone there?")
GOODBYES = ("Thanks, that's all.", "Great, thank you!", "Perfect, thanks for your help.", "Bye!")
_FAREWELLS = ("You're welcome! Have a lovely day.", "Happy to help. Take care!")
_WHO = ("Who are you?", "What are you?", "What can you help me with?", "What can you do?")
_HUMAN_ASKS = ("Are you a real person?", "Am I talking to a human?")
_OFF_TOPIC = (
    "Can you write me a poem?",
    "What's the weather like tomorrow?",
    "Can you help me with my maths homework?",
    "Who won the football last night?",
    "Tell me a joke.",
    "What's the capital of Peru?",
)


def greeting(prompt: str) -> str:
    return f"Hello! {_INTRO[prompt]} How can I help you today?"


def farewell(rng: random.Random) -> str:
    return rng.choice(_FAREWELLS)


def small_talk(domain: Domain, rng: random.Random) -> list[list[Message]]:
    """Who-are-you, are-you-human and out-of-scope conversations, a few per persona."""
    conversations = []
    for prompt in prompts(domain):
        who = f"{_INTRO[prompt]} I can help with {_SCOPE[prompt]}."
        human = f"No, I am an AI assistant, but {_HUMAN[domain]}"
        scope = f"Sorry, I can only help with questions about {_SCOPE[prompt]}."
        pairs = [(q, who) for q in _WHO * 3] + [(q, human) for q in _HUMAN_ASKS * 3]
        pairs += [(q, scope) for q in _OFF_TOPIC * 2]
        for question, answer in pairs:
            conversations.append(
                [
                    {"role": "system", "content": prompt},
                    {"role": "user", "content": dress(question, HELLO, rng)},
                    {"role": "assistant", "content": answer},
                ]
            )
    return conversations

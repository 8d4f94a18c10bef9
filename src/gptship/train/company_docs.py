"""The corpus's facts as Markdown documents (a support knowledge base, an employee handbook,
a news page) for retrieval, and the README that describes a written corpus."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby

from gptship.train.company_news import ARTICLES, article_facts
from gptship.train.company_world import COMPANY, Fact, fill

SUPPORT_TOPICS = {
    "company": f"About {COMPANY}",
    "products": "Products",
    "accounts": "Your account",
    "billing": f"Billing and {COMPANY} Plus",
    "shipping": "Shipping",
    "returns": "Returns",
    "warranty": "Warranty",
    "troubleshooting": "Troubleshooting",
    "contact": "Contact us",
}
HR_TOPICS = {
    "onboarding": "Your first weeks",
    "hours": "Working hours",
    "leave": "Leave and holidays",
    "remote": "Remote work",
    "expenses": "Expenses",
    "benefits": "Benefits",
    "reviews": "Reviews and pay",
}


def support_kb(facts: list[Fact]) -> str:
    intro = (
        f"Everything the {COMPANY} support team tells customers, one topic per section. "
        "Prices are in US dollars."
    )
    return _handbook(f"{COMPANY} Support Knowledge Base", intro, SUPPORT_TOPICS, facts)


def hr_handbook(facts: list[Fact]) -> str:
    intro = f"The staff handbook for {COMPANY} employees. Ask the People team about anything else."
    return _handbook(f"{COMPANY} Employee Handbook", intro, HR_TOPICS, facts)


def _handbook(title: str, intro: str, topics: dict[str, str], facts: list[Fact]) -> str:
    lines = [f"# {title}", "", intro, ""]
    for topic, heading in topics.items():
        lines += [f"## {heading}", ""]
        chosen = [f for f in facts if f.topic == topic]
        for section, group in groupby(chosen, key=lambda f: f.section):
            if section:
                lines += [f"### {section}", ""]
            # one fact a line: a key fact is never split across lines
            lines += [*(f.answers[0] for f in group), ""]
    return "\n".join(lines)


def news() -> str:
    lines = [f"# {COMPANY} News", ""]
    for article in ARTICLES:
        lines += [f"## {fill(article.title, co=COMPANY)}", "", f"*{article.date}*", ""]
        for paragraph in article.paragraphs:
            lines += [fill(paragraph, co=COMPANY), ""]
        lines += ["### Questions and answers", ""]
        for fact in article_facts(article):
            lines += [f"**{fact.asks[0]}** {fact.answers[0]}", ""]
    return "\n".join(lines)


def readme(seed: int, counts: Iterable[tuple[str, int]]) -> str:
    table = "\n".join(f"| {name} | {value:,} |" for name, value in counts)
    return f"""# The {COMPANY} corpus

Support and HR data of {COMPANY}, a fictional maker of small gadgets for the home and desk,
written by `python -m gptship.train.company --out DIR --seed {seed}` (seed {seed}; the same
seed always writes the same bytes). It trains gptship's default model and then scores it.

- `train.jsonl`: one conversation a line, `{{"messages": [system, user, assistant, ...]}}`.
  Every fact is stated by many assistant turns and asked in many wordings.
- `heldout.jsonl`: one question a line, `{{"messages": [system, user], "key_fact", "topic",
  "fact", "reference"}}`, worded in ways `train.jsonl` never uses for that fact.
- `docs/support-kb.md`: the customer facts as a knowledge base, one section per topic.
- `docs/hr-handbook.md`: the employee facts as a staff handbook.
- `docs/news.md`: four product-news articles, with questions and answers.

An answer to a held-out question counts when it contains `key_fact` (case and spacing
ignored; numbers and words must match whole: "30 days" is not found in "130 days"):
`gptship.train.company.key_fact_found` and `score`.

| count | value |
| --- | --- |
{table}
"""

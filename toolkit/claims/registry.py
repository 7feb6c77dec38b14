"""The generator registry: every rule under a versioned name such as ``number.swap@1``.

A claim records the rule that made it, so artifacts can be audited per rule and a
changed rule gets a new version rather than silently changing what an old name meant.
Selecting rules by a name that is not registered lists the valid names.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from toolkit.errors import UsageError
from toolkit.records import Candidate, Draft

RuleFn = Callable[[Candidate, random.Random], Iterable[Draft]]


@dataclass(frozen=True)
class Rule:
    """A registered generator: name, version, the claim ``method`` it records, the code."""

    name: str
    version: int
    method: str
    fn: RuleFn
    doc: str

    @property
    def key(self) -> str:
        return f"{self.name}@{self.version}"


RULES: dict[str, Rule] = {}


def register(name: str, version: int, method: str) -> Callable[[RuleFn], RuleFn]:
    """Decorator: register ``fn`` as rule ``name@version`` that makes ``method`` claims."""

    def wrap(fn: RuleFn) -> RuleFn:
        rule = Rule(name, version, method, fn, (fn.__doc__ or "").strip().split("\n")[0])
        if rule.key in RULES:
            raise RuntimeError(f"rule {rule.key} registered twice")
        RULES[rule.key] = rule
        return fn

    return wrap


def select_rules(names: Iterable[str] | None = None) -> list[Rule]:
    """The registered rules to run: all (in registration order) or those ``names``.

    A name without a version (``number.swap``) means its latest version. The registry
    never imports the rules (they import it); callers use
    :func:`toolkit.claims.rules.get_rules`, which registers the built-in ones first.
    """
    if names is None:
        return list(RULES.values())
    chosen: list[Rule] = []
    for name in names:
        if name in RULES:
            chosen.append(RULES[name])
            continue
        versions = [r for r in RULES.values() if r.name == name]
        if not versions:
            valid = ", ".join(sorted(RULES))
            raise UsageError(f"unknown rule {name!r}; valid rules: {valid}")
        chosen.append(max(versions, key=lambda r: r.version))
    return chosen


class _LazyRandom(random.Random):
    """A :class:`random.Random` seeded only when first used.

    Seeding the Mersenne Twister costs more than most rules do, and most rules make no
    random choice for most sentences.
    """

    def __init__(self, key: str):
        self._key = key
        self._ready = False

    def _ensure(self) -> None:
        if not self._ready:
            super().__init__(self._key)
            self._ready = True

    def random(self) -> float:
        self._ensure()
        return super().random()

    def getrandbits(self, k: int) -> int:
        self._ensure()
        return super().getrandbits(k)


def rng_for(seed: int, candidate: Candidate, rule: Rule) -> random.Random:
    """A random source that depends only on the seed, the sentence and the rule.

    So adding an article or a rule never changes the choices made elsewhere.
    """
    where = "h" if candidate.index is None else str(candidate.index)
    return _LazyRandom(f"{seed}\0{candidate.article.id}\0{where}\0{rule.key}")


def iter_drafts(candidate: Candidate, rules: list[Rule], seed: int) -> Iterator[tuple[Rule, Draft]]:
    """Every draft each rule proposes for ``candidate``."""
    for rule in rules:
        for draft in rule.fn(candidate, rng_for(seed, candidate, rule)):
            yield rule, draft

"""The built-in generator rules, one module per family.

Labels come from meaning, not from the rule (see DESIGN "Generating labeled claims
honestly"): each edit family can give SUPPORTED, REFUTED or NOT_ENOUGH_INFO depending
on what the evidence excludes, and every family also yields NOT_ENOUGH_INFO from
held-out articles (:mod:`toolkit.claims.heldout`).

* :mod:`.extraction`: the standalone sentence itself, and safe simplifications;
* :mod:`.numbers`: amounts typed by their slot (money, counts, percentages, ages,
  sports scores, times of day), swapped within plausible values;
* :mod:`.quantifiers`: hedges and bounds, labelled by monotonicity;
* :mod:`.dates`: calendar dates, weekdays and years, by the date's role;
* :mod:`.entities`: proper-noun spans typed by their context, swapped with the same type;
* :mod:`.negation`: one negation toggled (capped, the classic cue);
* :mod:`.nei`: a statement given to another person named in the article.

Importing this package registers every rule in :mod:`toolkit.claims.registry`; the
registry never imports the rules, so :func:`get_rules` lives here, where the built-in
rules are known to be registered (no import cycle, not even a function-local one).
"""

from collections.abc import Iterable

from toolkit.claims.registry import Rule, select_rules
from toolkit.claims.rules import (  # noqa: F401  (registration happens on import)
    dates,
    entities,
    extraction,
    negation,
    nei,
    numbers,
    quantifiers,
)


def get_rules(names: Iterable[str] | None = None) -> list[Rule]:
    """The rules to run: every built-in rule (registration order) or those ``names``;
    an unknown name lists the valid ones."""
    return select_rules(names)

"""The tree of a scoring table from its items' numbers, as real tables are numbered: roman
numerals (I, II, ...) or capital letters are the top-level parts; 1, 2, ... go under the last
roman numeral (at the top level when there is none); 1.1 under 1, 1.1.1 under 1.1; a, b, ...
under the last item numbered 1 or 1.1. An item with children is a group. An item without a
number stays at the top level, so that a flat table (no numbers, or 1, 2, 3...) is a list of
top-level items. Pure functions, used by the services, the editor and the imports."""

import re
from decimal import Decimal

from django.utils.translation import gettext as _

_ROMAN = re.compile(r"^(?=[IVXLCDM]+$)M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
_CAPITAL = re.compile(r"^[A-Z]$")
_DOTTED = re.compile(r"^\d{1,3}(\.\d{1,3})*$")
_LETTER = re.compile(r"^[a-zđ]$")


def clean_number(value) -> str:
    """A number as written ("I.", "1)", " 1.1 ", 2.0 from Excel), without its trailing
    punctuation: "I", "1", "1.1", "2"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = "".join(str(value).split())
    return text.rstrip(".)/:-")


def number_parents(numbers: list[str]) -> tuple[list[int | None], list[tuple[int, str]]]:
    """For the items' numbers in their order: each item's parent (an index into ``numbers``,
    None at the top level) and the problems (index, reason) of numbers that do not fit."""
    parents: list[int | None] = []
    problems: list[tuple[int, str]] = []
    part: int | None = None  # the last roman numeral
    scope: dict[tuple[str, ...], int] = {}  # "1", "1.1" under the current part -> index
    last_numbered: int | None = None  # the last 1 or 1.1, for a, b, ...
    for index, raw in enumerate(numbers):
        number = clean_number(raw)
        parent = None
        if not number:
            pass
        elif _ROMAN.match(number) or _CAPITAL.match(number):
            part, scope, last_numbered = index, {}, None
        elif _DOTTED.match(number):
            digits = tuple(str(int(d)) for d in number.split("."))
            if len(digits) == 1:
                parent = part
            else:
                parent = scope.get(digits[:-1])
                if parent is None:
                    problems.append(
                        (
                            index,
                            _("Item %(number)s has no item %(parent)s above it.")
                            % {"number": number, "parent": ".".join(digits[:-1])},
                        )
                    )
            scope[digits] = index
            last_numbered = index
        elif _LETTER.match(number):
            parent = last_numbered if last_numbered is not None else part
            if parent is None:
                problems.append(
                    (
                        index,
                        _("Item %(number)s has no numbered item above it.") % {"number": number},
                    )
                )
        else:
            problems.append(
                (
                    index,
                    _("“%(number)s” is not a number such as I, 1, 1.1 or a.")
                    % {"number": str(raw)[:20]},
                )
            )
        parents.append(parent)
    return parents, problems


def group_sum_problems(
    labels: list[str], maxima: list[Decimal | None], parents: list[int | None]
) -> list[tuple[int, str]]:
    """The groups (items with children) whose maximum is not the sum of their children's
    maxima: (index of the group, reason naming it and both figures)."""
    sums: dict[int, Decimal] = {}
    for index, parent in enumerate(parents):
        if parent is not None:
            sums[parent] = sums.get(parent, Decimal(0)) + (maxima[index] or Decimal(0))
    problems = []
    for group, total in sorted(sums.items()):
        if maxima[group] is not None and maxima[group] != total:
            problems.append(
                (
                    group,
                    _(
                        "Group “%(group)s”: its maximum is %(max)s points but its items add "
                        "up to %(sum)s."
                    )
                    % {"group": labels[group], "max": _fmt(maxima[group]), "sum": _fmt(total)},
                )
            )
    return problems


def _fmt(value: Decimal) -> str:
    text = format(value.normalize(), "f") if value == value.to_integral() else str(value)
    return text.replace(".", ",")

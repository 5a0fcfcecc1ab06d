"""Counting years: service months, consecutive titles, the CSTĐCS years a CSTĐ cấp Bộ uses
up, levels of discipline and scope, the CSTĐCS quota. Pure arithmetic over the facts."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import date
from fractions import Fraction

from .facts import (
    CSTD_BO,
    CSTDCS,
    DISCIPLINE_ORDER,
    RESET_AFTER_CSTD_BO,
    SCOPE_ORDER,
    PersonFacts,
)


def consecutive_years(
    titles_by_year: Mapping[int, Iterable[str]], code: str, ending_year: int
) -> int:
    """How many years ending_year, ending_year - 1, ... hold ``code``, stopping at the first gap."""
    count = 0
    while code in titles_by_year.get(ending_year - count, ()):
        count += 1
    return count


def months_between(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end`` (0 when end is not after start).

    A month is whole when the day of the month is reached again: 01/03 -> 01/01 is 10 months,
    02/03 -> 01/01 is 9.
    """
    if end <= start:
        return 0
    months = (end.year - start.year) * 12 + end.month - start.month
    if end.day < start.day:
        months -= 1
    return months


def service_months(recruited_on: date, year: int) -> int:
    """Whole months worked from recruitment to the end of 31/12 of ``year`` (31/12 counted).

    Someone recruited on 01/03 has worked March to December: 10 months.
    """
    return months_between(recruited_on, date(year + 1, 1, 1))


def _rank(value: str, order: tuple[str, ...], what: str) -> int:
    """0 for "", 1 for the first level of ``order``, ...; an unknown value is an error."""
    if not value:
        return 0
    if value not in order:
        raise ValueError(f"unknown {what}: {value!r} (expected one of {order})")
    return order.index(value) + 1


def discipline_at_least(discipline: str, threshold: str) -> bool:
    """Whether ``discipline`` ("" for none) is ``threshold`` or heavier."""
    return bool(discipline) and _rank(discipline, DISCIPLINE_ORDER, "discipline") >= _rank(
        threshold, DISCIPLINE_ORDER, "discipline"
    )


def scope_at_least(scope: str, minimum: str) -> bool:
    """Whether an initiative's ``scope`` ("" for none) reaches ``minimum``."""
    return bool(scope) and _rank(scope, SCOPE_ORDER, "scope") >= _rank(
        minimum, SCOPE_ORDER, "scope"
    )


def ldtt_excluded_reasons(person: PersonFacts, year: int, params: Mapping) -> list[str]:
    """The finding codes that exclude ``person`` from LĐTT in ``year``; [] when none.

    A person without a recruitment date is not excluded (the date cannot be checked).
    """
    reasons = []
    minimum = params["ldtt_min_months_recruited"]
    if person.recruited_on is not None and service_months(person.recruited_on, year) < minimum:
        reasons.append("ldtt_recruited_too_recently")
    if discipline_at_least(person.discipline, params["ldtt_excluding_discipline"]):
        reasons.append("ldtt_disciplined")
    return reasons


def cstdcs_quota(ldtt_count: int, percent, minimum: int = 0) -> int | None:
    """The most CSTĐCS a unit may register for ``ldtt_count`` LĐTT; None without a quota.

    "Không quá 15%" (Decree 91/2017 Art. 9.3): floor(percent × LĐTT), so 6 LĐTT at 15% allow
    none. DOMAIN.md §3.3 leaves rounding and any minimum UNVERIFIED: ``minimum`` (the rule
    set's ``cstdcs_quota_minimum``, 0 by default) lets an administrator allow a small unit that
    many CSTĐCS whatever the share, never more than its LĐTT.
    """
    if percent is None:
        return None
    maximum = math.floor(Fraction(str(percent)) * ldtt_count / 100)
    return max(maximum, min(int(minimum or 0), ldtt_count))


def _reset_after_cstd_bo(params: Mapping) -> bool:
    return bool(params.get(RESET_AFTER_CSTD_BO, True))


def available_cstdcs_years(
    titles_by_year: Mapping[int, Iterable[str]], ending_year: int, params: Mapping
) -> int:
    """Consecutive CSTĐCS years ending at ``ending_year`` not used up by an earlier CSTĐ cấp Bộ.

    A CSTĐ cấp Bộ of year b uses the ``cstd_bo_consecutive_cstdcs`` CSTĐCS years ending at b.
    With the reset switched off this is ``consecutive_years(..., "CSTDCS", ending_year)``.
    """
    if not _reset_after_cstd_bo(params):
        return consecutive_years(titles_by_year, CSTDCS, ending_year)
    chain = params["cstd_bo_consecutive_cstdcs"]
    used = {
        year - offset
        for year, codes in titles_by_year.items()
        if CSTD_BO in codes and year <= ending_year
        for offset in range(chain)
    }
    count = 0
    while CSTDCS in titles_by_year.get(ending_year - count, ()) and ending_year - count not in used:
        count += 1
    return count


def consecutive_cstd_bo_awards(
    titles_by_year: Mapping[int, Iterable[str]], ending_year: int, params: Mapping
) -> int:
    """How many CSTĐ cấp Bộ awards in a row end at ``ending_year``.

    With the reset (DOMAIN.md §3.3), two awards are consecutive when their CSTĐCS chains touch:
    the later one comes ``cstd_bo_consecutive_cstdcs`` years after the earlier one and every
    year in between, up to the later one, holds CSTĐCS (e.g. 2017 and 2020 over CSTĐCS
    2015-2020). Without it, they are consecutive calendar years.
    """
    if not _reset_after_cstd_bo(params):
        return consecutive_years(titles_by_year, CSTD_BO, ending_year)
    chain = params["cstd_bo_consecutive_cstdcs"]
    year = ending_year
    if CSTD_BO not in titles_by_year.get(year, ()):
        return 0
    count = 1
    while CSTD_BO in titles_by_year.get(year - chain, ()) and all(
        CSTDCS in titles_by_year.get(y, ()) for y in range(year - chain + 1, year + 1)
    ):
        count += 1
        year -= chain
    return count

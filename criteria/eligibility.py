"""The rule engine for registrations: which registered titles break the emulation rules.

Pure functions over plain facts: no database, no models. The caller gathers the facts of one
unit's registration (``RegistrationFacts``) and passes the ``params`` and ``sources`` of the rule
set of the achievement year (``criteria.catalogue.RULE_SETS``). The result is a list of
``Finding``: an ``error`` blocks the submission, a ``warning`` is advisory and is recorded.
Eligibility stays advisory in law (DOMAIN.md §10): a finding explains, it never drops anyone.

Rules checked at registration time (DOMAIN.md §3.2-§3.4), year = achievement year:

- LĐTT: recruited too recently; disciplined at or above the excluding level.
- CSTĐCS: needs LĐTT; needs an initiative where the rule set requires one; the quota.
- CSTĐ cấp Bộ: the year must complete an unbroken chain of CSTĐCS years not already used for an
  earlier CSTĐ cấp Bộ; advisory: an initiative of ministry-wide scope.
- CSTĐ toàn quốc: consecutive CSTĐ cấp Bộ awards, the last one in the year before; advisory: an
  initiative of nationwide scope.
- TTLĐTT / TTLĐXS: share of LĐTT among the staff, CSTĐCS count, no member disciplined at or
  above the blocking level.
- Cờ thi đua của Bộ: advisory, it comes only from the bloc/cluster's acclamation.
- Unit head (2021 letter III.2): the unit must aim for an exemplary collective title.

Year-end facts (rating, recognised initiatives) are outside this check: at registration the
rating is still unknown, and under B_2024 an HTXSNV rating alone may later justify CSTĐCS.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from django.utils.formats import number_format
from django.utils.translation import gettext, gettext_lazy

from criteria.catalogue import EXEMPLARY_COLLECTIVE_TITLES, TITLES

ERROR = "error"
WARNING = "warning"

LDTT = "LDTT"
CSTDCS = "CSTDCS"
CSTD_BO = "CSTD_BO"
CSTD_TQ = "CSTD_TQ"
TTLDTT = "TTLDTT"
TTLDXS = "TTLDXS"
CO_BO = "CO_BO"

# Disciplinary levels, mildest first (units.models.Discipline); "" means no discipline.
DISCIPLINE_ORDER = ("reprimand", "warning", "severe")
# The same msgids as units.models.Discipline, so they share its translations.
DISCIPLINE_LABELS = {
    "reprimand": gettext_lazy("Reprimand"),
    "warning": gettext_lazy("Warning"),
    "severe": gettext_lazy("Higher than warning"),
}
# The same msgids as units.models.Rating.
RATING_LABELS = {
    "excellent": gettext_lazy("Completed tasks excellently"),
    "good": gettext_lazy("Completed tasks well"),
    "completed": gettext_lazy("Completed tasks"),
    "not_completed": gettext_lazy("Did not complete tasks"),
}
# Impact scopes of an initiative, smallest first (registrations.models.Scope); "" means none.
SCOPE_ORDER = ("grassroots", "ministry", "national")

# Optional rule-set parameter, not yet in catalogue.RULE_SETS: whether the CSTĐCS years that
# earned a CSTĐ cấp Bộ are used up by it (DOMAIN.md §3.3 "Reset after promotion": the usual
# reading, after Circular 07/2014/TT-BNV; a CSTĐ toàn quốc then needs 6 unbroken CSTĐCS years).
# Missing means True. False reads "consecutive" as plain calendar years for both counts.
RESET_AFTER_CSTD_BO = "cstd_bo_consumes_cstdcs_years"

# Every finding this module emits: code -> (severity, key in the rule set's ``sources``).
CODES = {
    "ldtt_recruited_too_recently": (ERROR, "ldtt"),
    "ldtt_disciplined": (ERROR, "ldtt"),
    "cstdcs_needs_ldtt": (ERROR, "cstdcs"),
    "cstdcs_needs_initiative": (ERROR, "cstdcs"),
    "cstdcs_quota_exceeded": (ERROR, "cstdcs_quota"),
    "cstd_bo_needs_cstdcs_this_year": (ERROR, "cstd_bo"),
    "cstd_bo_needs_consecutive_cstdcs": (ERROR, "cstd_bo"),
    "cstd_bo_needs_ministry_initiative": (WARNING, "cstd_bo"),
    "cstd_tq_needs_consecutive_cstd_bo": (ERROR, "cstd_tq"),
    "cstd_tq_needs_national_initiative": (WARNING, "cstd_tq"),
    "ttldtt_ldtt_share_too_low": (ERROR, "ttldtt"),
    "ttldtt_member_disciplined": (ERROR, "ttldtt"),
    "ttldxs_ldtt_share_too_low": (ERROR, "ttldxs"),
    "ttldxs_needs_cstdcs": (ERROR, "ttldxs"),
    "ttldxs_member_disciplined": (ERROR, "ttldxs"),
    "ministry_flag_by_acclamation": (WARNING, "ministry_flag"),
    "unit_head_needs_exemplary_collective": (ERROR, "unit_head"),
    "unit_head_needs_leading_unit": (WARNING, "unit_head"),
}

# The two moments the rules are checked: the registration at the start of the year (wishes,
# year-end facts unknown) and the proposal at year end (the rating and the recognised initiatives
# are known, the bloc/cluster has acclaimed its leader).
REGISTRATION = "registration"
YEAR_END = "year_end"

# Findings only the year-end check emits: code -> (severity, key in the rule set's sources).
YEAR_END_CODES = {
    "ldtt_rating_too_low": (ERROR, "ldtt"),
    "cstdcs_needs_excellent_or_initiative": (ERROR, "cstdcs"),
    "ttldxs_member_not_completed": (ERROR, "ttldxs"),
    "ministry_flag_not_group_leader": (ERROR, "ministry_flag"),
}
# What is advice at registration becomes a condition of the title at year end.
YEAR_END_SEVERITY = {
    "cstd_bo_needs_ministry_initiative": ERROR,
    "cstd_tq_needs_national_initiative": ERROR,
    "unit_head_needs_leading_unit": ERROR,
}
# Ratings that earn LĐTT (DOMAIN.md §3.3: "good" or better).
LDTT_RATINGS = frozenset({"good", "excellent"})


def severity_of(code: str, stage: str = REGISTRATION) -> str:
    severity = (CODES.get(code) or YEAR_END_CODES[code])[0]
    return YEAR_END_SEVERITY.get(code, severity) if stage == YEAR_END else severity


_TITLE_NAMES = {row[0]: row[1] for row in TITLES}
_TITLE_RANKS = {row[0]: (row[4], row[6]) for row in TITLES}


@dataclass(frozen=True)
class PersonFacts:
    person_id: int
    name: str
    recruited_on: date | None
    discipline: str  # "" or "reprimand" / "warning" / "severe", in the achievement year
    rating: str  # "" or "excellent" / "good" / "completed" / "not_completed" (year-end)
    titles_by_year: Mapping[int, frozenset[str]]  # title codes held, by year (history)
    has_initiative: bool  # an initiative registered or recognised for this person this year
    best_initiative_scope: str  # "" / "grassroots" / "ministry" / "national"
    is_unit_head: bool


@dataclass(frozen=True)
class RegistrationFacts:
    year: int  # achievement year
    staff_count: int  # members of the collective: the denominator of the LĐTT share
    individual_aims: Mapping[int, frozenset[str]]  # person_id -> title codes aimed for
    people: Mapping[int, PersonFacts]  # every member whose facts matter (discipline: all staff)
    collective_aims: frozenset[str]  # title codes the unit aims for
    unit_head_needs_leading_unit: bool = False  # campaign setting (DOMAIN.md §3.2)
    unit_is_group_leader: bool = False  # the unit leads its bloc/cluster

    def __post_init__(self):
        if self.staff_count < 0:
            raise ValueError(f"staff_count must not be negative: {self.staff_count}")
        unknown = set(self.individual_aims) - set(self.people)
        if unknown:
            raise ValueError(f"titles aimed for by unknown people: {sorted(unknown)}")


@dataclass(frozen=True)
class Finding:
    code: str  # stable machine code, a key of CODES
    severity: str  # ERROR blocks the submission, WARNING is advisory
    message: str  # in the active language, names the person, the title and the rule
    source: str  # the legal source, from the rule set's sources
    person_id: int | None = None
    title_code: str | None = None


# --- helpers -----------------------------------------------------------------------------


def title_name(code: str) -> str:
    """The full official name of a title ("Lao động tiên tiến"), from the catalogue."""
    return _TITLE_NAMES.get(code, code)


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


def cstdcs_quota(ldtt_count: int, percent) -> int | None:
    """The most CSTĐCS a unit may register for ``ldtt_count`` LĐTT; None without a quota.

    DOMAIN.md §3.3 leaves rounding and any minimum UNVERIFIED. Chosen here: round down
    (floor), but allow at least 1 when the unit has at least one LĐTT, so that a small unit
    (fewer than 7 LĐTT at 15%) is not barred from CSTĐCS altogether.
    """
    if percent is None:
        return None
    maximum = math.floor(Fraction(str(percent)) * ldtt_count / 100)
    if ldtt_count >= 1:
        maximum = max(maximum, 1)
    return maximum


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


def _percent(value) -> str:
    """A percentage for a message: at most one decimal, in the active locale's format."""
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    return number_format(round(float(value), 1), decimal_pos=1)


def _titles_list(codes: Iterable[str]) -> str:
    ordered = sorted(codes, key=lambda code: (_TITLE_RANKS.get(code, ("", 0)), code))
    return ", ".join(title_name(code) for code in ordered)


# --- the check ---------------------------------------------------------------------------


class _Collector:
    def __init__(self, sources: Mapping, stage: str = REGISTRATION):
        self.sources = sources
        self.stage = stage
        self.findings: list[Finding] = []

    @property
    def year_end(self) -> bool:
        return self.stage == YEAR_END

    def add(self, code, message, person_id=None, title_code=None):
        _severity, source_key = CODES.get(code) or YEAR_END_CODES[code]
        self.findings.append(
            Finding(
                code=code,
                severity=severity_of(code, self.stage),
                message=message,
                source=self.sources[source_key],
                person_id=person_id,
                title_code=title_code,
            )
        )


def check_registration(
    facts: RegistrationFacts, params: Mapping, sources: Mapping
) -> list[Finding]:
    """Every rule the registration breaks, under the rule set given by ``params``/``sources``.

    Order: people by id (LĐTT, CSTĐCS, CSTĐ cấp Bộ, CSTĐ toàn quốc), then the CSTĐCS quota,
    then the collective titles, then the unit-head rule.
    """
    return _check(facts, params, sources, REGISTRATION)


def check_year_end(facts: RegistrationFacts, params: Mapping, sources: Mapping) -> list[Finding]:
    """Every rule a year-end proposal breaks: the registration's rules, with the year's facts.

    ``individual_aims`` and ``collective_aims`` are the titles proposed; ``rating`` is the
    person's rating for the year; ``has_initiative``/``best_initiative_scope`` count only
    initiatives recognised by decision; ``unit_is_group_leader`` is the bloc/cluster's
    acclamation. On top of the registration's checks: LĐTT needs a "good" or better rating;
    CSTĐCS needs a recognised initiative (A_2017) or an excellent rating or one (B_2024); the
    initiative scope of CSTĐ cấp Bộ / toàn quốc is a condition, not advice; TTLĐXS needs every
    member to complete their tasks; the Ministry flag goes only to an acclaimed leader. A person
    whose LĐTT fails does not count towards the collective's LĐTT share.
    """
    return _check(facts, params, sources, YEAR_END)


def _check(facts, params, sources, stage):
    out = _Collector(sources, stage)
    year = facts.year
    aims = {pid: frozenset(codes) for pid, codes in facts.individual_aims.items()}
    for pid in sorted(aims):
        _check_person(out, facts.people[pid], aims[pid], year, params)

    if out.year_end:
        failed_ldtt = {
            f.person_id for f in out.findings if f.title_code == LDTT and f.severity == ERROR
        }
        aims = {pid: codes - {LDTT} if pid in failed_ldtt else codes for pid, codes in aims.items()}
    ldtt_count = sum(LDTT in codes for codes in aims.values())
    cstdcs_count = sum(CSTDCS in codes for codes in aims.values())
    _check_quota(out, ldtt_count, cstdcs_count, params)
    _check_collective(out, facts, ldtt_count, cstdcs_count, params)
    _check_unit_head(out, facts, aims)
    return out.findings


def _check_person(out, person, aims, year, params):
    name = person.name
    if LDTT in aims:
        for reason in ldtt_excluded_reasons(person, year, params):
            if reason == "ldtt_recruited_too_recently":
                message = gettext(
                    "%(name)s cannot be registered for %(title)s: recruited on %(recruited_on)s, "
                    "so only %(months)s months of service by 31/12/%(year)s, fewer than the "
                    "%(minimum)s months required."
                ) % {
                    "name": name,
                    "title": title_name(LDTT),
                    "recruited_on": person.recruited_on.strftime("%d/%m/%Y"),
                    "months": service_months(person.recruited_on, year),
                    "year": year,
                    "minimum": params["ldtt_min_months_recruited"],
                }
            else:
                message = gettext(
                    "%(name)s cannot be registered for %(title)s: disciplined in %(year)s at the "
                    "level “%(discipline)s”; “%(threshold)s” or heavier excludes this title."
                ) % {
                    "name": name,
                    "title": title_name(LDTT),
                    "year": year,
                    "discipline": DISCIPLINE_LABELS[person.discipline],
                    "threshold": DISCIPLINE_LABELS[params["ldtt_excluding_discipline"]],
                }
            out.add(reason, message, person.person_id, LDTT)
        if out.year_end and person.rating not in LDTT_RATINGS:
            out.add(
                "ldtt_rating_too_low",
                gettext(
                    "%(name)s is proposed for %(title)s but is rated “%(rating)s” for %(year)s; "
                    "the title needs “%(good)s” or better."
                )
                % {
                    "name": name,
                    "title": title_name(LDTT),
                    "rating": RATING_LABELS.get(person.rating, gettext("not rated")),
                    "year": year,
                    "good": RATING_LABELS["good"],
                },
                person.person_id,
                LDTT,
            )

    if CSTDCS in aims:
        if LDTT not in aims:
            out.add(
                "cstdcs_needs_ldtt",
                gettext("%(name)s is registered for %(title)s but not for %(required)s.")
                % {"name": name, "title": title_name(CSTDCS), "required": title_name(LDTT)},
                person.person_id,
                CSTDCS,
            )
        if params["cstdcs_requires_initiative"] and not person.has_initiative:
            if out.year_end:
                message = gettext(
                    "%(name)s is proposed for %(title)s without an initiative recognised by "
                    "decision; this title requires one."
                )
            else:
                message = gettext(
                    "%(name)s is registered for %(title)s without a registered initiative; "
                    "this title requires one."
                )
            out.add(
                "cstdcs_needs_initiative",
                message % {"name": name, "title": title_name(CSTDCS)},
                person.person_id,
                CSTDCS,
            )
        elif (
            out.year_end
            and not params["cstdcs_requires_initiative"]
            and params.get("cstdcs_excellent_rating_suffices")
            and person.rating != "excellent"
            and not person.has_initiative
        ):
            out.add(
                "cstdcs_needs_excellent_or_initiative",
                gettext(
                    "%(name)s is proposed for %(title)s but is neither rated “%(excellent)s” "
                    "for %(year)s nor the author of an initiative recognised by decision; one "
                    "of the two is required."
                )
                % {
                    "name": name,
                    "title": title_name(CSTDCS),
                    "excellent": RATING_LABELS["excellent"],
                    "year": year,
                },
                person.person_id,
                CSTDCS,
            )

    if CSTD_BO in aims:
        needed = params["cstd_bo_consecutive_cstdcs"]
        if CSTDCS not in aims:
            out.add(
                "cstd_bo_needs_cstdcs_this_year",
                gettext(
                    "%(name)s is registered for %(title)s but not for %(required)s in %(year)s; "
                    "%(year)s must complete %(needed)s consecutive years of %(required)s."
                )
                % {
                    "name": name,
                    "title": title_name(CSTD_BO),
                    "required": title_name(CSTDCS),
                    "year": year,
                    "needed": needed,
                },
                person.person_id,
                CSTD_BO,
            )
        have = available_cstdcs_years(person.titles_by_year, year - 1, params)
        if have < needed - 1:
            out.add(
                "cstd_bo_needs_consecutive_cstdcs",
                gettext(
                    "%(name)s is registered for %(title)s but has only %(have)s consecutive "
                    "year(s) of %(required)s up to %(last_year)s (years already used for an "
                    "earlier %(title)s not counted); %(missing)s are needed, so that %(year)s "
                    "completes %(needed)s consecutive years."
                )
                % {
                    "name": name,
                    "title": title_name(CSTD_BO),
                    "required": title_name(CSTDCS),
                    "have": have,
                    "last_year": year - 1,
                    "missing": needed - 1,
                    "year": year,
                    "needed": needed,
                },
                person.person_id,
                CSTD_BO,
            )
        if not scope_at_least(person.best_initiative_scope, "ministry"):
            out.add(
                "cstd_bo_needs_ministry_initiative",
                gettext(
                    "%(name)s is registered for %(title)s: this title needs an initiative or "
                    "scientific work with ministry-wide impact, and none is recorded yet."
                )
                % {"name": name, "title": title_name(CSTD_BO)},
                person.person_id,
                CSTD_BO,
            )

    if CSTD_TQ in aims:
        needed = params["cstd_tq_consecutive_cstd_bo"]
        have = consecutive_cstd_bo_awards(person.titles_by_year, year - 1, params)
        if have < needed:
            out.add(
                "cstd_tq_needs_consecutive_cstd_bo",
                gettext(
                    "%(name)s is registered for %(title)s but has %(have)s consecutive award(s) "
                    "of %(required)s ending in %(last_year)s; %(needed)s are needed, the last "
                    "one in %(last_year)s."
                )
                % {
                    "name": name,
                    "title": title_name(CSTD_TQ),
                    "required": title_name(CSTD_BO),
                    "have": have,
                    "needed": needed,
                    "last_year": year - 1,
                },
                person.person_id,
                CSTD_TQ,
            )
        if not scope_at_least(person.best_initiative_scope, "national"):
            out.add(
                "cstd_tq_needs_national_initiative",
                gettext(
                    "%(name)s is registered for %(title)s: this title needs an initiative or "
                    "scientific work with nationwide impact, and none is recorded yet."
                )
                % {"name": name, "title": title_name(CSTD_TQ)},
                person.person_id,
                CSTD_TQ,
            )


def _check_quota(out, ldtt_count, cstdcs_count, params):
    percent = params["cstdcs_quota_percent"]
    maximum = cstdcs_quota(ldtt_count, percent)
    if maximum is None or cstdcs_count <= maximum:
        return
    out.add(
        "cstdcs_quota_exceeded",
        gettext(
            "The number of %(title)s registered (%(count)s) exceeds %(percent)s%% of the "
            "%(ldtt_title)s registered (%(ldtt_count)s people, at most %(maximum)s)."
        )
        % {
            "title": title_name(CSTDCS),
            "count": cstdcs_count,
            "percent": _percent(Fraction(str(percent))),
            "ldtt_title": title_name(LDTT),
            "ldtt_count": ldtt_count,
            "maximum": maximum,
        },
        title_code=CSTDCS,
    )


def _share_ok(count: int, staff: int, percent, strictly: bool) -> bool:
    if staff == 0:
        return False
    share = Fraction(count * 100, staff)
    limit = Fraction(str(percent))
    return share > limit if strictly else share >= limit


def _check_share(out, code, title, count, staff, percent, strictly):
    if _share_ok(count, staff, percent, strictly):
        return
    values = {
        "title": title_name(title),
        "count": count,
        "staff": staff,
        "share": _percent(Fraction(count * 100, staff) if staff else 0),
        "ldtt_title": title_name(LDTT),
        "percent": _percent(Fraction(str(percent))),
    }
    if strictly:
        message = gettext(
            "The unit is registered for %(title)s but only %(count)s of its %(staff)s members "
            "(%(share)s%%) are registered for %(ldtt_title)s; more than %(percent)s%% is required."
        )
    else:
        message = gettext(
            "The unit is registered for %(title)s but only %(count)s of its %(staff)s members "
            "(%(share)s%%) are registered for %(ldtt_title)s; at least %(percent)s%% is required."
        )
    out.add(code, message % values, title_code=title)


def _check_disciplined_members(out, code, title, facts, params):
    threshold = params["collective_blocking_discipline"]
    for pid in sorted(facts.people):
        person = facts.people[pid]
        if discipline_at_least(person.discipline, threshold):
            out.add(
                code,
                gettext(
                    "The unit is registered for %(title)s but %(name)s was disciplined in "
                    "%(year)s at the level “%(discipline)s”; a member disciplined at "
                    "“%(threshold)s” or heavier bars this title."
                )
                % {
                    "title": title_name(title),
                    "name": person.name,
                    "year": facts.year,
                    "discipline": DISCIPLINE_LABELS[person.discipline],
                    "threshold": DISCIPLINE_LABELS[threshold],
                },
                pid,
                title,
            )


def _check_collective(out, facts, ldtt_count, cstdcs_count, params):
    aims = facts.collective_aims
    if TTLDTT in aims:
        _check_share(
            out,
            "ttldtt_ldtt_share_too_low",
            TTLDTT,
            ldtt_count,
            facts.staff_count,
            params["ttldtt_min_ldtt_percent"],
            params["ttldtt_share_strictly_greater"],
        )
        _check_disciplined_members(out, "ttldtt_member_disciplined", TTLDTT, facts, params)
    if TTLDXS in aims:
        _check_share(
            out,
            "ttldxs_ldtt_share_too_low",
            TTLDXS,
            ldtt_count,
            facts.staff_count,
            params["ttldxs_min_ldtt_percent"],
            False,
        )
        minimum = params["ttldxs_min_cstdcs"]
        if cstdcs_count < minimum:
            out.add(
                "ttldxs_needs_cstdcs",
                gettext(
                    "The unit is registered for %(title)s but only %(count)s people are "
                    "registered for %(cstdcs_title)s; at least %(minimum)s are required."
                )
                % {
                    "title": title_name(TTLDXS),
                    "count": cstdcs_count,
                    "cstdcs_title": title_name(CSTDCS),
                    "minimum": minimum,
                },
                title_code=TTLDXS,
            )
        _check_disciplined_members(out, "ttldxs_member_disciplined", TTLDXS, facts, params)
        if out.year_end:
            _check_members_completed(out, facts)
    if CO_BO in aims and out.year_end:
        if not facts.unit_is_group_leader:
            out.add(
                "ministry_flag_not_group_leader",
                gettext(
                    "The unit is proposed for %(title)s but is not the acclaimed leader of its "
                    "emulation bloc or cluster for %(year)s; the flag goes only to the leader."
                )
                % {"title": title_name(CO_BO), "year": facts.year},
                title_code=CO_BO,
            )
    elif CO_BO in aims:
        out.add(
            "ministry_flag_by_acclamation",
            gettext(
                "%(title)s is not granted on the unit's registration: it comes only from the "
                "scoring and acclamation of the unit's emulation bloc or cluster."
            )
            % {"title": title_name(CO_BO)},
            title_code=CO_BO,
        )


def _check_members_completed(out, facts):
    for pid in sorted(facts.people):
        person = facts.people[pid]
        if person.rating == "not_completed":
            out.add(
                "ttldxs_member_not_completed",
                gettext(
                    "The unit is proposed for %(title)s but %(name)s did not complete their "
                    "tasks in %(year)s; every member must."
                )
                % {"title": title_name(TTLDXS), "name": person.name, "year": facts.year},
                pid,
                TTLDXS,
            )


def _check_unit_head(out, facts, aims):
    exemplary = set(EXEMPLARY_COLLECTIVE_TITLES)
    for pid in sorted(aims):
        person = facts.people[pid]
        if not person.is_unit_head or not aims[pid]:
            continue
        values = {"name": person.name, "titles": _titles_list(aims[pid])}
        if not exemplary & set(facts.collective_aims):
            out.add(
                "unit_head_needs_exemplary_collective",
                gettext(
                    "%(name)s heads the unit and is registered for %(titles)s, but the unit is "
                    "registered for none of %(collective_titles)s: a unit head qualifies only if "
                    "the unit is an exemplary collective."
                )
                % {**values, "collective_titles": _titles_list(exemplary)},
                pid,
            )
        if facts.unit_head_needs_leading_unit and not facts.unit_is_group_leader:
            out.add(
                "unit_head_needs_leading_unit",
                gettext(
                    "%(name)s heads the unit and is registered for %(titles)s: this campaign also "
                    "requires the unit to lead its emulation bloc or cluster, which it does not "
                    "yet."
                )
                % values,
                pid,
            )


__all__ = [
    "CODES",
    "ERROR",
    "REGISTRATION",
    "WARNING",
    "YEAR_END",
    "YEAR_END_CODES",
    "Finding",
    "PersonFacts",
    "RegistrationFacts",
    "available_cstdcs_years",
    "check_registration",
    "check_year_end",
    "consecutive_cstd_bo_awards",
    "consecutive_years",
    "cstdcs_quota",
    "discipline_at_least",
    "ldtt_excluded_reasons",
    "months_between",
    "scope_at_least",
    "service_months",
    "severity_of",
    "title_name",
]

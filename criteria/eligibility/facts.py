"""What the rules read and what they say: the title codes, the findings' codes and
severities, the facts of a registration and of each person, and the wording helpers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from django.utils.formats import number_format
from django.utils.translation import gettext_lazy

from criteria.catalogue import TITLES

ERROR = "error"
WARNING = "warning"

LDTT = "LDTT"
CSTDCS = "CSTDCS"
CSTD_BO = "CSTD_BO"
CSTD_TQ = "CSTD_TQ"
TTLDTT = "TTLDTT"
TTLDXS = "TTLDXS"
CO_BO = "CO_BO"
CO_CP = "CO_CP"
# The titles a unit head is judged on like anyone else: the unit-head rule is for the titles
# above them (DOMAIN.md §3.2, the 2021 letter's unit-head criteria).
UNIT_LEVEL_TITLES = frozenset({LDTT, CSTDCS})

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
    "pending_review": (WARNING, "pending_review"),
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
    "government_flag_quota_exceeded": (ERROR, "government_flag"),
}
# What is advice at registration becomes a condition of the title at year end.
YEAR_END_SEVERITY = {
    "cstd_bo_needs_ministry_initiative": ERROR,
    "cstd_tq_needs_national_initiative": ERROR,
    "unit_head_needs_leading_unit": ERROR,
    "pending_review": ERROR,
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
    # Discipline being considered, an inspection or investigation under way, or a complaint or
    # denunciation being verified (units.PersonYear.pending_review), in the achievement year.
    pending_review: bool = False


@dataclass(frozen=True)
class RegistrationFacts:
    year: int  # achievement year
    staff_count: int  # members of the collective: the denominator of the LĐTT share
    individual_aims: Mapping[int, frozenset[str]]  # person_id -> title codes aimed for
    people: Mapping[int, PersonFacts]  # every member whose facts matter (discipline: all staff)
    collective_aims: frozenset[str]  # title codes the unit aims for
    unit_head_needs_leading_unit: bool = False  # campaign setting (DOMAIN.md §3.2)
    unit_is_group_leader: bool = False  # the unit leads its bloc/cluster
    # The Government flag's quota (year end): the collectives meeting the Ministry flag's
    # standard (the acclaimed leaders of the year) and those proposed for the Government flag
    # in the campaign, this unit included.
    ministry_flag_standard_units: int = 0
    government_flag_proposed: int = 0

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


def title_name(code: str) -> str:
    """The full official name of a title ("Lao động tiên tiến"), from the catalogue."""
    return _TITLE_NAMES.get(code, code)


def percent_text(value) -> str:
    """A percentage for a message: at most one decimal, in the active locale's format."""
    value = Fraction(value)
    if value.denominator == 1:
        return str(value.numerator)
    return number_format(round(float(value), 1), decimal_pos=1)


def titles_list(codes: Iterable[str]) -> str:
    ordered = sorted(codes, key=lambda code: (_TITLE_RANKS.get(code, ("", 0)), code))
    return ", ".join(title_name(code) for code in ordered)


class Collector:
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

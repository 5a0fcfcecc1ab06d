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
- Unit head (2021 letter III.2): for a title above LĐTT and CSTĐCS, the unit must aim for an
  exemplary collective title.
- Pending review (Decree 98/2023 and 152/2025, Art. 4, where the rule set says so): a person
  under disciplinary review, inspection or complaint verification is neither awarded nor
  proposed (advice at registration, a bar at year end).
- Cờ thi đua của Chính phủ (year end): the campaign's proposals for it are at most the rule
  set's share of the collectives meeting the Ministry flag's standard.

Ad hoc (đột xuất) and thematic (chuyên đề) commendations are no basis for later merit awards
(Decree 152/2025 Art. 4.3). No rule here counts a form of commendation toward a later award,
and the title history (``units.PersonTitle``) records no kind of commendation: nothing to
exclude yet; a rule that counts Bằng khen must leave those out.

Year-end facts (rating, recognised initiatives) are outside this check: at registration the
rating is still unknown, and under B_2024 an HTXSNV rating alone may later justify CSTĐCS.
"""

from __future__ import annotations

from collections.abc import Mapping

from .collectives import check_collective, check_quota, check_unit_head
from .counting import (
    available_cstdcs_years,
    consecutive_cstd_bo_awards,
    consecutive_years,
    cstdcs_quota,
    discipline_at_least,
    ldtt_excluded_reasons,
    months_between,
    scope_at_least,
    service_months,
)
from .facts import (
    CO_BO,
    CO_CP,
    CODES,
    CSTD_BO,
    CSTD_TQ,
    CSTDCS,
    ERROR,
    LDTT,
    REGISTRATION,
    SCOPE_ORDER,
    TTLDTT,
    TTLDXS,
    WARNING,
    YEAR_END,
    YEAR_END_CODES,
    Collector,
    Finding,
    PersonFacts,
    RegistrationFacts,
    severity_of,
    title_name,
)
from .people import check_person


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
    out = Collector(sources, stage)
    year = facts.year
    aims = {pid: frozenset(codes) for pid, codes in facts.individual_aims.items()}
    for pid in sorted(aims):
        check_person(out, facts.people[pid], aims[pid], year, params)

    if out.year_end:
        failed_ldtt = {
            f.person_id for f in out.findings if f.title_code == LDTT and f.severity == ERROR
        }
        aims = {pid: codes - {LDTT} if pid in failed_ldtt else codes for pid, codes in aims.items()}
    ldtt_count = sum(LDTT in codes for codes in aims.values())
    cstdcs_count = sum(CSTDCS in codes for codes in aims.values())
    check_quota(out, ldtt_count, cstdcs_count, params)
    check_collective(out, facts, ldtt_count, cstdcs_count, params)
    check_unit_head(out, facts, aims)
    return out.findings


__all__ = [
    "CODES",
    "CO_BO",
    "CO_CP",
    "CSTDCS",
    "CSTD_BO",
    "CSTD_TQ",
    "ERROR",
    "LDTT",
    "REGISTRATION",
    "SCOPE_ORDER",
    "TTLDTT",
    "TTLDXS",
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

"""The registration rule engine, on the real parameters of every rule set: a truth table per
rule set (A_2017, B_2024, C_2025), each rule with passing and failing cases. No database."""

from datetime import date

import pytest

from criteria.catalogue import RULE_SETS
from criteria.eligibility import (
    CODES,
    ERROR,
    WARNING,
    PersonFacts,
    RegistrationFacts,
    available_cstdcs_years,
    check_registration,
    consecutive_cstd_bo_awards,
    consecutive_years,
    cstdcs_quota,
    discipline_at_least,
    ldtt_excluded_reasons,
    months_between,
    scope_at_least,
    service_months,
    title_name,
)

A, B, C = "A_2017", "B_2024", "C_2025"
ALL = (A, B, C)
YEAR = {A: 2021, B: 2024, C: 2025}  # an achievement year of each rule set
NO_RESET = {"cstd_bo_consumes_cstdcs_years": False}


def person(pid=1, **changes):
    values = {
        "person_id": pid,
        "name": f"Nguyễn Văn Số{pid}",
        "recruited_on": date(2010, 1, 1),
        "discipline": "",
        "rating": "",
        "titles_by_year": {},
        "has_initiative": True,
        "best_initiative_scope": "grassroots",
        "is_unit_head": False,
    }
    values.update(changes)
    return PersonFacts(**values)


def history(**years):
    """history(CSTDCS=[2019, 2020], CSTD_BO=[2020]) -> {2019: {...}, 2020: {...}}."""
    out = {}
    for code, held in years.items():
        for year in held:
            out.setdefault(year, set()).add(code)
    return {year: frozenset(codes) for year, codes in out.items()}


def registration(rule_set, people, aims, collective=(), staff=None, **changes):
    return RegistrationFacts(
        year=YEAR[rule_set],
        staff_count=len(people) if staff is None else staff,
        individual_aims={pid: frozenset(codes) for pid, codes in aims.items()},
        people={p.person_id: p for p in people},
        collective_aims=frozenset(collective),
        **changes,
    )


def check(rule_set, facts, **param_changes):
    """Run the check and verify what every finding must satisfy; return the findings."""
    params = {**RULE_SETS[rule_set]["params"], **param_changes}
    sources = RULE_SETS[rule_set]["sources"]
    findings = check_registration(facts, params, sources)
    for finding in findings:
        severity, source_key = CODES[finding.code]
        assert finding.severity == severity
        assert finding.source == sources[source_key]
        assert finding.message.strip()
    return findings


def without_quota(findings):
    """The findings but the CSTĐCS quota's: floor(15% × LĐTT) bars a one-person unit's CSTĐCS
    under A_2017, which the tests of the other rules leave to the quota's own tests."""
    return [f for f in findings if f.code != "cstdcs_quota_exceeded"]


def codes(findings):
    return sorted((f.code, f.person_id) for f in findings)


def one_person(rule_set, aims, **changes):
    """Findings for a unit of one person registering ``aims``, no collective title."""
    return check(rule_set, registration(rule_set, [person(1, **changes)], {1: aims}))


def unit(rule_set, staff, ldtt, cstdcs=0, collective=(), extra=()):
    """A unit of ``staff`` people: the first ``ldtt`` register LĐTT, the first ``cstdcs`` of
    them also CSTĐCS; ``extra`` adds people (e.g. a disciplined member) without titles."""
    people = [person(pid) for pid in range(1, ldtt + 1)] + list(extra)
    aims = {pid: {"LDTT", "CSTDCS"} if pid <= cstdcs else {"LDTT"} for pid in range(1, ldtt + 1)}
    return registration(rule_set, people, aims, collective, staff=staff)


# --- helpers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "start, end, expected",
    [
        (date(2021, 3, 1), date(2022, 1, 1), 10),
        (date(2021, 3, 2), date(2022, 1, 1), 9),
        (date(2021, 1, 15), date(2021, 2, 15), 1),
        (date(2021, 1, 15), date(2021, 2, 14), 0),
        (date(2019, 12, 31), date(2021, 12, 31), 24),
        (date(2021, 5, 1), date(2021, 5, 1), 0),
        (date(2022, 1, 5), date(2021, 12, 31), 0),
    ],
)
def test_months_between(start, end, expected):
    assert months_between(start, end) == expected


@pytest.mark.parametrize(
    "recruited_on, year, expected",
    [
        (date(2021, 3, 1), 2021, 10),
        (date(2021, 3, 2), 2021, 9),
        (date(2024, 7, 1), 2024, 6),
        (date(2024, 7, 2), 2024, 5),
        (date(2021, 12, 31), 2021, 0),
        (date(2022, 2, 1), 2021, 0),
    ],
)
def test_service_months_counts_31_december(recruited_on, year, expected):
    assert service_months(recruited_on, year) == expected


@pytest.mark.parametrize(
    "held, ending_year, expected",
    [
        ([2018, 2019, 2020], 2020, 3),
        ([2018, 2019, 2020], 2019, 2),
        ([2018, 2020], 2020, 1),
        ([2017, 2018, 2019], 2020, 0),
        ([], 2020, 0),
        ([2016, 2017, 2019, 2020], 2020, 2),
    ],
)
def test_consecutive_years_stops_at_the_first_gap(held, ending_year, expected):
    titles = history(CSTDCS=held, LDTT=[2014, 2015, 2016, 2017, 2018, 2019, 2020])
    assert consecutive_years(titles, "CSTDCS", ending_year) == expected


@pytest.mark.parametrize("rule_set", ALL)
@pytest.mark.parametrize(
    "titles, reset, expected",
    [
        (history(CSTDCS=[2018, 2019, 2020]), True, 3),
        (history(CSTDCS=[2018, 2019, 2020], CSTD_BO=[2020]), True, 0),
        (history(CSTDCS=[2018, 2019, 2020], CSTD_BO=[2020]), False, 3),
        (history(CSTDCS=range(2015, 2021), CSTD_BO=[2017]), True, 3),
        (history(CSTDCS=range(2015, 2021), CSTD_BO=[2018]), True, 2),
        (history(CSTDCS=[2016, 2017, 2019, 2020], CSTD_BO=[2017]), True, 2),
    ],
)
def test_available_cstdcs_years(rule_set, titles, reset, expected):
    params = {**RULE_SETS[rule_set]["params"], "cstd_bo_consumes_cstdcs_years": reset}
    assert available_cstdcs_years(titles, 2020, params) == expected


@pytest.mark.parametrize("rule_set", ALL)
@pytest.mark.parametrize(
    "titles, reset, expected",
    [
        (history(CSTDCS=range(2015, 2021), CSTD_BO=[2017, 2020]), True, 2),
        (history(CSTDCS=range(2012, 2021), CSTD_BO=[2014, 2017, 2020]), True, 3),
        (history(CSTDCS=[2015, 2016, 2017, 2019, 2020], CSTD_BO=[2017, 2020]), True, 1),
        (history(CSTDCS=range(2015, 2021), CSTD_BO=[2019, 2020]), True, 1),
        (history(CSTDCS=range(2015, 2021), CSTD_BO=[2019, 2020]), False, 2),
        (history(CSTDCS=range(2015, 2021), CSTD_BO=[2017, 2019]), True, 0),
        (history(CSTDCS=range(2015, 2021), CSTD_BO=[2020]), True, 1),
        ({}, True, 0),
    ],
)
def test_consecutive_cstd_bo_awards(rule_set, titles, reset, expected):
    params = {**RULE_SETS[rule_set]["params"], "cstd_bo_consumes_cstdcs_years": reset}
    assert consecutive_cstd_bo_awards(titles, 2020, params) == expected


@pytest.mark.parametrize(
    "ldtt, percent, expected",
    [
        (20, 15, 3),
        (19, 15, 2),
        (14, 15, 2),
        (13, 15, 1),  # 1.95 rounds down
        (7, 15, 1),  # 1.05
        (6, 15, 0),  # 0.9: "không quá 15%", no minimum of 1 beyond it
        (3, 15, 0),
        (1, 15, 0),
        (0, 15, 0),
        (100, 15, 15),
        (10, 12.5, 1),
        (20, None, None),
    ],
)
def test_cstdcs_quota(ldtt, percent, expected):
    assert cstdcs_quota(ldtt, percent) == expected


@pytest.mark.parametrize(
    "ldtt, minimum, expected",
    [
        (3, 0, 0),
        (3, 1, 1),  # an administrator may allow one whatever the share (UNVERIFIED)
        (20, 1, 3),  # the minimum never lowers the share
        (1, 2, 1),  # nor exceeds the LĐTT
        (0, 1, 0),
    ],
)
def test_cstdcs_quota_minimum_is_a_parameter(ldtt, minimum, expected):
    assert cstdcs_quota(ldtt, 15, minimum) == expected


@pytest.mark.parametrize(
    "discipline, threshold, expected",
    [
        ("", "reprimand", False),
        ("reprimand", "reprimand", True),
        ("warning", "reprimand", True),
        ("severe", "reprimand", True),
        ("reprimand", "warning", False),
        ("warning", "warning", True),
        ("severe", "warning", True),
    ],
)
def test_discipline_at_least(discipline, threshold, expected):
    assert discipline_at_least(discipline, threshold) is expected


@pytest.mark.parametrize(
    "scope, minimum, expected",
    [
        ("", "ministry", False),
        ("grassroots", "ministry", False),
        ("ministry", "ministry", True),
        ("national", "ministry", True),
        ("ministry", "national", False),
        ("national", "national", True),
    ],
)
def test_scope_at_least(scope, minimum, expected):
    assert scope_at_least(scope, minimum) is expected


def test_unknown_levels_are_refused():
    with pytest.raises(ValueError):
        discipline_at_least("fired", "warning")
    with pytest.raises(ValueError):
        scope_at_least("province", "ministry")


@pytest.mark.parametrize(
    "rule_set, recruited_on, discipline, expected",
    [
        (A, date(2021, 3, 1), "", []),
        (A, date(2021, 3, 2), "", ["ldtt_recruited_too_recently"]),
        (A, date(2021, 3, 1), "reprimand", ["ldtt_disciplined"]),
        (A, date(2021, 6, 1), "warning", ["ldtt_recruited_too_recently", "ldtt_disciplined"]),
        (A, None, "", []),
        (B, date(2024, 7, 1), "", []),
        (B, date(2024, 7, 2), "", ["ldtt_recruited_too_recently"]),
        (B, date(2024, 7, 1), "reprimand", ["ldtt_disciplined"]),
        (B, None, "severe", ["ldtt_disciplined"]),
        (C, date(2025, 7, 1), "", []),
        (C, date(2025, 7, 2), "", ["ldtt_recruited_too_recently"]),
        (C, date(2025, 7, 1), "reprimand", ["ldtt_disciplined"]),
        (C, None, "severe", ["ldtt_disciplined"]),
    ],
)
def test_ldtt_excluded_reasons(rule_set, recruited_on, discipline, expected):
    p = person(recruited_on=recruited_on, discipline=discipline)
    assert ldtt_excluded_reasons(p, YEAR[rule_set], RULE_SETS[rule_set]["params"]) == expected


def test_title_name_is_the_full_catalogue_name():
    assert title_name("LDTT") == "Lao động tiên tiến"
    assert title_name("CSTD_BO") == "Chiến sĩ thi đua cấp Bộ"


def test_facts_refuse_aims_of_unknown_people():
    with pytest.raises(ValueError):
        RegistrationFacts(
            year=2021,
            staff_count=1,
            individual_aims={2: frozenset({"LDTT"})},
            people={1: person(1)},
            collective_aims=frozenset(),
        )


# --- rule 1: LĐTT ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "rule_set, recruited_on, expected",
    [
        (A, date(2021, 3, 1), []),  # exactly 10 months by 31/12
        (A, date(2021, 3, 2), ["ldtt_recruited_too_recently"]),  # 9 months
        (A, date(2021, 4, 15), ["ldtt_recruited_too_recently"]),  # 8 months
        (A, date(2020, 12, 1), []),
        (A, date(2022, 1, 10), ["ldtt_recruited_too_recently"]),  # after the year
        (A, None, []),
        (B, date(2024, 7, 1), []),  # exactly 6 months
        (B, date(2024, 7, 2), ["ldtt_recruited_too_recently"]),  # 5 months
        (B, date(2024, 4, 15), []),  # 8 months: enough under B, not under A
        (B, date(2024, 12, 1), ["ldtt_recruited_too_recently"]),
        (B, None, []),
        (C, date(2025, 7, 1), []),  # exactly 6 months (B_2024's number kept, UNVERIFIED)
        (C, date(2025, 7, 2), ["ldtt_recruited_too_recently"]),
        (C, date(2025, 4, 15), []),
        (C, date(2025, 12, 1), ["ldtt_recruited_too_recently"]),
        (C, None, []),
    ],
)
def test_ldtt_recruitment(rule_set, recruited_on, expected):
    findings = one_person(rule_set, {"LDTT"}, recruited_on=recruited_on)
    assert codes(findings) == [(code, 1) for code in expected]
    assert all(f.title_code == "LDTT" for f in findings)


@pytest.mark.parametrize("rule_set", ALL)
@pytest.mark.parametrize(
    "discipline, expected",
    [
        ("", []),
        ("reprimand", ["ldtt_disciplined"]),
        ("warning", ["ldtt_disciplined"]),
        ("severe", ["ldtt_disciplined"]),
    ],
)
def test_ldtt_discipline(rule_set, discipline, expected):
    findings = one_person(rule_set, {"LDTT"}, discipline=discipline)
    assert codes(findings) == [(code, 1) for code in expected]
    assert all(f.severity == ERROR and f.title_code == "LDTT" for f in findings)


@pytest.mark.parametrize("rule_set", ALL)
def test_ldtt_exclusions_only_apply_to_people_registered_for_ldtt(rule_set):
    late = person(2, recruited_on=date(YEAR[rule_set], 12, 1), discipline="reprimand")
    facts = registration(rule_set, [person(1), late], {1: {"LDTT"}})
    assert check(rule_set, facts) == []


# --- rule 2: CSTĐCS ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "rule_set, aims, has_initiative, expected",
    [
        # One LĐTT allows no CSTĐCS under A_2017's quota: floor(15% × 1) = 0.
        (A, {"LDTT", "CSTDCS"}, True, ["cstdcs_quota_exceeded"]),
        (A, {"LDTT", "CSTDCS"}, False, ["cstdcs_needs_initiative", "cstdcs_quota_exceeded"]),
        (A, {"CSTDCS"}, True, ["cstdcs_needs_ldtt", "cstdcs_quota_exceeded"]),
        (
            A,
            {"CSTDCS"},
            False,
            ["cstdcs_needs_initiative", "cstdcs_needs_ldtt", "cstdcs_quota_exceeded"],
        ),
        (A, {"LDTT"}, False, []),
        (B, {"LDTT", "CSTDCS"}, True, []),
        (B, {"LDTT", "CSTDCS"}, False, []),  # HTXSNV may suffice: no initiative check
        (B, {"CSTDCS"}, True, ["cstdcs_needs_ldtt"]),
        (B, {"CSTDCS"}, False, ["cstdcs_needs_ldtt"]),
        (C, {"LDTT", "CSTDCS"}, True, []),
        (C, {"LDTT", "CSTDCS"}, False, []),
        (C, {"CSTDCS"}, True, ["cstdcs_needs_ldtt"]),
        (C, {"CSTDCS"}, False, ["cstdcs_needs_ldtt"]),
    ],
)
def test_cstdcs(rule_set, aims, has_initiative, expected):
    findings = one_person(rule_set, aims, has_initiative=has_initiative)
    assert sorted(f.code for f in findings) == sorted(expected)
    assert all(f.title_code == "CSTDCS" for f in findings)
    assert [f.person_id for f in findings if f.code != "cstdcs_quota_exceeded"] == [1] * len(
        [c for c in expected if c != "cstdcs_quota_exceeded"]
    )


# --- rule 3: the CSTĐCS quota ------------------------------------------------------------


@pytest.mark.parametrize(
    "rule_set, ldtt, cstdcs, expected",
    [
        (A, 20, 3, []),
        (A, 20, 4, ["cstdcs_quota_exceeded"]),
        (A, 20, 0, []),
        (A, 3, 1, ["cstdcs_quota_exceeded"]),  # floor(0.45) = 0: no minimum of 1
        (A, 6, 1, ["cstdcs_quota_exceeded"]),  # floor(0.9) = 0
        (A, 7, 1, []),  # floor(1.05) = 1
        (A, 3, 2, ["cstdcs_quota_exceeded"]),
        (A, 13, 2, ["cstdcs_quota_exceeded"]),  # floor(1.95) = 1
        (A, 14, 2, []),
        (A, 100, 15, []),
        (A, 100, 16, ["cstdcs_quota_exceeded"]),
        (B, 20, 4, []),
        (B, 3, 3, []),
        (B, 20, 20, []),
        (C, 20, 4, []),  # no quota in Law 2022 nor Decree 152/2025 (UNVERIFIED)
        (C, 3, 3, []),
        (C, 20, 20, []),
    ],
)
def test_cstdcs_quota_rule(rule_set, ldtt, cstdcs, expected):
    findings = check(rule_set, unit(rule_set, staff=ldtt, ldtt=ldtt, cstdcs=cstdcs))
    assert codes(findings) == [(code, None) for code in expected]
    assert all(f.title_code == "CSTDCS" for f in findings)


@pytest.mark.parametrize("rule_set", ALL)
def test_cstdcs_quota_minimum_and_share_are_editable(rule_set):
    small = unit(rule_set, staff=3, ldtt=3, cstdcs=1)
    assert check(rule_set, small, cstdcs_quota_percent=15, cstdcs_quota_minimum=1) == []
    assert codes(check(rule_set, small, cstdcs_quota_percent=15, cstdcs_quota_minimum=0)) == [
        ("cstdcs_quota_exceeded", None)
    ]


def test_quota_message_gives_the_numbers():
    (finding,) = check(A, unit(A, staff=20, ldtt=20, cstdcs=5))
    for number in ("(5)", "15", "20", "3"):
        assert number in finding.message
    assert "Chiến sĩ thi đua cơ sở" in finding.message
    assert "Lao động tiên tiến" in finding.message


# --- rule 4: CSTĐ cấp Bộ -----------------------------------------------------------------

FULL = {"LDTT", "CSTDCS", "CSTD_BO"}


def _years(rule_set, *offsets):
    """Years before the achievement year: _years(A, 1, 2) -> [2020, 2019]."""
    return [YEAR[rule_set] - offset for offset in offsets]


@pytest.mark.parametrize("rule_set", ALL)
@pytest.mark.parametrize(
    "aims, cstdcs_back, cstd_bo_back, scope, reset, expected",
    [
        (FULL, (1, 2), (), "ministry", True, []),
        (FULL, (1, 2), (), "national", True, []),
        (FULL, (1, 2, 3, 4), (), "ministry", True, []),
        (FULL, (1, 2), (), "grassroots", True, ["cstd_bo_needs_ministry_initiative"]),
        (FULL, (1, 2), (), "", True, ["cstd_bo_needs_ministry_initiative"]),
        (FULL, (1,), (), "ministry", True, ["cstd_bo_needs_consecutive_cstdcs"]),
        (FULL, (1, 3), (), "ministry", True, ["cstd_bo_needs_consecutive_cstdcs"]),  # gap
        (FULL, (2, 3), (), "ministry", True, ["cstd_bo_needs_consecutive_cstdcs"]),
        (FULL, (), (), "ministry", True, ["cstd_bo_needs_consecutive_cstdcs"]),
        (
            {"LDTT", "CSTD_BO"},
            (1, 2),
            (),
            "ministry",
            True,
            ["cstd_bo_needs_cstdcs_this_year"],
        ),
        # The years that earned a CSTĐ cấp Bộ in Y-1 are used up ...
        (FULL, (1, 2, 3), (1,), "ministry", True, ["cstd_bo_needs_consecutive_cstdcs"]),
        # ... unless the rule set says they are not.
        (FULL, (1, 2, 3), (1,), "ministry", False, []),
        # An award in Y-4 used Y-6..Y-4; Y-3..Y-1 are fresh.
        (FULL, (1, 2, 3, 4, 5, 6), (4,), "ministry", True, []),
        # An award in Y-2 used Y-4..Y-2: only Y-1 is fresh.
        (FULL, (1, 2, 3, 4), (2,), "ministry", True, ["cstd_bo_needs_consecutive_cstdcs"]),
        # An award in Y-3 used Y-5..Y-3: Y-2 and Y-1 are fresh.
        (FULL, (1, 2, 3, 4, 5), (3,), "ministry", True, []),
        (
            {"CSTD_BO"},
            (1,),
            (),
            "grassroots",
            True,
            [
                "cstd_bo_needs_cstdcs_this_year",
                "cstd_bo_needs_consecutive_cstdcs",
                "cstd_bo_needs_ministry_initiative",
            ],
        ),
    ],
)
def test_cstd_bo(rule_set, aims, cstdcs_back, cstd_bo_back, scope, reset, expected):
    titles = history(CSTDCS=_years(rule_set, *cstdcs_back), CSTD_BO=_years(rule_set, *cstd_bo_back))
    facts = registration(
        rule_set,
        [person(1, titles_by_year=titles, best_initiative_scope=scope)],
        {1: aims},
    )
    findings = without_quota(check(rule_set, facts, cstd_bo_consumes_cstdcs_years=reset))
    assert sorted(f.code for f in findings) == sorted(expected)
    assert all(f.title_code == "CSTD_BO" and f.person_id == 1 for f in findings)


def test_cstd_bo_initiative_scope_is_only_advisory():
    titles = history(CSTDCS=[2019, 2020])
    (finding,) = without_quota(
        one_person(A, FULL, titles_by_year=titles, best_initiative_scope="grassroots")
    )
    assert finding.severity == WARNING


# --- rule 5: CSTĐ toàn quốc --------------------------------------------------------------


@pytest.mark.parametrize("rule_set", ALL)
@pytest.mark.parametrize(
    "cstdcs_back, cstd_bo_back, scope, reset, expected",
    [
        # Two consecutive awards (Y-4 and Y-1) over six unbroken CSTĐCS years.
        (range(1, 7), (4, 1), "national", True, []),
        (range(1, 7), (4, 1), "ministry", True, ["cstd_tq_needs_national_initiative"]),
        (range(1, 7), (4, 1), "", True, ["cstd_tq_needs_national_initiative"]),
        (range(1, 10), (7, 4, 1), "national", True, []),
        # A gap in the CSTĐCS chain between the awards.
        ((1, 2, 4, 5, 6), (4, 1), "national", True, ["cstd_tq_needs_consecutive_cstd_bo"]),
        # Only one award.
        (range(1, 7), (1,), "national", True, ["cstd_tq_needs_consecutive_cstd_bo"]),
        # The last award is not in Y-1.
        (range(2, 8), (5, 2), "national", True, ["cstd_tq_needs_consecutive_cstd_bo"]),
        # Awards too far apart.
        (range(1, 8), (5, 1), "national", True, ["cstd_tq_needs_consecutive_cstd_bo"]),
        # Awards in two adjacent years: consecutive only without the reset.
        (range(1, 7), (2, 1), "national", True, ["cstd_tq_needs_consecutive_cstd_bo"]),
        (range(1, 7), (2, 1), "national", False, []),
        # Without the reset, a calendar gap between the awards still breaks them.
        (range(1, 7), (3, 1), "national", False, ["cstd_tq_needs_consecutive_cstd_bo"]),
        (
            (),
            (),
            "grassroots",
            True,
            ["cstd_tq_needs_consecutive_cstd_bo", "cstd_tq_needs_national_initiative"],
        ),
    ],
)
def test_cstd_tq(rule_set, cstdcs_back, cstd_bo_back, scope, reset, expected):
    titles = history(CSTDCS=_years(rule_set, *cstdcs_back), CSTD_BO=_years(rule_set, *cstd_bo_back))
    facts = registration(
        rule_set,
        [person(1, titles_by_year=titles, best_initiative_scope=scope)],
        {1: {"LDTT", "CSTD_TQ"}},
    )
    findings = check(rule_set, facts, cstd_bo_consumes_cstdcs_years=reset)
    assert sorted(f.code for f in findings) == sorted(expected)
    assert all(f.title_code == "CSTD_TQ" and f.person_id == 1 for f in findings)


# --- rule 6: TTLĐTT ----------------------------------------------------------------------


@pytest.mark.parametrize("rule_set", ALL)
@pytest.mark.parametrize(
    "staff, ldtt, expected",
    [
        (100, 51, []),
        (100, 50, ["ttldtt_ldtt_share_too_low"]),  # exactly 50%: not "more than"
        (10, 6, []),
        (10, 5, ["ttldtt_ldtt_share_too_low"]),
        (3, 2, []),
        (4, 2, ["ttldtt_ldtt_share_too_low"]),
        (1, 1, []),
        (5, 0, ["ttldtt_ldtt_share_too_low"]),
        (0, 0, ["ttldtt_ldtt_share_too_low"]),
    ],
)
def test_ttldtt_share(rule_set, staff, ldtt, expected):
    findings = check(rule_set, unit(rule_set, staff=staff, ldtt=ldtt, collective={"TTLDTT"}))
    assert codes(findings) == [(code, None) for code in expected]
    assert all(f.title_code == "TTLDTT" for f in findings)


@pytest.mark.parametrize("rule_set", ALL)
@pytest.mark.parametrize("strictly, expected", [(True, ["ttldtt_ldtt_share_too_low"]), (False, [])])
def test_ttldtt_share_strictness_is_a_parameter(rule_set, strictly, expected):
    facts = unit(rule_set, staff=10, ldtt=5, collective={"TTLDTT"})
    findings = check(rule_set, facts, ttldtt_share_strictly_greater=strictly)
    assert [f.code for f in findings] == expected


@pytest.mark.parametrize("rule_set", ALL)
@pytest.mark.parametrize(
    "discipline, expected",
    [
        ("", []),
        ("reprimand", []),
        ("warning", [("ttldtt_member_disciplined", 9)]),
        ("severe", [("ttldtt_member_disciplined", 9)]),
    ],
)
def test_ttldtt_disciplined_member(rule_set, discipline, expected):
    member = person(9, discipline=discipline)  # not registered for any title
    facts = unit(rule_set, staff=10, ldtt=8, collective={"TTLDTT"}, extra=[member])
    findings = check(rule_set, facts)
    assert codes(findings) == expected
    assert all(f.title_code == "TTLDTT" for f in findings)


# --- rule 7: TTLĐXS ----------------------------------------------------------------------


@pytest.mark.parametrize("rule_set", ALL)
@pytest.mark.parametrize(
    "staff, ldtt, cstdcs, expected",
    [
        (100, 70, 1, []),  # exactly 70%: "at least"
        (100, 69, 1, ["ttldxs_ldtt_share_too_low"]),
        (10, 7, 1, []),
        (10, 6, 1, ["ttldxs_ldtt_share_too_low"]),
        (10, 10, 1, []),
        (10, 7, 0, ["ttldxs_needs_cstdcs"]),  # zero CSTĐCS
        (10, 6, 0, ["ttldxs_ldtt_share_too_low", "ttldxs_needs_cstdcs"]),
        (0, 0, 0, ["ttldxs_ldtt_share_too_low", "ttldxs_needs_cstdcs"]),
    ],
)
def test_ttldxs_share_and_cstdcs(rule_set, staff, ldtt, cstdcs, expected):
    facts = unit(rule_set, staff=staff, ldtt=ldtt, cstdcs=cstdcs, collective={"TTLDXS"})
    findings = without_quota(check(rule_set, facts))
    assert codes(findings) == [(code, None) for code in expected]
    assert all(f.title_code == "TTLDXS" for f in findings)


@pytest.mark.parametrize("rule_set", ALL)
@pytest.mark.parametrize(
    "discipline, collective, expected",
    [
        ("", {"TTLDXS"}, []),
        ("reprimand", {"TTLDXS"}, []),
        ("warning", {"TTLDXS"}, [("ttldxs_member_disciplined", 9)]),
        ("severe", {"TTLDXS"}, [("ttldxs_member_disciplined", 9)]),
        (
            "warning",
            {"TTLDTT", "TTLDXS"},
            [("ttldtt_member_disciplined", 9), ("ttldxs_member_disciplined", 9)],
        ),
    ],
)
def test_ttldxs_disciplined_member(rule_set, discipline, collective, expected):
    member = person(9, discipline=discipline)
    facts = unit(rule_set, staff=10, ldtt=8, cstdcs=1, collective=collective, extra=[member])
    assert codes(check(rule_set, facts)) == expected


@pytest.mark.parametrize("rule_set", ALL)
def test_disciplined_ldtt_member_is_reported_for_the_person_and_the_collective(rule_set):
    facts = unit(rule_set, staff=10, ldtt=8, cstdcs=1, collective={"TTLDXS"})
    people = dict(facts.people)
    people[2] = person(2, discipline="warning")
    facts = RegistrationFacts(
        year=facts.year,
        staff_count=10,
        individual_aims=facts.individual_aims,
        people=people,
        collective_aims=facts.collective_aims,
    )
    assert codes(check(rule_set, facts)) == [
        ("ldtt_disciplined", 2),
        ("ttldxs_member_disciplined", 2),
    ]


# --- rule 8: the ministry flag -----------------------------------------------------------


@pytest.mark.parametrize("rule_set", ALL)
@pytest.mark.parametrize(
    "collective, expected",
    [
        ({"CO_BO"}, ["ministry_flag_by_acclamation"]),
        ({"TTLDXS", "CO_BO"}, ["ministry_flag_by_acclamation"]),
        ({"TTLDXS"}, []),
    ],
)
def test_ministry_flag_is_advisory(rule_set, collective, expected):
    facts = unit(rule_set, staff=10, ldtt=8, cstdcs=1, collective=collective)
    findings = check(rule_set, facts)
    assert [f.code for f in findings] == expected
    assert all(f.severity == WARNING and f.title_code == "CO_BO" for f in findings)


# --- rule 9: the unit head ---------------------------------------------------------------


@pytest.mark.parametrize("rule_set", ALL)
@pytest.mark.parametrize(
    "head_aims, collective, needs_leading, is_leader, expected",
    [
        # The head's own LĐTT and CSTĐCS are judged like anyone's: the rule is for higher titles.
        ({"LDTT"}, {"TTLDTT"}, False, False, []),
        ({"LDTT"}, set(), False, False, []),
        ({"LDTT", "CSTDCS"}, set(), True, False, []),
        (FULL, {"TTLDTT"}, False, False, ["unit_head_needs_exemplary_collective"]),
        (FULL, set(), False, False, ["unit_head_needs_exemplary_collective"]),
        (FULL, {"TTLDXS"}, False, False, []),
        (FULL, {"CO_BO"}, False, False, ["ministry_flag_by_acclamation"]),
        (FULL, {"CO_CP"}, False, False, []),
        (set(), set(), False, False, []),
        (FULL, {"TTLDXS"}, True, False, ["unit_head_needs_leading_unit"]),
        (FULL, {"TTLDXS"}, True, True, []),
        (
            FULL,
            {"TTLDTT"},
            True,
            False,
            ["unit_head_needs_exemplary_collective", "unit_head_needs_leading_unit"],
        ),
        (set(), set(), True, False, []),
    ],
)
def test_unit_head(rule_set, head_aims, collective, needs_leading, is_leader, expected):
    titles = history(CSTDCS=_years(rule_set, 1, 2))
    head = person(1, is_unit_head=True, titles_by_year=titles, best_initiative_scope="ministry")
    facts = registration(
        rule_set,
        [head],
        {1: head_aims},
        collective,
        unit_head_needs_leading_unit=needs_leading,
        unit_is_group_leader=is_leader,
    )
    findings = without_quota(check(rule_set, facts))
    assert sorted(f.code for f in findings) == sorted(expected)
    for finding in findings:
        if finding.code.startswith("unit_head"):
            assert finding.person_id == 1 and finding.title_code is None
            # The message names the higher title only.
            assert title_name("CSTD_BO") in finding.message
            assert title_name("LDTT") not in finding.message


@pytest.mark.parametrize("rule_set", ALL)
def test_unit_head_rule_ignores_other_people(rule_set):
    facts = registration(rule_set, [person(1), person(2, is_unit_head=True)], {1: {"LDTT"}})
    assert check(rule_set, facts) == []


def test_unit_head_error_blocks_and_leading_unit_only_advises():
    facts = registration(
        B,
        [person(1, is_unit_head=True, titles_by_year=history(CSTDCS=[2022, 2023]))],
        {1: FULL},
        unit_head_needs_leading_unit=True,
    )
    severities = {f.code: f.severity for f in check(B, facts) if f.code.startswith("unit_head")}
    assert severities == {
        "unit_head_needs_exemplary_collective": ERROR,
        "unit_head_needs_leading_unit": WARNING,
    }


# --- messages and sources ----------------------------------------------------------------


def _many_findings(rule_set):
    """One registration that breaks almost every rule."""
    year = YEAR[rule_set]
    people = [
        person(1, recruited_on=date(year, 12, 1), discipline="warning", is_unit_head=True),
        person(5, is_unit_head=True, pending_review=True),
        person(2, has_initiative=False),
        person(3, best_initiative_scope=""),
        person(4),
    ]
    return registration(
        rule_set,
        people,
        {1: {"LDTT"}, 2: {"CSTDCS"}, 3: {"CSTD_BO", "CSTD_TQ"}, 4: {"CSTDCS"}, 5: {"CSTD_BO"}},
        {"TTLDTT", "TTLDXS", "CO_BO"},
        staff=10,
        unit_head_needs_leading_unit=True,
    )


@pytest.mark.parametrize("rule_set", ALL)
def test_messages_name_the_person_and_title_and_cite_the_rule_set(rule_set):
    sources = RULE_SETS[rule_set]["sources"]
    facts = _many_findings(rule_set)
    findings = check(rule_set, facts)
    assert len(findings) >= 13
    for finding in findings:
        assert finding.message.strip()
        assert finding.source == sources[CODES[finding.code][1]]
        if finding.person_id is not None:
            assert facts.people[finding.person_id].name in finding.message
        if finding.title_code is not None:
            assert title_name(finding.title_code) in finding.message
    # Each rule set cites its own law: the same finding has a different source under the other.
    other = B if rule_set == A else A
    ldtt = next(f for f in findings if f.code == "ldtt_disciplined")
    assert ldtt.source == sources["ldtt"] != RULE_SETS[other]["sources"]["ldtt"]


def test_findings_come_in_a_stable_order():
    people = [person(pid, discipline="reprimand") for pid in (3, 1, 2)]
    facts = registration(A, people, {3: {"LDTT"}, 1: {"LDTT"}, 2: {"LDTT"}})
    assert [f.person_id for f in check(A, facts)] == [1, 2, 3]


def test_every_code_has_a_rule_behind_it():
    """Guard against a code listed in CODES that no rule emits."""
    no_exemplary = registration(
        A, [person(1, is_unit_head=True)], {1: {"LDTT", "CSTDCS", "CSTD_BO"}}, staff=10
    )
    no_cstdcs = registration(A, [person(1)], {1: {"LDTT"}}, {"TTLDXS"})
    emitted = {
        f.code for facts in (_many_findings(A), no_exemplary, no_cstdcs) for f in check(A, facts)
    } | {f.code for f in check(C, _many_findings(C))}
    assert emitted == set(CODES)
    assert "unit_head_needs_exemplary_collective" in [f.code for f in check(A, no_exemplary)]
    assert [f.code for f in check(A, no_cstdcs)] == ["ttldxs_needs_cstdcs"]

"""The year-end check of proposals: truth tables on both rule sets. No database."""

import pytest

from criteria.catalogue import RULE_SETS
from criteria.eligibility import (
    CODES,
    ERROR,
    WARNING,
    YEAR_END,
    YEAR_END_CODES,
    check_registration,
    check_year_end,
    severity_of,
)

from .test_eligibility import BOTH, A, B, history, person, registration

RATINGS = ("excellent", "good", "completed", "not_completed", "")


def year_end(rule_set, facts, **param_changes):
    params = {**RULE_SETS[rule_set]["params"], **param_changes}
    sources = RULE_SETS[rule_set]["sources"]
    findings = check_year_end(facts, params, sources)
    for finding in findings:
        _severity, source_key = CODES.get(finding.code) or YEAR_END_CODES[finding.code]
        assert finding.severity == severity_of(finding.code, YEAR_END)
        assert finding.source == sources[source_key]
        assert finding.message.strip()
    return findings


def codes(findings):
    return sorted(f.code for f in findings)


@pytest.mark.parametrize("rule_set", BOTH)
@pytest.mark.parametrize("rating", RATINGS)
def test_ldtt_needs_a_good_or_better_rating(rule_set, rating):
    facts = registration(rule_set, [person(rating=rating)], {1: {"LDTT"}})

    found = codes(year_end(rule_set, facts))

    assert found == ([] if rating in ("excellent", "good") else ["ldtt_rating_too_low"])


@pytest.mark.parametrize("rule_set", BOTH)
def test_ldtt_exclusions_still_hold_at_year_end(rule_set):
    facts = registration(
        rule_set, [person(rating="excellent", discipline="reprimand")], {1: {"LDTT"}}
    )

    assert codes(year_end(rule_set, facts)) == ["ldtt_disciplined"]


@pytest.mark.parametrize(
    ("rule_set", "rating", "initiative", "expected"),
    [
        (A, "excellent", True, []),
        (A, "good", True, []),
        (A, "excellent", False, ["cstdcs_needs_initiative"]),
        (A, "good", False, ["cstdcs_needs_initiative"]),
        (B, "excellent", True, []),
        (B, "excellent", False, []),
        (B, "good", True, []),
        (B, "good", False, ["cstdcs_needs_excellent_or_initiative"]),
    ],
)
def test_cstdcs_basis(rule_set, rating, initiative, expected):
    staff = [person(1, rating=rating, has_initiative=initiative)] + [
        person(pid, rating="good") for pid in range(2, 8)
    ]
    aims = {1: {"LDTT", "CSTDCS"}, **{pid: {"LDTT"} for pid in range(2, 8)}}

    found = codes(year_end(rule_set, registration(rule_set, staff, aims)))

    assert found == expected


@pytest.mark.parametrize("rule_set", BOTH)
@pytest.mark.parametrize(
    ("title", "scope", "code"),
    [
        ("CSTD_BO", "grassroots", "cstd_bo_needs_ministry_initiative"),
        ("CSTD_BO", "ministry", None),
        ("CSTD_TQ", "ministry", "cstd_tq_needs_national_initiative"),
        ("CSTD_TQ", "national", None),
    ],
)
def test_initiative_scope_of_the_higher_titles_is_a_condition_at_year_end(
    rule_set, title, scope, code
):
    year = 2021 if rule_set == A else 2024
    if title == "CSTD_BO":  # this year completes three consecutive CSTĐCS years
        held = history(CSTDCS=[year - 2, year - 1])
    else:  # two CSTĐ cấp Bộ whose CSTĐCS chains touch, the last one the year before
        held = history(CSTDCS=range(year - 6, year), CSTD_BO=[year - 4, year - 1])
    proposed = {"LDTT", "CSTDCS", title}
    staff = [person(1, rating="excellent", titles_by_year=held, best_initiative_scope=scope)]
    staff += [person(pid, rating="good") for pid in range(2, 8)]
    aims = {1: proposed, **{pid: {"LDTT"} for pid in range(2, 8)}}
    facts = registration(rule_set, staff, aims)

    at_year_end = [f for f in year_end(rule_set, facts) if f.code == code]
    at_registration = [
        f
        for f in check_registration(
            facts, RULE_SETS[rule_set]["params"], RULE_SETS[rule_set]["sources"]
        )
        if f.code == code
    ]

    if code is None:
        assert not [f for f in year_end(rule_set, facts) if f.title_code == title]
    else:
        assert [f.severity for f in at_year_end] == [ERROR]
        assert [f.severity for f in at_registration] == [WARNING]


@pytest.mark.parametrize("rule_set", BOTH)
@pytest.mark.parametrize("weak", ["completed", "not_completed"])
def test_a_failed_ldtt_does_not_count_towards_the_collective_share(rule_set, weak):
    # 10 members, 8 proposed for LĐTT, 2 of them not rated "good": 6/10 = 60% < 70%.
    staff = [person(pid, rating="good") for pid in range(1, 9)] + [
        person(9, rating="good"),
        person(10, rating="good"),
    ]
    staff[0] = person(1, rating=weak)
    staff[1] = person(2, rating=weak)
    staff[2] = person(3, rating="good", has_initiative=True)
    aims = {pid: {"LDTT"} for pid in range(1, 9)}
    aims[3] = {"LDTT", "CSTDCS"}
    facts = registration(rule_set, staff, aims, collective={"TTLDXS"})

    found = codes(year_end(rule_set, facts))
    registered = codes(
        check_registration(facts, RULE_SETS[rule_set]["params"], RULE_SETS[rule_set]["sources"])
    )

    assert "ttldxs_ldtt_share_too_low" in found
    assert "ttldxs_ldtt_share_too_low" not in registered
    assert ("ttldxs_member_not_completed" in found) == (weak == "not_completed")


@pytest.mark.parametrize("rule_set", BOTH)
@pytest.mark.parametrize("leader", [True, False])
def test_the_ministry_flag_goes_only_to_the_acclaimed_leader(rule_set, leader):
    facts = registration(
        rule_set, [person(rating="good")], {}, collective={"CO_BO"}, unit_is_group_leader=leader
    )

    found = year_end(rule_set, facts)

    assert codes(found) == ([] if leader else ["ministry_flag_not_group_leader"])
    assert all(f.severity == ERROR for f in found)


@pytest.mark.parametrize("rule_set", BOTH)
@pytest.mark.parametrize(("needs_leading", "leader"), [(True, False), (True, True), (False, False)])
def test_the_unit_heads_leading_unit_rule_is_a_condition_at_year_end(
    rule_set, needs_leading, leader
):
    head = person(1, rating="excellent", is_unit_head=True)
    staff = [head] + [person(pid, rating="good") for pid in range(2, 5)]
    aims = {pid: {"LDTT"} for pid in range(1, 5)}
    facts = registration(
        rule_set,
        staff,
        aims,
        collective={"TTLDXS", "CO_BO"} if leader else {"TTLDXS"},
        unit_head_needs_leading_unit=needs_leading,
        unit_is_group_leader=leader,
    )

    found = [f for f in year_end(rule_set, facts) if f.code == "unit_head_needs_leading_unit"]

    assert [f.severity for f in found] == ([ERROR] if needs_leading and not leader else [])

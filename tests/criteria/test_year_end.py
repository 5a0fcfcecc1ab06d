"""The year-end check of proposals: truth tables on every rule set. No database."""

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

from .test_eligibility import ALL, YEAR, A, B, C, history, person, registration

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


@pytest.mark.parametrize("rule_set", ALL)
@pytest.mark.parametrize("rating", RATINGS)
def test_ldtt_needs_a_good_or_better_rating(rule_set, rating):
    facts = registration(rule_set, [person(rating=rating)], {1: {"LDTT"}})

    found = codes(year_end(rule_set, facts))

    assert found == ([] if rating in ("excellent", "good") else ["ldtt_rating_too_low"])


@pytest.mark.parametrize("rule_set", ALL)
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
        (C, "excellent", True, []),
        (C, "excellent", False, []),
        (C, "good", True, []),
        (C, "good", False, ["cstdcs_needs_excellent_or_initiative"]),
    ],
)
def test_cstdcs_basis(rule_set, rating, initiative, expected):
    staff = [person(1, rating=rating, has_initiative=initiative)] + [
        person(pid, rating="good") for pid in range(2, 8)
    ]
    aims = {1: {"LDTT", "CSTDCS"}, **{pid: {"LDTT"} for pid in range(2, 8)}}

    found = codes(year_end(rule_set, registration(rule_set, staff, aims)))

    assert found == expected


@pytest.mark.parametrize("rule_set", ALL)
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
    year = YEAR[rule_set]
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


@pytest.mark.parametrize("rule_set", ALL)
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


@pytest.mark.parametrize("rule_set", ALL)
@pytest.mark.parametrize("leader", [True, False])
def test_the_ministry_flag_goes_only_to_the_acclaimed_leader(rule_set, leader):
    facts = registration(
        rule_set, [person(rating="good")], {}, collective={"CO_BO"}, unit_is_group_leader=leader
    )

    found = year_end(rule_set, facts)

    assert codes(found) == ([] if leader else ["ministry_flag_not_group_leader"])
    assert all(f.severity == ERROR for f in found)


@pytest.mark.parametrize("rule_set", ALL)
@pytest.mark.parametrize(("needs_leading", "leader"), [(True, False), (True, True), (False, False)])
def test_the_unit_heads_leading_unit_rule_is_a_condition_at_year_end(
    rule_set, needs_leading, leader
):
    year = YEAR[rule_set]
    head = person(
        1,
        rating="excellent",
        is_unit_head=True,
        titles_by_year=history(CSTDCS=[year - 2, year - 1]),
        best_initiative_scope="ministry",
    )
    staff = [head] + [person(pid, rating="good") for pid in range(2, 5)]
    aims = {pid: {"LDTT"} for pid in range(1, 5)}
    aims[1] = {"LDTT", "CSTDCS", "CSTD_BO"}  # the rule is for the titles above the unit's
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


@pytest.mark.parametrize("rule_set", ALL)
def test_the_heads_own_ldtt_and_cstdcs_need_no_leading_unit(rule_set):
    head = person(1, rating="excellent", is_unit_head=True)
    staff = [head] + [person(pid, rating="good") for pid in range(2, 8)]
    aims = {pid: {"LDTT"} for pid in range(1, 8)}
    aims[1] = {"LDTT", "CSTDCS"}
    facts = registration(rule_set, staff, aims, unit_head_needs_leading_unit=True)

    assert not [f for f in year_end(rule_set, facts) if f.code.startswith("unit_head")]


# --- Decree 98/2023 and 152/2025, Art. 4: no award while a review is pending ----------------


@pytest.mark.parametrize(
    ("rule_set", "pending", "aims", "expected"),
    [
        (A, True, {"LDTT"}, []),  # Decree 91/2017: UNVERIFIED, off
        (B, True, {"LDTT"}, ["pending_review"]),
        (B, False, {"LDTT"}, []),
        (C, True, {"LDTT"}, ["pending_review"]),
        (C, True, {"LDTT", "CSTDCS"}, ["pending_review"]),
        (C, False, {"LDTT", "CSTDCS"}, []),
        (C, True, set(), []),  # nobody proposed, nothing to bar
    ],
)
def test_a_pending_review_bars_any_award(rule_set, pending, aims, expected):
    staff = [person(1, rating="excellent", pending_review=pending)] + [
        person(pid, rating="good") for pid in range(2, 8)
    ]
    all_aims = {1: aims, **{pid: {"LDTT"} for pid in range(2, 8)}}
    facts = registration(rule_set, staff, all_aims)

    found = year_end(rule_set, facts)
    registered = check_registration(
        facts, RULE_SETS[rule_set]["params"], RULE_SETS[rule_set]["sources"]
    )

    assert codes(found) == expected
    assert all(f.severity == ERROR and f.person_id == 1 for f in found)
    # At registration it advises: the review may be closed before the year's end.
    assert [(f.code, f.severity) for f in registered] == [(c, WARNING) for c in expected]


def test_the_pending_review_finding_cites_article_4_of_the_decree_in_force():
    facts = registration(C, [person(1, rating="good", pending_review=True)], {1: {"LDTT"}})
    (finding,) = year_end(C, facts)
    assert finding.source == "Nghị định 152/2025/NĐ-CP, Điều 4 khoản 4"
    assert "98/2023" not in finding.source
    assert "Nguyễn Văn Số1" in finding.message and "Lao động tiên tiến" in finding.message
    facts_b = registration(B, [person(1, rating="good", pending_review=True)], {1: {"LDTT"}})
    assert [f.source for f in year_end(B, facts_b)] == ["Nghị định 98/2023/NĐ-CP, Điều 4"]


@pytest.mark.parametrize("rule_set", ALL)
def test_the_pending_review_rule_is_a_parameter(rule_set):
    facts = registration(rule_set, [person(1, rating="good", pending_review=True)], {1: {"LDTT"}})
    on = year_end(rule_set, facts, pending_review_blocks_awards=True)
    off = year_end(rule_set, facts, pending_review_blocks_awards=False)
    assert (codes(on), codes(off)) == (["pending_review"], [])


# --- the Government flag's cap ----------------------------------------------------------


@pytest.mark.parametrize(
    ("rule_set", "standard", "proposed", "expected"),
    [
        (A, 10, 2, []),  # 20% of 10 = 2
        (A, 10, 3, ["government_flag_quota_exceeded"]),
        (A, 9, 2, ["government_flag_quota_exceeded"]),  # floor(1.8) = 1
        (A, 5, 1, []),
        (A, 4, 1, ["government_flag_quota_exceeded"]),  # floor(0.8) = 0
        (A, 0, 0, ["government_flag_quota_exceeded"]),  # this unit counts itself
        (B, 4, 3, []),  # no cap under B_2024 (UNVERIFIED)
        (C, 4, 3, []),  # nor under C_2025 (UNVERIFIED)
    ],
)
def test_the_government_flag_cap(rule_set, standard, proposed, expected):
    facts = registration(
        rule_set,
        [person(rating="good")],
        {},
        collective={"CO_CP"},
        ministry_flag_standard_units=standard,
        government_flag_proposed=proposed,
    )

    found = year_end(rule_set, facts)

    assert codes(found) == expected
    assert all(f.severity == ERROR and f.title_code == "CO_CP" for f in found)
    # The registration does not know the other units' proposals.
    params, sources = RULE_SETS[rule_set]["params"], RULE_SETS[rule_set]["sources"]
    assert check_registration(facts, params, sources) == []


@pytest.mark.parametrize("rule_set", ALL)
def test_the_government_flag_cap_reads_the_parameter(rule_set):
    facts = registration(
        rule_set,
        [person(rating="good")],
        {},
        collective={"CO_CP"},
        ministry_flag_standard_units=10,
        government_flag_proposed=2,
    )
    assert codes(year_end(rule_set, facts, government_flag_quota_percent=10)) == [
        "government_flag_quota_exceeded"
    ]
    assert year_end(rule_set, facts, government_flag_quota_percent=20) == []
    assert year_end(rule_set, facts, government_flag_quota_percent=None) == []


def test_the_government_flag_message_gives_the_numbers():
    facts = registration(
        A,
        [person(rating="good")],
        {},
        collective={"CO_CP"},
        ministry_flag_standard_units=9,
        government_flag_proposed=2,
    )
    (finding,) = year_end(A, facts)
    assert finding.source == "Nghị định 91/2017/NĐ-CP, Điều 11"
    for text in ("Cờ thi đua của Chính phủ", "Cờ thi đua của Bộ", "20", "9", "2", "1"):
        assert text in finding.message


# --- C_2025 cites Decree 152/2025, never the repealed 98/2023 ------------------------------


def test_c_2025_cites_decree_152_and_never_the_repealed_98():
    c_2025 = RULE_SETS[C]
    assert (c_2025["first_year"], c_2025["last_year"]) == (2025, None)
    assert RULE_SETS[B]["last_year"] == 2024
    assert "152/2025/NĐ-CP" in c_2025["name"]
    cited = [c_2025["name"], *c_2025["sources"].values()]
    assert not [text for text in cited if "98/2023" in text or "28/2024" in text]
    assert "152/2025" in c_2025["sources"]["pending_review"]
    assert "152/2025" in c_2025["sources"]["council"]
    # Every key a finding may cite is there.
    keys = {key for _sev, key in (*CODES.values(), *YEAR_END_CODES.values())}
    for rule_set in ALL:
        assert keys <= set(RULE_SETS[rule_set]["sources"]), rule_set

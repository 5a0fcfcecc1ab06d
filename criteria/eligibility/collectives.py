"""The rules on the unit as a whole: the CSTĐCS quota, the collective titles (the LĐTT share,
CSTĐCS, disciplined and not-completing members, the Ministry's flag) and the unit head's."""

from __future__ import annotations

import math
from fractions import Fraction

from django.utils.translation import gettext

from criteria.catalogue import EXEMPLARY_COLLECTIVE_TITLES

from .counting import cstdcs_quota, discipline_at_least
from .facts import (
    CO_BO,
    CO_CP,
    CSTDCS,
    DISCIPLINE_LABELS,
    LDTT,
    TTLDTT,
    TTLDXS,
    UNIT_LEVEL_TITLES,
    percent_text,
    title_name,
    titles_list,
)


def check_quota(out, ldtt_count, cstdcs_count, params):
    percent = params["cstdcs_quota_percent"]
    maximum = cstdcs_quota(ldtt_count, percent, params.get("cstdcs_quota_minimum", 0))
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
            "percent": percent_text(Fraction(str(percent))),
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
        "share": percent_text(Fraction(count * 100, staff) if staff else 0),
        "ldtt_title": title_name(LDTT),
        "percent": percent_text(Fraction(str(percent))),
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


def check_collective(out, facts, ldtt_count, cstdcs_count, params):
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
            check_members_completed(out, facts)
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
    if CO_CP in aims and out.year_end:
        check_government_flag_quota(out, facts, params)


def check_government_flag_quota(out, facts, params):
    """Cờ thi đua của Chính phủ: the collectives the Ministry proposes for it are at most
    ``government_flag_quota_percent`` of those meeting the Ministry flag's standard (the
    acclaimed leaders of the blocs and clusters for the year), rounded down; no cap when the
    parameter is empty (B_2024, C_2025: UNVERIFIED)."""
    percent = params.get("government_flag_quota_percent")
    if percent is None:
        return
    standard = facts.ministry_flag_standard_units
    maximum = math.floor(Fraction(str(percent)) * standard / 100)
    proposed = max(facts.government_flag_proposed, 1)
    if proposed <= maximum:
        return
    out.add(
        "government_flag_quota_exceeded",
        gettext(
            "%(count)s collectives are proposed for %(title)s in %(year)s; at most %(percent)s%% "
            "of the %(standard)s collectives meeting the standard of %(ministry_flag)s may be "
            "(at most %(maximum)s)."
        )
        % {
            "count": proposed,
            "title": title_name(CO_CP),
            "year": facts.year,
            "percent": percent_text(Fraction(str(percent))),
            "standard": standard,
            "ministry_flag": title_name(CO_BO),
            "maximum": maximum,
        },
        title_code=CO_CP,
    )


def check_members_completed(out, facts):
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


def check_unit_head(out, facts, aims):
    """A unit head qualifies for a title above the unit's own (above LĐTT and CSTĐCS) only if
    the unit is an exemplary collective (2021 letter III.2); the head's LĐTT and CSTĐCS are
    judged like anyone's."""
    exemplary = set(EXEMPLARY_COLLECTIVE_TITLES)
    for pid in sorted(aims):
        person = facts.people[pid]
        higher = aims[pid] - UNIT_LEVEL_TITLES
        if not person.is_unit_head or not higher:
            continue
        values = {"name": person.name, "titles": titles_list(higher)}
        if not exemplary & set(facts.collective_aims):
            out.add(
                "unit_head_needs_exemplary_collective",
                gettext(
                    "%(name)s heads the unit and is registered for %(titles)s, but the unit is "
                    "registered for none of %(collective_titles)s: a unit head qualifies only if "
                    "the unit is an exemplary collective."
                )
                % {**values, "collective_titles": titles_list(exemplary)},
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

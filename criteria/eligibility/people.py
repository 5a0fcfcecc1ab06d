"""The rules on one person's titles: LĐTT, CSTĐCS, CSTĐ cấp Bộ, CSTĐ toàn quốc, each in its
own function, run in that order for the titles the person aims for."""

from __future__ import annotations

from django.utils.translation import gettext

from .counting import (
    available_cstdcs_years,
    consecutive_cstd_bo_awards,
    ldtt_excluded_reasons,
    scope_at_least,
    service_months,
)
from .facts import (
    CSTD_BO,
    CSTD_TQ,
    CSTDCS,
    DISCIPLINE_LABELS,
    LDTT,
    LDTT_RATINGS,
    RATING_LABELS,
    title_name,
    titles_list,
)


def _ldtt(out, person, aims, year, params):
    """LĐTT: recruited long enough before the year's end, not disciplined at the excluding
    level; at year end rated “good” or better."""
    name = person.name
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


def _cstdcs(out, person, aims, year, params):
    """CSTĐCS: LĐTT the same year; an initiative where the rule set requires one, else
    (B_2024, at year end) an excellent rating or an initiative."""
    name = person.name
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


def _cstd_bo(out, person, aims, year, params):
    """CSTĐ cấp Bộ: CSTĐCS this year completing an unbroken chain not used by an earlier
    award; an initiative of ministry-wide scope (advice at registration)."""
    name = person.name
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


def _cstd_tq(out, person, aims, year, params):
    """CSTĐ toàn quốc: consecutive CSTĐ cấp Bộ awards, the last in the year before; an
    initiative of nationwide scope (advice at registration)."""
    name = person.name
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


# The person's titles, lowest first: a finding on a lower title is read before the higher one's.
TITLE_CHECKS = ((LDTT, _ldtt), (CSTDCS, _cstdcs), (CSTD_BO, _cstd_bo), (CSTD_TQ, _cstd_tq))


def _pending_review(out, person, aims, year, params):
    """No award and no proposal while discipline is being considered, an inspection or
    investigation is under way or a complaint is being verified (Decree 98/2023 and Decree
    152/2025, Art. 4): advice at registration, a bar at year end."""
    if not (person.pending_review and aims and params.get("pending_review_blocks_awards")):
        return
    out.add(
        "pending_review",
        gettext(
            "%(name)s is under review in %(year)s (discipline being considered, an inspection "
            "or investigation under way, or a complaint being verified): no title or form of "
            "commendation may be awarded or proposed until it is closed. Aimed for: %(titles)s."
        )
        % {"name": person.name, "year": year, "titles": titles_list(aims)},
        person.person_id,
    )


def check_person(out, person, aims, year, params):
    """Every rule on the titles ``person`` aims for in ``year``, added to ``out``."""
    _pending_review(out, person, aims, year, params)
    for code, check in TITLE_CHECKS:
        if code in aims:
            check(out, person, aims, year, params)

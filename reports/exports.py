"""The campaign's Excel workbook: one sheet per kind of item, written by
``emulation_portal.workbooks``.

Every sheet is read in a fixed number of queries whatever the number of units, items and
people: rows with ``select_related``/``prefetch_related`` and annotations, the review
comments of the whole campaign in one query.
"""

from collections import defaultdict
from datetime import date

import tablib
from django.db.models import OuterRef, Prefetch, Subquery
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from emulation_portal.collation import person_name_key, vietnamese_key
from emulation_portal.workbooks import resource_dataset, workbook_bytes, xlsx_response
from registrations.models import (
    CollectiveTitleAim,
    IndividualTitleAim,
    Initiative,
    RegistrationEvent,
    ReviewComment,
    Target,
    TargetResult,
)
from registrations.selectors.queue import reviewers, units_for_review
from registrations.workflow import Status
from units.models import Person
from units.roles import display_name

from .resources import (
    CollectiveTitleResource,
    IndividualTitleResource,
    InitiativeResource,
    TargetResource,
    TargetResultResource,
    UnitStatusResource,
    sheet_titles,
)
from .selectors.dashboard import STATUS_KEYS, dashboard_figures, status_label

# The campaign workbook ------------------------------------------------------------------


def _comment_maps(campaign) -> dict[str, dict]:
    """The review comments of the whole campaign (one query), keyed for each sheet."""
    maps = {name: defaultdict(list) for name in ("target", "title", "person", "initiative")}
    maps["result"] = defaultdict(list)
    rows = (
        ReviewComment.objects.filter(event__registration__campaign=campaign)
        .order_by("event__created_at", "id")
        .values_list(
            "event__registration_id",
            "event__report_id",
            "target_id",
            "initiative_id",
            "person_id",
            "text",
        )
    )
    for registration_id, report_id, target_id, initiative_id, person_id, text in rows:
        if report_id is not None:
            if target_id is not None:
                maps["result"][(report_id, target_id)].append(text)
        elif target_id is not None:
            maps["target"][target_id].append(text)
        elif initiative_id is not None:
            maps["initiative"][initiative_id].append(text)
        elif person_id is not None:
            maps["person"][(registration_id, person_id)].append(text)
        else:
            maps["title"][registration_id].append(text)
    return maps


def _summary(campaign, today: date) -> tablib.Dataset:
    """Units by status, as on the dashboard: everyone, each type of unit, bloc and cluster."""
    figures = dashboard_figures(campaign, today=today)
    dataset = tablib.Dataset(
        headers=[
            _("Units"),
            *(status_label(key) for key in STATUS_KEYS),
            _("Late"),
            _("Total"),
        ]
    )
    for row in [figures.overall, *figures.unit_types, *figures.groups]:
        dataset.append([row.label, *(row.counts[key] for key in STATUS_KEYS), row.late, row.total])
    return dataset


def _units(campaign, today: date):
    last_comment = (
        RegistrationEvent.objects.filter(
            registration__campaign=campaign,
            registration__unit=OuterRef("pk"),
            report__isnull=True,
            to_status__in=(Status.RETURNED, Status.APPROVED),
        )
        .exclude(note="")
        .order_by("-created_at", "-id")
        .values("note")[:1]
    )
    return sorted(
        units_for_review(campaign, today=today)
        .annotate(last_comment=Subquery(last_comment))
        .order_by(),
        key=lambda unit: (unit.unit_type, vietnamese_key(unit.name)),
    )


def _by_unit(rows, unit=lambda row: row.registration.unit) -> list:
    """``rows`` (read in their order within a unit) by type of unit, then unit in Vietnamese
    order; the sort is stable, so the order within a unit stays."""
    return sorted(rows, key=lambda row: (unit(row).unit_type, vietnamese_key(unit(row).name)))


def campaign_datasets(campaign, today: date | None = None) -> list[tablib.Dataset]:
    """The sheets of the campaign workbook, in a fixed number of queries."""
    today = today or timezone.localdate()
    titles = sheet_titles()
    comments = _comment_maps(campaign)
    in_campaign = {"registration__campaign": campaign}
    unit_order = ("registration__unit_id",)
    item = ("registration__unit",)

    summary = _summary(campaign, today)
    summary.title = titles["summary"][:31]
    names = {user.pk: display_name(user) for user in reviewers()}
    sheets = [
        summary,
        resource_dataset(
            UnitStatusResource(reviewer_names=names, today=today),
            _units(campaign, today),
            titles["units"],
        ),
        resource_dataset(
            TargetResource(comments=comments["target"]),
            _by_unit(
                Target.objects.filter(**in_campaign)
                .select_related(*item, "criterion")
                .order_by(*unit_order, "position")
            ),
            titles["targets"],
        ),
        resource_dataset(
            CollectiveTitleResource(comments=comments["title"]),
            _by_unit(
                CollectiveTitleAim.objects.filter(**in_campaign)
                .select_related(*item, "sub_unit", "title")
                .order_by(*unit_order, "sub_unit__position", "sub_unit__name", "title__rank")
            ),
            titles["collective_titles"],
        ),
        resource_dataset(
            IndividualTitleResource(comments=comments["person"]),
            sorted(
                IndividualTitleAim.objects.filter(**in_campaign)
                .select_related(*item, "person", "title")
                .order_by(*unit_order, "title__rank"),
                key=lambda aim: (
                    aim.registration.unit.unit_type,
                    vietnamese_key(aim.registration.unit.name),
                    person_name_key(aim.person.full_name),
                ),
            ),
            titles["individual_titles"],
        ),
        resource_dataset(
            InitiativeResource(comments=comments["initiative"]),
            _by_unit(
                Initiative.objects.filter(**in_campaign)
                .select_related(*item)
                .prefetch_related(Prefetch("authors", queryset=Person.objects.order_by()))
                .order_by(*unit_order, "id")
            ),
            titles["initiatives"],
        ),
        resource_dataset(
            TargetResultResource(comments=comments["result"]),
            _by_unit(
                TargetResult.objects.filter(report__registration__campaign=campaign)
                .select_related("report__registration__unit", "target")
                .order_by("report__registration__unit_id", "report__period", "target__position"),
                unit=lambda result: result.report.registration.unit,
            ),
            titles["results"],
        ),
    ]
    return sheets


def campaign_workbook(campaign, today: date | None = None) -> bytes:
    return workbook_bytes(campaign_datasets(campaign, today=today))


def campaign_workbook_filename(campaign) -> str:
    return f"phong-trao-thi-dua-{campaign.year}-{timezone.localdate():%Y-%m-%d}.xlsx"


def campaign_workbook_response(campaign) -> HttpResponse:
    return xlsx_response(campaign_workbook(campaign), campaign_workbook_filename(campaign))

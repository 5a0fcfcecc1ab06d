"""A small portal, made by the factories and moved by the services: the demo's cast of
accounts (same usernames, so a test reads the same either way) around one launched campaign
and a handful of units, instead of the whole demo."""

from criteria.services import catalogue_sync
from registrations.notifications import decision_emails_paused
from units.models import GroupKind, GroupRole

from .campaigns import CampaignFactory, launched
from .registrations import FilledRegistrationFactory, approved, submitted
from .units import (
    AdministratorFactory,
    DepartmentFactory,
    EmulationGroupFactory,
    GroupMembershipFactory,
    MinisterFactory,
    MinistryUnitFactory,
    OrganisationFactory,
    ReviewerFactory,
    UnitFactory,
    UnitHeadFactory,
)


def small_portal(*, more_units: int = 0) -> dict:
    """The accounts by the demo's usernames, and ``"campaign"``: this year's, launched.

    - ``unit_head`` heads a unit under the Ministry (bloc head) that has not registered yet;
    - ``unit_head2`` heads a provincial Department whose registration is a draft with
      content the rules accept (ready to be sent, as the demo's Hà Nội);
    - two more provincial Departments: one approved (its first member of staff put forward
      for Chiến sĩ thi đua cấp Bộ), one submitted;
    - ``more_units`` Departments with a head, not registered yet;
    - ``reviewer`` and ``reviewer2`` (the Department of Emulation), ``minister``, ``admin``.

    No e-mail is sent for the decisions made here (as in the demo)."""
    catalogue_sync()
    OrganisationFactory()
    DepartmentFactory()
    users = {
        "reviewer": ReviewerFactory(username="reviewer", first_name="Lan", last_name="Nguyễn Thị"),
        "reviewer2": ReviewerFactory(username="reviewer2", first_name="Minh", last_name="Trần Văn"),
        "minister": MinisterFactory(username="minister", first_name="Hà", last_name="Trần Hồng"),
        "admin": AdministratorFactory(username="admin", first_name="Quản trị", last_name=""),
    }
    campaign = launched(CampaignFactory(), reviewer=users["reviewer"], minister=users["minister"])
    year = campaign.year
    bloc = EmulationGroupFactory(kind=GroupKind.BLOC)
    cluster = EmulationGroupFactory(kind=GroupKind.CLUSTER)

    ministry_unit = MinistryUnitFactory()
    GroupMembershipFactory(group=bloc, unit=ministry_unit, year=year, role=GroupRole.HEAD)
    users["unit_head"] = UnitHeadFactory(username="unit_head", unit=ministry_unit)
    provincial = UnitFactory.create_batch(3 + more_units)
    for index, unit in enumerate(provincial):
        role = GroupRole.HEAD if index == 0 else GroupRole.MEMBER
        GroupMembershipFactory(group=cluster, unit=unit, year=year, role=role)
    draft_unit, approved_unit, submitted_unit, *others = provincial
    users["unit_head2"] = UnitHeadFactory(username="unit_head2", unit=draft_unit)
    approved_head = UnitHeadFactory(unit=approved_unit)
    submitted_head = UnitHeadFactory(unit=submitted_unit)
    for unit in others:
        UnitHeadFactory(unit=unit)

    FilledRegistrationFactory(campaign=campaign, unit=draft_unit)
    with decision_emails_paused():
        approved(
            FilledRegistrationFactory(
                campaign=campaign, unit=approved_unit, content__staff=4, content__fighter=True
            ),
            users["reviewer"],
            head=approved_head,
        )
        submitted(FilledRegistrationFactory(campaign=campaign, unit=submitted_unit), submitted_head)
    return {**users, "campaign": campaign}

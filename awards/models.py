"""Commendation after the year: proposals, the council's sessions and ballots, the decisions.

Services live in ``awards.services`` and reads in ``awards.selectors`` (one module per
feature: proposals, council, decisions). The tables keep the names they had in ``campaigns``.
Published ballots and issued decisions are never edited: a correction is a new row that names
the one it corrects, with its reason, who and when.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from emulation_portal.models import TimeStampedModel
from emulation_portal.official_dates import place_date_line

from .workflow import PROPOSAL_EDITABLE, DecisionAction, ProposalStatus, SessionStatus


class Proposal(TimeStampedModel):
    """A unit's proposal for the titles and forms it claims at year end, built from its approved
    registration (one per unit and campaign)."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.PROTECT, related_name="proposals"
    )
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="proposals")
    registration = models.ForeignKey(
        "registrations.Registration",
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name=_("registration"),
    )
    registration_version = models.PositiveSmallIntegerField(
        _("approved version of the registration"), default=1
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT
    )
    summary = models.TextField(_("summary of achievements"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked by"),
    )
    history = HistoricalRecords(table_name="campaigns_historicalproposal")

    class Meta:
        db_table = "campaigns_proposal"
        verbose_name = _("proposal for commendation")
        verbose_name_plural = _("proposals for commendation")
        ordering = ["campaign", "unit__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "unit"],
                name="one_proposal_per_unit_and_campaign",
                violation_error_message=_("This unit already has a proposal for this campaign."),
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ProposalStatus.values),
                name="proposal_status_valid",
            ),
        ]

    def __str__(self):
        return f"{self.unit} – {self.campaign}"

    def get_absolute_url(self):
        return reverse("awards:proposal_detail", kwargs={"pk": self.pk})

    @property
    def is_editable(self):
        return self.status in PROPOSAL_EDITABLE


class ProposalItem(models.Model):
    """One title or form proposed: for a named member of staff, or (no person) the unit."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="items")
    title = models.ForeignKey(
        "criteria.Title", on_delete=models.PROTECT, related_name="+", verbose_name=_("title")
    )
    person = models.ForeignKey(
        "units.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposal_items",
        verbose_name=_("person"),
    )
    history = HistoricalRecords(table_name="campaigns_historicalproposalitem")

    class Meta:
        db_table = "campaigns_proposalitem"
        verbose_name = _("proposed title")
        verbose_name_plural = _("proposed titles")
        ordering = ["proposal", "person__full_name", "title__rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "person", "title"],
                condition=models.Q(person__isnull=False),
                name="proposal_item_person_once",
                violation_error_message=_("This person is already proposed for this title."),
            ),
            models.UniqueConstraint(
                fields=["proposal", "title"],
                condition=models.Q(person__isnull=True),
                name="proposal_item_collective_once",
                violation_error_message=_("The unit is already proposed for this title."),
            ),
        ]

    def __str__(self):
        return f"{self.person or self.proposal.unit}: {self.title}"


class ProposalEvent(models.Model):
    """One move of a proposal along its workflow, with who, when, the comment and the rule
    findings as they stood."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(_("from"), max_length=16, choices=ProposalStatus.choices)
    to_status = models.CharField(_("to"), max_length=16, choices=ProposalStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    note = models.TextField(_("comment"), blank=True)
    findings = models.JSONField(_("rule findings"), default=list, blank=True)
    snapshot = models.JSONField(_("titles sent"), default=list, blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        db_table = "campaigns_proposalevent"
        verbose_name = _("proposal workflow event")
        verbose_name_plural = _("proposal workflow events")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.proposal}: {self.from_status} → {self.to_status}"


class CouncilRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    STANDING = "standing", _("Standing member")
    MEMBER = "member", _("Member")
    SECRETARY = "secretary", _("Member and secretary")


class CouncilMember(TimeStampedModel):
    """A member of the Ministry's Emulation and Commendation Council (HĐTĐKT)."""

    full_name = models.CharField(_("full name"), max_length=150)
    position = models.CharField(_("position"), max_length=255)
    role = models.CharField(
        _("role in the council"),
        max_length=16,
        choices=CouncilRole.choices,
        default=CouncilRole.MEMBER,
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    history = HistoricalRecords(table_name="campaigns_historicalcouncilmember")

    class Meta:
        db_table = "campaigns_councilmember"
        verbose_name = _("council member")
        verbose_name_plural = _("council members")
        ordering = ["order", "full_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=CouncilRole.values), name="council_member_role_valid"
            )
        ]

    def __str__(self):
        return f"{self.full_name} ({self.position})"


class CouncilSession(TimeStampedModel):
    """A meeting of the council: its members (all of them, present or not), the proposals on
    its agenda and the ballots. Closing it publishes the results; they are final."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.PROTECT, related_name="council_sessions"
    )
    held_on = models.DateField(_("meeting date"))
    place = models.CharField(_("place"), max_length=255)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=SessionStatus.choices,
        default=SessionStatus.PREPARING,
    )
    rule_set_code = models.CharField(_("rule set"), max_length=20)
    threshold_percent = models.DecimalField(
        _("approval threshold (percent of all members)"), max_digits=5, decimal_places=2
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    # The vote count by the counting board (Ban kiểm phiếu): a ballot paper goes to every member,
    # absent members voting in writing, so the ballots issued are the session's members.
    ballots_returned = models.PositiveSmallIntegerField(
        _("ballots returned"), null=True, blank=True
    )
    ballots_valid = models.PositiveSmallIntegerField(_("valid ballots"), null=True, blank=True)
    closed_at = models.DateTimeField(_("results published at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("results published by"),
    )
    history = HistoricalRecords(table_name="campaigns_historicalcouncilsession")

    class Meta:
        db_table = "campaigns_councilsession"
        verbose_name = _("council session")
        verbose_name_plural = _("council sessions")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=SessionStatus.values),
                name="council_session_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(threshold_percent__gt=0, threshold_percent__lte=100),
                name="council_session_threshold_percent",
            ),
            models.CheckConstraint(
                condition=models.Q(ballots_valid__isnull=True)
                | models.Q(
                    ballots_returned__isnull=False, ballots_valid__lte=models.F("ballots_returned")
                ),
                name="council_session_valid_ballots_returned",
                violation_error_message=_("The valid ballots cannot exceed the ballots returned."),
            ),
        ]

    def __str__(self):
        return f"{self.campaign} – {self.held_on:%d/%m/%Y}"

    def get_absolute_url(self):
        return reverse("awards:council_detail", kwargs={"pk": self.pk})

    @property
    def is_closed(self):
        return self.status == SessionStatus.CLOSED


class SessionMember(models.Model):
    """A council member as they stood at the session (name and position kept), present or
    voting in writing. Every row counts in the denominator of a ballot."""

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="members")
    member = models.ForeignKey(
        CouncilMember, on_delete=models.PROTECT, related_name="sessions", null=True, blank=True
    )
    full_name = models.CharField(_("full name"), max_length=150)
    position = models.CharField(_("position"), max_length=255)
    role = models.CharField(_("role in the council"), max_length=16, choices=CouncilRole.choices)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    present = models.BooleanField(_("present"), default=True)
    on_counting_board = models.BooleanField(
        _("on the vote-counting board"),
        default=False,
        help_text=_("Elected by the council among the members present to count the ballots."),
    )
    history = HistoricalRecords(table_name="campaigns_historicalsessionmember")

    class Meta:
        db_table = "campaigns_sessionmember"
        verbose_name = _("member at a session")
        verbose_name_plural = _("members at a session")
        ordering = ["session", "order", "full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "member"],
                name="session_member_once",
                violation_error_message=_("This member is already listed for the session."),
            )
        ]

    def __str__(self):
        return self.full_name


class AgendaItem(models.Model):
    """A proposal put before the council (a proposal is on one session's agenda); taking it
    off is kept in the history with who and when."""

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="agenda")
    proposal = models.OneToOneField(Proposal, on_delete=models.PROTECT, related_name="agenda_item")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(_("added at"), default=timezone.now)
    history = HistoricalRecords(table_name="campaigns_historicalagendaitem")

    class Meta:
        db_table = "campaigns_agendaitem"
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda")
        ordering = ["session", "added_at", "pk"]

    def __str__(self):
        return f"{self.session}: {self.proposal}"


class Ballot(models.Model):
    """The secret ballot on one proposed title: approvals out of ALL the session's members
    (DOMAIN.md §3.6), the percentage and the threshold of the rule set. Before the results are
    published a ballot may be re-counted in place (kept in its history); afterwards a correction
    is a new ballot naming the one it corrects and why. The one not corrected is in force."""

    session = models.ForeignKey(CouncilSession, on_delete=models.PROTECT, related_name="ballots")
    item = models.ForeignKey(ProposalItem, on_delete=models.PROTECT, related_name="ballots")
    members_count = models.PositiveSmallIntegerField(_("council members"))
    approvals = models.PositiveSmallIntegerField(_("approvals"))
    percent = models.DecimalField(_("approval (%)"), max_digits=5, decimal_places=2)
    threshold_percent = models.DecimalField(_("threshold (%)"), max_digits=5, decimal_places=2)
    passed = models.BooleanField(_("passed"))
    corrects = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="correction",
        verbose_name=_("corrects"),
    )
    reason = models.TextField(_("reason for the correction"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    history = HistoricalRecords(table_name="campaigns_historicalballot")

    class Meta:
        db_table = "campaigns_ballot"
        verbose_name = _("ballot result")
        verbose_name_plural = _("ballot results")
        ordering = ["session", "item", "recorded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(members_count__gt=0)
                & models.Q(approvals__lte=models.F("members_count")),
                name="ballot_counts_valid",
                violation_error_message=_("Approvals cannot exceed the council's members."),
            ),
            models.CheckConstraint(
                condition=models.Q(corrects__isnull=True) | ~models.Q(reason=""),
                name="ballot_correction_has_reason",
                violation_error_message=_("A correction needs a reason."),
            ),
        ]

    def __str__(self):
        return f"{self.item}: {self.approvals}/{self.members_count}"


class Decision(TimeStampedModel):
    """The Minister's decision awarding titles and forms (or, as a correction, revoking some
    awarded by an earlier one). Recorded once, never edited."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.PROTECT, related_name="decisions"
    )
    number = models.CharField(
        _("number and symbol"), max_length=50, unique=True, help_text=_("e.g. 123/QĐ-BTNMT")
    )
    signed_on = models.DateField(_("date signed"))
    place = models.CharField(_("place"), max_length=100, default="Hà Nội")
    issuing_body = models.CharField(_("issuing body"), max_length=255)
    subject = models.CharField(_("subject"), max_length=500)
    decided_by = models.CharField(
        _("decided by"),
        max_length=255,
        help_text=_("Written into the title history of everyone awarded."),
    )
    legal_bases = models.JSONField(_("legal bases"), default=list)
    signer_authority = models.CharField(_("signing authority"), max_length=100, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=255)
    signer_name = models.CharField(_("signer's name"), max_length=255)
    distribution_list = models.JSONField(_("distribution list"), default=list)
    council_session = models.ForeignKey(
        CouncilSession,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("council session"),
    )
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects"),
    )
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        db_table = "campaigns_decision"
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-signed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(corrects__isnull=True) | ~models.Q(correction_reason=""),
                name="decision_correction_has_reason",
                violation_error_message=_("A correction needs a reason."),
            ),
        ]

    def __str__(self):
        return self.number

    def get_absolute_url(self):
        return reverse("awards:decision_detail", kwargs={"pk": self.pk})

    @property
    def date_line(self):
        """Place and date as Decree 30/2020 writes them (leading zero for days and Jan/Feb)."""
        return place_date_line(self.place, self.signed_on)


class DecisionItem(models.Model):
    """One line of a decision's annex: a title awarded to (or revoked from) a unit or person."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="items")
    proposal_item = models.ForeignKey(
        ProposalItem, on_delete=models.PROTECT, related_name="decision_items"
    )
    action = models.CharField(
        _("action"), max_length=8, choices=DecisionAction.choices, default=DecisionAction.AWARD
    )
    title = models.ForeignKey(
        "criteria.Title", on_delete=models.PROTECT, related_name="+", verbose_name=_("title")
    )
    year = models.PositiveSmallIntegerField(_("achievement year"))
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    person = models.ForeignKey(
        "units.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    position = models.PositiveIntegerField(_("position"))

    class Meta:
        db_table = "campaigns_decisionitem"
        verbose_name = _("decision item")
        verbose_name_plural = _("decision items")
        ordering = ["decision", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "proposal_item"],
                name="decision_item_once",
                violation_error_message=_("This title is already in the decision."),
            ),
            models.CheckConstraint(
                condition=models.Q(action__in=DecisionAction.values),
                name="decision_item_action_valid",
            ),
        ]

    def __str__(self):
        return f"{self.decision}: {self.person or self.unit} – {self.title}"

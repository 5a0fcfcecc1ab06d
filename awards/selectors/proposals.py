"""Reads of proposals for commendation, scoped to what the user may see, and the year-end facts
the rule engine checks them against."""

from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from criteria.eligibility import CO_CP as GOVERNMENT_FLAG
from criteria.eligibility import ERROR, Finding, RegistrationFacts, check_year_end
from criteria.models import Title, TitleLevel
from criteria.selectors import rule_set_for, rule_set_rules
from registrations.models import WAS_APPROVED, Initiative, InitiativeStatus, Registration
from registrations.selectors.registrations import registration_facts
from units.models import Person, PersonYear
from units.roles import actor_for

from ..models import Ballot, DecisionItem, Proposal, ProposalEvent, ProposalItem
from ..workflow import DecisionAction, ProposalStatus, SessionStatus

# --- the council's rule --------------------------------------------------------------------


@dataclass(frozen=True)
class CouncilRule:
    """Which titles need the council's secret ballot and the share of ALL members required."""

    rule_set_code: str
    rule_set_name: str
    threshold_percent: Decimal
    vote_titles: frozenset[str]
    source: str


def council_rule(campaign) -> CouncilRule:
    """The council's ballot rule of the campaign's rule set (one query).

    A rule set saved before these parameters existed falls back on the catalogue's values for
    the same code (``criteria.services.catalogue_sync`` never overwrites a saved rule set).
    """
    rule_set = rule_set_for(campaign)
    params, sources = rule_set_rules(rule_set)
    return CouncilRule(
        rule_set_code=rule_set.code,
        rule_set_name=rule_set.name,
        threshold_percent=Decimal(str(params.get("council_threshold_percent", 90))),
        vote_titles=frozenset(params.get("council_vote_titles", ())),
        source=sources.get("council", ""),
    )


# --- visibility ----------------------------------------------------------------------------


def proposals_visible_to(*, user) -> QuerySet[Proposal]:
    """Every proposal for the Department, the Minister and administrators; a unit head's own."""
    actor = actor_for(user)
    proposals = Proposal.objects.select_related("campaign", "unit")
    if actor.is_reader:
        return proposals
    if actor.is_unit_head:
        return proposals.filter(unit_id=actor.unit_id)
    return proposals.none()


def proposal_get_for_user(*, user, pk: int) -> Proposal:
    """The proposal with its items and history if the user may see it; 404 otherwise."""
    proposal = (
        proposals_visible_to(user=user)
        .select_related("campaign", "registration__campaign", "agenda_item__session")
        .prefetch_related(
            Prefetch(
                "items",
                queryset=ProposalItem.objects.select_related("title", "person").order_by(
                    "person__full_name", "person_id", "title__rank"
                ),
            ),
            Prefetch("events", queryset=ProposalEvent.objects.select_related("actor")),
        )
        .filter(pk=pk)
        .first()
    )
    if proposal is None:
        raise Http404
    return proposal


def proposal_of_unit(*, campaign, unit_id: int) -> Proposal | None:
    return Proposal.objects.filter(campaign=campaign, unit_id=unit_id).first()


def approved_registration(*, campaign, unit_id: int) -> Registration | None:
    """The unit's registration for the campaign once approved at least once (else None)."""
    return (
        Registration.objects.filter(
            WAS_APPROVED,
            campaign=campaign,
            unit_id=unit_id,
            approved_snapshot__isnull=False,
        )
        .select_related("campaign")
        .first()
    )


def _item_count(**conditions):
    """How many of the proposal's items meet ``conditions``: a subquery per listed row, so
    that a page of the list and its count never join the campaign's every item."""
    items = (
        ProposalItem.objects.filter(proposal=OuterRef("pk"), **conditions)
        .order_by()
        .values("proposal")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(items, output_field=IntegerField()), 0)


def proposals_of_campaign(*, user, campaign) -> QuerySet[Proposal]:
    return proposals_visible_to(user=user).filter(campaign=campaign)


def proposal_list(*, user, campaign, status: str = "", text: str = "") -> QuerySet[Proposal]:
    """The proposals of a campaign the user may see, with their counts (one query)."""
    rule = council_rule(campaign)
    proposals = (
        proposals_of_campaign(user=user, campaign=campaign)
        .select_related("agenda_item__session")
        .annotate(
            n_collective=_item_count(person__isnull=True),
            n_individual=_item_count(person__isnull=False),
            n_vote=_item_count(title__code__in=rule.vote_titles),
        )
        .order_by("unit__unit_type", "unit__name")
    )
    if status:
        proposals = proposals.filter(status=status)
    if text:
        proposals = proposals.filter(Q(unit__name__icontains=text) | Q(unit__code__iexact=text))
    return proposals


def proposal_status_counts(*, user, campaign) -> dict[str, int]:
    """Proposals by status (one small query)."""
    return dict(
        proposals_of_campaign(user=user, campaign=campaign)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )


# --- what the unit may propose -------------------------------------------------------------


@dataclass
class CandidateRow:
    """A member of staff registered for titles in the approved registration."""

    person: Person
    titles: list[Title]
    rating: str = ""
    proposed: set[int] = field(default_factory=set)  # title ids proposed now


@dataclass
class Candidates:
    collective: list[Title]
    people: list[CandidateRow]
    proposed_collective: set[int] = field(default_factory=set)

    def allowed(self) -> tuple[set[int], dict[int, set[int]]]:
        """(collective title ids, person id -> title ids) the unit may propose."""
        return (
            {title.pk for title in self.collective},
            {row.person.pk: {title.pk for title in row.titles} for row in self.people},
        )


def _title_order(title: Title):
    return (title.kind != "title", title.rank, title.name)


def proposal_candidates(registration: Registration, proposal: Proposal | None = None) -> Candidates:
    """What the approved version of the registration holds: the collective's titles and, per
    member of staff still active in the unit, theirs, with the year's rating (four queries).
    Titles are matched by name, as the approved snapshot keeps them."""
    snapshot = registration.approved_snapshot or {}
    individual = snapshot.get("individual_titles", [])
    names = set(snapshot.get("collective_titles", [])) | {aim["title"] for aim in individual}
    titles = {title.name: title for title in Title.objects.filter(name__in=names)}
    people = {
        person.pk: person
        for person in Person.objects.filter(
            pk__in={aim["person_id"] for aim in individual},
            unit_id=registration.unit_id,
            is_active=True,
        )
    }
    ratings = dict(
        PersonYear.objects.filter(person_id__in=people, year=registration.campaign.year)
        .exclude(rating="")
        .values_list("person_id", "rating")
    )
    by_person: dict[int, list[Title]] = defaultdict(list)
    for aim in individual:
        title = titles.get(aim["title"])
        if title is not None and aim["person_id"] in people:
            by_person[aim["person_id"]].append(title)
    rows = [
        CandidateRow(person=people[pk], titles=sorted(set(codes), key=_title_order))
        for pk, codes in by_person.items()
    ]
    for row in rows:
        row.rating = ratings.get(row.person.pk, "")
    rows.sort(key=lambda row: (not row.person.is_unit_head, row.person.full_name, row.person.pk))
    collective = sorted(
        {titles[name] for name in snapshot.get("collective_titles", []) if name in titles},
        key=_title_order,
    )
    candidates = Candidates(collective=collective, people=rows)
    if proposal is not None:
        proposed = ProposalItem.objects.filter(proposal=proposal).values_list(
            "person_id", "title_id"
        )
        by_id = {row.person.pk: row for row in rows}
        for person_id, title_id in proposed:
            if person_id is None:
                candidates.proposed_collective.add(title_id)
            elif person_id in by_id:
                by_id[person_id].proposed.add(title_id)
    return candidates


# --- the year-end facts and the rule check --------------------------------------------------


def recognised_initiatives(*, unit_id: int, year: int) -> list[tuple[list[int], str]]:
    """(author ids, scope) of each initiative of the unit's registrations of ``year``
    recognised by a decision (status recognised, with its number and date), one query."""
    rows = (
        Initiative.objects.filter(
            registration__unit_id=unit_id,
            registration__campaign__year=year,
            status=InitiativeStatus.RECOGNISED,
            recognition_date__isnull=False,
        )
        .exclude(recognition_number="")
        .values_list("pk", "scope", "authors")
    )
    by_initiative: dict[int, tuple[list[int], str]] = {}
    for initiative_id, scope, author_id in rows:
        authors, _scope = by_initiative.setdefault(initiative_id, ([], scope))
        if author_id is not None:
            authors.append(author_id)
    return list(by_initiative.values())


def proposal_facts(proposal: Proposal) -> RegistrationFacts:
    """The facts of the year the rule engine checks a proposal against, in a fixed number of
    queries: what is proposed, the staff and their discipline and title history before the year
    (``registration_facts``), their ratings for the year, the initiatives recognised by decision
    and whether the unit is the acclaimed leader of its bloc or cluster."""
    registration = proposal.registration
    year = registration.campaign.year
    collective: set[str] = set()
    individual: dict[int, set[str]] = defaultdict(set)
    for person_id, code in ProposalItem.objects.filter(proposal=proposal).values_list(
        "person_id", "title__code"
    ):
        if person_id is None:
            collective.add(code)
        else:
            individual[person_id].add(code)
    facts = registration_facts(
        registration,
        collective_codes=collective,
        individual_codes=individual,
        initiatives=recognised_initiatives(unit_id=proposal.unit_id, year=year),
    )
    ratings = dict(
        PersonYear.objects.filter(person__unit_id=proposal.unit_id, year=year)
        .exclude(rating="")
        .values_list("person_id", "rating")
    )
    people = {
        pk: replace(person, rating=ratings.get(pk, "")) for pk, person in facts.people.items()
    }
    # registration_facts already knows whether the unit is its group's acclaimed leader and
    # how many units are (the Government flag's denominator).
    government_flag_proposed = 0
    if GOVERNMENT_FLAG in collective:
        government_flag_proposed = (
            ProposalItem.objects.filter(
                proposal__campaign_id=proposal.campaign_id,
                person__isnull=True,
                title__code=GOVERNMENT_FLAG,
            )
            .values("proposal__unit_id")
            .distinct()
            .count()
        )
    return replace(facts, people=people, government_flag_proposed=government_flag_proposed)


def proposal_findings(
    proposal: Proposal, *, facts: RegistrationFacts | None = None
) -> list[Finding]:
    """What the rule set of the campaign's year says about the proposal, with the year-end
    facts (``criteria.eligibility.check_year_end``); ``facts`` when already read."""
    params, sources = rule_set_rules(rule_set_for(proposal.registration.campaign))
    facts = facts if facts is not None else proposal_facts(proposal)
    return check_year_end(facts, params, sources)


def findings_as_json(findings: list[Finding]) -> list[dict]:
    return [
        {
            "code": finding.code,
            "severity": finding.severity,
            "message": finding.message,
            "source": finding.source,
            "person_id": finding.person_id,
            "title_code": finding.title_code,
        }
        for finding in findings
    ]


def findings_errors(findings: list[Finding]) -> list[Finding]:
    return [finding for finding in findings if finding.severity == ERROR]


# --- where each proposed title stands -------------------------------------------------------


@dataclass
class ItemOutcome:
    """A proposed title with what became of it: the ballot in force, the decision."""

    item: ProposalItem
    needs_vote: bool
    ballot: Ballot | None = None
    awarded_by: DecisionItem | None = None
    revoked_by: DecisionItem | None = None

    @property
    def state_level(self) -> bool:
        """Given by the State (the Prime Minister, the President): the Ministry proposes it, its
        decision does not award it (DOMAIN.md §3.1, §7.6)."""
        return self.item.title.level == TitleLevel.STATE

    @property
    def unit_level(self) -> bool:
        """Decided by the unit's head for the unit's own people (LĐTT, CSTĐCS, Giấy khen, the
        sub-units' TTLĐTT), not by the Minister (DOMAIN.md §3.1, §7.1)."""
        return self.item.title.level == TitleLevel.UNIT

    @property
    def decidable(self) -> bool:
        """May go into the Minister's decision: of the Ministry's level; voted for when needed."""
        if self.state_level or self.unit_level:
            return False
        if not self.needs_vote:
            return True
        return self.ballot is not None and self.ballot.passed and self.ballot.session.is_closed

    @property
    def awarded(self) -> bool:
        return self.awarded_by is not None and self.revoked_by is None


def item_outcomes(items: list[ProposalItem], vote_titles) -> list[ItemOutcome]:
    """Each item with its ballot in force and its decision lines (two queries for any number
    of items). Items need ``title`` loaded."""
    ids = [item.pk for item in items]
    ballots = {
        ballot.item_id: ballot
        for ballot in Ballot.objects.filter(item_id__in=ids, correction__isnull=True)
        .select_related("session")
        .order_by("recorded_at", "pk")
    }
    awarded: dict[int, DecisionItem] = {}
    revoked: dict[int, DecisionItem] = {}
    for line in DecisionItem.objects.filter(proposal_item_id__in=ids).select_related("decision"):
        target = awarded if line.action == DecisionAction.AWARD else revoked
        target[line.proposal_item_id] = line
    return [
        ItemOutcome(
            item=item,
            needs_vote=item.title.code in vote_titles,
            ballot=ballots.get(item.pk),
            awarded_by=awarded.get(item.pk),
            revoked_by=revoked.get(item.pk),
        )
        for item in items
    ]


def proposals_ready_for_decision(campaign) -> QuerySet[Proposal]:
    """Forwarded proposals whose every title needing the ballot has a ballot in force in a
    session whose results are published (one query)."""
    rule = council_rule(campaign)
    unvoted = ProposalItem.objects.filter(
        proposal=OuterRef("pk"), title__code__in=rule.vote_titles
    ).exclude(
        Exists(
            Ballot.objects.filter(
                item=OuterRef("pk"),
                correction__isnull=True,
                session__status=SessionStatus.CLOSED,
            )
        )
    )
    return (
        Proposal.objects.filter(campaign=campaign, status=ProposalStatus.FORWARDED)
        .exclude(Exists(unvoted))
        .select_related("unit")
        .order_by("unit__unit_type", "unit__name")
    )


@dataclass(frozen=True)
class DecisionPreview:
    """What a decision would do with one proposal's titles."""

    awarded: int
    voted_down: int
    state_level: int
    unit_level: int = 0


def decision_preview(proposals, vote_titles) -> dict[int, DecisionPreview]:
    """For each proposal, how many titles the Minister's decision would award, how many the
    council voted down, how many the Ministry proposes to the State and how many the unit's
    head decides (three queries for any number)."""
    items = list(ProposalItem.objects.filter(proposal__in=proposals).select_related("title"))
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for outcome in item_outcomes(items, vote_titles):
        row = counts[outcome.item.proposal_id]
        if outcome.decidable:
            row[0] += 1
        elif outcome.state_level:
            row[2] += 1
        elif outcome.unit_level:
            row[3] += 1
        else:
            row[1] += 1
    return {pk: DecisionPreview(*row) for pk, row in counts.items()}

"""Writes to campaigns: creating one (from its letter, from scratch or as a copy), editing its
draft, and its moves through the workflow (``workflow.CAMPAIGN_WORKFLOW``)."""

import contextvars
import re
import unicodedata
from datetime import date
from pathlib import PurePath
from uuid import uuid4

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from criteria.models import Criterion, CriterionTarget
from emulation_portal.exceptions import ApplicationError
from emulation_portal.workflow import transition
from units.permissions import may

from .letter_source import LetterParts
from .models import (
    AmendmentEvent,
    AmendmentStatus,
    Campaign,
    CampaignAmendment,
    CampaignContent,
    CampaignEvent,
    CampaignKind,
    CampaignStatus,
    CampaignTask,
    ImplementationDuty,
    LetterRegister,
    SignedScan,
)
from .selectors import addressed_units, campaign_issuer, campaign_organisation_defaults
from .signals import campaign_launched
from .validators import (
    KEY_DATE_FIELDS,
    WINDOW_FIELDS,
    key_date_order_errors,
    thematic_window_errors,
)
from .workflow import AMENDMENT_EDITABLE, AMENDMENT_WORKFLOW, CAMPAIGN_WORKFLOW, EDITABLE, ISSUED


def _sync_items(model, campaign, texts, **extra):
    """Make the ordered items of one letter section equal ``texts`` (positions from 1)."""
    for position, text in enumerate(texts, start=1):
        model.objects.update_or_create(
            campaign=campaign, position=position, **extra, defaults={"text": text}
        )
    model.objects.filter(campaign=campaign, position__gt=len(texts), **extra).delete()


@transaction.atomic
def campaign_upsert_from_letter(
    *, year: int, name: str, issuing_body: str, parts: LetterParts, key_dates: dict[str, date]
) -> Campaign:
    """Create or update the regular campaign of ``year`` so that it holds the letter word for word.

    Key dates are set only when the campaign is created, so running it again changes nothing.
    """
    letter_fields = {
        "name": name,
        "theme": parts.theme,
        "issuing_body": issuing_body,
        "number": parts.number,
        "symbol": parts.symbol,
        "subject": parts.subject,
        "place": parts.place,
        "addressees": parts.addressees,
        "opening_paragraphs": parts.opening_paragraphs,
        "contents_heading": parts.headings["contents"],
        "tasks_heading": parts.headings["tasks"],
        "criteria_heading": parts.headings["criteria"],
        "collective_criteria_heading": parts.headings["collective"],
        "individual_criteria_heading": parts.headings["individual"],
        "implementation_heading": parts.headings["duties"],
        "closing_call": parts.closing_call,
        "distribution_list": parts.distribution_list,
        "signer_title": parts.signer_title,
        "signer_name": parts.signer_name,
    }
    campaign, created = Campaign.objects.get_or_create(
        year=year, kind=CampaignKind.REGULAR, defaults={**letter_fields, **key_dates}
    )
    if not created:
        changed = [f for f, v in letter_fields.items() if getattr(campaign, f) != v]
        for field in changed:
            setattr(campaign, field, letter_fields[field])
        if changed:
            campaign.save(update_fields=[*changed, "updated_at"])

    _sync_items(CampaignContent, campaign, parts.contents)
    _sync_items(CampaignTask, campaign, parts.tasks)
    _sync_items(ImplementationDuty, campaign, parts.duties)
    for target, texts in (
        (CriterionTarget.COLLECTIVE, parts.collective_criteria),
        (CriterionTarget.INDIVIDUAL, parts.individual_criteria),
        (CriterionTarget.UNIT_HEAD, parts.unit_head_criteria),
    ):
        _sync_items(Criterion, campaign, texts, target=target)
    return campaign


@transaction.atomic
def campaign_key_dates_update(*, campaign: Campaign, dates: dict[str, date], actor) -> Campaign:
    """Set the campaign's key dates (registration deadline, reporting windows), recorded in the
    campaign's history with who and when. Refuses anyone but the Department (PermissionDenied)
    and dates out of order (ApplicationError); saves nothing when nothing changed."""
    if not may(actor, "campaigns.change_key_dates", campaign):
        raise PermissionDenied
    locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
    values = {field: dates.get(field, getattr(locked, field)) for field in KEY_DATE_FIELDS}
    errors = key_date_order_errors(values) | thematic_window_errors(
        kind=locked.kind,
        year=locked.year,
        dates={**{f: getattr(locked, f) for f in WINDOW_FIELDS}, **values},
    )
    if errors:
        raise ApplicationError(" ".join(errors.values()))
    changed = [field for field in KEY_DATE_FIELDS if getattr(locked, field) != values[field]]
    if not changed:
        return locked
    if not locked.history.exists():
        # A campaign created before its history was kept: record how it stood first.
        Campaign.history.bulk_history_create([locked], default_date=locked.updated_at)
    for field in changed:
        setattr(locked, field, values[field])
    locked._history_user = actor
    locked.save(update_fields=[*changed, "updated_at"])
    return locked


# --- The draft: created, copied, edited -------------------------------------------------------

# The parts of the letter the Department writes (the year and the kind are set at creation).
LETTER_FIELDS = (
    "name",
    "theme",
    "issuing_body_parent",
    "issuing_body",
    "symbol",
    "subject",
    "place",
    "addressees",
    "opening_paragraphs",
    "contents_heading",
    "tasks_heading",
    "criteria_heading",
    "collective_criteria_heading",
    "individual_criteria_heading",
    "implementation_heading",
    "closing_call",
    "distribution_list",
    "signer_authority",
    "signer_title",
    "signer_name",
    "addresses_all_units",
    "rule_set_code",
    *WINDOW_FIELDS,
    *KEY_DATE_FIELDS,
)
# The dates a copy moves into its year.
MOVED_FIELDS = (*WINDOW_FIELDS, *KEY_DATE_FIELDS)
# Whom a thematic campaign names when it does not address every unit (units, blocs, clusters).
ADDRESSEE_FIELDS = ("addressed_units", "addressed_groups")
# What a copy takes from the earlier campaign besides its sections and its dates.
# A rule set named by hand belongs to its year: a copy goes back to its own year's rule set.
COPIED_FIELDS = tuple(
    f
    for f in LETTER_FIELDS
    if f not in MOVED_FIELDS and f not in ("name", "subject", "rule_set_code")
)


def _set_addressees(campaign: Campaign, fields: dict, actor) -> None:
    """Give the campaign the units and groups of ``fields`` (those not given stay as they are).
    The yearly campaign, and a campaign addressing every unit, names none. A change is recorded
    in the campaign's history with who and when."""
    if campaign.kind == CampaignKind.REGULAR or campaign.addresses_all_units:
        wanted = {name: set() for name in ADDRESSEE_FIELDS}
    else:
        wanted = {
            name: {obj.pk for obj in fields[name]} for name in ADDRESSEE_FIELDS if name in fields
        }
    campaign._history_user = actor
    for name, pks in wanted.items():
        related = getattr(campaign, name)
        if set(related.values_list("pk", flat=True)) != pks:
            related.set(pks)


def _regular_year_taken(year: int, kind: str, exclude_pk=None) -> bool:
    if kind != CampaignKind.REGULAR:
        return False
    taken = Campaign.objects.filter(year=year, kind=CampaignKind.REGULAR)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    return taken.exists()


def _year_taken_error(year: int) -> ApplicationError:
    return ApplicationError(
        _("There is already a regular campaign for %(year)s: open it, or make a thematic one.")
        % {"year": year}
    )


def _save_new(campaign: Campaign, actor) -> Campaign:
    """Insert a new draft; the one-regular-campaign-per-year constraint answers with a message."""
    if _regular_year_taken(campaign.year, campaign.kind):
        raise _year_taken_error(campaign.year)
    campaign._history_user = actor
    try:
        with transaction.atomic():
            campaign.save()
    except IntegrityError as error:  # two creations of the same year at once
        raise _year_taken_error(campaign.year) from error
    return campaign


@transaction.atomic
def campaign_create(*, year: int, kind: str, fields: dict, actor) -> Campaign:
    """A new draft written from scratch by the Department; what ``fields`` leaves out of the
    issuer, place, signer and lists comes from the organisation's data."""
    if not may(actor, "campaigns.create_campaign"):
        raise PermissionDenied
    errors = key_date_order_errors(fields) | thematic_window_errors(
        kind=kind, year=year, dates=fields
    )
    if errors:
        raise ApplicationError(" ".join(errors.values()))
    values = {
        **campaign_organisation_defaults(),
        **{f: fields[f] for f in LETTER_FIELDS if f in fields},
    }
    if kind == CampaignKind.REGULAR:
        values["addresses_all_units"] = True
    campaign = Campaign(year=year, kind=kind, status=CampaignStatus.DRAFT, **values)
    _save_new(campaign, actor)
    _set_addressees(campaign, fields, actor)
    return campaign


def _moved(day: date | None, years: int) -> date | None:
    """The same day ``years`` later; 29 February becomes 28 February in a common year."""
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _with_year(text: str, old: int, new: int) -> str:
    return re.sub(rf"\b{old}\b", str(new), text)


@transaction.atomic
def campaign_copy(*, source: Campaign, year: int, actor) -> Campaign:
    """A new draft for ``year`` made from ``source``: its letter frame, theme, sections I to IV
    (criteria included), place, signer, addressees and distribution list, its key dates moved
    by the difference of years. The issuer block (body, parent, symbol) is the organisation's
    current one: the body may have been renamed since. Its number, date, approval and
    everything of its own year (registrations, results, scores) stay behind."""
    if not may(actor, "campaigns.create_campaign"):
        raise PermissionDenied
    source = Campaign.objects.get(pk=source.pk)
    delta = year - source.year
    campaign = Campaign(
        year=year,
        kind=source.kind,
        status=CampaignStatus.DRAFT,
        name=_with_year(source.name, source.year, year),
        subject=_with_year(source.subject, source.year, year),
        **{**{f: getattr(source, f) for f in COPIED_FIELDS}, **campaign_issuer()},
        **{f: _moved(getattr(source, f), delta) for f in MOVED_FIELDS},
    )
    _save_new(campaign, actor)
    _set_addressees(
        campaign,
        {name: list(getattr(source, name).all()) for name in ADDRESSEE_FIELDS},
        actor,
    )
    for model in (CampaignContent, CampaignTask, ImplementationDuty):
        model.objects.bulk_create(
            model(campaign=campaign, position=item.position, text=item.text)
            for item in model.objects.filter(campaign=source).order_by("position")
        )
    Criterion.objects.bulk_create(
        Criterion(
            campaign=campaign,
            target=c.target,
            position=c.position,
            text=c.text,
            short_label=c.short_label,
        )
        for c in Criterion.objects.filter(campaign=source).order_by("target", "position")
    )
    return campaign


def _sync_criteria(campaign: Campaign, criteria) -> None:
    """``criteria``: (target, text, short label) in the letter's order; positions per target."""
    by_target = {target: [] for target in CriterionTarget.values}
    for target, text, short_label in criteria:
        by_target[target].append((text, short_label))
    for target, rows in by_target.items():
        for position, (text, short_label) in enumerate(rows, start=1):
            Criterion.objects.update_or_create(
                campaign=campaign,
                target=target,
                position=position,
                defaults={"text": text, "short_label": short_label},
            )
        Criterion.objects.filter(campaign=campaign, target=target, position__gt=len(rows)).delete()


def _refuse_if_approved(campaign: Campaign) -> None:
    if campaign.status not in EDITABLE:
        raise ApplicationError(
            _(
                "This letter is “%(status)s”: an approved letter is never edited. "
                "A later change needs an amending letter."
            )
            % {"status": campaign.get_status_display()}
        )


@transaction.atomic
def campaign_update_draft(
    *,
    campaign: Campaign,
    version: int,
    fields: dict,
    contents: list[str],
    tasks: list[str],
    duties: list[str],
    criteria: list[tuple[str, str, str]],
    actor,
) -> Campaign:
    """Save the draft's letter as the editor shows it. Refused (nothing saved) to anyone but the
    Department, once the letter is approved, and when someone else saved the draft since the
    editor was opened (``version`` is the version the editor read)."""
    locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if not may(actor, "campaigns.write_letter", locked):
        raise PermissionDenied
    _refuse_if_approved(locked)
    if version != locked.version:
        raise ApplicationError(
            _(
                "Someone else saved this draft while you were editing it. Your changes were "
                "not saved: reload the page to see theirs, then make yours again."
            )
        )
    dates = {**{f: getattr(locked, f) for f in MOVED_FIELDS}, **fields}
    errors = key_date_order_errors(dates) | thematic_window_errors(
        kind=locked.kind, year=locked.year, dates=dates
    )
    if errors:
        raise ApplicationError(" ".join(errors.values()))
    for field in LETTER_FIELDS:
        if field in fields:
            setattr(locked, field, fields[field])
    if locked.kind == CampaignKind.REGULAR:
        locked.addresses_all_units = True
    locked.version += 1
    locked._history_user = actor
    locked.save()
    _set_addressees(locked, fields, actor)
    _sync_items(CampaignContent, locked, contents)
    _sync_items(CampaignTask, locked, tasks)
    _sync_items(ImplementationDuty, locked, duties)
    _sync_criteria(locked, criteria)
    return locked


# --- The moves ------------------------------------------------------------------------------


def _record(actor, comment: str = ""):
    def record(campaign, from_status, _guarded):
        CampaignEvent.objects.create(
            campaign=campaign,
            from_status=from_status,
            to_status=campaign.status,
            actor=actor,
            comment=comment,
        )

    return record


def _move(campaign: Campaign, to: str, actor, *, comment: str = "", guard=None, apply=None):
    return transition(
        campaign,
        to,
        actor,
        workflow=CAMPAIGN_WORKFLOW,
        note=comment,
        guard=guard,
        apply=apply,
        record=_record(actor, comment.strip()),
    )


def campaign_submit(*, campaign: Campaign, actor) -> Campaign:
    """The Department sends the draft to the leadership (once: a second send is refused)."""
    return _move(campaign, CampaignStatus.SUBMITTED, actor)


def campaign_return(*, campaign: Campaign, actor, comment: str) -> Campaign:
    """The leadership sends the draft back to the Department, saying what to change."""
    if not may(actor, "campaigns.decide_campaign", campaign):
        raise PermissionDenied
    if not comment.strip():
        raise ApplicationError(_("Write a comment saying what the Department must change."))
    return _move(campaign, CampaignStatus.RETURNED, actor, comment=comment)


def register_next_number(symbol: str, year: int) -> str:
    """The next number of the yearly register of ``symbol`` (the register row stays locked)."""
    register, _created = LetterRegister.objects.get_or_create(symbol=symbol, year=year)
    register = LetterRegister.objects.select_for_update().get(pk=register.pk)
    register.last_number += 1
    register.save(update_fields=["last_number"])
    return str(register.last_number)


def register_note_number(symbol: str, year: int, number: str) -> None:
    """A number typed by hand is taken from the register too, so it is not given twice."""
    if not number.isdecimal():
        return
    register, _created = LetterRegister.objects.get_or_create(symbol=symbol, year=year)
    register = LetterRegister.objects.select_for_update().get(pk=register.pk)
    if int(number) > register.last_number:
        register.last_number = int(number)
        register.save(update_fields=["last_number"])


def campaign_approve(
    *,
    campaign: Campaign,
    actor,
    signer_title: str,
    signer_name: str,
    signer_authority: str = "",
    number: str = "",
    issued_on: date | None = None,
    comment: str = "",
    register: bool = True,
) -> Campaign:
    """The leadership approves the letter: it is stamped with who and when, the signer is
    confirmed, and the letter gets its date of issue (default today) and its number (the one
    typed, else the next of the yearly register of its symbol). ``register=False`` keeps a
    letter reproduced as published (the demo's 2021 letter) without number and date."""
    number = number.strip()

    def guard(locked):
        if not (signer_title.strip() and signer_name.strip()):
            raise ApplicationError(_("Confirm the signer's title and name."))
        if register and number:
            day = issued_on or timezone.localdate()
            if _number_taken(locked.symbol, number, day.year, campaign_pk=locked.pk):
                raise ApplicationError(
                    _("Number %(number)s/%(symbol)s is already used this year.")
                    % {"number": number, "symbol": locked.symbol}
                )

    def apply(locked):
        locked.signer_title = signer_title.strip()
        locked.signer_name = signer_name.strip()
        locked.signer_authority = signer_authority.strip()
        changed = ["signer_title", "signer_name", "signer_authority"]
        if register:
            locked.issued_on = issued_on or timezone.localdate()
            if number:
                register_note_number(locked.symbol, locked.issued_on.year, number)
                locked.number = number
            else:
                locked.number = register_next_number(locked.symbol, locked.issued_on.year)
            changed += ["number", "issued_on"]
        return changed

    return _move(
        campaign, CampaignStatus.APPROVED, actor, comment=comment, guard=guard, apply=apply
    )


def launch_errors(campaign: Campaign) -> list[str]:
    """Why the campaign cannot be launched yet; empty when it can."""
    errors = []
    if not campaign.criteria.exists():
        errors.append(_("The letter has no criteria (section III)."))
    if not campaign.addressees:
        errors.append(_("The letter has no addressees."))
    if not campaign.addresses_all_units and not addressed_units(campaign).exists():
        errors.append(_("The campaign addresses no unit: name its units, blocs or clusters."))
    missing = [f for f in KEY_DATE_FIELDS if getattr(campaign, f) is None]
    if missing:
        errors.append(_("Some key dates are missing."))
    dates = {f: getattr(campaign, f) for f in MOVED_FIELDS}
    errors += key_date_order_errors(dates).values()
    errors += thematic_window_errors(kind=campaign.kind, year=campaign.year, dates=dates).values()
    return errors


def campaign_launch(*, campaign: Campaign, actor) -> Campaign:
    """The Department launches the approved campaign; once committed, ``campaign_launched`` is
    sent so that the apps above can notify the addressed units."""

    def guard(locked):
        errors = launch_errors(locked)
        if errors:
            raise ApplicationError(
                _("The campaign cannot be launched: %(reasons)s") % {"reasons": " ".join(errors)}
            )

    # The signal is sent in the context of the launch (its context variables, such as the
    # demo loader's pause of e-mails), though after the commit.
    context = contextvars.copy_context()
    with transaction.atomic():
        launched = _move(campaign, CampaignStatus.LAUNCHED, actor, guard=guard)
        transaction.on_commit(
            lambda: context.run(
                campaign_launched.send, sender=Campaign, campaign=launched, actor=actor
            )
        )
    return launched


def campaign_close(*, campaign: Campaign, actor) -> Campaign:
    """The Department closes the campaign after the year's decisions."""
    return _move(campaign, CampaignStatus.CLOSED, actor)


def _number_taken(symbol: str, number: str, year: int, *, campaign_pk=None, amendment_pk=None):
    """Whether a letter of ``symbol`` issued in ``year`` (a campaign's or an amending one:
    they share the register) already has ``number``."""
    campaigns = Campaign.objects.filter(symbol=symbol, number=number, issued_on__year=year)
    amendments = CampaignAmendment.objects.filter(
        symbol=symbol, number=number, issued_on__year=year
    )
    if campaign_pk is not None:
        campaigns = campaigns.exclude(pk=campaign_pk)
    if amendment_pk is not None:
        amendments = amendments.exclude(pk=amendment_pk)
    return campaigns.exists() or amendments.exists()


# --- After approval: the signed scan ----------------------------------------------------------

SIGNED_SCAN_MAX_BYTES = 20 * 1024 * 1024  # settings.SIGNED_SCAN_MAX_BYTES overrides
PDF_MAGIC = b"%PDF-"


def _clean_file_name(name: str, limit: int = 255) -> str:
    """The uploaded name without folders or control characters, at most ``limit`` long."""
    name = PurePath((name or "").replace("\\", "/")).name
    name = "".join(ch for ch in unicodedata.normalize("NFC", name) if ch.isprintable()).strip()
    return name[-limit:] or "scan.pdf"


def _refuse_unless_issued(campaign: Campaign, actor, rule: str, message: str) -> None:
    """PermissionDenied to a role that may not do it; to the Department, before approval,
    ``message``."""
    if may(actor, rule, campaign):
        return
    if campaign.status not in ISSUED and may(actor, "campaigns.write_letter", campaign):
        raise ApplicationError(message)
    raise PermissionDenied


@transaction.atomic
def signed_scan_attach(*, campaign: Campaign, actor, uploaded_file) -> SignedScan:
    """The Department attaches the signed scan of the approved letter: a PDF (by its content,
    not its name) of bounded size, stored under MEDIA_ROOT with a generated name. A later scan
    is added beside the earlier ones, which stay; the newest is in force."""
    locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _refuse_unless_issued(
        locked,
        actor,
        "campaigns.attach_signed_scan",
        _("The signed scan can be attached only once the leadership has approved the letter."),
    )
    if uploaded_file is None:
        raise ApplicationError(_("Choose the PDF file of the signed letter."))
    name = _clean_file_name(uploaded_file.name)
    max_bytes = getattr(settings, "SIGNED_SCAN_MAX_BYTES", SIGNED_SCAN_MAX_BYTES)
    if not uploaded_file.size:
        raise ApplicationError(_("“%(name)s” is empty.") % {"name": name})
    if uploaded_file.size > max_bytes:
        raise ApplicationError(
            _("“%(name)s” is larger than %(size)s.")
            % {"name": name, "size": filesizeformat(max_bytes)}
        )
    uploaded_file.seek(0)
    head = uploaded_file.read(len(PDF_MAGIC))
    uploaded_file.seek(0)
    if head != PDF_MAGIC:
        raise ApplicationError(
            _("“%(name)s” is not a PDF file. Attach the signed letter scanned as a PDF.")
            % {"name": name}
        )
    scan = SignedScan(
        campaign=locked, original_name=name, size=uploaded_file.size, uploaded_by=actor
    )
    scan.file.save(f"{uuid4().hex}.pdf", uploaded_file, save=False)
    stored, storage = scan.file.name, scan.file.storage
    scan._history_user = actor
    try:
        scan.save()
    except Exception:
        storage.delete(stored)  # the file of a row that was never written
        raise
    return scan


# --- After approval: the amending letters -----------------------------------------------------

AMENDMENT_FIELDS = (
    "kind",
    "issuing_body_parent",
    "issuing_body",
    "symbol",
    "place",
    "subject",
    "addressees",
    "reference_paragraph",
    "paragraphs",
    "distribution_list",
    "signer_authority",
    "signer_title",
    "signer_name",
)


def _refuse_approved_amendment(amendment: CampaignAmendment) -> None:
    if amendment.status not in AMENDMENT_EDITABLE:
        raise ApplicationError(
            _(
                "This amending letter is “%(status)s”: it is never edited. A later change "
                "needs another amending letter."
            )
            % {"status": amendment.get_status_display()}
        )


@transaction.atomic
def amendment_create(*, campaign: Campaign, fields: dict, actor) -> CampaignAmendment:
    """The Department drafts an amending letter of an approved (launched, closed) campaign."""
    locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
    _refuse_unless_issued(
        locked,
        actor,
        "campaigns.draft_amendment",
        _("Only an approved letter gets an amending letter; this one can still be edited."),
    )
    amendment = CampaignAmendment(
        campaign=locked,
        status=AmendmentStatus.DRAFT,
        **{f: fields[f] for f in AMENDMENT_FIELDS if f in fields},
    )
    amendment._history_user = actor
    amendment.save()
    return amendment


@transaction.atomic
def amendment_update_draft(
    *, amendment: CampaignAmendment, version: int, fields: dict, actor
) -> CampaignAmendment:
    """Save the amending letter's draft. Refused (nothing saved) to anyone but the Department,
    once it is sent or approved, and when someone else saved it since ``version`` was read."""
    locked = CampaignAmendment.objects.select_for_update().get(pk=amendment.pk)
    if not may(actor, "campaigns.submit_amendment", locked):
        raise PermissionDenied
    _refuse_approved_amendment(locked)
    if version != locked.version:
        raise ApplicationError(
            _(
                "Someone else saved this draft while you were editing it. Your changes were "
                "not saved: reload the page to see theirs, then make yours again."
            )
        )
    for field in AMENDMENT_FIELDS:
        if field in fields:
            setattr(locked, field, fields[field])
    locked.version += 1
    locked._history_user = actor
    locked.save()
    return locked


def _amendment_move(
    amendment: CampaignAmendment, to: str, actor, *, comment: str = "", guard=None, apply=None
):
    def record(locked, from_status, _guarded):
        AmendmentEvent.objects.create(
            amendment=locked,
            from_status=from_status,
            to_status=locked.status,
            actor=actor,
            comment=comment.strip(),
        )

    return transition(
        amendment,
        to,
        actor,
        workflow=AMENDMENT_WORKFLOW,
        note=comment,
        guard=guard,
        apply=apply,
        record=record,
    )


def amendment_submit(*, amendment: CampaignAmendment, actor) -> CampaignAmendment:
    """The Department sends the amending letter to the leadership."""

    def guard(locked):
        if not (locked.subject.strip() and (locked.paragraphs or locked.reference_paragraph)):
            raise ApplicationError(_("Write the amending letter's subject and its text first."))

    return _amendment_move(amendment, AmendmentStatus.SUBMITTED, actor, guard=guard)


def amendment_return(*, amendment: CampaignAmendment, actor, comment: str) -> CampaignAmendment:
    """The leadership sends the amending letter back to the Department, saying what to change."""
    if not may(actor, "campaigns.decide_amendment", amendment):
        raise PermissionDenied
    if not comment.strip():
        raise ApplicationError(_("Write a comment saying what the Department must change."))
    return _amendment_move(amendment, AmendmentStatus.RETURNED, actor, comment=comment)


def amendment_approve(
    *,
    amendment: CampaignAmendment,
    actor,
    signer_title: str,
    signer_name: str,
    signer_authority: str = "",
    number: str = "",
    issued_on: date | None = None,
    comment: str = "",
) -> CampaignAmendment:
    """The leadership approves the amending letter: the signer is confirmed and it gets its date
    of issue (default today) and its number (the one typed, noted in the register, else the
    next of the yearly register of its symbol, the register the campaigns' letters use)."""
    number = number.strip()
    day = issued_on or timezone.localdate()

    def guard(locked):
        if not (signer_title.strip() and signer_name.strip()):
            raise ApplicationError(_("Confirm the signer's title and name."))
        original = locked.campaign.issued_on
        if original and day < original:
            raise ApplicationError(
                _("An amending letter cannot be dated before the letter it amends (%(date)s).")
                % {"date": original.strftime("%d/%m/%Y")}
            )
        if number and _number_taken(locked.symbol, number, day.year, amendment_pk=locked.pk):
            raise ApplicationError(
                _("Number %(number)s/%(symbol)s is already used this year.")
                % {"number": number, "symbol": locked.symbol}
            )

    def apply(locked):
        locked.signer_title = signer_title.strip()
        locked.signer_name = signer_name.strip()
        locked.signer_authority = signer_authority.strip()
        locked.issued_on = day
        if number:
            register_note_number(locked.symbol, day.year, number)
            locked.number = number
        else:
            locked.number = register_next_number(locked.symbol, day.year)
        return ["signer_title", "signer_name", "signer_authority", "number", "issued_on"]

    return _amendment_move(
        amendment, AmendmentStatus.APPROVED, actor, comment=comment, guard=guard, apply=apply
    )

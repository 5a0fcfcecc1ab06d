"""Campaigns with their launch letter (Decree 30 parts, sections I–IV and the criteria); the
workflow moves them through the real services (``launched``)."""

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from campaigns.models import (
    Campaign,
    CampaignContent,
    CampaignKind,
    CampaignStatus,
    CampaignTask,
    ImplementationDuty,
)
from campaigns.services import campaign_approve, campaign_launch, campaign_submit
from criteria.models import CriterionTarget

from .criteria import CriterionFactory


def _today():
    return timezone.localdate()


class _LetterItemFactory(DjangoModelFactory):
    campaign = factory.SubFactory("tests.factories.campaigns.CampaignFactory")
    position = factory.Sequence(lambda n: n + 1)


class CampaignContentFactory(_LetterItemFactory):
    class Meta:
        model = CampaignContent

    text = factory.LazyAttribute(lambda i: f"Nội dung thi đua thứ {i.position}.")


class CampaignTaskFactory(_LetterItemFactory):
    class Meta:
        model = CampaignTask

    text = factory.LazyAttribute(lambda i: f"Nhiệm vụ, giải pháp thứ {i.position}.")


class ImplementationDutyFactory(_LetterItemFactory):
    class Meta:
        model = ImplementationDuty

    text = factory.LazyAttribute(lambda i: f"Trách nhiệm tổ chức thực hiện thứ {i.position}.")


def _items(factory_class, count, **extra):
    """``count`` items of one section of the letter, numbered from 1 (pass another count,
    e.g. ``CampaignFactory(tasks=0)``)."""

    def make(campaign, create, extracted, **overrides):
        if not create:
            return
        size = count if extracted is None else extracted
        for position in range(1, size + 1):
            factory_class(campaign=campaign, position=position, **{**extra, **overrides})

    return factory.PostGeneration(make)


class CampaignFactory(DjangoModelFactory):
    """A regular campaign of this year in draft, its letter complete (every part a launch
    needs), with three collective, two individual and one unit-head criteria. Its key dates
    keep every journey open, as the demo's do (``demo.loader.demo_key_dates``)."""

    class Meta:
        model = Campaign
        skip_postgeneration_save = True

    year = factory.LazyFunction(lambda: _today().year)
    kind = CampaignKind.REGULAR
    name = factory.LazyAttribute(lambda c: f"Phong trào thi đua năm {c.year}")
    theme = "Đoàn kết, kỷ cương, đổi mới, sáng tạo, hoàn thành xuất sắc nhiệm vụ"
    issuing_body = "BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG"
    symbol = "BTNMT-TĐKT"
    subject = factory.LazyAttribute(lambda c: f"V/v phát động phong trào thi đua năm {c.year}")
    place = "Hà Nội"
    addressees = ["Các đơn vị trực thuộc Bộ", "Sở Tài nguyên và Môi trường các tỉnh"]
    opening_paragraphs = ["Thực hiện Luật Thi đua, khen thưởng, Bộ phát động phong trào thi đua."]
    contents_heading = "I. NỘI DUNG THI ĐUA"
    tasks_heading = "II. NHIỆM VỤ, GIẢI PHÁP CHỦ YẾU"
    criteria_heading = "III. TIÊU CHÍ THI ĐUA"
    collective_criteria_heading = "1. Đối với tập thể"
    individual_criteria_heading = "2. Đối với cá nhân"
    implementation_heading = "IV. TỔ CHỨC THỰC HIỆN"
    closing_call = "Bộ kêu gọi các đơn vị hưởng ứng phong trào thi đua."
    distribution_list = ["Như trên", "Lưu: VT, TĐKT&TT"]
    signer_authority = "KT. BỘ TRƯỞNG"
    signer_title = "THỨ TRƯỞNG"
    signer_name = "Lê Minh Ngân"
    registration_deadline = factory.LazyFunction(lambda: _today() + timedelta(days=45))
    midyear_opens_on = factory.LazyFunction(lambda: _today() - timedelta(days=7))
    midyear_report_date = factory.LazyFunction(lambda: _today() + timedelta(days=75))
    year_end_opens_on = factory.LazyFunction(lambda: _today() + timedelta(days=90))
    year_end_report_date = factory.LazyFunction(lambda: _today() + timedelta(days=130))

    contents = _items(CampaignContentFactory, 2)
    tasks = _items(CampaignTaskFactory, 2)
    duties = _items(ImplementationDutyFactory, 2)
    collective_criteria = _items(CriterionFactory, 3, target=CriterionTarget.COLLECTIVE)
    individual_criteria = _items(CriterionFactory, 2, target=CriterionTarget.INDIVIDUAL)
    unit_head_criteria = _items(CriterionFactory, 1, target=CriterionTarget.UNIT_HEAD)


def launched(campaign: Campaign, *, reviewer, minister) -> Campaign:
    """The campaign's letter through the workflow, as the demo's: the Department sends it, the
    Minister approves it (number and date from the register), the Department launches it."""
    if campaign.status == CampaignStatus.DRAFT:
        campaign = campaign_submit(campaign=campaign, actor=reviewer)
    if campaign.status == CampaignStatus.SUBMITTED:
        campaign = campaign_approve(
            campaign=campaign,
            actor=minister,
            signer_title=campaign.signer_title,
            signer_name=campaign.signer_name,
            signer_authority=campaign.signer_authority,
        )
    if campaign.status == CampaignStatus.APPROVED:
        campaign = campaign_launch(campaign=campaign, actor=reviewer)
    return campaign

"""The campaign's pages: who sees them, and what each button does."""

import pytest
from django.test import Client
from django.urls import reverse

from campaigns.models import Campaign, CampaignStatus
from campaigns.services import campaign_copy, campaign_submit

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def draft(demo):
    return campaign_copy(source=Campaign.objects.get(year=2021), year=2027, actor=demo["reviewer"])


def _editor_data(client, campaign):
    """The editor's form as the browser sends it, unchanged."""
    from tests.test_superuser_is_not_an_actor import read_form

    url = reverse("campaigns:edit", args=[campaign.pk])
    return read_form(client, url, url)


def test_a_unit_head_gets_a_404_for_a_draft_and_its_pdf(demo, draft):
    client = _client(demo["unit_head"])
    for name in ("campaigns:detail", "campaigns:letter_pdf", "campaigns:edit", "campaigns:decide"):
        assert client.get(reverse(name, args=[draft.pk])).status_code == 404, name
    assert client.get(reverse("campaigns:create")).status_code == 404


def test_the_minister_reads_a_draft_but_cannot_edit_it(demo, draft):
    client = _client(demo["minister"])
    assert client.get(reverse("campaigns:detail", args=[draft.pk])).status_code == 200
    assert client.get(reverse("campaigns:edit", args=[draft.pk])).status_code == 404


def test_the_list_offers_the_department_to_create(demo):
    page = _client(demo["reviewer"]).get(reverse("campaigns:list"))
    assert reverse("campaigns:create") in page.content.decode()
    page = _client(demo["minister"]).get(reverse("campaigns:list"))
    assert reverse("campaigns:create") not in page.content.decode()


def test_copy_from_the_page_and_again_is_a_message_not_a_500(demo):
    client = _client(demo["reviewer"])
    source = Campaign.objects.get(year=2021)
    data = {"source": source.pk, "year": 2029}
    first = client.post(reverse("campaigns:copy"), data)
    copy = Campaign.objects.get(year=2029)
    assert first["Location"] == reverse("campaigns:edit", args=[copy.pk])
    again = client.post(reverse("campaigns:copy"), data, follow=True)
    assert [m.level_tag for m in again.context["messages"]][-1] == "error"
    assert Campaign.objects.filter(year=2029).count() == 1


def test_the_editor_saves_and_a_second_stale_save_is_refused(demo, draft):
    first, second = _client(demo["reviewer"]), _client(demo["reviewer2"])
    form_a, form_b = _editor_data(first, draft), _editor_data(second, draft)
    form_a.set("theme", "Chủ đề của người thứ nhất")
    form_a.set("criteria-0-text", "Tiêu chí đã sửa")
    assert first.post(reverse("campaigns:edit", args=[draft.pk]), form_a.data()).status_code == 302
    form_b.set("theme", "Chủ đề của người thứ hai")
    refused = second.post(reverse("campaigns:edit", args=[draft.pk]), form_b.data())
    assert refused.status_code == 409
    assert [m.level_tag for m in refused.context["messages"]] == ["error"]
    draft.refresh_from_db()
    assert draft.theme == "Chủ đề của người thứ nhất"
    assert draft.criteria.order_by("target", "position").first().text == "Tiêu chí đã sửa"


def test_the_editor_removes_and_reorders_items(demo, draft):
    client = _client(demo["reviewer"])
    tasks = list(draft.tasks.values_list("text", flat=True))
    form = _editor_data(client, draft)
    form.set("tasks-0-ORDER", 99)
    form.set("tasks-1-DELETE", "on")
    client.post(reverse("campaigns:edit", args=[draft.pk]), form.data())
    assert list(draft.tasks.values_list("text", flat=True)) == [*tasks[2:], tasks[0]]


def test_an_approved_letters_editor_sends_back_to_the_campaign(demo, draft):
    campaign_submit(campaign=draft, actor=demo["reviewer"])
    Campaign.objects.filter(pk=draft.pk).update(status=CampaignStatus.APPROVED)
    response = _client(demo["reviewer"]).get(reverse("campaigns:edit", args=[draft.pk]))
    assert response.status_code == 302


def test_the_buttons_move_the_campaign(demo, draft):
    reviewer, minister = _client(demo["reviewer"]), _client(demo["minister"])
    reviewer.post(reverse("campaigns:submit", args=[draft.pk]))
    assert Campaign.objects.get(pk=draft.pk).status == "submitted"
    returned = minister.post(
        reverse("campaigns:decide", args=[draft.pk]),
        {"action": "return", "signer_title": "BỘ TRƯỞNG", "signer_name": "X", "comment": ""},
    )
    assert returned.status_code == 400
    minister.post(
        reverse("campaigns:decide", args=[draft.pk]),
        {
            "action": "approve",
            "signer_title": "BỘ TRƯỞNG",
            "signer_name": "Trần Hồng Hà",
            "signer_authority": "",
            "number": "",
            "issued_on": "05/01/2027",
        },
    )
    approved = Campaign.objects.get(pk=draft.pk)
    assert (approved.status, approved.issued_on.isoformat()) == ("approved", "2027-01-05")
    reviewer.post(reverse("campaigns:launch", args=[draft.pk]))
    assert Campaign.objects.get(pk=draft.pk).status == "launched"
    assert (
        _client(demo["unit_head"]).get(reverse("campaigns:detail", args=[draft.pk])).status_code
        == 200
    )


def test_the_draft_names_its_rule_set_by_name_and_a_copy_follows_its_own_year(demo, draft):
    client = _client(demo["reviewer"])
    page = client.get(reverse("campaigns:edit", args=[draft.pk])).content.decode()
    assert "Luật TĐKT 06/2022/QH15, Nghị định 98/2023/NĐ-CP" in page and "(2024–2024)" in page
    assert "Nghị định 152/2025/NĐ-CP" in page and "(2025–)" in page
    assert ">A_2017<" not in page and ">B_2024<" not in page and ">C_2025<" not in page
    form = _editor_data(client, draft)
    form.set("rule_set_code", "A_2017")
    assert client.post(reverse("campaigns:edit", args=[draft.pk]), form.data()).status_code == 302
    draft.refresh_from_db()
    assert draft.rule_set_code == "A_2017"
    detail = client.get(draft.get_absolute_url()).content.decode()
    assert "Nghị định 91/2017/NĐ-CP" in detail.split('data-testid="campaign-rule-set"')[1][:400]
    # A copy into another year goes back to the rule set of that year.
    copy = campaign_copy(source=draft, year=2028, actor=demo["reviewer"])
    assert copy.rule_set_code == ""

"""The load test's accounts (tests/load/): each can sign in, each unit head heads another unit."""

import json

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from demo.scale import scale_units
from registrations.selectors.deadlines import registering_units
from units.models import Role, UserRole

pytestmark = pytest.mark.django_db


def _accounts(tmp_path, **options) -> dict:
    output = tmp_path / "accounts.json"
    call_command("loadtest_accounts", output=str(output), **options)
    return json.loads(output.read_text(encoding="utf-8"))


def _can_sign_in(username, password) -> bool:
    # django-axes asks for the sign-in request (its address counts the wrong passwords).
    return (
        authenticate(RequestFactory().post("/dang-nhap/"), username=username, password=password)
        is not None
    )


def _roles(usernames) -> list[UserRole]:
    return list(UserRole.objects.filter(user__username__in=usernames).select_related("unit"))


def test_on_the_demo_data_every_registering_unit_gets_its_own_head(tmp_path):
    accounts = _accounts(tmp_path, reviewers=2, ministers=1)

    heads = _roles(accounts["unit_head"])
    assert len(heads) == len(accounts["unit_head"]) == registering_units().count()
    assert {role.role for role in heads} == {Role.UNIT_HEAD}
    assert len({role.unit_id for role in heads}) == len(heads)
    assert [r.role for r in _roles(accounts["reviewer"])] == [Role.REVIEWER] * 4
    assert [r.role for r in _roles(accounts["minister"])] == [Role.MINISTER] * 2
    for username in (accounts["unit_head"][0], accounts["reviewer"][-1], "minister"):
        assert _can_sign_in(username, accounts["password"])


def test_a_second_run_creates_nothing_more(tmp_path):
    first = _accounts(tmp_path, reviewers=2, ministers=1)
    count = UserRole.objects.count()

    assert _accounts(tmp_path, reviewers=2, ministers=1) == first
    assert UserRole.objects.count() == count


def test_on_seeded_data_the_heads_are_those_of_the_seeded_units(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    call_command("seed_scale", scale=0.04, without_demo=True)

    accounts = _accounts(tmp_path, reviewers=0, ministers=0)

    heads = _roles(accounts["unit_head"])
    assert sorted(role.unit_id for role in heads) == sorted(
        scale_units().values_list("pk", flat=True)
    )
    assert _can_sign_in(accounts["unit_head"][0], accounts["password"])

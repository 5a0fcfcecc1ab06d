"""Two reviewers deciding on the same submission at the same moment, on PostgreSQL."""

import threading

import pytest
from django.db import connection

from emulation_portal.exceptions import ApplicationError
from registrations.models import Registration, RegistrationEvent
from registrations.services.registrations import registration_transition
from registrations.workflow import Status


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("second", [Status.APPROVED, Status.RETURNED])
def test_two_concurrent_decisions_apply_exactly_once(postgresql, small_portal, second):
    users = small_portal
    registration = Registration.objects.get(unit=users["unit_head2"].portal_role.unit)
    registration_transition(
        registration=registration, to=Status.SUBMITTED, actor=users["unit_head2"]
    )
    start = threading.Barrier(2)
    outcomes = []

    def decide(user, to):
        try:
            start.wait()
            registration_transition(
                registration=Registration.objects.get(pk=registration.pk),
                to=to,
                actor=user,
                note="Trả lại để bổ sung",
            )
            outcomes.append("applied")
        except ApplicationError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=decide, args=(users["reviewer"], Status.APPROVED)),
        threading.Thread(target=decide, args=(users["reviewer2"], second)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    decisions = RegistrationEvent.objects.filter(
        registration=registration, to_status__in=[Status.APPROVED, Status.RETURNED]
    )
    registration.refresh_from_db()
    assert sorted(outcomes) == ["applied", "refused"]
    assert decisions.count() == 1
    assert registration.status == decisions.get().to_status
    assert registration.version == (1 if registration.status == Status.APPROVED else 0)

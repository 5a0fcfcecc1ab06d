import pytest

from .flaky_backend import FlakyBackend


@pytest.fixture
def flaky_mail(settings):
    """Mail goes to ``mail.outbox``, except the attempts given to ``fail(*attempts)`` (counted
    from 1), which the server refuses with an SMTP error."""
    settings.EMAIL_BACKEND = "tests.notifications.flaky_backend.FlakyBackend"
    FlakyBackend.attempts = 0

    def fail(*attempts):
        FlakyBackend.failing_attempts = set(attempts)

    yield fail
    FlakyBackend.failing_attempts = set()

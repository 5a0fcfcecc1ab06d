"""Sign-in and accounts: the page a locked-out sign-in gets, and the password reset e-mail.

Locking out is django-axes's (settings AXES_*); changing and resetting a password are Django's
own views with the portal's templates (emulation_portal/urls.py).
"""

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.urls import reverse_lazy


def lockout_response(request, original_response, credentials):
    """AXES_LOCKOUT_CALLABLE: the lockout page, saying when the account may try again.

    Each attempt while locked starts the wait again (axes' default), so the lock ends one
    cool-off after this attempt."""
    retry_at = request.axes_attempt_time + get_cool_off(request)
    return render(
        request,
        "registration/locked_out.html",
        {"retry_at": retry_at, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset by e-mail; the link starts from PORTAL_BASE_URL, as the portal's other
    e-mails do, rather than from whatever host the request named."""

    template_name = "registration/password_reset_form.html"
    subject_template_name = "registration/password_reset_subject.txt"
    email_template_name = "registration/password_reset_email.html"
    html_email_template_name = "emails/password_reset.html"
    success_url = reverse_lazy("password_reset_done")

    @property
    def extra_email_context(self):
        return {"portal_base_url": settings.PORTAL_BASE_URL.rstrip("/")}

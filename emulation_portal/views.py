from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseForbidden
from django.middleware.csrf import REASON_NO_CSRF_COOKIE, REASON_NO_REFERER
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.views.generic import TemplateView

from units.roles import actor_for


class HomeView(LoginRequiredMixin, TemplateView):
    """Sends each role to its place; a user without a role is told to ask for one."""

    template_name = "home_no_role.html"

    def get(self, request, *args, **kwargs):
        actor = actor_for(request.user)
        if actor.is_unit_head:
            return redirect("units:my_unit")
        if actor.is_minister:  # the Minister comes to read the reports
            return redirect("reports:reading_room")
        if actor.is_reviewer:
            return redirect("reports:dashboard")
        if actor.is_administrator:
            return redirect("admin:index")
        return super().get(request, *args, **kwargs)


def csrf_failure(request, reason=""):
    """The refused form's page (403_csrf.html), with a hint when the browser withheld what the
    check needs; Django's own view gives a project's template no reason.

    Drawn without the request, as the other failure pages: no context processor runs.
    """
    context = {
        "no_cookie": reason == REASON_NO_CSRF_COOKIE,
        "no_referer": reason == REASON_NO_REFERER,
    }
    return HttpResponseForbidden(render_to_string("403_csrf.html", context))

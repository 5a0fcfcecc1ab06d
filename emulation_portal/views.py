from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.views.generic import TemplateView

from units.roles import actor_for


class HomeView(LoginRequiredMixin, TemplateView):
    """Sends each role to its place; a user without a role is told to ask for one."""

    template_name = "home_no_role.html"

    def get(self, request, *args, **kwargs):
        actor = actor_for(request.user)
        if actor.is_unit_head:
            return redirect("units:my_unit")
        if actor.is_reviewer or actor.is_minister:
            return redirect("reports:dashboard")
        if actor.is_administrator:
            return redirect("admin:index")
        return super().get(request, *args, **kwargs)

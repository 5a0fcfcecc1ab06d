from .roles import actor_for


def portal_role(request):
    # An error raised before AuthenticationMiddleware (a disallowed host) has no request.user.
    return {"actor": actor_for(getattr(request, "user", None))}

"""What the admin site may do with workflow records: show them, and no more.

Registrations, reports, scores, proposals, ballots, decisions, their events and the e-mail log
change only through the portal's services, which ask the actor's role, keep the events and
history, and send the e-mails. The administrator, a superuser, would pass any permission the
admin asks for; these mixins answer no whoever asks.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin


class NoRevertMixin:
    """No "Revert" from a model's history (django-simple-history). It saves the earlier version
    whole, the fields shown read only included (a status, key dates), and checks only the
    right to view."""

    def revert_disabled(self, request, obj=None):
        return True

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class ReadOnlyAdminMixin(NoRevertMixin):
    """A model admin (or inline) that shows its rows and never adds, changes or deletes one.

    With ``allows_add`` new rows may be entered (facts of the years before the portal), but a
    saved row still stays as it is. The list then offers no "delete selected" action, the
    change page is a read-only view, and the change and delete URLs answer 403.
    """

    allows_add = False

    def has_add_permission(self, request, *args):
        return self.allows_add and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        # Django already shows a saved row read only when it cannot be changed; the history's
        # "revert" form (django-simple-history) does not, so every field is named here. An
        # inline's ``obj`` is its parent: the rows it may add must stay editable.
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is None or isinstance(self, admin.options.InlineModelAdmin):
            return readonly
        meta = self.model._meta
        fields = [f.name for f in (*meta.concrete_fields, *meta.many_to_many) if f.editable]
        return readonly + [name for name in fields if name not in readonly]


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    pass


class ReadOnlyHistoryAdmin(ReadOnlyAdminMixin, SimpleHistoryAdmin):
    """Read only, with the row's history (who changed what through the portal)."""


class AppendOnlyAdmin(ReadOnlyHistoryAdmin):
    """New rows may be entered; the history keeps who entered each."""

    allows_add = True


class ReadOnlyTabularInline(ReadOnlyAdminMixin, admin.TabularInline):
    extra = 0
    can_delete = False


class AppendOnlyTabularInline(ReadOnlyTabularInline):
    allows_add = True

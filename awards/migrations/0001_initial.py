"""The commendation leaves campaigns: its models keep their tables and rows (state only), and
their content types take the new app label so that admin log entries and permissions follow."""

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models


MOVED = (
    "agendaitem",
    "ballot",
    "councilmember",
    "councilsession",
    "decision",
    "decisionitem",
    "historicalagendaitem",
    "historicalballot",
    "historicalcouncilmember",
    "historicalcouncilsession",
    "historicalproposal",
    "historicalproposalitem",
    "historicalsessionmember",
    "proposal",
    "proposalevent",
    "proposalitem",
    "sessionmember",
)


def _relabel(apps, old, new):
    ContentType = apps.get_model("contenttypes", "ContentType")
    taken = set(
        ContentType.objects.filter(app_label=new, model__in=MOVED).values_list("model", flat=True)
    )
    ContentType.objects.filter(app_label=old, model__in=set(MOVED) - taken).update(app_label=new)


def content_types_to_awards(apps, schema_editor):
    _relabel(apps, "campaigns", "awards")


def content_types_to_campaigns(apps, schema_editor):
    _relabel(apps, "awards", "campaigns")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("campaigns", "0003_awards"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("criteria", "0001_initial"),
        ("registrations", "0006_outbox"),
        ("units", "0004_awarded_title_history"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="CouncilMember",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="created at"),
                        ),
                        (
                            "updated_at",
                            models.DateTimeField(auto_now=True, verbose_name="updated at"),
                        ),
                        ("full_name", models.CharField(max_length=150, verbose_name="full name")),
                        ("position", models.CharField(max_length=255, verbose_name="position")),
                        (
                            "role",
                            models.CharField(
                                choices=[
                                    ("chair", "Chair"),
                                    ("vice_chair", "Vice-chair"),
                                    ("standing", "Standing member"),
                                    ("member", "Member"),
                                    ("secretary", "Member and secretary"),
                                ],
                                default="member",
                                max_length=16,
                                verbose_name="role in the council",
                            ),
                        ),
                        (
                            "order",
                            models.PositiveSmallIntegerField(default=0, verbose_name="order"),
                        ),
                        ("is_active", models.BooleanField(default=True, verbose_name="active")),
                        ("is_demo", models.BooleanField(default=False, verbose_name="demo data")),
                    ],
                    options={
                        "verbose_name": "council member",
                        "verbose_name_plural": "council members",
                        "db_table": "campaigns_councilmember",
                        "ordering": ["order", "full_name"],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(
                                    (
                                        "role__in",
                                        ["chair", "vice_chair", "standing", "member", "secretary"],
                                    )
                                ),
                                name="council_member_role_valid",
                            )
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="CouncilSession",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="created at"),
                        ),
                        (
                            "updated_at",
                            models.DateTimeField(auto_now=True, verbose_name="updated at"),
                        ),
                        ("held_on", models.DateField(verbose_name="meeting date")),
                        ("place", models.CharField(max_length=255, verbose_name="place")),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("preparing", "Being prepared"),
                                    ("closed", "Results published"),
                                ],
                                default="preparing",
                                max_length=12,
                                verbose_name="status",
                            ),
                        ),
                        ("rule_set_code", models.CharField(max_length=20, verbose_name="rule set")),
                        (
                            "threshold_percent",
                            models.DecimalField(
                                decimal_places=2,
                                max_digits=5,
                                verbose_name="approval threshold (percent of all members)",
                            ),
                        ),
                        (
                            "closed_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="results published at"
                            ),
                        ),
                        (
                            "campaign",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="council_sessions",
                                to="campaigns.campaign",
                            ),
                        ),
                        (
                            "closed_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="results published by",
                            ),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="created by",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "council session",
                        "verbose_name_plural": "council sessions",
                        "db_table": "campaigns_councilsession",
                        "ordering": ["-held_on", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="Ballot",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "members_count",
                            models.PositiveSmallIntegerField(verbose_name="council members"),
                        ),
                        ("approvals", models.PositiveSmallIntegerField(verbose_name="approvals")),
                        (
                            "percent",
                            models.DecimalField(
                                decimal_places=2, max_digits=5, verbose_name="approval (%)"
                            ),
                        ),
                        (
                            "threshold_percent",
                            models.DecimalField(
                                decimal_places=2, max_digits=5, verbose_name="threshold (%)"
                            ),
                        ),
                        ("passed", models.BooleanField(verbose_name="passed")),
                        (
                            "reason",
                            models.TextField(blank=True, verbose_name="reason for the correction"),
                        ),
                        (
                            "recorded_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="recorded at"
                            ),
                        ),
                        (
                            "corrects",
                            models.OneToOneField(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="correction",
                                to="awards.ballot",
                                verbose_name="corrects",
                            ),
                        ),
                        (
                            "recorded_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="recorded by",
                            ),
                        ),
                        (
                            "session",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="ballots",
                                to="awards.councilsession",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "ballot result",
                        "verbose_name_plural": "ballot results",
                        "db_table": "campaigns_ballot",
                        "ordering": ["session", "item", "recorded_at", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="Decision",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="created at"),
                        ),
                        (
                            "updated_at",
                            models.DateTimeField(auto_now=True, verbose_name="updated at"),
                        ),
                        (
                            "number",
                            models.CharField(
                                help_text="e.g. 123/QĐ-BTNMT",
                                max_length=50,
                                unique=True,
                                verbose_name="number and symbol",
                            ),
                        ),
                        ("signed_on", models.DateField(verbose_name="date signed")),
                        (
                            "place",
                            models.CharField(
                                default="Hà Nội", max_length=100, verbose_name="place"
                            ),
                        ),
                        (
                            "issuing_body",
                            models.CharField(max_length=255, verbose_name="issuing body"),
                        ),
                        ("subject", models.CharField(max_length=500, verbose_name="subject")),
                        (
                            "decided_by",
                            models.CharField(
                                help_text="Written into the title history of everyone awarded.",
                                max_length=255,
                                verbose_name="decided by",
                            ),
                        ),
                        ("legal_bases", models.JSONField(default=list, verbose_name="legal bases")),
                        (
                            "signer_authority",
                            models.CharField(
                                blank=True, max_length=100, verbose_name="signing authority"
                            ),
                        ),
                        (
                            "signer_title",
                            models.CharField(max_length=255, verbose_name="signer's title"),
                        ),
                        (
                            "signer_name",
                            models.CharField(max_length=255, verbose_name="signer's name"),
                        ),
                        (
                            "distribution_list",
                            models.JSONField(default=list, verbose_name="distribution list"),
                        ),
                        (
                            "correction_reason",
                            models.TextField(blank=True, verbose_name="reason for the correction"),
                        ),
                        (
                            "recorded_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="recorded at"
                            ),
                        ),
                        (
                            "campaign",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="decisions",
                                to="campaigns.campaign",
                            ),
                        ),
                        (
                            "corrects",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="corrections",
                                to="awards.decision",
                                verbose_name="corrects",
                            ),
                        ),
                        (
                            "council_session",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="decisions",
                                to="awards.councilsession",
                                verbose_name="council session",
                            ),
                        ),
                        (
                            "recorded_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="recorded by",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "decision",
                        "verbose_name_plural": "decisions",
                        "db_table": "campaigns_decision",
                        "ordering": ["-signed_on", "-pk"],
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalCouncilMember",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                blank=True, editable=False, verbose_name="created at"
                            ),
                        ),
                        (
                            "updated_at",
                            models.DateTimeField(
                                blank=True, editable=False, verbose_name="updated at"
                            ),
                        ),
                        ("full_name", models.CharField(max_length=150, verbose_name="full name")),
                        ("position", models.CharField(max_length=255, verbose_name="position")),
                        (
                            "role",
                            models.CharField(
                                choices=[
                                    ("chair", "Chair"),
                                    ("vice_chair", "Vice-chair"),
                                    ("standing", "Standing member"),
                                    ("member", "Member"),
                                    ("secretary", "Member and secretary"),
                                ],
                                default="member",
                                max_length=16,
                                verbose_name="role in the council",
                            ),
                        ),
                        (
                            "order",
                            models.PositiveSmallIntegerField(default=0, verbose_name="order"),
                        ),
                        ("is_active", models.BooleanField(default=True, verbose_name="active")),
                        ("is_demo", models.BooleanField(default=False, verbose_name="demo data")),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                                max_length=1,
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical council member",
                        "verbose_name_plural": "historical council members",
                        "db_table": "campaigns_historicalcouncilmember",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalCouncilSession",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                blank=True, editable=False, verbose_name="created at"
                            ),
                        ),
                        (
                            "updated_at",
                            models.DateTimeField(
                                blank=True, editable=False, verbose_name="updated at"
                            ),
                        ),
                        ("held_on", models.DateField(verbose_name="meeting date")),
                        ("place", models.CharField(max_length=255, verbose_name="place")),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("preparing", "Being prepared"),
                                    ("closed", "Results published"),
                                ],
                                default="preparing",
                                max_length=12,
                                verbose_name="status",
                            ),
                        ),
                        ("rule_set_code", models.CharField(max_length=20, verbose_name="rule set")),
                        (
                            "threshold_percent",
                            models.DecimalField(
                                decimal_places=2,
                                max_digits=5,
                                verbose_name="approval threshold (percent of all members)",
                            ),
                        ),
                        (
                            "closed_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="results published at"
                            ),
                        ),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                                max_length=1,
                            ),
                        ),
                        (
                            "campaign",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="campaigns.campaign",
                            ),
                        ),
                        (
                            "closed_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="results published by",
                            ),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="created by",
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical council session",
                        "verbose_name_plural": "historical council sessions",
                        "db_table": "campaigns_historicalcouncilsession",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalProposal",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(
                                blank=True, editable=False, verbose_name="created at"
                            ),
                        ),
                        (
                            "updated_at",
                            models.DateTimeField(
                                blank=True, editable=False, verbose_name="updated at"
                            ),
                        ),
                        (
                            "registration_version",
                            models.PositiveSmallIntegerField(
                                default=1, verbose_name="approved version of the registration"
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("draft", "Draft"),
                                    ("submitted", "Submitted"),
                                    ("returned", "Returned for changes"),
                                    ("forwarded", "Forwarded to the council"),
                                    ("decided", "Decided"),
                                ],
                                default="draft",
                                max_length=16,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "summary",
                            models.TextField(blank=True, verbose_name="summary of achievements"),
                        ),
                        (
                            "submitted_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="submitted at"
                            ),
                        ),
                        (
                            "decided_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="checked at"),
                        ),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                                max_length=1,
                            ),
                        ),
                        (
                            "campaign",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="campaigns.campaign",
                            ),
                        ),
                        (
                            "decided_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="checked by",
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "registration",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="registrations.registration",
                                verbose_name="registration",
                            ),
                        ),
                        (
                            "unit",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="units.unit",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical proposal for commendation",
                        "verbose_name_plural": "historical proposals for commendation",
                        "db_table": "campaigns_historicalproposal",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalSessionMember",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        ("full_name", models.CharField(max_length=150, verbose_name="full name")),
                        ("position", models.CharField(max_length=255, verbose_name="position")),
                        (
                            "role",
                            models.CharField(
                                choices=[
                                    ("chair", "Chair"),
                                    ("vice_chair", "Vice-chair"),
                                    ("standing", "Standing member"),
                                    ("member", "Member"),
                                    ("secretary", "Member and secretary"),
                                ],
                                max_length=16,
                                verbose_name="role in the council",
                            ),
                        ),
                        (
                            "order",
                            models.PositiveSmallIntegerField(default=0, verbose_name="order"),
                        ),
                        ("present", models.BooleanField(default=True, verbose_name="present")),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                                max_length=1,
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "member",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="awards.councilmember",
                            ),
                        ),
                        (
                            "session",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="awards.councilsession",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical member at a session",
                        "verbose_name_plural": "historical members at a session",
                        "db_table": "campaigns_historicalsessionmember",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="Proposal",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "created_at",
                            models.DateTimeField(auto_now_add=True, verbose_name="created at"),
                        ),
                        (
                            "updated_at",
                            models.DateTimeField(auto_now=True, verbose_name="updated at"),
                        ),
                        (
                            "registration_version",
                            models.PositiveSmallIntegerField(
                                default=1, verbose_name="approved version of the registration"
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("draft", "Draft"),
                                    ("submitted", "Submitted"),
                                    ("returned", "Returned for changes"),
                                    ("forwarded", "Forwarded to the council"),
                                    ("decided", "Decided"),
                                ],
                                default="draft",
                                max_length=16,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "summary",
                            models.TextField(blank=True, verbose_name="summary of achievements"),
                        ),
                        (
                            "submitted_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="submitted at"
                            ),
                        ),
                        (
                            "decided_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="checked at"),
                        ),
                        (
                            "campaign",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="proposals",
                                to="campaigns.campaign",
                            ),
                        ),
                        (
                            "decided_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="checked by",
                            ),
                        ),
                        (
                            "registration",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="proposals",
                                to="registrations.registration",
                                verbose_name="registration",
                            ),
                        ),
                        (
                            "unit",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="proposals",
                                to="units.unit",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "proposal for commendation",
                        "verbose_name_plural": "proposals for commendation",
                        "db_table": "campaigns_proposal",
                        "ordering": ["campaign", "unit__name"],
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalProposalItem",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                                max_length=1,
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "person",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="units.person",
                                verbose_name="person",
                            ),
                        ),
                        (
                            "title",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="criteria.title",
                                verbose_name="title",
                            ),
                        ),
                        (
                            "proposal",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="awards.proposal",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical proposed title",
                        "verbose_name_plural": "historical proposed titles",
                        "db_table": "campaigns_historicalproposalitem",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalAgendaItem",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        (
                            "added_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="added at"
                            ),
                        ),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                                max_length=1,
                            ),
                        ),
                        (
                            "added_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "session",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="awards.councilsession",
                            ),
                        ),
                        (
                            "proposal",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="awards.proposal",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical agenda item",
                        "verbose_name_plural": "historical agenda",
                        "db_table": "campaigns_historicalagendaitem",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="AgendaItem",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "added_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="added at"
                            ),
                        ),
                        (
                            "added_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "session",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="agenda",
                                to="awards.councilsession",
                            ),
                        ),
                        (
                            "proposal",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="agenda_item",
                                to="awards.proposal",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "agenda item",
                        "verbose_name_plural": "agenda",
                        "db_table": "campaigns_agendaitem",
                        "ordering": ["session", "added_at", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="ProposalEvent",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "from_status",
                            models.CharField(
                                choices=[
                                    ("draft", "Draft"),
                                    ("submitted", "Submitted"),
                                    ("returned", "Returned for changes"),
                                    ("forwarded", "Forwarded to the council"),
                                    ("decided", "Decided"),
                                ],
                                max_length=16,
                                verbose_name="from",
                            ),
                        ),
                        (
                            "to_status",
                            models.CharField(
                                choices=[
                                    ("draft", "Draft"),
                                    ("submitted", "Submitted"),
                                    ("returned", "Returned for changes"),
                                    ("forwarded", "Forwarded to the council"),
                                    ("decided", "Decided"),
                                ],
                                max_length=16,
                                verbose_name="to",
                            ),
                        ),
                        ("note", models.TextField(blank=True, verbose_name="comment")),
                        (
                            "findings",
                            models.JSONField(
                                blank=True, default=list, verbose_name="rule findings"
                            ),
                        ),
                        (
                            "snapshot",
                            models.JSONField(blank=True, default=list, verbose_name="titles sent"),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="at")),
                        (
                            "actor",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="by",
                            ),
                        ),
                        (
                            "proposal",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="events",
                                to="awards.proposal",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "proposal workflow event",
                        "verbose_name_plural": "proposal workflow events",
                        "db_table": "campaigns_proposalevent",
                        "ordering": ["-created_at", "-id"],
                    },
                ),
                migrations.CreateModel(
                    name="ProposalItem",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "person",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="proposal_items",
                                to="units.person",
                                verbose_name="person",
                            ),
                        ),
                        (
                            "proposal",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="items",
                                to="awards.proposal",
                            ),
                        ),
                        (
                            "title",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="criteria.title",
                                verbose_name="title",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "proposed title",
                        "verbose_name_plural": "proposed titles",
                        "db_table": "campaigns_proposalitem",
                        "ordering": ["proposal", "person__full_name", "title__rank"],
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalBallot",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        (
                            "members_count",
                            models.PositiveSmallIntegerField(verbose_name="council members"),
                        ),
                        ("approvals", models.PositiveSmallIntegerField(verbose_name="approvals")),
                        (
                            "percent",
                            models.DecimalField(
                                decimal_places=2, max_digits=5, verbose_name="approval (%)"
                            ),
                        ),
                        (
                            "threshold_percent",
                            models.DecimalField(
                                decimal_places=2, max_digits=5, verbose_name="threshold (%)"
                            ),
                        ),
                        ("passed", models.BooleanField(verbose_name="passed")),
                        (
                            "reason",
                            models.TextField(blank=True, verbose_name="reason for the correction"),
                        ),
                        (
                            "recorded_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="recorded at"
                            ),
                        ),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")],
                                max_length=1,
                            ),
                        ),
                        (
                            "corrects",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="awards.ballot",
                                verbose_name="corrects",
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "recorded_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="recorded by",
                            ),
                        ),
                        (
                            "session",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="awards.councilsession",
                            ),
                        ),
                        (
                            "item",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="awards.proposalitem",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical ballot result",
                        "verbose_name_plural": "historical ballot results",
                        "db_table": "campaigns_historicalballot",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="DecisionItem",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "action",
                            models.CharField(
                                choices=[("award", "Awarded"), ("revoke", "Revoked")],
                                default="award",
                                max_length=8,
                                verbose_name="action",
                            ),
                        ),
                        ("year", models.PositiveSmallIntegerField(verbose_name="achievement year")),
                        ("position", models.PositiveIntegerField(verbose_name="position")),
                        (
                            "decision",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="items",
                                to="awards.decision",
                            ),
                        ),
                        (
                            "person",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="units.person",
                                verbose_name="person",
                            ),
                        ),
                        (
                            "title",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="criteria.title",
                                verbose_name="title",
                            ),
                        ),
                        (
                            "unit",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="units.unit",
                                verbose_name="unit",
                            ),
                        ),
                        (
                            "proposal_item",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="decision_items",
                                to="awards.proposalitem",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "decision item",
                        "verbose_name_plural": "decision items",
                        "db_table": "campaigns_decisionitem",
                        "ordering": ["decision", "position"],
                    },
                ),
                migrations.AddField(
                    model_name="ballot",
                    name="item",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="ballots",
                        to="awards.proposalitem",
                    ),
                ),
                migrations.CreateModel(
                    name="SessionMember",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("full_name", models.CharField(max_length=150, verbose_name="full name")),
                        ("position", models.CharField(max_length=255, verbose_name="position")),
                        (
                            "role",
                            models.CharField(
                                choices=[
                                    ("chair", "Chair"),
                                    ("vice_chair", "Vice-chair"),
                                    ("standing", "Standing member"),
                                    ("member", "Member"),
                                    ("secretary", "Member and secretary"),
                                ],
                                max_length=16,
                                verbose_name="role in the council",
                            ),
                        ),
                        (
                            "order",
                            models.PositiveSmallIntegerField(default=0, verbose_name="order"),
                        ),
                        ("present", models.BooleanField(default=True, verbose_name="present")),
                        (
                            "member",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="sessions",
                                to="awards.councilmember",
                            ),
                        ),
                        (
                            "session",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="members",
                                to="awards.councilsession",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "member at a session",
                        "verbose_name_plural": "members at a session",
                        "db_table": "campaigns_sessionmember",
                        "ordering": ["session", "order", "full_name"],
                    },
                ),
                migrations.AddConstraint(
                    model_name="councilsession",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("status__in", ["preparing", "closed"])),
                        name="council_session_status_valid",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="councilsession",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("threshold_percent__gt", 0), ("threshold_percent__lte", 100)
                        ),
                        name="council_session_threshold_percent",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="decision",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("corrects__isnull", True),
                            models.Q(("correction_reason", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="decision_correction_has_reason",
                        violation_error_message="A correction needs a reason.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="proposal",
                    constraint=models.UniqueConstraint(
                        fields=("campaign", "unit"),
                        name="one_proposal_per_unit_and_campaign",
                        violation_error_message="This unit already has a proposal for this campaign.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="proposal",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            (
                                "status__in",
                                ["draft", "submitted", "returned", "forwarded", "decided"],
                            )
                        ),
                        name="proposal_status_valid",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="proposalitem",
                    constraint=models.UniqueConstraint(
                        condition=models.Q(("person__isnull", False)),
                        fields=("proposal", "person", "title"),
                        name="proposal_item_person_once",
                        violation_error_message="This person is already proposed for this title.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="proposalitem",
                    constraint=models.UniqueConstraint(
                        condition=models.Q(("person__isnull", True)),
                        fields=("proposal", "title"),
                        name="proposal_item_collective_once",
                        violation_error_message="The unit is already proposed for this title.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="decisionitem",
                    constraint=models.UniqueConstraint(
                        fields=("decision", "proposal_item"),
                        name="decision_item_once",
                        violation_error_message="This title is already in the decision.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="decisionitem",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("action__in", ["award", "revoke"])),
                        name="decision_item_action_valid",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="ballot",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("members_count__gt", 0), ("approvals__lte", models.F("members_count"))
                        ),
                        name="ballot_counts_valid",
                        violation_error_message="Approvals cannot exceed the council's members.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="ballot",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("corrects__isnull", True),
                            models.Q(("reason", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="ballot_correction_has_reason",
                        violation_error_message="A correction needs a reason.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="sessionmember",
                    constraint=models.UniqueConstraint(
                        fields=("session", "member"),
                        name="session_member_once",
                        violation_error_message="This member is already listed for the session.",
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(content_types_to_awards, content_types_to_campaigns),
    ]

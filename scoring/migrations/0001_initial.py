"""The blocs' and clusters' scoring leaves ``units`` for its own app, keeping its tables and
rows: the models are created in the migration state only (their ``db_table`` and history
``table_name`` are the old ``units_*`` names), and their content types take the new app label,
so that the admin site's log entries and the permissions follow them. ``units``
0005_move_scoring_out removes them from the units' state."""

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.conf import settings
from django.db import migrations, models


MOVED = (
    "scoringtable",
    "scoringitem",
    "unitscore",
    "itemscore",
    "scorecorrection",
    "acclamation",
    "historicalscoringtable",
    "historicalscoringitem",
    "historicalunitscore",
    "historicalitemscore",
)


def _relabel(apps, old: str, new: str) -> None:
    """Give the moved models' content types the ``new`` app label. A name without a row is
    skipped; one whose ``new`` row exists already (made by an earlier run) is left as it is."""
    content_type = apps.get_model("contenttypes", "ContentType")
    taken = set(
        content_type.objects.filter(app_label=new, model__in=MOVED).values_list("model", flat=True)
    )
    content_type.objects.filter(app_label=old, model__in=set(MOVED) - taken).update(app_label=new)


def to_scoring(apps, schema_editor):
    _relabel(apps, "units", "scoring")


def to_units(apps, schema_editor):
    _relabel(apps, "scoring", "units")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("units", "0004_awarded_title_history"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="HistoricalScoringTable",
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
                        ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                        (
                            "version",
                            models.PositiveSmallIntegerField(default=1, verbose_name="version"),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("draft", "Being prepared"),
                                    ("open", "Scoring open"),
                                    ("published", "Results published"),
                                    ("superseded", "Replaced by a newer version"),
                                ],
                                default="draft",
                                max_length=12,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "method",
                            models.CharField(
                                choices=[
                                    ("ranking", "Ranking by score"),
                                    ("ballot", "Ballot with a threshold"),
                                ],
                                default="ranking",
                                max_length=8,
                                verbose_name="acclamation method",
                            ),
                        ),
                        (
                            "threshold",
                            models.DecimalField(
                                decimal_places=2,
                                default=50,
                                help_text="With a ballot, the leader needs more than this share of the ballots cast.",
                                max_digits=5,
                                verbose_name="ballot threshold (%)",
                            ),
                        ),
                        (
                            "opened_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="opened at"),
                        ),
                        (
                            "published_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="published at"
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
                            "group",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="units.emulationgroup",
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
                        "verbose_name": "historical scoring table",
                        "verbose_name_plural": "historical scoring tables",
                        "db_table": "units_historicalscoringtable",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="ScoringTable",
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
                        ("year", models.PositiveSmallIntegerField(verbose_name="year")),
                        (
                            "version",
                            models.PositiveSmallIntegerField(default=1, verbose_name="version"),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("draft", "Being prepared"),
                                    ("open", "Scoring open"),
                                    ("published", "Results published"),
                                    ("superseded", "Replaced by a newer version"),
                                ],
                                default="draft",
                                max_length=12,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "method",
                            models.CharField(
                                choices=[
                                    ("ranking", "Ranking by score"),
                                    ("ballot", "Ballot with a threshold"),
                                ],
                                default="ranking",
                                max_length=8,
                                verbose_name="acclamation method",
                            ),
                        ),
                        (
                            "threshold",
                            models.DecimalField(
                                decimal_places=2,
                                default=50,
                                help_text="With a ballot, the leader needs more than this share of the ballots cast.",
                                max_digits=5,
                                verbose_name="ballot threshold (%)",
                            ),
                        ),
                        (
                            "opened_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="opened at"),
                        ),
                        (
                            "published_at",
                            models.DateTimeField(
                                blank=True, null=True, verbose_name="published at"
                            ),
                        ),
                        (
                            "created_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="created by",
                            ),
                        ),
                        (
                            "group",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="scoring_tables",
                                to="units.emulationgroup",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "scoring table",
                        "verbose_name_plural": "scoring tables",
                        "db_table": "units_scoringtable",
                        "ordering": ["group", "-year", "-version"],
                    },
                ),
                migrations.CreateModel(
                    name="ScoringItem",
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
                        ("position", models.PositiveSmallIntegerField(verbose_name="position")),
                        ("text", models.CharField(max_length=500, verbose_name="item")),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("base", "Base"),
                                    ("bonus", "Bonus"),
                                    ("deduction", "Deduction"),
                                ],
                                max_length=10,
                                verbose_name="kind",
                            ),
                        ),
                        (
                            "max_points",
                            models.DecimalField(
                                decimal_places=2, max_digits=6, verbose_name="maximum points"
                            ),
                        ),
                        ("guidance", models.TextField(blank=True, verbose_name="guidance")),
                        (
                            "previous",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="scoring.scoringitem",
                                verbose_name="same item in the previous version",
                            ),
                        ),
                        (
                            "table",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="items",
                                to="scoring.scoringtable",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "scoring item",
                        "verbose_name_plural": "scoring items",
                        "db_table": "units_scoringitem",
                        "ordering": ["table", "position"],
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalUnitScore",
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
                            "status",
                            models.CharField(
                                choices=[
                                    ("draft", "Self-scoring"),
                                    ("submitted", "Sent for checking"),
                                    ("checked", "Checked"),
                                ],
                                default="draft",
                                max_length=10,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "submitted_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="sent at"),
                        ),
                        (
                            "checked_at",
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
                            "checked_by",
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
                            "submitted_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="sent by",
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
                        (
                            "table",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="scoring.scoringtable",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical unit's score",
                        "verbose_name_plural": "historical units' scores",
                        "db_table": "units_historicalunitscore",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="HistoricalScoringItem",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        ("position", models.PositiveSmallIntegerField(verbose_name="position")),
                        ("text", models.CharField(max_length=500, verbose_name="item")),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("base", "Base"),
                                    ("bonus", "Bonus"),
                                    ("deduction", "Deduction"),
                                ],
                                max_length=10,
                                verbose_name="kind",
                            ),
                        ),
                        (
                            "max_points",
                            models.DecimalField(
                                decimal_places=2, max_digits=6, verbose_name="maximum points"
                            ),
                        ),
                        ("guidance", models.TextField(blank=True, verbose_name="guidance")),
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
                            "previous",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="scoring.scoringitem",
                                verbose_name="same item in the previous version",
                            ),
                        ),
                        (
                            "table",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="scoring.scoringtable",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical scoring item",
                        "verbose_name_plural": "historical scoring items",
                        "db_table": "units_historicalscoringitem",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="Acclamation",
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
                            "method",
                            models.CharField(
                                choices=[
                                    ("ranking", "Ranking by score"),
                                    ("ballot", "Ballot with a threshold"),
                                ],
                                max_length=8,
                                verbose_name="method",
                            ),
                        ),
                        (
                            "threshold",
                            models.DecimalField(
                                blank=True,
                                decimal_places=2,
                                max_digits=5,
                                null=True,
                                verbose_name="ballot threshold (%)",
                            ),
                        ),
                        (
                            "ballots_for",
                            models.PositiveSmallIntegerField(
                                blank=True, null=True, verbose_name="ballots for"
                            ),
                        ),
                        (
                            "ballots_total",
                            models.PositiveSmallIntegerField(
                                blank=True, null=True, verbose_name="ballots cast"
                            ),
                        ),
                        ("held_on", models.DateField(verbose_name="meeting date")),
                        ("place", models.CharField(max_length=255, verbose_name="place")),
                        (
                            "city",
                            models.CharField(
                                default="Hà Nội",
                                help_text="The province or city where the minutes are made, e.g. Hà Nội.",
                                max_length=100,
                                verbose_name="place name on the date line",
                            ),
                        ),
                        ("chair", models.CharField(max_length=150, verbose_name="chair")),
                        (
                            "chair_position",
                            models.CharField(
                                blank=True, max_length=255, verbose_name="chair's position"
                            ),
                        ),
                        ("secretary", models.CharField(max_length=150, verbose_name="secretary")),
                        (
                            "secretary_position",
                            models.CharField(
                                blank=True, max_length=255, verbose_name="secretary's position"
                            ),
                        ),
                        ("attendees", models.TextField(verbose_name="attendees")),
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
                            "corrects",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="corrections",
                                to="scoring.acclamation",
                                verbose_name="corrects",
                            ),
                        ),
                        (
                            "leader",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="acclamations",
                                to="units.unit",
                                verbose_name="leading unit",
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
                            "table",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="acclamations",
                                to="scoring.scoringtable",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "acclamation of the leading unit",
                        "verbose_name_plural": "acclamations of the leading unit",
                        "db_table": "units_acclamation",
                        "ordering": ["table", "recorded_at", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="UnitScore",
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
                            "status",
                            models.CharField(
                                choices=[
                                    ("draft", "Self-scoring"),
                                    ("submitted", "Sent for checking"),
                                    ("checked", "Checked"),
                                ],
                                default="draft",
                                max_length=10,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "submitted_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="sent at"),
                        ),
                        (
                            "checked_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="checked at"),
                        ),
                        (
                            "checked_by",
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
                            "submitted_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="sent by",
                            ),
                        ),
                        (
                            "table",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="unit_scores",
                                to="scoring.scoringtable",
                            ),
                        ),
                        (
                            "unit",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="scores",
                                to="units.unit",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "unit's score",
                        "verbose_name_plural": "units' scores",
                        "db_table": "units_unitscore",
                        "ordering": ["table", "unit__name"],
                    },
                ),
                migrations.CreateModel(
                    name="ItemScore",
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
                            "self_points",
                            models.DecimalField(
                                blank=True,
                                decimal_places=2,
                                max_digits=6,
                                null=True,
                                verbose_name="self-score",
                            ),
                        ),
                        ("evidence", models.TextField(blank=True, verbose_name="evidence")),
                        (
                            "adjusted_points",
                            models.DecimalField(
                                blank=True,
                                decimal_places=2,
                                max_digits=6,
                                null=True,
                                verbose_name="adjusted points",
                            ),
                        ),
                        (
                            "adjustment_reason",
                            models.TextField(blank=True, verbose_name="reason for the adjustment"),
                        ),
                        (
                            "adjusted_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="adjusted at"),
                        ),
                        (
                            "adjusted_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="adjusted by",
                            ),
                        ),
                        (
                            "item",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="scores",
                                to="scoring.scoringitem",
                            ),
                        ),
                        (
                            "unit_score",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="item_scores",
                                to="scoring.unitscore",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "item score",
                        "verbose_name_plural": "item scores",
                        "db_table": "units_itemscore",
                        "ordering": ["unit_score", "item__position"],
                    },
                ),
                migrations.CreateModel(
                    name="HistoricalItemScore",
                    fields=[
                        (
                            "id",
                            models.BigIntegerField(
                                auto_created=True, blank=True, db_index=True, verbose_name="ID"
                            ),
                        ),
                        (
                            "self_points",
                            models.DecimalField(
                                blank=True,
                                decimal_places=2,
                                max_digits=6,
                                null=True,
                                verbose_name="self-score",
                            ),
                        ),
                        ("evidence", models.TextField(blank=True, verbose_name="evidence")),
                        (
                            "adjusted_points",
                            models.DecimalField(
                                blank=True,
                                decimal_places=2,
                                max_digits=6,
                                null=True,
                                verbose_name="adjusted points",
                            ),
                        ),
                        (
                            "adjustment_reason",
                            models.TextField(blank=True, verbose_name="reason for the adjustment"),
                        ),
                        (
                            "adjusted_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="adjusted at"),
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
                            "adjusted_by",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="adjusted by",
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
                            "item",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="scoring.scoringitem",
                            ),
                        ),
                        (
                            "unit_score",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="scoring.unitscore",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical item score",
                        "verbose_name_plural": "historical item scores",
                        "db_table": "units_historicalitemscore",
                        "ordering": ("-history_date", "-history_id"),
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="ScoreCorrection",
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
                            "points",
                            models.DecimalField(
                                decimal_places=2, max_digits=6, verbose_name="corrected points"
                            ),
                        ),
                        ("reason", models.TextField(verbose_name="reason")),
                        (
                            "recorded_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="recorded at"
                            ),
                        ),
                        (
                            "item_score",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="corrections",
                                to="scoring.itemscore",
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
                        "verbose_name": "score correction",
                        "verbose_name_plural": "score corrections",
                        "db_table": "units_scorecorrection",
                        "ordering": ["item_score", "recorded_at", "pk"],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(
                                    ("points__gte", 0), models.Q(("reason", ""), _negated=True)
                                ),
                                name="score_correction_valid",
                            )
                        ],
                    },
                ),
                migrations.AddConstraint(
                    model_name="scoringtable",
                    constraint=models.UniqueConstraint(
                        fields=("group", "year", "version"),
                        name="scoring_table_version_once",
                        violation_error_message="This version of the table already exists.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="scoringtable",
                    constraint=models.UniqueConstraint(
                        condition=models.Q(("status__in", ["open", "published"])),
                        fields=("group", "year"),
                        name="one_live_scoring_table",
                        violation_error_message="The group already has a scoring table for this year.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="scoringtable",
                    constraint=models.UniqueConstraint(
                        condition=models.Q(("status", "draft")),
                        fields=("group", "year"),
                        name="one_draft_scoring_table",
                        violation_error_message="A version of this table is already being prepared for this year.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="scoringtable",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("status__in", ["draft", "open", "published", "superseded"])
                        ),
                        name="scoring_table_status_valid",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="scoringtable",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("threshold__gte", 0), ("threshold__lte", 100)),
                        name="scoring_table_threshold_percent",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="scoringitem",
                    constraint=models.UniqueConstraint(
                        fields=("table", "position"),
                        name="scoring_item_position_once",
                        violation_error_message="Two items of the table have the same position.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="scoringitem",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("max_points__gt", 0)), name="scoring_item_max_positive"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="scoringitem",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("kind__in", ["base", "bonus", "deduction"])),
                        name="scoring_item_kind_valid",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="acclamation",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("method__in", ["ranking", "ballot"])),
                        name="acclamation_method_valid",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="acclamation",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("method", "ranking"),
                            models.Q(
                                ("ballots_total__gt", 0),
                                ("ballots_for__lte", models.F("ballots_total")),
                                ("threshold__isnull", False),
                            ),
                            _connector="OR",
                        ),
                        name="acclamation_ballot_counts",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="acclamation",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("corrects__isnull", True),
                            models.Q(("correction_reason", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="acclamation_correction_has_reason",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="unitscore",
                    constraint=models.UniqueConstraint(
                        fields=("table", "unit"),
                        name="one_score_per_unit_and_table",
                        violation_error_message="This unit already has a score for this table.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="unitscore",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("status__in", ["draft", "submitted", "checked"])),
                        name="unit_score_status_valid",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="itemscore",
                    constraint=models.UniqueConstraint(
                        fields=("unit_score", "item"),
                        name="one_score_per_item",
                        violation_error_message="This item is already scored.",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="itemscore",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("self_points__isnull", True), ("self_points__gte", 0), _connector="OR"
                        ),
                        name="item_self_points_not_negative",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="itemscore",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("adjusted_points__isnull", True),
                            models.Q(
                                ("adjusted_points__gte", 0),
                                models.Q(("adjustment_reason", ""), _negated=True),
                            ),
                            _connector="OR",
                        ),
                        name="item_adjustment_has_reason",
                        violation_error_message="An adjustment needs a reason.",
                    ),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(to_scoring, to_units),
    ]

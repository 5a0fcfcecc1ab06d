"""Who may see the dashboard and its workbook: the Department; the Minister and the
administrator read it."""

import rules

from units.rules import is_department, is_minister, is_reader

rules.add_perm("reports.view_dashboard", is_reader)
# The Department's buttons on the dashboard (the Minister reads without them).
rules.add_perm("reports.act_on_dashboard", is_department)
# The reports to the Minister: the reading room (Minister, Department, administrators) and
# generating them, with the narrative the Department writes (the Department only).
rules.add_perm("reports.view_generated_reports", is_reader)
rules.add_perm("reports.generate_report", is_department)


@rules.predicate
def is_report_to_state(user, report):
    return getattr(report, "variant", None) == "to_state"


# Issuing a report (its number, date and signature): the Department issues its own report to
# the Minister; the leadership issues the Ministry's report to the State's bodies.
rules.add_perm(
    "reports.issue_report",
    (~is_report_to_state & is_department) | (is_report_to_state & is_minister),
)

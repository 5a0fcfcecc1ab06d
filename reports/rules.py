"""Who may see the dashboard and its workbook: the Department and the Minister (read only)."""

import rules

from units.rules import is_department, is_reader

rules.add_perm("reports.view_dashboard", is_reader)
# The Department's buttons on the dashboard (the Minister reads without them).
rules.add_perm("reports.act_on_dashboard", is_department)
# The reports to the Minister: the reading room (Minister, Department, administrators) and
# generating them (the Department and administrators).
rules.add_perm("reports.view_generated_reports", is_reader)
rules.add_perm("reports.generate_report", is_department)

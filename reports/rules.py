"""Who may see the dashboard and its workbook: the Department; the Minister and the
administrator read it."""

import rules

from units.rules import is_department, is_reader

rules.add_perm("reports.view_dashboard", is_reader)
# The Department's buttons on the dashboard (the Minister reads without them).
rules.add_perm("reports.act_on_dashboard", is_department)
# The reports to the Minister: the reading room (Minister, Department, administrators) and
# generating them, with the narrative the Department writes (the Department only).
rules.add_perm("reports.view_generated_reports", is_reader)
rules.add_perm("reports.generate_report", is_department)

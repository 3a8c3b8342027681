"""The business itself: its profile (profile), portal settings (settings), the dashboards of both sides
(staff_dashboard, portal_dashboard) and the demo data (demo, `python -m domain.business.demo`)."""

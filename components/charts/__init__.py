"""Charts on both sides: an accessible ECharts chart with its data as a table and bars that open a list
(charts), and the panels that hold them on the dashboards and a contact's page and reload them live (panels)."""

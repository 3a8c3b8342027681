"""What people see at a glance: the staff dashboard (staff), the portal dashboard and payments made
(portal), a company's data on request (export), and the demo business to look at them with (demo,
`python -m commands.seed_demo`). It reads every other area and none reads it."""

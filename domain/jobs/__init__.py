"""The scheduler: work done by itself, once. A job is declared once in catalogue.py (what it is, how often, which
units are due, doing one); rules.py holds the pure rules (schedules, what a job and a unit are); runner.py runs
jobs, claiming each unit by a unique key in the transaction that does it and logging every run; staff.py is the
Scheduled jobs page's use cases and who may use it; backups.py is the nightly backup (taken by integrations/backup,
installed by the app) with its retention rule (retention.py); health.py is what /metrics reads. The timer that
wakes it is integrations/job_timer.py. This area sits on top: it calls the areas whose work it does (documents for
estimate expiry; reminders, recurring invoices, automatic payments and statements by email later), none of them
calls it. Read rules.py, then runner.py."""

"""The conversation on an estimate or invoice: clients' comments, staff replies and internal notes
(comments). What clients did is recorded in domain/activity/."""

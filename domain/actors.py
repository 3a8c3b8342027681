"""Who is acting. Every use case takes one of these first and checks it on the server."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PortalActor:
    """A signed-in contact person; everything they see and do is limited to `contact_id`."""
    session_id: int
    person_id: int
    contact_id: int
    name: str
    email: str
    language: str = 'en'
    ip: str = ''  # the network address of the page load (the middleware puts it here), for the audit trail


@dataclass(frozen=True)
class StaffActor:
    session_id: int
    staff_id: int
    name: str
    email: str
    is_owner: bool
    must_change_password: bool = False
    language: str = 'en'
    may_run_jobs: bool = False  # the session's copy, for the navigation: use cases read the right afresh
    ip: str = ''  # the network address of the page load (the middleware puts it here), for the audit trail


Actor = PortalActor | StaffActor

"""The moving clock of the scheduled-work tests, for automatic payments."""
from tests.services.jobs.conftest import moving_clock  # noqa: F401

"""Delivers the mail outbox over SMTP (aiosmtplib), in a background loop started with the app.

Without `SMTP_HOST` the loop does not run and emails stay pending, readable on the staff "Sent mail" page.
Which replies count as temporary (retried with backoff) and which as permanent (marked failed) is decided in
`classify`; the row bookkeeping (claim, lease, backoff) lives in `domain/mail/outbox.py`.
"""
from __future__ import annotations

import asyncio
import inspect
import logging
import mimetypes
from collections.abc import Awaitable, Callable
from email.message import EmailMessage
from email.utils import format_datetime, formataddr

import aiosmtplib

import settings
from domain.events import bus
from domain.mail import compose as domain_mail
from domain.mail import outbox
from domain.models import OutgoingMail

log = logging.getLogger(__name__)

RenderAttachment = Callable[[dict], Awaitable[tuple[str, bytes] | None] | tuple[str, bytes] | None]


class PermanentFailure(Exception):
    """The server refused the email for good (a 5xx reply): trying again would not help."""


class TemporaryFailure(Exception):
    """The email could not be delivered now (4xx reply, timeout, no connection): try again later."""


def classify(error: Exception) -> Exception:
    """Turn what aiosmtplib raised into a PermanentFailure or a TemporaryFailure with a readable reason."""
    if isinstance(error, aiosmtplib.SMTPRecipientsRefused):
        codes = [r.code for r in error.recipients]
        reason = '; '.join(f'{r.recipient}: {r.code} {r.message}' for r in error.recipients)
        permanent = bool(codes) and all(500 <= code < 600 for code in codes)
        return (PermanentFailure if permanent else TemporaryFailure)(f'Recipient refused: {reason}')
    if isinstance(error, aiosmtplib.SMTPAuthenticationError):
        # the server's login is wrong, not the email: keep it waiting until the settings are fixed
        return TemporaryFailure(f'The mail server refused the login: {error.code} {error.message}')
    if isinstance(error, aiosmtplib.SMTPResponseException):
        text = f'The mail server answered {error.code} {error.message}'
        return (PermanentFailure if 500 <= error.code < 600 else TemporaryFailure)(text)
    if isinstance(error, asyncio.TimeoutError | aiosmtplib.SMTPTimeoutError):
        return TemporaryFailure('The mail server did not answer in time.')
    if isinstance(error, aiosmtplib.SMTPException | OSError):
        return TemporaryFailure(f'Could not reach the mail server: {error}')
    return TemporaryFailure(f'Unexpected problem while sending: {type(error).__name__}: {error}')


def message_id(mail: OutgoingMail, sender_address: str) -> str:
    """The same Message-ID on every attempt of one row, so a repeat can be recognised as the same email."""
    domain = sender_address.rpartition('@')[2] or 'localhost'
    return f'<outbox-{mail.id}.{mail.created_at:%Y%m%d%H%M%S}@{domain}>'


async def build_message(mail: OutgoingMail, config: settings.Settings, business_name: str,
                        render_attachment: RenderAttachment | None = None) -> EmailMessage:
    message = EmailMessage()
    message['From'] = formataddr((business_name, config.mail_from))
    message['To'] = formataddr((mail.to_name, mail.to_address)) if mail.to_name else mail.to_address
    message['Subject'] = mail.subject
    message['Date'] = format_datetime(mail.created_at)
    message['Message-ID'] = message_id(mail, config.mail_from)
    message['Auto-Submitted'] = 'auto-generated'
    message.set_content(mail.text_body)
    message.add_alternative(mail.html_body, subtype='html')
    for spec in mail.attachments or []:
        rendered = render_attachment(spec) if render_attachment else None
        if inspect.isawaitable(rendered):
            rendered = await rendered
        if rendered is None:
            raise PermanentFailure(f'The attachment {spec!r} could not be made.')
        filename, data = rendered
        maintype, _sep, subtype = (mimetypes.guess_type(filename)[0] or 'application/octet-stream').partition('/')
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename)
    return message


class MailSender:
    """Sends due outbox rows in a loop. Several processes may run one each: a row is only ever claimed once."""

    def __init__(self, config: settings.Settings, *, render_attachment: RenderAttachment | None = None,
                 poll_seconds: float = 5.0, batch_size: int = 20, timeout: float = 30.0) -> None:
        self.config = config
        self.render_attachment = render_attachment
        self.poll_seconds = poll_seconds
        self.batch_size = batch_size
        self.timeout = timeout
        self._task: asyncio.Task | None = None
        self._unsubscribe: Callable[[], None] = lambda: None
        self._stopping = asyncio.Event()
        self._wake = asyncio.Event()

    @property
    def enabled(self) -> bool:
        return bool(self.config.smtp_host)

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    def start(self) -> None:
        """Start the loop (only when a mail server is configured); call from the app's start-up."""
        if not self.enabled or self.running:
            return
        self._stopping = asyncio.Event()
        self._wake = asyncio.Event()
        self._unsubscribe = bus.subscribe(lambda _: self.wake())  # a change was committed: maybe a new email
        self._task = asyncio.get_running_loop().create_task(self._loop(), name='mail sender')

    async def stop(self) -> None:
        """Finish the email in hand, then end the loop; a stuck send is cut off after its timeout."""
        if self._task is None:
            return
        self._unsubscribe()
        self._stopping.set()
        self._wake.set()
        try:
            await asyncio.wait_for(asyncio.shield(self._task), timeout=self.timeout + 5)
        except TimeoutError:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
        self._task = None

    def wake(self) -> None:
        """Look at the outbox now instead of at the next poll."""
        self._wake.set()

    async def _loop(self) -> None:
        while not self._stopping.is_set():
            self._wake.clear()
            handled = 0
            try:
                handled = await self.run_once()
            except Exception:
                log.exception('the mail sender could not read the outbox')
            if handled >= self.batch_size:
                continue
            try:
                await asyncio.wait_for(self._wake.wait(), timeout=self.poll_seconds)
            except TimeoutError:
                pass

    async def run_once(self) -> int:
        """Try each due email once; returns how many were attempted."""
        attempted = 0
        for mail_id in await outbox.due_ids(self.batch_size):
            if self._stopping.is_set():
                break
            mail = await outbox.claim(mail_id)
            if mail is None:
                continue  # another sender has it
            attempted += 1
            await self._deliver(mail)
        return attempted

    async def _deliver(self, mail: OutgoingMail) -> None:
        try:
            message = await build_message(mail, self.config, await domain_mail.business_name(), self.render_attachment)
            await aiosmtplib.send(message, **self._connection())
        except Exception as error:
            failure = error if isinstance(error, PermanentFailure) else classify(error)
            if isinstance(failure, PermanentFailure):
                log.warning('email %s failed for good: %s', mail.id, failure)
                await outbox.mark_failed(mail.id, str(failure))
            else:
                log.info('email %s will be tried again: %s', mail.id, failure)
                await outbox.mark_for_retry(mail, str(failure))
        else:
            await outbox.mark_sent(mail.id)

    def _connection(self) -> dict:
        config = self.config
        return {
            'hostname': config.smtp_host,
            'port': config.smtp_port,
            'username': config.smtp_username or None,
            'password': config.smtp_password or None,
            'use_tls': config.smtp_tls == 'tls',
            'start_tls': True if config.smtp_tls == 'starttls' else False if config.smtp_tls == 'none' else None,
            'timeout': self.timeout,
        }

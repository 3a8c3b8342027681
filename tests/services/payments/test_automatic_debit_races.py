"""Which answer counts when the bank's and ours cross: a SEPA debit's webhook handled before the job has noted the
debit as submitted, or before the processor's reply to the submission reached us (a slow network). Each time the
bank's answer stands, the attempt is not left "processing", and client and staff are told once."""
from __future__ import annotations

import pytest

from domain.models import AuditEntry, AutomaticCharge, InvoiceStatus, OutgoingMail
from domain.payments import gateway as payment_gateway
from domain.payments.automatic import charging
from domain.payments.automatic.history import attempts_of
from domain.payments.automatic.rules import DECLINED, PAID
from domain.payments.sepa import DebitRequest, start_debit, submit_debit
from integrations.stripe_gateway import StripeGateway
from tests import factories
from tests.services.jobs.conftest import MovingClock
from tests.services.payments.automatic_support import (
    agree_to_debit,
    bank_answers,
    in_euros,
    run_charges,
    save_an_account,
)
from tests.services.payments.test_sepa_debit import shown
from tests.stripe_support import FAILING_IBAN, gateway


@pytest.mark.parametrize('bank', [(None, 'recorded', PAID), (FAILING_IBAN, 'failed', DECLINED)])
async def test_the_banks_answer_counts_when_it_comes_before_the_job_notes_the_debit_was_submitted(
        sepa_client, stripe_up, monkeypatch, bank):
    contact, actor = sepa_client
    iban, answer, status = bank
    await agree_to_debit(actor, await save_an_account(stripe_up, actor, *([iban] if iban else [])))
    invoice = await in_euros(await factories.invoice(contact, 4000, due_in_days=0))
    answered = []

    async def quick_bank(online_payment, *args, **kwargs):
        """The webhook is handled between the debit's submission and the job's next step."""
        outcome = await submit_debit(online_payment, *args, **kwargs)
        await online_payment.refresh_from_db()
        answered.append(await bank_answers(stripe_up, online_payment.payment_intent_id))
        return outcome
    monkeypatch.setattr(charging, 'submit_debit', quick_bank)

    assert (await run_charges()).done == 1
    assert answered == [answer]
    attempt = await AutomaticCharge.get(document_id=invoice.id)
    assert attempt.status == status  # not left "processing" by the job's late word
    assert await shown(invoice) == (InvoiceStatus.PAID if status == PAID else InvoiceStatus.SENT)
    staff = await factories.staff_actor()
    assert [a.status for a in await attempts_of(staff, invoice.id)] == [status]
    rows = await AuditEntry.filter(action='automatic_payment.charge', document_id=invoice.id)
    assert [[c['after'] for c in row.changes if c['field'] == 'status'] for row in rows] == [[status]]


class AnswersFirst(StripeGateway):
    """The bank's answer to a debit is handled before the processor's reply to its submission gets back to us (a
    slow network): the webhook comes while the attempt is still pending."""
    base = ''
    answered: list[str]

    async def create_payment(self, **kwargs):
        intent = await super().create_payment(**kwargs)
        self.answered.append(await bank_answers(self.base, intent.id))
        return intent


def answering_first(base: str) -> AnswersFirst:
    found = gateway(base)
    found.__class__ = AnswersFirst
    assert isinstance(found, AnswersFirst)
    found.base, found.answered = base, []
    payment_gateway.install(found)
    return found


async def test_a_refusal_that_comes_before_the_submission_is_noted_tells_the_client_and_is_tried_again(
        sepa_client, stripe_up, moving_clock: MovingClock):
    contact, actor = sepa_client
    await agree_to_debit(actor, await save_an_account(stripe_up, actor, FAILING_IBAN))
    invoice = await in_euros(await factories.invoice(contact, 4000, due_in_days=0))
    bank = answering_first(stripe_up)
    told = OutgoingMail.filter(kind__in=['debit_failed', 'debit_failed_staff', 'automatic_payment_declined'])
    before = await told.count()

    assert (await run_charges()).done == 1
    assert bank.answered == ['failed']
    attempt = await AutomaticCharge.get(document_id=invoice.id)
    assert attempt.status == DECLINED  # not left "processing" on an invoice that owes again
    assert await shown(invoice) == InvoiceStatus.SENT
    mails = await told.order_by('id').offset(before)
    assert [(m.kind, m.to_address) for m in mails] == [('debit_failed', 'casey@acme.example'),
                                                      ('debit_failed_staff', 'books@northwind.example')]
    assert 'we will debit your account again on' in mails[0].text_body
    moving_clock.move(days=1)
    assert (await run_charges()).done == 1  # the schedule goes on


async def test_a_client_paying_by_debit_is_told_of_a_refusal_that_came_before_the_submission_was_noted(
        sepa_client, stripe_up):
    contact, actor = sepa_client
    mandate = await save_an_account(stripe_up, actor, FAILING_IBAN)
    invoice = await in_euros(await factories.invoice(contact, 4000, due_in_days=10))
    answering_first(stripe_up)
    before = await OutgoingMail.filter(kind='debit_failed').count()

    outcome = await start_debit(actor, DebitRequest([invoice.id], mandate_id=mandate.id))
    assert (outcome.state, outcome.message) == ('failed', 'Your card was declined.')
    assert await shown(invoice) == InvoiceStatus.SENT
    assert await OutgoingMail.filter(kind='debit_failed').count() == before + 1

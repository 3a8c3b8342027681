"""The demo data follows the same rules as real use, so a new user exploring it sees nothing contradictory."""
from datetime import UTC, datetime, timedelta

from domain import clock
from domain.documents import staff as staff_documents
from domain.models import Document, DocumentKind, EstimateStatus, InvoiceStatus, Payment, PaymentAllocation
from domain.overview import demo
from tests import factories


async def test_every_sent_demo_document_has_a_sent_date_on_or_after_its_issue_date(db):
    assert await demo.seed()
    now = clock.now()
    documents = await Document.all()
    assert documents
    for document in documents:
        if document.status == EstimateStatus.DRAFT:
            assert document.sent_at is None, document.number
            continue
        assert document.sent_at is not None, f'{document.number} is {document.status} but was never sent'
        sent = document.sent_at.astimezone(UTC)
        assert datetime.combine(document.issue_date, datetime.min.time(), tzinfo=UTC) <= sent <= now, document.number
        if document.expiry_date:
            assert document.expiry_date >= document.issue_date, document.number
        if document.due_date:
            assert document.due_date >= document.issue_date, document.number


async def test_decided_demo_estimates_were_decided_after_they_were_sent(db):
    await demo.seed()
    decided = await Document.filter(kind=DocumentKind.ESTIMATE,
                                    status__in=[EstimateStatus.ACCEPTED, EstimateStatus.DECLINED])
    assert decided
    for estimate in decided:
        assert estimate.decided_at is not None and estimate.decided_at >= estimate.sent_at, estimate.number
    undecided = await Document.filter(kind=DocumentKind.ESTIMATE, status__in=[EstimateStatus.SENT,
                                                                                EstimateStatus.DRAFT])
    assert all(estimate.decided_at is None for estimate in undecided)


async def test_demo_balances_match_their_payments_and_statuses(db):
    await demo.seed()
    for invoice in await Document.filter(kind__in=[DocumentKind.INVOICE, DocumentKind.RETAINER]):
        allocated = sum(await PaymentAllocation.filter(document_id=invoice.id).values_list('amount', flat=True))
        assert allocated == invoice.amount_paid, invoice.number
        expected = {0: {InvoiceStatus.SENT, InvoiceStatus.DRAFT}, invoice.total: {InvoiceStatus.PAID}}.get(
            invoice.amount_paid, {InvoiceStatus.PARTIALLY_PAID})
        assert invoice.status in expected, invoice.number
    for payment in await Payment.all():
        assert payment.date <= clock.today()
        for allocation in await PaymentAllocation.filter(payment_id=payment.id).prefetch_related('document'):
            assert payment.date >= allocation.document.issue_date


async def test_a_sent_demo_estimate_reads_as_sent_on_the_staff_page(db):
    """What the new staff member saw: a SENT chip on a page that said "Not sent yet"."""
    await demo.seed()
    actor = await factories.staff_actor('newcomer@example.com')
    estimate = await Document.filter(kind=DocumentKind.ESTIMATE, status=EstimateStatus.SENT).first()
    page = await staff_documents.get_document(actor, estimate.id, staff_documents.ESTIMATES)
    assert page.sent_at is not None
    assert page.sent_at <= clock.now() and page.sent_at >= clock.now() - timedelta(days=61)

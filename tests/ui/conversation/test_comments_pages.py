"""Comments as a client writes and reads them in the portal: plain text always, clear limits, only what is theirs."""
from nicegui.testing import User

from components.documents.comments import CommentList
from domain.models import Comment, EstimateStatus, InvoiceStatus
from tests import factories
from tests.ui.conftest import click, sign_in
from tests.ui.live_helpers import eventually

HOSTILE = [
    '<script>document.title = "owned"</script>',
    '<img src=x onerror="alert(1)">',
    '[Click here](javascript:alert(1)) **bold** _slanted_',
]


async def client_on_invoice(user: User, **invoice_fields):
    await user.open('/portal/login')
    await factories.business(name='Northwind Studio')
    acme = await factories.contact('Acme Corporation')
    casey = await factories.person(acme, 'casey@acme.example', first_name='Casey', last_name='Client')
    invoice = await factories.invoice(acme, 10000, **invoice_fields)
    await sign_in(user, 'portal', 'casey@acme.example')
    return acme, casey, invoice


def shown_texts(user: User) -> list[str]:
    lists = sorted(user.find(kind=CommentList).elements, key=lambda element: element.id)
    return [shown['b'] for element in lists for shown in element.shown]


async def test_markup_and_markdown_in_a_comment_stay_literal_text(user: User):
    _, casey, invoice = await client_on_invoice(user)
    await factories.comment(invoice, HOSTILE[0], person=casey)  # one already there when the page opens
    await user.open(f'/portal/invoices/{invoice.id}')
    await user.should_see(marker='comment-list', content=HOSTILE[0])
    for text in HOSTILE[1:]:
        user.find(marker='comment-box').type(text)
        click(user, 'Post comment')
        await user.should_see(marker='comment-list', content=text)
    assert shown_texts(user) == HOSTILE
    assert [c.body for c in await Comment.all().order_by('id')] == HOSTILE  # stored as typed
    # the feed is drawn by text interpolation only: nothing in it can become HTML
    source = (CommentList.component.path).read_text()
    assert 'v-html' not in source and '{{ comment.b }}' in source


async def test_line_breaks_are_kept_and_the_box_empties_after_posting(user: User):
    _, _, invoice = await client_on_invoice(user)
    await user.open(f'/portal/invoices/{invoice.id}')
    await user.should_see('No comments yet')
    box = user.find(marker='comment-box')
    box.type('First line\n\nThird line')
    click(user, 'Post comment')
    await user.should_see(marker='comment-list', content='Third line')
    assert shown_texts(user) == ['First line\n\nThird line']
    assert box.elements.pop().value == ''
    await user.should_not_see('No comments yet')
    assert user.notify.contains('Comment posted')


async def test_an_empty_or_too_long_comment_gets_a_message_next_to_the_box(user: User):
    _, _, invoice = await client_on_invoice(user)
    await user.open(f'/portal/invoices/{invoice.id}')
    click(user, 'Post comment')
    box = user.find(marker='comment-box').elements.pop()
    await eventually(lambda: box.error == 'Write your comment first.')
    assert str(box.props['maxlength']) == '2000'  # the browser stops at 2,000 characters
    box.value = 'x' * 2001  # and the server refuses more, should the browser be bypassed
    click(user, 'Post comment')
    await eventually(lambda: box.error == 'Use at most 2000 characters.')
    assert box.value == 'x' * 2001  # nothing typed is lost
    assert await Comment.all().count() == 0


async def test_the_portal_shows_replies_shown_in_the_portal_and_never_internal_notes(user: User):
    _, casey, invoice = await client_on_invoice(user)
    olivia = await factories.staff('olivia@northwind.example', name='Olivia Owner')
    await factories.comment(invoice, 'Can we pay later?', person=casey)
    await factories.comment(invoice, 'Internal: they always pay late.', staff_user=olivia)
    await factories.comment(invoice, 'Of course, by the end of the month.', staff_user=olivia, display_in_portal=True)
    await user.open(f'/portal/invoices/{invoice.id}')
    await user.should_see(marker='comment-list', content='Of course')
    assert shown_texts(user) == ['Can we pay later?', 'Of course, by the end of the month.']
    await user.should_not_see('they always pay late')
    marks = [shown['m'] for element in user.find(kind=CommentList).elements for shown in element.shown]
    assert marks == ['', 'From the business']


async def test_every_estimate_has_the_conversation_too_whatever_its_status(user: User):
    acme, _, _ = await client_on_invoice(user)
    accepted = await factories.estimate(acme, 5000, status=EstimateStatus.ACCEPTED)
    paid = await factories.invoice(acme, 5000, status=InvoiceStatus.PAID)
    for path in (f'/portal/estimates/{accepted.id}', f'/portal/invoices/{paid.id}'):
        await user.open(path)
        await user.should_see('Comments')
        await user.should_see('Post comment')


async def test_a_long_conversation_is_drawn_a_few_comments_per_element(user: User):
    _, casey, invoice = await client_on_invoice(user)
    for n in range(23):
        await factories.comment(invoice, f'Message {n:02d}', person=casey)
    await user.open(f'/portal/invoices/{invoice.id}')
    await user.should_see(marker='comment-list', content='Message 22')
    assert shown_texts(user) == [f'Message {n:02d}' for n in range(23)]
    assert len(user.find(kind=CommentList).elements) == 3

"""What people type into contact, staff and settings forms is cleaned the same way everywhere."""
import pytest

from domain import form_input
from domain.errors import Invalid


@pytest.mark.parametrize('typed, stored', [
    ('  Casey@Example.COM ', 'casey@example.com'),
    ('first.last+tag@mail.example.co.uk', 'first.last+tag@mail.example.co.uk'),
    ("o'brien@xn--bcher-kva.example", "o'brien@xn--bcher-kva.example"),
])
def test_emails_are_stripped_and_lower_cased(typed, stored):
    assert form_input.email(typed) == stored


@pytest.mark.parametrize('typed', [
    'casey', 'casey@', '@example.com', 'casey@example', 'casey@@example.com', 'ca sey@example.com',
    'casey@exa_mple.com', 'casey.@example.com', '.casey@example.com', 'casey@-example.com', 'casey@example.c',
    'a' * 65 + '@example.com', 'casey@' + 'a' * 250 + '.com', '<script>@example.com',
])
def test_malformed_emails_are_refused(typed):
    with pytest.raises(ValueError, match='Enter a valid email address'):
        form_input.email(typed)


def test_an_empty_email_is_fine_unless_required():
    assert form_input.email('  ') == ''
    with pytest.raises(ValueError, match='Enter it'):
        form_input.email('', required='Enter it.')


def test_websites_get_a_scheme_and_only_http_addresses_pass():
    assert form_input.website('acme.example') == 'https://acme.example'
    assert form_input.website('http://acme.example/about') == 'http://acme.example/about'
    for bad in ('javascript:alert(1)', 'ftp://acme.example', 'acme', 'https://acme example.com', 'data:text/html,x'):
        with pytest.raises(ValueError):
            form_input.website(bad)


def test_colours_are_six_hex_digits():
    assert form_input.color(' #0F766E ') == '#0f766e'
    for bad in ('blue', '#fff', '0f766e', '#0f766g', '#0f766e0'):
        with pytest.raises(ValueError):
            form_input.color(bad)


def test_single_line_text_is_trimmed_and_multi_line_text_keeps_its_lines():
    assert form_input.text('  Acme   Corp ', limit=50) == 'Acme Corp'
    assert form_input.text(' 1 Main St  \r\nSpringfield ', limit=50, multiline=True) == '1 Main St\nSpringfield'
    with pytest.raises(ValueError, match='at most 5'):
        form_input.text('too long', limit=5)


def test_terms_currencies_phones_and_time_zones():
    assert form_input.payment_terms('45') == 45
    for bad in ('-1', '366', 'soon'):
        with pytest.raises(ValueError):
            form_input.payment_terms(bad)
    assert form_input.currency('eur') == 'EUR'
    with pytest.raises(ValueError):
        form_input.currency('XXX')
    assert form_input.phone('+1 (555) 010-0100 ext. 12') == '+1 (555) 010-0100 ext. 12'
    with pytest.raises(ValueError):
        form_input.phone('call me')
    assert form_input.timezone('Europe/Berlin') == 'Europe/Berlin'
    with pytest.raises(ValueError):
        form_input.timezone('Mars/Olympus')


def test_the_collector_reports_every_field_at_once():
    c = form_input.Collector()
    c.take('email', form_input.email, 'nope')
    c.take('name', form_input.text, '', limit=10, required='Enter a name.')
    assert c.take('terms', form_input.payment_terms, '30') == 30
    with pytest.raises(Invalid) as error:
        c.check()
    assert set(error.value.fields) == {'email', 'name'}

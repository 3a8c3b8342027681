"""What the domain tells people reads in their language: validation next to fields, payment terms, the activity
lines of the bell, and the busy page. English stays as it was. (German and French come from the built catalogs.)"""
from __future__ import annotations

from datetime import UTC, datetime

import pytest

from domain import form_input, formats
from domain.activity.log import ActivityRow
from domain.errors import NotFound
from integrations.page_gate import busy_page


def row(kind: str, document_kind: str = 'invoice', number: str = 'INV-000007') -> ActivityRow:
    return ActivityRow(id=1, kind=kind, contact_id=1, contact_name='Acme GmbH', person_name='Greta Gruber',
                       document_id=7 if number else None, document_kind=document_kind, document_number=number,
                       detail='', created_at=datetime(2026, 3, 5, 21, 0, tzinfo=UTC))


def test_payment_terms_read_in_the_reader_language_and_stay_english_in_english():
    assert [form_input.terms_label(days) for days in (0, 30, 21)] == ['Due on receipt', 'Net 30', 'Net 21']
    with formats.reading('de'):
        assert [form_input.terms_label(days) for days in (0, 30, 21)] == \
            ['Fällig bei Erhalt', '30 Tage netto', '21 Tage netto']
        assert form_input.payment_terms_choices()[14] == '14 Tage netto'
    assert form_input.PAYMENT_TERMS[30] == 'Net 30'  # the constant itself is the English text, for the catalogs


def test_a_french_reader_is_told_what_is_wrong_with_a_field_in_french():
    with formats.reading('fr'), pytest.raises(ValueError) as wrong:
        form_input.email('greta@')
    assert str(wrong.value) == 'Saisissez une adresse e-mail valide, par exemple nom@example.com.'
    with formats.reading('fr'), pytest.raises(ValueError) as long:
        form_input.text('x' * 11, limit=10)
    assert str(long.value) == 'Utilisez au maximum 10 caractères.'
    with formats.reading('fr'):
        assert NotFound().message == 'Introuvable.'
    assert NotFound().message == 'Not found.'


def test_the_bell_tells_a_german_staff_user_what_clients_did_in_german():
    assert row('viewed').sentence == 'Greta Gruber viewed invoice INV-000007'
    with formats.reading('de'):
        assert row('viewed').sentence == 'Greta Gruber hat die Rechnung INV-000007 angesehen'
        assert row('accepted', 'estimate', 'EST-000002').sentence == \
            'Greta Gruber hat das Angebot EST-000002 angenommen'
        assert row('factor_reset', '', '').sentence == \
            'Bei Greta Gruber wurde die Anmeldung in zwei Schritten zurückgesetzt'


def test_the_busy_page_speaks_the_reader_language():
    english = busy_page(5)
    assert '<html lang="en">' in english and 'Busy for a moment' in english and 'in 5 seconds' in english
    with formats.reading('es'):
        spanish = busy_page(7)
    assert '<html lang="es">' in spanish and 'Ocupado por un momento' in spanish and 'en 7 segundos' in spanish

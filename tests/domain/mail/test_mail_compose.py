from domain.mail.compose import Action, compose


def test_an_email_has_both_parts_names_the_business_and_escapes_what_it_is_given():
    text, page = compose('Northwind <Studio>', 'Hello Casey,', ['Line one\nline two', '<script>alert(1)</script>'],
                         Action('Open the portal', 'https://portal.example/x?a=1&b=2'))
    assert 'Line one\nline two' in text
    assert 'Open the portal: https://portal.example/x?a=1&b=2' in text
    assert text.rstrip().endswith('— Northwind <Studio>')
    assert '<script>' not in page
    assert '&lt;script&gt;alert(1)&lt;/script&gt;' in page
    assert 'Northwind &lt;Studio&gt;' in page
    assert 'Line one<br>line two' in page
    assert 'href="https://portal.example/x?a=1&amp;b=2"' in page

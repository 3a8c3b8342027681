"""Units of measure from UN/ECE Recommendation 20 that staff choose for a line (a short list of the common ones)."""
from __future__ import annotations

from domain.formats import N_, _

UNITS: dict[str, str] = {
    'C62': N_('Unit'),
    'H87': N_('Piece'),
    'HUR': N_('Hour'),
    'DAY': N_('Day'),
    'WEE': N_('Week'),
    'MON': N_('Month'),
    'ANN': N_('Year'),
    'MIN': N_('Minute'),
    'KGM': N_('Kilogram'),
    'MTR': N_('Metre'),
    'MTK': N_('Square metre'),
    'LTR': N_('Litre'),
    'KWH': N_('Kilowatt hour'),
    'KMT': N_('Kilometre'),
    'LS': N_('Lump sum'),
    'SET': N_('Set'),
    'E48': N_('Service unit'),
}
DEFAULT = 'C62'


def choices() -> dict[str, str]:
    return {code: _(name) for code, name in UNITS.items()}

from tortoise import migrations
from tortoise.migrations import operations as ops
from domain.models.enums import PaymentMode
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0025_bank_payments')]

    initial = False

    operations = [
        ops.AlterField(
            model_name='Refund',
            name='mode',
            field=fields.CharEnumField(description='CASH: cash\nBANK_TRANSFER: bank_transfer\nCHEQUE: cheque\nCARD_TERMINAL: card_terminal\nONLINE_CARD: online_card\nSEPA_DEBIT: sepa_debit\nOTHER: other', enum_type=PaymentMode, max_length=20),
        ),
    ]

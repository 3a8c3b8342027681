from tortoise import migrations
from tortoise.migrations import operations as ops
from domain.models.enums import ActivityKind
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0010_charts')]

    initial = False

    operations = [
        ops.AlterField(
            model_name='Activity',
            name='kind',
            field=fields.CharEnumField(description='VIEWED: viewed\nACCEPTED: accepted\nDECLINED: declined\nCOMMENTED: commented\nPAID: paid\nFORWARDED: forwarded\nFACTOR_RESET: factor_reset\nUPLOADED: uploaded', enum_type=ActivityKind, max_length=12),
        ),
    ]

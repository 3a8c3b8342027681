from tortoise import migrations
from tortoise.migrations import operations as ops
from domain.models.enums import TokenPurpose
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0003_contact_covering_indexes')]

    initial = False

    operations = [
        ops.AlterModelOptions(
            name='AccessToken',
            options={'table': 'access_token', 'app': 'models', 'indexes': [Index(fields=['person_id', 'purpose'])], 'pk_attr': 'id', 'table_description': 'An invitation, password-reset or email-confirmation link: only the hash of the token is kept.'},
        ),
        ops.AlterField(
            model_name='AccessToken',
            name='purpose',
            field=fields.CharEnumField(description='INVITATION: invitation\nPASSWORD_RESET: password_reset\nEMAIL_CHANGE: email_change', enum_type=TokenPurpose, max_length=20),
        ),
        ops.AddField(
            model_name='AccessToken',
            name='new_email',
            field=fields.CharField(default='', max_length=254, db_default=''),
        ),
    ]

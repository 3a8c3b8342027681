from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0004_email_change')]

    initial = False

    operations = [
        ops.CreateModel(
            name='RateLimitHit',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('scope', fields.CharField(max_length=40)),
                ('key', fields.CharField(max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'rate_limit_hit', 'app': 'models', 'indexes': [Index(fields=['scope', 'key', 'created_at']), Index(fields=['scope', 'created_at'])], 'pk_attr': 'id', 'table_description': 'One counted request for a limit shared by every app process, e.g. reset requests from one network address.'},
            bases=['Model'],
        ),
    ]

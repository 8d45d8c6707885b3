
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('ateliers', '0006_atelier_sur_agenda'),
    ]

    operations = [
        migrations.AddField(
            model_name='atelier',
            name='sequence',
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
    ]

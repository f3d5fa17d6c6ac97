from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0004_pending_import"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="home_seen_at",
            field=models.DateTimeField(
                blank=True, null=True, verbose_name="start of the latest visit"
            ),
        ),
        migrations.AddField(
            model_name="user",
            name="home_since",
            field=models.DateTimeField(
                blank=True,
                help_text="The start page lists what is new since then.",
                null=True,
                verbose_name="start of the previous visit",
            ),
        ),
    ]

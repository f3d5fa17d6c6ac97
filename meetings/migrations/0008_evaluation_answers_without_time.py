from django.db import migrations


class Migration(migrations.Migration):
    """Answers lose their own time (it could be matched with the time of the record of who
    answered) and the once-only constraint, which the record of who answered now holds.

    A migration of its own: on PostgreSQL, altering the table in the transaction that updated
    its rows (0007) fails with pending trigger events."""

    dependencies = [("meetings", "0007_evaluation_answered_from_answers")]

    operations = [
        migrations.RemoveConstraint(model_name="evaluationresponse", name="evaluation_once"),
        migrations.AlterModelOptions(
            name="evaluationresponse",
            options={
                "ordering": ["meeting"],
                "verbose_name": "evaluation answer",
                "verbose_name_plural": "evaluation answers",
            },
        ),
        migrations.RemoveField(model_name="evaluationresponse", name="submitted_at"),
    ]

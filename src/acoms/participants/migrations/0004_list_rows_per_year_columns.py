"""List rows per performance year, the schema half (see 0003): the dates go, `py` is required, and an
entry is on one ACO's list of a year once."""

from django.db import migrations, models

KINDS = ("participant", "provider", "snfaffiliate")
HELP = "The one performance year this row is on the list for"


class Migration(migrations.Migration):

    dependencies = [
        ("participants", "0003_list_rows_per_year"),
    ]

    operations = [
        *[migrations.RemoveField(model_name=prefix + name, name=field)
          for name in KINDS for prefix in ("", "historical") for field in ("start_date", "end_date")],
        *[migrations.AlterField(model_name=prefix + name, name="py", field=models.PositiveSmallIntegerField(
            db_index=True, help_text=HELP, verbose_name="performance year"))
          for name in KINDS for prefix in ("", "historical")],
        migrations.AlterModelOptions(name="participant", options={"ordering": ["tin", "py"]}),
        migrations.AlterModelOptions(name="provider", options={"ordering": ["tin", "npi", "py"]}),
        migrations.AlterModelOptions(name="snfaffiliate",
                                     options={"ordering": ["ccn", "py"], "verbose_name": "SNF affiliate"}),
        migrations.AddConstraint(model_name="participant", constraint=models.UniqueConstraint(
            fields=("organization", "py", "tin"), name="one_participant_row_a_year")),
        migrations.AddConstraint(model_name="provider", constraint=models.UniqueConstraint(
            fields=("organization", "py", "npi", "tin"), name="one_provider_row_a_year")),
        migrations.AddConstraint(model_name="snfaffiliate", constraint=models.UniqueConstraint(
            fields=("organization", "py", "ccn"), name="one_snf_row_a_year")),
    ]

"""List rows per performance year (issue 9): a row names the one year it is on the list for.

Before, a row ran open-ended from January 1 of the year it was saved for and silently reached every
later year. Each old row becomes one row per year it was in force, bounded: from its start year to
its end year when it had ended, else to the latest year the ACO certified (a year whose list the
Authorized to Sign saw), and never past it; an open-ended row of an ACO with no later certification
keeps its start year only. History rows keep the year they were written for (their start year).
The schema change that follows (dropping the dates, `py` required, one row per entry and year) is
0004, in a transaction of its own, for the same reason as `atomic = False` below.
Reversing gives each per-year row the start and end dates of its year (rows are not merged back)."""

import datetime as dt

from django.db import migrations, models

KINDS = {"participant": ("tin", "legal_name", "ccns"), "provider": ("tin", "npi", "name"),
         "snfaffiliate": ("ccn", "name", "stars")}
HELP = "The one performance year this row is on the list for"


def _years(row, latest_certified: dict) -> range:
    first = row.start_date.year
    if row.end_date is not None:
        last = row.end_date.year
    else:
        last = max(first, latest_certified.get(row.organization_id, first))
    return range(first, last + 1)


def split_rows_by_year(apps, schema_editor):
    Certification = apps.get_model("participants", "Certification")
    latest: dict[int, int] = {}
    for org_id, py in Certification.objects.values_list("organization_id", "py"):
        latest[org_id] = max(py, latest.get(org_id, py))
    for name, fields in KINDS.items():
        model = apps.get_model("participants", name)
        extra = []
        for row in model.objects.all().iterator():
            years = [y for y in _years(row, latest) if dt.MINYEAR <= y <= 9999]
            row.py = years[0]
            row.save(update_fields=["py"])
            extra += [model(organization_id=row.organization_id, py=y, created_at=row.created_at,
                            start_date=dt.date(y, 1, 1), **{f: getattr(row, f) for f in fields}) for y in years[1:]]
        model.objects.bulk_create(extra, batch_size=500)
        history = apps.get_model("participants", "historical" + name)
        for pk, start in history.objects.values_list("pk", "start_date"):
            history.objects.filter(pk=pk).update(py=start.year)


def rows_to_dates(apps, schema_editor):
    for name in KINDS:
        for prefix in ("", "historical"):
            model = apps.get_model("participants", prefix + name)
            for pk, py in model.objects.values_list("pk", "py"):
                model.objects.filter(pk=pk).update(start_date=dt.date(py, 1, 1), end_date=dt.date(py, 12, 31))


def _py_field(null: bool):
    return models.PositiveSmallIntegerField(db_index=True, help_text=HELP, null=null, verbose_name="performance year")


class Migration(migrations.Migration):
    # Not one transaction: PostgreSQL creates the new columns' indexes at the end of a migration, and
    # refuses to while the rows just written await their constraint checks. The data step has its own.
    atomic = False

    dependencies = [
        ("accounts", "0001_initial"),
        ("participants", "0002_change_window_closed"),
    ]

    operations = [
        *[migrations.AddField(model_name=prefix + name, name="py", field=_py_field(True))
          for name in KINDS for prefix in ("", "historical")],
        migrations.RunPython(split_rows_by_year, rows_to_dates, atomic=True),
    ]

"""`acoms applications sweep`: the periodic check of applications (run it daily from cron)."""

from django.core.management.base import BaseCommand

from acoms.applications.models import Application
from acoms.applications.sweep import sweep


class Command(BaseCommand):
    help = "Application housekeeping. 'sweep': mark overdue RFIs, send deadline reminders, report cases with no owner or no available action."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["sweep"], help="the housekeeping to run")

    def handle(self, *args, **options):
        report = sweep()
        self.stdout.write(f"RFIs marked overdue: {len(report['overdue_rfis'])}")
        self.stdout.write(f"Deadline reminders sent: {len(report['reminded_rfis'])}")
        for key, title in (
            ("no_owner", "Cases with no owner"),
            ("no_available_action", "Cases with no available action"),
        ):
            self.stdout.write(f"{title}: {len(report[key])}")
            for app in Application.objects.filter(pk__in=report[key]).select_related("organization", "cycle"):
                self.stdout.write(f"  {app.pk} {app.organization.aco_id} {app.get_status_display()} ({app.cycle})")

import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from acoms import demo
from acoms.accounts.models import Membership


class Command(BaseCommand):
    help = "Create the database, load the demo data (idempotent) and, with --serve, run the site and the task worker."

    def add_arguments(self, parser):
        parser.add_argument("--serve", action="store_true", help="start the web server and the background worker")
        parser.add_argument(
            "--port",
            type=int,
            default=int(os.environ.get("PORT", "8000")),
            help="port of the web server with --serve (default $PORT or 8000)",
        )
        parser.add_argument(
            "--host",
            default=os.environ.get("HOST", "127.0.0.1"),
            help="address the web server listens on with --serve (default $HOST or 127.0.0.1)",
        )

    def step(self, text, ending="…"):
        self.stdout.write(f"[{time.monotonic() - self.started:5.1f} s] {text}{ending}")
        self.stdout.flush()

    def handle(self, *args, serve, port, host, **options):
        self.started = time.monotonic()
        self.stdout.write(f"Database: {settings.DATABASES['default']['NAME']}")
        self.step("Creating or updating the database (migrate)")
        call_command("migrate", interactive=False, verbosity=0)
        self.step("Collecting and compressing the static files (a minute the first time)")
        call_command("collectstatic", interactive=False, verbosity=0)
        self.step("Loading the demo data (only what is missing: running it again changes nothing)")
        # The demo's story sends notifications (RFIs, decisions); nobody needs them on the console.
        with override_settings(MAILERS={"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}):
            demo.seed(progress=lambda text: self.step(f"  {text}"))
        self.step("Ready.", ending="")
        self.print_logins(host, port)
        if serve:
            self.serve(host, port)

    def print_logins(self, host, port):
        self.stdout.write(self.style.SUCCESS(f"\nACO-MS is at http://{host}:{port}/\n"))
        self.stdout.write(f"Demo log-ins (password for all: {demo.DEMO_PASSWORD}):")
        roles: dict = {}
        memberships = (
            Membership.objects.filter(active=True, user__is_active=True)
            .select_related("user", "organization")
            .order_by("organization__kind", "organization__aco_id", "user__username")
        )
        for m in memberships:  # one line per log-in, its roles together
            roles.setdefault(m.user.username, []).append(f"{m.get_role_display()}, {m.organization}")
        for username, held in roles.items():
            self.stdout.write(f"  {username:<18} {'; '.join(held)}")
        data_dir = settings.DATA_DIR
        self.stdout.write(
            f"\nStop the demo with Ctrl-C. To start again from fresh demo data, stop it, delete {data_dir}"
            " (the database, uploads and claims of the demo; `make demo-reset` does it) and run `make demo`.\n"
        )

    def serve(self, host, port):
        bin_dir = os.path.dirname(sys.executable)
        processes = [
            subprocess.Popen(gunicorn_command(host, port)),
            subprocess.Popen([os.path.join(bin_dir, "acoms"), "db_worker"]),
        ]
        stop = {"now": False}

        def on_signal(signum, frame):
            stop["now"] = True

        signal.signal(signal.SIGINT, on_signal)
        signal.signal(signal.SIGTERM, on_signal)
        self.stdout.write("Web server and task worker running. Press Ctrl-C to stop.")
        try:
            while not stop["now"] and all(p.poll() is None for p in processes):
                time.sleep(0.5)
        finally:
            for p in processes:
                if p.poll() is None:
                    p.terminate()
            for p in processes:
                try:
                    p.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    p.kill()
        failed = [p for p in processes if p.returncode not in (0, -signal.SIGTERM, None)]
        if failed and not stop["now"]:
            raise SystemExit(f"a server process stopped unexpectedly (exit {failed[0].returncode})")


def gunicorn_command(host: str, port: int) -> list[str]:
    """The web server's command line; its control socket stays in DATA_DIR (gunicorn's default is in $HOME)."""
    bin_dir = os.path.dirname(sys.executable)
    return [
        os.path.join(bin_dir, "gunicorn"),
        "acoms.wsgi",
        "--bind",
        f"{host}:{port}",
        "--workers",
        "2",
        "--access-logfile",
        "-",
        "--logger-class",
        "acoms.web.access_log.RedactingLogger",
        "--control-socket",  # gunicorn's own default is in the home folder
        str(settings.DATA_DIR / "gunicorn.ctl"),
    ]

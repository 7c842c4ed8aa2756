"""Screenshots of the main screens for docs/user-guide.md (`acoms docs screenshots`): the demo data, a web
server on a free local port in this process, and headless Chromium (Playwright, a development dependency)
taking each screen at 1280 px as the role that uses it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
from django.core.wsgi import get_wsgi_application
from django.urls import reverse

from acoms.applications.models import Application

WIDTH, HEIGHT = 1280, 1000


def _in_review() -> str:
    application = Application.objects.filter(status=Application.Status.IN_REVIEW).order_by("pk").first()
    return reverse("application_detail", args=[application.pk]) if application else reverse("review_queue")


@dataclass(frozen=True)
class Screen:
    name: str  # docs/img/<name>.png
    username: str | None  # None: not logged in
    url: Callable[[], str]
    title: str  # the caption in the user guide


SCREENS = (
    Screen("login", None, lambda: reverse("login"), "Log-in page"),
    Screen("aco-home", "aco-executive", lambda: reverse("aco_home", args=["A1001"]), "The ACO's home"),
    Screen("aco-applications", "aco-executive", lambda: reverse("aco_applications", args=["A1001"]), "Applications"),
    Screen("participant-list", "aco-executive", lambda: reverse("participant_list", args=["A1001"]), "Participants"),
    Screen("datahub", "aco-executive", lambda: reverse("datahub", args=["A1001"]), "Data Hub"),
    Screen("cms-home", "cms-reviewer", lambda: reverse("cms_home"), "CMS home"),
    Screen("review-queue", "cms-reviewer", lambda: reverse("review_queue"), "Review queue"),
    Screen("application-review", "cms-reviewer", _in_review, "An application in review"),
    Screen("cycle-dashboard", "cms-reviewer", lambda: reverse("cycle_dashboard"), "Cycle dashboard"),
    Screen("api-docs", None, lambda: "/api/v1/docs", "API documentation"),
)


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format, *args):  # the command prints each screenshot, not each request
        pass


def _serve() -> tuple[ThreadedWSGIServer, str]:
    server = ThreadedWSGIServer(("127.0.0.1", 0), _QuietHandler, allow_reuse_address=False)
    server.set_app(StaticFilesHandler(get_wsgi_application()))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


def take(out: Path, password: str, chromium: str, say: Callable[[str], None]) -> list[Path]:
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 (a development dependency)

    out.mkdir(parents=True, exist_ok=True)
    urls = {screen.name: screen.url() for screen in SCREENS}  # resolved here: the server threads hold no state
    server, base = _serve()
    written = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
            for username in dict.fromkeys(screen.username for screen in SCREENS):
                context = browser.new_context(viewport={"width": WIDTH, "height": HEIGHT})
                page = context.new_page()
                if username:
                    page.goto(base + reverse("login"))
                    page.get_by_label("User name").fill(username)
                    page.get_by_label("Password").fill(password)
                    page.get_by_role("button", name="Log in").click()
                    page.wait_for_load_state()
                for screen in (s for s in SCREENS if s.username == username):
                    page.goto(base + urls[screen.name])
                    page.wait_for_load_state("networkidle")
                    path = out / f"{screen.name}.png"
                    page.screenshot(path=str(path))
                    written.append(path)
                    say(f"{path} ({screen.title}, as {username or 'a visitor'})")
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return written

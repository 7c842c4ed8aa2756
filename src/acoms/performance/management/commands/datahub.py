"""`acoms datahub --aco A1234 --year 2026 --list | --view [--file CODE] | --download [--createdAfter YYYY-MM-DD]`

Mirrors CMS's acoms-cli against ACO-MS's API with the user's API token (`--token` or ACOMS_TOKEN):
--list prints the files, --view prints them as JSON (optionally only one type code), --download saves
them into --out (default: the current folder), skipping files already there with the same size.
"""

import json
import os
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "List, view and download the ACO's Data Hub files through the API (like CMS's acoms-cli)."

    def add_arguments(self, parser):
        parser.add_argument("--aco", required=True, help="the ACO ID whose files to list or download (e.g. A1001)")
        parser.add_argument("--year", type=int, help="performance year (default: every year)")
        mode = parser.add_mutually_exclusive_group(required=True)
        mode.add_argument("--list", action="store_true", help="list the files: type code, name, size, date")
        mode.add_argument("--view", action="store_true", help="list the files with their descriptions")
        mode.add_argument("--download", action="store_true", help="download the files into --out")
        parser.add_argument("--file", help="only files of this type code (e.g. 129)")
        parser.add_argument(
            "--createdAfter", dest="created_after", help="only files created after this day (YYYY-MM-DD)"
        )
        parser.add_argument("--url", default="http://127.0.0.1:8000", help="the ACO-MS site (default %(default)s)")
        parser.add_argument(
            "--token", default=os.environ.get("ACOMS_TOKEN", ""), help="your API token (default: $ACOMS_TOKEN)"
        )
        parser.add_argument("--out", default=".", help="folder to download into (default: the current folder)")

    def _get(self, o, path: str) -> bytes:
        request = urllib.request.Request(
            o["url"].rstrip("/") + "/api/v1/performance" + path, headers={"Authorization": f"Bearer {o['token']}"}
        )
        try:
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (the user's --url)
                return response.read()
        except urllib.error.HTTPError as e:
            raise CommandError(f"{e.code} {e.reason} for {path}") from e
        except urllib.error.URLError as e:
            raise CommandError(f"cannot reach {o['url']}: {e.reason}") from e

    def handle(self, *args, **o):
        if not o["token"]:
            raise CommandError("an API token is needed (--token or ACOMS_TOKEN)")
        query = {k: v for k, v in (("year", o["year"]), ("created_after", o["created_after"])) if v}
        path = f"/datahub/{urllib.parse.quote(o['aco'])}" + (f"?{urllib.parse.urlencode(query)}" if query else "")
        files = json.loads(self._get(o, path))
        if o["file"]:
            files = [f for f in files if f["type_code"] == o["file"]]
        if o["list"]:
            for f in files:
                self.stdout.write(f"{f['type_code']}\t{f['file_name']}\t{f['size']}\t{f['created_at'][:10]}")
        elif o["view"]:
            self.stdout.write(json.dumps(files, indent=1))
        else:
            out = Path(o["out"])
            out.mkdir(parents=True, exist_ok=True)
            for f in files:
                target = out / f["file_name"]
                if target.exists() and target.stat().st_size == f["size"]:
                    self.stdout.write(f"skipped {f['file_name']} (already downloaded)")
                    continue
                target.write_bytes(self._get(o, f"/datahub/{urllib.parse.quote(o['aco'])}/files/{f['id']}"))
                self.stdout.write(f"downloaded {f['file_name']}")

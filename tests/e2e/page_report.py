"""Sum up a run of test_every_page.py written with ACOMS_PAGE_REPORT=FOLDER: pages visited per role, the
axe-core serious/critical findings by rule, the other problems, and the page-load p95 per page type.

    ACOMS_PAGE_REPORT=/tmp/pages pytest -m browser tests/e2e/test_every_page.py -n 2
    python tests/e2e/page_report.py /tmp/pages
"""

import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main(folder: str) -> None:
    pages, axe, problems, load = {}, Counter(), Counter(), defaultdict(list)
    for path in sorted(Path(folder).glob("*.json")):
        report = json.loads(path.read_text())
        pages[path.stem] = len(report["pages"])
        for violations in report["axe"].values():
            axe.update(f"{v['impact']} {v['id']}" for v in violations)
        for found in report["problems"].values():
            problems.update(re.sub(r" by \d+px.*| \(.*|\[.*", "", problem) for problem in found)
        for kind, times in report["load_ms"].items():
            load[kind] += times
    print(f"pages visited: {sum(pages.values())} ({', '.join(f'{u} {n}' for u, n in pages.items())})")
    print(f"axe serious/critical findings (rule x page): {sum(axe.values())}")
    for rule, count in axe.most_common():
        print(f"  {count:4}  {rule}")
    print(f"other problems: {sum(problems.values()) - sum(axe.values())}")
    for problem, count in problems.most_common():
        if not problem.startswith("axe "):
            print(f"  {count:4}  {problem}")
    print("page load (navigation start to load event), p95 per page type:")
    for kind, times in sorted(load.items(), key=lambda item: -p95(item[1])):
        print(f"  {p95(times):6.0f} ms  n={len(times):<3} {kind}")


if __name__ == "__main__":
    main(sys.argv[1])

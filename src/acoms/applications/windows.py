"""Phase windows of an application cycle: which window an action needs, and a message that says
when it opens or closed."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from acoms.lib.formats import long_date

PHASES = [
    ("noia", "Notice of Intent to Apply"),
    ("phase1", "Phase 1 submission"),
    ("rfi1", "Phase 1 RFI-1"),
    ("rfi2", "Phase 1 RFI-2"),
    ("phase2", "Phase 2 submission"),
    ("phase2_rfi", "Phase 2 RFI"),
    ("determination", "Final determination"),
    ("reconsideration", "Reconsideration"),
    ("signing", "Agreement signing"),
]
PHASE_LABELS = dict(PHASES)
RFI_ROUND_WINDOWS = {1: "rfi1", 2: "rfi2", 3: "phase2_rfi"}  # RFI rounds and the window each one runs in


def today() -> dt.date:
    return timezone.localdate()


def window_problem(cycle, phase: str, on: dt.date | None = None) -> str | None:
    """None when `phase` of `cycle` is open on `on`; otherwise a sentence naming the window."""
    on = on or today()
    window = cycle.window(phase)
    label = PHASE_LABELS[phase]
    if window is None:
        return f"The {label} window of the {cycle} cycle has no dates yet."
    opens, closes = window
    if on < opens:
        return f"The {label} window of the {cycle} cycle opens on {long_date(opens)} (it runs {long_date(opens)} – {long_date(closes)})."
    if on > closes:
        return f"The {label} window of the {cycle} cycle closed on {long_date(closes)}."
    return None


def current_phases(cycle, on: dt.date | None = None) -> list[str]:
    on = on or today()
    return [p for p, _ in PHASES if (w := cycle.window(p)) and w[0] <= on <= w[1]]

"""Background tasks (django.tasks; the `acoms db_worker` runs them)."""

from django.tasks import task


@task
def run_estimate(run_id: int) -> None:
    from acoms.participants.estimate import compute_run  # noqa: PLC0415

    compute_run(run_id)

"""Background tasks (django.tasks; the `acoms db_worker` runs them)."""

from django.tasks import task


@task
def execute_run(run_id: int) -> None:
    from acoms.performance.runner import execute  # noqa: PLC0415

    execute(run_id)


@task
def compute_whatif(whatif_id: int) -> None:
    from acoms.performance.whatif import compute  # noqa: PLC0415

    compute(whatif_id)

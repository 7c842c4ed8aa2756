"""Fuzz every API operation with schemathesis (bounded and seeded): whatever a client sends, the
API never answers 5xx. Half the cases name real records (the permission matrix's, of A1001), so
the fuzzing reaches past the 404 of a random id. Runs in `make test` on SQLite and, with
DATABASE_URL, on PostgreSQL."""

import contextlib
from collections import Counter

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from acoms.accounts.models import OrganizationQuerySet
from acoms.api import actions as token_actions
from matrix_support import collect

EXAMPLES_PER_OPERATION = 10  # x ~25 operations x 2 callers: about a minute on one shared core


def _cases(operation):
    """Valid requests and, where the schema constrains something, requests that break it."""
    strategies = [operation.as_strategy(GenerationMode.POSITIVE)]
    with contextlib.suppress(Exception):  # nothing in this operation can be made invalid
        strategies.append(operation.as_strategy(GenerationMode.NEGATIVE))
    return st.one_of(strategies)


def _fuzz(schema, headers, real_ids) -> tuple[list[str], Counter]:
    failures: list[str] = []
    statuses: Counter = Counter()
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            derandomize=True,
            deadline=None,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=_cases(operation), use_real_ids=st.booleans())
        def run(case, use_real_ids):
            if use_real_ids and case.path_parameters:
                case.path_parameters = {name: real_ids.get(name, value) for name, value in case.path_parameters.items()}
            response = case.call(headers=headers)
            statuses[response.status_code // 100] += 1
            if response.status_code >= 500:
                failures.append(
                    f"{case.method} {case.formatted_path} {case.query or ''}: {response.status_code}"
                    f" {response.text[:200]}"
                )

        run()
    return failures, statuses


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Like Django's test client: the WSGI handler must not close the test's database connection after
    each request (it would, on PostgreSQL, since the test runs inside a transaction)."""

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.timeout(300)
@pytest.mark.parametrize("caller", ["aco-executive", "cms-admin"])
def test_no_request_makes_the_api_fail(people, caller):
    real_ids: dict = {}
    for prepare in collect("prepare"):  # the records the permission matrix uses
        real_ids.update(prepare(people) or {})
    _, secret = token_actions.create_token(by=people[caller], name="fuzz")
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    failures, statuses = _fuzz(schema, {"Authorization": f"Bearer {secret}"}, real_ids)
    assert not failures, "\n".join(sorted(set(failures))[:30])
    assert statuses[2] >= 20, statuses  # the fuzzing reached working operations, not only refusals


def test_the_fuzzing_reports_a_server_error(people, monkeypatch):
    """The harness itself can fail: an operation that crashes is reported."""

    monkeypatch.setattr(OrganizationQuerySet, "for_user", lambda self, user: 1 / 0)
    _, secret = token_actions.create_token(by=people["aco-data"], name="fuzz")
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application()).include(path="/api/v1/acos")
    failures, _ = _fuzz(schema, {"Authorization": f"Bearer {secret}"}, {})
    assert failures and all(" 500 " in f for f in failures)

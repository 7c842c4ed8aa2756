import pytest

from acoms import demo
from acoms.accounts.models import User
from acoms.lib import parameters


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is the site's hasher (tested in test_config); tests create many users, so they hash fast.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _demo_without_a_performance_run(settings):
    """`demo.seed()` computes a whole performance year (about 35 s); only the tests that need it turn it on."""
    settings.ACOMS_DEMO_PERFORMANCE_RUN = False


class People(dict):
    """User name -> User for every demo log-in; the organisations are `people.orgs`, not among the users.

    `people["_orgs"]` still answers the organisations (the accessor older tests use)."""

    def __init__(self, users: dict, orgs: dict):
        super().__init__(users)
        self.orgs = orgs

    def __getitem__(self, key):
        if key == "_orgs":
            return self.orgs
        return super().__getitem__(key)


@pytest.fixture
def people(db):
    """Every demo log-in, by user name: each ACO contact type of ACO X (A1001), an executive of
    ACO Y (A1002), and each CMS role. Built by the same code as `acoms demo`."""
    orgs = demo.seed_people()
    return People({u.username: u for u in User.objects.all()}, orgs)


@pytest.fixture
def orgs(people):
    return people.orgs


# --check-parameter-reads: after a run of the whole suite (no paths, no -k), name every parameter table row that
# no code read (acoms.lib.parameters records reads). Under xdist each worker sends its reads to the controller.
def pytest_addoption(parser):
    parser.addoption(
        "--check-parameter-reads",
        action="store_true",
        help="fail the run if a row of a parameter table was read by no code (use on the whole suite)",
    )


_worker_reads: set[tuple[str, int]] = set()
_unread: list[str] = []


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    _worker_reads.update((name, line) for name, line in getattr(node, "workeroutput", {}).get("parameter_reads", []))


def pytest_sessionfinish(session, exitstatus):
    if hasattr(session.config, "workeroutput"):
        session.config.workeroutput["parameter_reads"] = sorted(parameters.reads())
        return
    whole_suite = session.config.args_source == pytest.Config.ArgsSource.TESTPATHS and not session.config.option.keyword
    if session.config.getoption("check_parameter_reads") and whole_suite:
        _unread[:] = parameters.unread(parameters.all_tables(), _worker_reads | parameters.reads())
        if _unread:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter):
    if _unread:
        terminalreporter.section("parameter rows no code read")
        for row in _unread:
            terminalreporter.write_line(row)
        terminalreporter.write_line(
            "Each row of a parameter table must be read by the code it parameterizes "
            "(docs/development.md, 'How to add a parameter')."
        )

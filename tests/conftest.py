import pytest

from acoms import demo


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is the site's hasher (tested in test_config); tests create many users, so they hash fast.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def people(db):
    """Every demo log-in, by user name: each ACO contact type of ACO X (A1001), an executive of
    ACO Y (A1002), and each CMS role. Built by the same code as `acoms demo`."""
    from acoms.accounts.models import User

    orgs = demo.seed_people()
    users = {u.username: u for u in User.objects.all()}
    users["_orgs"] = orgs
    return users


@pytest.fixture
def orgs(people):
    return people["_orgs"]

"""The search index follows every write and finds each person only the records they may read.

The world (tests/participants/conftest.py): the registry holds TINs 201234560 Riverside Family Medicine,
371234561 Harbor Clinic, 300000019 Valley Cardiology and 260000001 Shared Primary Care, NPIs and CCNs; ACO Y
(A1002) lists 260000001 and 300000019 for PY2027 (a bulk save, which sends no model signals)."""

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from acoms.accounts import actions as account_actions
from acoms.accounts.models import Organization
from acoms.accounts.roles import SYSTEM
from acoms.participants import actions
from acoms.participants.models import Participant
from acoms.search import query
from acoms.search.models import Entry


def found(user, text, kinds=None):
    return [(hit.kind, hit.title) for hit in query.search(user, text) if kinds is None or hit.kind in kinds]


def test_cms_staff_find_a_tin_by_its_first_digits_on_the_list_and_in_the_registry(world):
    hits = found(world["cms-reviewer"], "26000")
    assert ("participant", "Shared Primary Care") in hits
    assert ("registry", "Shared Primary Care") in hits


def test_a_tin_written_with_its_hyphen_is_one_identifier(world):
    assert ("participant", "Shared Primary Care") in found(world["cms-reviewer"], "26-0000001")


def test_another_acos_tin_is_never_found_by_aco_staff(world):
    for user in ("aco-executive", "aco-data", "aco-compliance"):
        for text in ("260000001", "26000", "Shared Primary", "Valley Cardiology", "A1002"):
            assert found(world[user], text) == [], (user, text)


def test_aco_staff_find_their_own_list_row_but_never_the_registry(world):
    hits = found(world["other-aco"], "Shared Primary")
    assert hits == [("participant", "Shared Primary Care")]


def test_legal_name_words_in_any_order_and_case(world):
    assert ("registry", "Riverside Family Medicine, PC") in found(world["cms-analyst"], "medicine riverside")
    assert found(world["cms-analyst"], "riverside cardiology") == []


def test_an_npi_finds_its_reassignments(world):
    hits = found(world["cms-reviewer"], "2000000010")
    assert sorted(hits) == [("registry", "Wei Nguyen"), ("registry", "Wei Nguyen")]


def test_a_row_added_through_the_action_is_found_and_its_removal_forgets_it(world):
    aco = world.orgs["aco_x"]
    report = actions.add_row(
        by=world["aco-executive"],
        aco=aco,
        py=2027,
        kind="participants",
        raw={"tin": "201234560", "legal_name": "Riverside Family Medicine, PC", "ccns": ""},
    )
    assert report.accepted
    rows = {"participant"}
    assert found(world["aco-executive"], "2012345", rows) == [("participant", "Riverside Family Medicine, PC")]
    assert found(world["other-aco"], "2012345") == []
    actions.remove_row(by=world["aco-executive"], entry=Participant.objects.get(organization=aco, tin="201234560"))
    assert found(world["aco-executive"], "2012345", rows) == []


def test_a_rolled_back_write_leaves_no_entry(world):
    with pytest.raises(RuntimeError), transaction.atomic():
        Participant.objects.create(organization=world.orgs["aco_x"], py=2027, tin="371234561", legal_name="Harbor")
        assert found(world["aco-executive"], "Harbor") == [("participant", "Harbor")]
        raise RuntimeError
    assert found(world["aco-executive"], "Harbor") == []


def test_renaming_an_aco_renames_its_applications_and_contacts_in_the_index(world):
    aco = Organization.objects.get(aco_id="A1001")
    aco.name = "Lighthouse Health Partners"
    aco.save()
    hits = found(world["cms-reviewer"], "lighthouse")
    assert ("aco", "Lighthouse Health Partners (A1001)") in hits
    contacts = Entry.objects.filter(kind="contact", organization=aco)
    assert contacts and all("Lighthouse Health Partners" in e.detail for e in contacts)


def test_a_contact_is_found_by_name_by_cms_and_their_own_aco_only(world):
    person = world["aco-signer"]
    last = person.last_name
    assert ("contact", person.get_full_name()) in found(world["cms-reviewer"], last)
    assert ("contact", person.get_full_name()) in found(world["aco-executive"], last)
    assert ("contact", person.get_full_name()) not in found(world["other-aco"], last)


def test_a_deactivated_contact_is_no_longer_found(world):
    person = world["aco-medical"]
    membership = person.memberships.get(organization=world.orgs["aco_x"])
    account_actions.revoke_role(by=SYSTEM, membership=membership)
    assert ("contact", person.get_full_name()) not in found(world["cms-reviewer"], person.last_name)


def test_the_aco_itself_ranks_above_records_that_only_mention_it(world):
    hits = query.search(world["cms-reviewer"], "A1001")
    assert hits[0].kind == "aco"


def test_reindex_rebuilds_the_same_index(world):
    before = sorted(Entry.objects.values_list("kind", "ref", "title", "detail", "terms"))
    Entry.objects.all().delete()
    assert found(world["cms-reviewer"], "26000") == []
    call_command("search", "reindex")
    assert sorted(Entry.objects.values_list("kind", "ref", "title", "detail", "terms")) == before
    assert ("participant", "Shared Primary Care") in found(world["cms-reviewer"], "26000")


def test_the_index_is_the_databases_own_full_text_index(world):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'search_entry_fts'")
            assert "fts5" in cursor.fetchone()[0].lower()
        else:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'search_entry_document'")
            assert "gin" in cursor.fetchone()[0].lower()


def test_one_letter_or_punctuation_finds_nothing_rather_than_everything(world):
    assert query.words("a - * ^") == []
    assert found(world["cms-reviewer"], "a - * ^") == []


def test_query_syntax_typed_into_the_box_is_read_as_words(world):
    entries = Entry.objects.count()
    assert found(world["cms-reviewer"], '"Riverside" NEAR(x) OR -- \'; DELETE FROM search_entry; :*') == []
    assert Entry.objects.count() == entries


def test_migrate_indexes_a_database_whose_index_is_empty(world):
    Entry.objects.all().delete()
    call_command("migrate", verbosity=0)
    assert ("participant", "Shared Primary Care") in found(world["cms-reviewer"], "26000")

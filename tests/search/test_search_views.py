"""The results page and the suggestions under the header's box, read as the people who use them."""

from django.urls import reverse


def test_the_results_page_names_each_record_type_and_links_to_the_record(client, world):
    client.force_login(world["cms-reviewer"])
    page = client.get(reverse("search"), {"q": "Shared Primary"}).content.decode()
    assert page.count("<h1") == 1
    assert 'data-testid="hit-kind">Participant</span>' in page
    assert 'data-testid="hit-kind">Enrollment registry</span>' in page
    assert reverse("participant_list", args=["A1002"]) + "?py=2027" in page
    assert reverse("participant_registry") + "?q=Shared+Primary+Care" in page


def test_aco_staff_see_nothing_of_another_aco_on_the_page_or_in_suggestions(client, world):
    client.force_login(world["aco-executive"])
    for url in (reverse("search"), reverse("search_suggestions")):
        page = client.get(url, {"q": "260000001"}).content.decode()
        assert "Shared Primary" not in page
        assert "Nothing found for “260000001”" in page


def test_suggestions_are_a_short_list_with_a_link_to_all_results(client, world):
    client.force_login(world["cms-reviewer"])
    page = client.get(reverse("search_suggestions"), {"q": "wei"}, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in page
    assert page.count("Wei Nguyen") == 2
    assert reverse("search") + "?q=wei" in page


def test_the_box_is_in_the_header_of_every_page_for_signed_in_people(client, world):
    assert 'id="site-search"' not in client.get(reverse("login")).content.decode()
    client.force_login(world["aco-data"])
    home = client.get(reverse("aco_home", args=["A1001"])).content.decode()
    assert home.count('id="site-search"') == 1
    assert reverse("search_suggestions") in home


def test_a_query_too_short_to_search_says_so(client, world):
    client.force_login(world["cms-reviewer"])
    page = client.get(reverse("search"), {"q": "a"}).content.decode()
    assert "Type at least 2 letters or digits" in page


def test_a_very_long_query_is_cut_not_refused(client, world):
    client.force_login(world["cms-reviewer"])
    assert client.get(reverse("search"), {"q": "riverside " * 500}).status_code == 200

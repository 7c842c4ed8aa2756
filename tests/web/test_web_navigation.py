"""The top navigation: an area with several pages is one dropdown; a single page stays a link."""

from django.test import RequestFactory, override_settings

from acoms.web.context import navigation


def _nav(user, path="/"):
    request = RequestFactory().get(path)
    request.user = user
    return navigation(request)["nav_items"]


def test_the_administrators_areas_are_dropdowns_and_the_current_page_marks_its_menu(people):
    entries = _nav(people["cms-admin"], "/cms/participant-registry/")
    menus = {e.label: [c.label for c in e.children] for e in entries if e.children}
    assert menus["Participants"] == ["Participant changes", "Change windows", "Enrollment registry"]
    assert menus["Administration"] == ["API tokens", "Audit log", "Site administration"]
    assert "Review queue" in menus["Applications"]
    assert len({e.key for e in entries if e.children}) == len(menus)  # one id per dropdown


def test_an_aco_contact_sees_plain_links_for_single_pages_and_one_menu_for_performance(people):
    entries = _nav(people["aco-executive"])
    assert [e.label for e in entries][:2] == ["Home", "Sunrise Health ACO"]
    menus = {e.label: [c.label for c in e.children] for e in entries if e.children}
    assert menus == {"Performance": ["Data Hub", "Dashboard"]}  # the one area with two pages


@override_settings(DEBUG=True)
def test_an_unknown_api_route_answers_json_404_even_with_debug_on(client):
    for url in ("/api/v1/nope", "/api/v1/applications/nope/further", "/api/v2/anything"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"].startswith("application/json"), url
        assert "detail" in response.json()

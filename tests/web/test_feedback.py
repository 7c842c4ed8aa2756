"""How a page shows a refused action: on the form, or as a message on the next page (acoms.web.feedback)."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from acoms.web.feedback import errors_onto, refusal_as_message


class NameForm(forms.Form):
    name = forms.CharField()


def _form():
    form = NameForm({"name": "Ann"})
    assert form.is_valid()
    return form


def _request():
    request = RequestFactory().post("/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def test_a_message_naming_a_field_goes_beside_it_and_any_other_at_the_top():
    form = _form()
    errors_onto(form, ValidationError({"name": ["Too short."], "py": ["PY2031 is not open."]}))
    assert form.errors["name"] == ["Too short."]
    assert form.non_field_errors() == ["PY2031 is not open."]


def test_a_refusal_naming_no_field_goes_at_the_top():
    form = _form()
    errors_onto(form, ValidationError("The list is certified."))
    assert form.non_field_errors() == ["The list is certified."]
    assert "name" not in form.errors


def test_a_refused_write_becomes_a_message_and_the_view_goes_on():
    request = _request()
    reached = []
    with refusal_as_message(request):
        raise ValidationError({"reviewer": ["Choose a CMS Reviewer."], "note": ["Say why."]})
    reached.append("after")
    assert reached == ["after"]
    assert [m.message for m in get_messages(request)] == ["Choose a CMS Reviewer. Say why."]


def test_a_write_that_succeeds_says_nothing_and_other_errors_are_not_hidden():
    request = _request()
    with refusal_as_message(request):
        pass
    assert list(get_messages(request)) == []
    with pytest.raises(KeyError), refusal_as_message(request):
        raise KeyError("a bug, not a refusal")

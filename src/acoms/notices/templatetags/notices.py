"""`{% notice_bell %}`: the bell in the header with the person's unread count."""

from django import template

from acoms.notices.models import Notice

register = template.Library()


@register.inclusion_tag("notices/_bell.html", takes_context=True)
def notice_bell(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    return {"show": True, "unread": Notice.objects.for_user(user).unread().count()}

"""`{% field form.x %}`: a form field in USWDS markup with its label and error messages."""

from django import forms, template

register = template.Library()


@register.inclusion_tag("applications/_field.html")
def field(bound, hx=None):
    widget = bound.field.widget
    kind = "text"
    if isinstance(widget, forms.CheckboxInput):
        kind = "checkbox"
    elif isinstance(widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
        kind = "choices"
    attrs = {}
    if kind == "text":
        attrs["class"] = {
            forms.Select: "usa-select",
            forms.Textarea: "usa-textarea",
            forms.ClearableFileInput: "usa-file-input",
            forms.FileInput: "usa-file-input",
        }.get(type(widget), "usa-input")
        if bound.errors:
            attrs["class"] += " usa-input--error"
    else:
        attrs["class"] = "usa-checkbox__input"
    attrs["aria-describedby"] = f"{bound.auto_id}-error"  # its errors, shown on saving or as the person types
    if bound.errors:
        attrs["aria-invalid"] = "true"
    return {"f": bound, "kind": kind, "widget": bound.as_widget(attrs=attrs)}

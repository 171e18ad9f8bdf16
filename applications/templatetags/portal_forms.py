"""Render form widgets the USWDS way, with hints and errors tied by aria-describedby."""

from django import forms, template
from django.utils.translation import gettext as _

register = template.Library()

# File inputs stay native: USWDS's file input script replaces the field's label with
# an English aria-label ("Drag files here or choose from folder") and announces its
# status in English, whatever the page's language.
WIDGET_CLASSES = {
    forms.Select: "usa-select",
    forms.Textarea: "usa-textarea",
    forms.CheckboxInput: "usa-checkbox__input",
    forms.ClearableFileInput: "portal-file-input",
    forms.FileInput: "portal-file-input",
}


@register.filter
def uswds_widget(field):
    widget = field.field.widget
    css = next(
        (css for kind, css in WIDGET_CLASSES.items() if isinstance(widget, kind)),
        "usa-input",
    )
    if field.errors and css == "usa-input":
        css += " usa-input--error"
    attrs = {"class": css}
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}-hint")
    if field.errors:
        described_by.append(f"{field.auto_id}-error")
        attrs["aria-invalid"] = "true"
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return field.as_widget(attrs=attrs)


@register.filter
def is_checkbox(field):
    return isinstance(field.field.widget, forms.CheckboxInput)


@register.filter
def choice_kind(field):
    """'checkbox' or 'radio' for fields rendered as a fieldset of choices, else ''."""
    widget = field.field.widget
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkbox"
    if isinstance(widget, forms.RadioSelect):
        return "radio"
    return ""


@register.filter
def field_anchor(field):
    """The id an error summary links to: the field's input, or its first choice.

    Radio and checkbox groups have no element with the field's own id (Django leaves
    ``id_for_label`` empty for them), so the link goes to the first choice.
    """
    if choice_kind(field):
        for choice in field.subwidgets:
            return choice.id_for_label
    return field.id_for_label or field.auto_id


@register.filter
def first_field_anchor(form):
    """Where an error about the whole form links to: its first visible field."""
    for field in form.visible_fields():
        return field_anchor(field)
    return ""


def summary_errors(form):
    """(message, anchor) for each of one form's errors, in the order of its fields.

    A form that says whose answers it holds (``error_summary_label``, such as
    "Person 2" for a household member) has that name put before each message.
    """
    anchor = first_field_anchor(form)
    errors = [(error, anchor) for error in form.non_field_errors()]
    for field in form:
        errors += [
            (f"{field.label} — {error}", field_anchor(field)) for error in field.errors
        ]
    label = getattr(form, "error_summary_label", "")
    if label:
        errors = [
            # Translators: an error summary line naming whose answer is wrong, e.g.
            # "Person 2 (Ana): Date of birth — Enter a valid date."
            (_("%(person)s: %(error)s") % {"person": label, "error": message}, href)
            for message, href in errors
        ]
    return errors


@register.inclusion_tag("includes/error_summary.html")
def error_summary(*form_list, extra_errors=None):
    """The error summary at the top of a page, linking to each field in error.

    ``extra_errors`` are messages, or (message, anchor) pairs, from outside the forms.
    """
    errors = []
    for form in form_list:
        if not form or not form.is_bound:
            continue
        if isinstance(form, forms.BaseFormSet):
            errors += [(error, "") for error in form.non_form_errors()]
            for member_form in form.forms:
                errors += summary_errors(member_form)
        elif form.errors:
            errors += summary_errors(form)
    for error in extra_errors or []:
        errors.append(tuple(error) if isinstance(error, (list, tuple)) else (error, ""))
    return {"has_errors": bool(errors), "errors": errors}


@register.simple_tag
def any_errors(*form_list):
    """True when any bound form or formset on the page has errors (for the page title)."""
    for form in form_list:
        if not form or not getattr(form, "is_bound", False):
            continue
        if isinstance(form, forms.BaseFormSet):
            if form.total_error_count():
                return True
        elif form.errors:
            return True
    return False

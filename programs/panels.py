"""The service-area editor: a GeoJSON file uploaded in place of pasted text, and
the area drawn from its own data with its ZIP codes beside it."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.fields import InvalidJSONInput
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import Panel

from .addresses.boundaries import MAX_FILE_BYTES, draw, read_boundary


class BoundaryJSONField(forms.JSONField):
    """The pasted boundary: JSON nested past any GeoJSON is a message, not an
    error page."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except RecursionError as error:
            raise ValidationError(_("This is not valid JSON.")) from error

    def bound_data(self, data, initial):
        try:
            return super().bound_data(data, initial)
        except RecursionError:
            return InvalidJSONInput(data)


class ServiceAreaForm(WagtailAdminModelForm):
    boundary_file = forms.FileField(
        label=_("Upload a boundary (GeoJSON file)"),
        required=False,
        help_text=_(
            "A .geojson or .json file with a Polygon, MultiPolygon, or features "
            "holding them, longitude then latitude (WGS 84). It replaces the "
            "boundary below."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".geojson,.json,application/geo+json,application/json"}
        ),
    )

    class Meta:
        field_classes = {"boundary": BoundaryJSONField}

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("boundary_file")
        if upload:
            if upload.size > MAX_FILE_BYTES:
                self.add_error(
                    "boundary_file",
                    _("The file is larger than %(size)s MB.")
                    % {"size": MAX_FILE_BYTES // (1024 * 1024)},
                )
                return cleaned
            try:
                cleaned["boundary"] = read_boundary(upload.read(MAX_FILE_BYTES + 1))
            except ValidationError as error:
                self.add_error("boundary_file", error)
        return cleaned


class BoundaryDrawingPanel(Panel):
    """The saved boundary, drawn, with the area's ZIP codes."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "programs/admin/boundary_drawing_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            area = self.instance
            context["drawing"] = (
                draw([area.boundary], label=area.name or "") if area.boundary else ""
            )
            context["zip_codes"] = sorted(area.zip_code_set)
            return context


class RuleChangeImpactPanel(Panel):
    """Before publishing, how many households the saved draft's rules move in and
    out of eligibility (counted by `applications.rule_changes`)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "programs/admin/rule_change_impact_panel.html"

        def is_shown(self):
            # Translations copy their rules; there is nothing to preview there.
            return self.instance.rules_source is None and super().is_shown()

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["page"] = self.instance
            context["request"] = self.request
            return context

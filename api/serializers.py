"""What a partner reads: an enrollment with what the vendor needs to deliver the
benefit (who, where to reach them, until when), and the key's program.

Everything is read off one row of `selectors.enrollments`, which brings the
household, its account, its size and the program along; nothing here queries.
"""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from applications.models import ProgramApplication
from applications.renewals.dates import expiry_date
from portal.models import User
from programs.models import ProgramPage


class AddressSerializer(serializers.Serializer):
    """The home (eligibility) address."""

    street = serializers.CharField()
    unit = serializers.CharField()
    city = serializers.CharField()
    state = serializers.CharField()
    zip_code = serializers.CharField()


class MailingAddressSerializer(serializers.Serializer):
    """Where letters go when it is not the home address (null when it is)."""

    street = serializers.CharField(source="mailing_street")
    unit = serializers.CharField(source="mailing_unit")
    city = serializers.CharField(source="mailing_city")
    state = serializers.CharField(source="mailing_state")
    zip_code = serializers.CharField(source="mailing_zip_code")

    def get_attribute(self, instance):
        household = super().get_attribute(instance)
        return household if household.mailing_is_different else None


class HouseholdSerializer(serializers.Serializer):
    """The household, read off its application: the applicant's names and contact
    details are the account's, as on the coordinators' export."""

    id = serializers.IntegerField(source="household_id")
    first_name = serializers.CharField(source="household.user.first_name")
    last_name = serializers.CharField(source="household.user.last_name")
    email = serializers.EmailField(source="household.user.email", allow_null=True)
    phone = serializers.CharField(
        source="household.user.phone_number",
        help_text="E.164, e.g. +19705550123; empty when none was given.",
    )
    address = AddressSerializer(source="household")
    mailing_address = MailingAddressSerializer(source="household", allow_null=True)
    size = serializers.IntegerField(
        source="household_size", help_text="How many people live in the household."
    )
    preferred_language = serializers.ChoiceField(
        source="household.user.preferred_language", choices=User.Language.choices
    )


class EnrollmentSerializer(serializers.ModelSerializer):
    updated_at = serializers.DateTimeField(
        source="changed_at",
        help_text="When the application or its household last changed.",
    )
    expires_on = serializers.SerializerMethodField(
        help_text="When the enrollment ends unless renewed; null if it never does."
    )
    household = HouseholdSerializer(source="*")

    class Meta:
        model = ProgramApplication
        fields = [
            "id",
            "status",
            "applied_at",
            "decided_at",
            "enrolled_at",
            "expires_on",
            "updated_at",
            "household",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_expires_on(self, application):
        return expiry_date(application, self.context["site_settings"])


class ProgramSerializer(serializers.ModelSerializer):
    slug = serializers.CharField(
        help_text="Its address on the portal: /programs/<slug>/."
    )
    title = serializers.CharField()

    class Meta:
        model = ProgramPage
        fields = ["id", "slug", "title"]
        read_only_fields = fields

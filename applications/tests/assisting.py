"""Partner organizations and assisters for the assisted-application tests."""

from django.contrib.auth import get_user_model

from applications.models import Assister, PartnerOrganization
from portal import roles


def make_assister(email, organization_name, first_name="Ari", last_name="Assister"):
    """An assister account in the (new or existing) organization of that name."""
    organization, _created = PartnerOrganization.objects.get_or_create(
        name=organization_name
    )
    user = get_user_model().objects.create_user(
        email=email, password="unused", first_name=first_name, last_name=last_name
    )
    Assister.objects.create(organization=organization, user=user)
    user = get_user_model().objects.get(pk=user.pk)
    assert user.groups.filter(name=roles.ASSISTERS).exists()
    return user


NEW_CLIENT = {
    "first_name": "Rosa",
    "last_name": "Martínez",
    "email": "",
    "phone_number": "",
    "preferred_language": "es",
    "contact_by_email": "",
    "contact_by_sms": "",
}


def new_client_data(token, **changes):
    return {**NEW_CLIENT, "request_token": str(token), **changes}

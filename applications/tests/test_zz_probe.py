import pytest
from applications.tests.conftest import make_applicant
from applications.models import Household

@pytest.mark.django_db
def test_probe(client, demo_content):
    user = make_applicant()
    Household.objects.create(user=user, street="300 Laporte Ave", city="Fairview", state="CO", zip_code="80521", completed_steps=["account","address"])
    client.force_login(user)
    r = client.get("/apply/household/")
    data = {"members-TOTAL_FORMS": "1", "members-INITIAL_FORMS": "0", "members-MIN_NUM_FORMS": "1", "members-MAX_NUM_FORMS": "20", "members-0-first_name": "Ana", "members-0-last_name": "López", "action": "add"}
    r = client.post("/apply/household/", data)
    html = r.content.decode()
    import re
    print(re.search(r"<title>(.*?)</title>", html, re.S).group(1))
    print("error-summary" in html)

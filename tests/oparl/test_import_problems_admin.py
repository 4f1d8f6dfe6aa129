"""Import problems are visible in the admin to superusers, and to nobody without the permission."""

import pytest
from django.contrib.auth.models import User

from oparl.models import ImportProblem

pytestmark = pytest.mark.django_db
URL = "/admin/snippets/oparl/importproblem/"


def test_superuser_sees_import_problems_and_staff_without_permission_does_not(client):
    ImportProblem.objects.create(url="https://x.example/person/1", object_type="Person", reason="Feld Person.post")
    admin = User.objects.create_superuser("chef", "chef@example.org", "pw")
    client.force_login(admin)
    response = client.get(URL)
    assert response.status_code == 200 and "Feld Person.post" in response.content.decode()
    staff = User.objects.create_user("staff", "s@example.org", "pw", is_staff=True)
    from django.contrib.auth.models import Permission

    staff.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(staff)
    assert client.get(URL).status_code in (302, 403)

import factory
from auditlog.context import disable_auditlog
from django.contrib.auth.models import Group
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from kim.accounts.models import User
from kim.accounts.roles import Role

PASSWORD = "test-password-123"


class UserFactory(factory.django.DjangoModelFactory):
    """A user; ``role=Role.X`` puts the user into that role's group."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="de_DE")
    last_name = factory.Faker("last_name", locale="de_DE")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            self.groups.add(Group.objects.get(name=Role(extracted).value))
        self.save()


class TOTPDeviceFactory(factory.django.DjangoModelFactory):
    """A confirmed authenticator app; ``totp_code(device)`` gives its current code."""

    class Meta:
        model = TOTPDevice

    user = factory.SubFactory(UserFactory)
    name = "Authenticator-App"
    confirmed = True


def totp_code(device, offset=0):
    """The code the app shows now (``offset`` in steps of 30 seconds)."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, drift=offset):06d}"


class VerifiedClient(Client):
    """The test client of every test: ``force_login`` logs in as after password and code, so
    that a test of a page need not go through the second factor. Tests of the second factor use
    a plain ``django.test.Client``."""

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        with disable_auditlog():  # a test's own log entries stay the only ones
            device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
            if device is None:
                device = TOTPDevice.objects.create(user=user, name="Test", confirmed=True)
        session = self.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()

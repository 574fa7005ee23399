import factory
from django.contrib.auth.models import Group

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

"""Factories of the API tests. ``ApiTokenFactory`` keeps the raw token on ``token.raw`` (the
database holds only its hash)."""

import datetime
import secrets

import factory
from django.utils import timezone

from kim.accounts.tests.factories import UserFactory
from kim.api.models import SHOWN_PREFIX_LENGTH, TOKEN_PREFIX, ApiToken, hash_token


class ApiTokenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApiToken

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Schnittstelle {n}")
    raw = factory.LazyFunction(lambda: TOKEN_PREFIX + secrets.token_urlsafe(32))
    prefix = factory.LazyAttribute(lambda o: o.raw[:SHOWN_PREFIX_LENGTH])
    key_hash = factory.LazyAttribute(lambda o: hash_token(o.raw))
    expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=90))

    @classmethod
    def _create(cls, model_class, *args, raw, **kwargs):
        token = super()._create(model_class, *args, **kwargs)
        token.raw = raw
        return token

"""The duplicate key: the same person in other spellings and scripts gets the same key."""

import pytest

from kim.cases.names import name_key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (("Mohammed", "Al-Hassan"), ("Muhammad", "Alhasan")),
        (("Mohammed", "Al-Hassan"), ("Mohamad", "Al Hasan")),
        (("Oleksandr", "Shevchenko"), ("Олександр", "Шевченко")),
        (("Jusuf", "Özdemir"), ("Yusuf", "Ozdemir")),
        (("Fatima Zahra", "Ahmadi"), ("Fatima", "Ahmady")),
    ],
)
def test_variants_share_a_key(a, b):
    assert name_key(*a) == name_key(*b)


@pytest.mark.parametrize(
    ("a", "b"),
    [(("Anna", "Berger"), ("Hanna", "Becker")), (("Ali", "Hassan"), ("Hassan", "Ali"))],
)
def test_different_names_differ(a, b):
    assert name_key(*a) != name_key(*b)

"""QuickSelect writes the same markup as Django's Select (flat choices and option groups, the
selected value, attributes), escapes every value and label, and a form using it validates as
before."""

from django import forms
from django.test import SimpleTestCase

from kim.core.forms import QuickSelect

FLAT = [("", "alle"), ("1", "Altena"), ("2", "Iserlohn")]
GROUPED = [
    ("", "Bitte wählen"),
    ("Rechtskreis", [("rechtskreis-1", "SGB II"), ("rechtskreis-2", "SGB III")]),
    ("Angebot", [("angebot-7", "Integrationskurs")]),
]


class QuickSelectTests(SimpleTestCase):
    def same_as_django(self, choices, value):
        attrs = {"id": "id_x", "class": "kern-form-input__select"}
        ours = QuickSelect(choices=choices).render("x", value, attrs=attrs)
        django = forms.Select(choices=choices).render("x", value, attrs=attrs)
        self.assertHTMLEqual(ours, django)

    def test_flat_choices_as_django_writes_them(self):
        self.same_as_django(FLAT, "2")
        self.same_as_django(FLAT, None)

    def test_option_groups_as_django_writes_them(self):
        self.same_as_django(GROUPED, "rechtskreis-2")
        self.same_as_django(GROUPED, "")

    def test_values_and_labels_are_escaped(self):
        html = QuickSelect(choices=[('"><script>', "<b>Ö & Ü</b>")]).render("x", None)
        self.assertNotIn("<script>", html)
        self.assertNotIn("<b>", html)
        self.assertIn("&lt;b&gt;Ö &amp; Ü&lt;/b&gt;", html)

    def test_a_form_with_it_validates_as_before(self):
        class Form(forms.Form):
            town = forms.ChoiceField(choices=FLAT, widget=QuickSelect)

        self.assertTrue(Form({"town": "1"}).is_valid())
        self.assertFalse(Form({"town": "9"}).is_valid())


class QuickModelChoiceFieldTests(SimpleTestCase):
    def test_person_labels_as_the_user_model_writes_them(self):
        from kim.core.forms import PersonChoiceField

        field = PersonChoiceField(queryset=None)
        self.assertEqual(field.label_from_values("Anna", "Berger", "anna"), "Anna Berger")
        self.assertEqual(field.label_from_values("", "", "anna"), "anna")

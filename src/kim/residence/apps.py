from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResidenceConfig(AppConfig):
    """Baustein 3 (concept § 3.7): pre-check of residence and naturalisation paths. The inputs
    live in the client record of kim.cases; this app holds the rule sets, the evaluator, the list
    for the Baustein 3 work and the referral to the authority."""

    name = "kim.residence"
    verbose_name = _("Bleiberecht und Einbürgerung (Baustein 3)")

"""The default retention periods (Löschkonzept). The district sets its own with its data
protection officer on the page "Löschkonzept"; these are where it starts:

- clients with cases: 36 months after the closure of the last case (or the last activity, if
  later). Three years: a closed case is rarely taken up again after that, and questions about
  services and referrals of the case come within the regular limitation period of three years
  (§ 195 BGB); after that the data is no longer needed for the task (§ 84 Abs. 2 SGB X,
  Art. 17 Abs. 1 a DSGVO).
- clients without a case: 12 months after the last activity: a person recorded (e.g. for a first
  advice) for whom no case was opened within a year does not need a file.

Documents and consent scans go with the person; log entries stay with personal data blanked.
"""

from django.db import migrations

RULES = [
    (
        "client_with_cases",
        36,
        "Vorgabe: drei Jahre nach Abschluss des letzten Falls. Danach wird ein Fall selten wieder "
        "aufgenommen, und Rückfragen zu Leistungen und Vermittlungen kommen in der regelmäßigen "
        "Verjährungsfrist von drei Jahren (§ 195 BGB). Danach sind die Daten für die Aufgabe nicht "
        "mehr erforderlich (§ 84 Abs. 2 SGB X, Art. 17 Abs. 1 a DSGVO).",
    ),
    (
        "client_without_case",
        12,
        "Vorgabe: ein Jahr nach der letzten Aktivität. Wer erfasst wurde, ohne dass innerhalb eines "
        "Jahres ein Fall eröffnet wurde, braucht keine Akte.",
    ),
]


def seed(apps, schema_editor):
    RetentionRule = apps.get_model("privacy", "RetentionRule")
    for kind, months, explanation in RULES:
        RetentionRule.objects.get_or_create(
            kind=kind, defaults={"months": months, "explanation": explanation}
        )


def unseed(apps, schema_editor):
    apps.get_model("privacy", "RetentionRule").objects.filter(
        kind__in=[kind for kind, _months, _text in RULES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("privacy", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]

"""Topic suggestion and similar reports (kim.hurdles.suggest): German stems, "no suggestion" when
unsure, never a change of the report, a cached model that is rebuilt when assignments change."""

import pytest

from kim.accounts import demo as accounts_demo
from kim.accounts.models import User
from kim.directory import demo as directory_demo
from kim.directory.tests.factories import MunicipalityFactory
from kim.hurdles import demo as hurdles_demo
from kim.hurdles import services, suggest
from kim.hurdles.models import HurdleReport, ReportState, ReportStateChange, Topic
from kim.hurdles.suggest import TopicModel, german_stems, similar_reports, suggest_topic

pytestmark = pytest.mark.django_db

ABH = "Wartezeiten bei der Ausländerbehörde"
KITA = "Kinderbetreuung während des Integrationskurses"


@pytest.fixture(autouse=True)
def fresh_cache():
    suggest._cache.clear()
    yield
    suggest._cache.clear()


@pytest.fixture
def demo():
    """The system-level demo (without the case demo, which it does not need here)."""
    directory_demo.load()
    accounts_demo.load()
    hurdles_demo.load()
    return {topic.name: topic for topic in Topic.objects.all()}


def true_topic(demo, report):
    """The topic a demo report stands under in the demo module (also when not yet assigned)."""
    for spec in hurdles_demo.TOPICS:
        if any(item.description == report.description for item in spec.reports):
            return demo[spec.name]
    return None


def new_report(description, reporter=None, **fields):
    reporter = reporter or User.objects.get(username="anna.berger")
    return HurdleReport.objects.create(
        description=description,
        municipality=fields.pop("municipality", None) or MunicipalityFactory(),
        source="case_management",
        reporter=reporter,
        **fields,
    )


# --- German stems -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "words",
    [
        ("Ausländerbehörde", "Ausländerbehörden", "ausländerbehörde"),
        ("Antrag", "Anträge", "Antrags"),
        ("Wartezeit", "Wartezeiten"),
        ("Kinderbetreuung", "Kinderbetreuungen"),
        ("Wohnung", "Wohnungen"),
        ("Straße", "Strasse"),
    ],
)
def test_inflected_forms_share_one_stem(words):
    stems = {tuple(german_stems(word)) for word in words}
    assert len(stems) == 1
    assert len(stems.pop()) == 1


def test_stop_words_short_words_and_punctuation_are_dropped():
    assert german_stems("Die Familie wartet, und es ist zu spät!") == german_stems(
        "Familie wartet spät"
    )
    assert german_stems("der die das und an im zu") == []


def test_umlauts_are_kept_as_letters_not_split():
    # "ö" and "ü" must not cut a word into pieces
    assert len(german_stems("Bürgeramt Behördengang Übersetzung")) == 3


# --- the model on its own ---------------------------------------------------------------------

TEXTS_A = [
    "Termin bei der Ausländerbehörde erst nach Monaten",
    "Die Ausländerbehörde ist telefonisch nicht erreichbar",
]
TEXTS_B = [
    "Kein Kita-Platz während des Integrationskurses",
    "Kinderbetreuung fehlt für den Integrationskurs",
]


def test_no_suggestion_with_only_one_topic():
    model = TopicModel(TEXTS_A + TEXTS_B, [1, 1, 1, 1])
    assert model.classifier is None
    assert model.suggest("Termin bei der Ausländerbehörde") is None


def test_no_suggestion_when_the_second_topic_has_too_few_reports():
    model = TopicModel(TEXTS_A + TEXTS_B[:1], [1, 1, 2])
    assert model.classifier is None
    assert model.suggest("Kita-Platz fehlt") is None


def test_no_suggestion_without_assigned_reports():
    model = TopicModel(TEXTS_A + TEXTS_B, [None, None, None, None])
    assert model.suggest("Termin bei der Ausländerbehörde") is None
    assert TopicModel([], []).suggest("Termin") is None


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_no_suggestion_for_an_empty_text(text):
    model = TopicModel(TEXTS_A + TEXTS_B, [1, 1, 2, 2])
    assert model.classifier is not None
    assert model.suggest(text) is None
    assert model.similar(text) == []


def test_two_clear_topics_are_told_apart():
    model = TopicModel(TEXTS_A + TEXTS_B, [1, 1, 2, 2])
    suggestion = model.suggest("Die Ausländerbehörde gibt keinen Termin")
    assert suggestion is not None and suggestion.topic_id == 1
    assert suggestion.confidence >= suggest.MIN_CONFIDENCE
    suggestion = model.suggest("Integrationskurs ohne Kinderbetreuung")
    assert suggestion is not None and suggestion.topic_id == 2


# --- with the demo data -----------------------------------------------------------------------


def test_unrelated_text_gets_no_suggestion(demo):
    report = new_report("Der Drucker im Büro ist kaputt.")
    assert suggest_topic(report) is None


@pytest.mark.parametrize(
    "topic, text",
    [
        (
            ABH,
            "Seit vier Monaten wartet ein Mann auf einen Termin bei der Ausländerbehörde, um "
            "seine Aufenthaltserlaubnis verlängern zu lassen. Der Aufenthaltstitel läuft bald ab.",
        ),
        (
            KITA,
            "Eine Mutter kann den Integrationskurs nicht besuchen, weil es für ihr Kind weder "
            "einen Kita-Platz noch eine andere Kinderbetreuung gibt.",
        ),
    ],
)
def test_new_text_clearly_about_a_topic_gets_that_topic(demo, topic, text):
    report = new_report(text)
    result = suggest_topic(report)
    assert result is not None
    assert result[0] == demo[topic]
    assert suggest.MIN_CONFIDENCE <= result[1] <= 1


def test_most_received_demo_reports_get_their_topic_on_first_start(demo):
    """Done when: suggestions work on first start."""
    open_reports = HurdleReport.objects.filter(
        state__in=[ReportState.RECEIVED, ReportState.TRIAGED]
    )
    results = [(report, suggest_topic(report)) for report in open_reports]
    suggested = [(report, result) for report, result in results if result is not None]
    assert len(suggested) >= len(results) / 2
    assert all(result[0] == true_topic(demo, report) for report, result in suggested)


def test_suggesting_never_changes_the_report(demo):
    for report in (
        HurdleReport.objects.filter(state=ReportState.RECEIVED).first(),
        HurdleReport.objects.filter(state=ReportState.ASSIGNED).first(),
        new_report("Termin bei der Ausländerbehörde erst nach Monaten."),
    ):
        before = (report.state, report.topic_id, report.version)
        changes = ReportStateChange.objects.count()
        suggest_topic(report)
        similar_reports(report)
        report.refresh_from_db()
        assert (report.state, report.topic_id, report.version) == before
        assert ReportStateChange.objects.count() == changes


def test_the_model_is_cached_while_nothing_changes(demo):
    first, pks = suggest._model_for_reports()
    again, pks_again = suggest._model_for_reports()
    assert again is first
    assert pks_again == pks
    suggest_topic(HurdleReport.objects.first())
    assert suggest._model_for_reports()[0] is first


def test_the_model_is_rebuilt_after_a_report_is_assigned(demo):
    coordinator = User.objects.get(username="jonas.keller")
    first, _pks = suggest._model_for_reports()
    report = HurdleReport.objects.filter(state=ReportState.RECEIVED).first()
    services.change_report_state(report, ReportState.ASSIGNED, by=coordinator, topic=demo[ABH])
    rebuilt, _pks = suggest._model_for_reports()
    assert rebuilt is not first
    assert suggest._model_for_reports()[0] is rebuilt


def test_the_model_learns_from_assigned_reports_only(demo):
    model, pks = suggest._model_for_reports()
    assert set(model.classifier.classes_) == set(
        HurdleReport.objects.filter(state=ReportState.ASSIGNED).values_list("topic_id", flat=True)
    )
    rejected = set(
        HurdleReport.objects.filter(state=ReportState.REJECTED).values_list("pk", flat=True)
    )
    assert rejected and not rejected & set(pks)


def test_similar_reports_leave_out_the_report_itself(coordinator):
    text = "Die Ausländerbehörde vergibt Termine zur Verlängerung erst nach Monaten."
    report = new_report(text, reporter=coordinator)
    twin = new_report(text, reporter=coordinator)
    new_report("Für den Integrationskurs fehlt die Kinderbetreuung.", reporter=coordinator)
    found = [other for other, _score in similar_reports(report)]
    assert report not in found
    assert found[0] == twin


def test_similar_reports_of_the_same_topic_come_first(coordinator):
    abh = Topic.objects.create(name=ABH, created_by=coordinator)
    kita = Topic.objects.create(name=KITA, created_by=coordinator)
    for text in (
        "Termin bei der Ausländerbehörde zur Verlängerung der Aufenthaltserlaubnis erst nach "
        "Monaten.",
        "Die Ausländerbehörde verlängert die Aufenthaltserlaubnis erst nach langer Wartezeit.",
    ):
        new_report(text, reporter=coordinator, state=ReportState.ASSIGNED, topic=abh)
    for text in (
        "Ohne Kinderbetreuung kein Integrationskurs für die Mutter.",
        "Der Integrationskurs scheitert an der fehlenden Kinderbetreuung.",
    ):
        new_report(text, reporter=coordinator, state=ReportState.ASSIGNED, topic=kita)
    report = new_report(
        "Wartezeit bei der Ausländerbehörde: Verlängerung der Aufenthaltserlaubnis dauert.",
        reporter=coordinator,
    )
    found = similar_reports(report)
    assert found
    assert found[0][0].topic == abh
    assert [score for _r, score in found] == sorted((s for _r, s in found), reverse=True)


def test_similar_demo_reports_of_the_same_topic_come_first(demo):
    report = HurdleReport.objects.get(description=hurdles_demo.TOPICS[0].reports[0].description)
    found = similar_reports(report, limit=3)
    assert report not in [other for other, _score in found]
    assert found and true_topic(demo, found[0][0]) == report.topic

"""Benchmark of the topic suggestion (kim.hurdles.suggest) on the demo hurdle reports.

Not a test: it prints figures and never fails on them. Run it on a database with the demo data,
e.g. ``make bench-topics`` (fresh temporary SQLite database) or, on an existing one,
``.venv/bin/python bench/topic_suggestion.py``.

What it measures:

* quality on held-out reports: the reports coordination has assigned to a topic are split by topic
  (stratified) into a training part and a held-out part, the ``TopicModel`` is fitted on the
  training part only, and each held-out report is suggested a topic. Two protocols: repeated
  75/25 splits with different seeds, and leave-one-out. Printed are accuracy (share of held-out
  reports whose suggestion is the true topic; "no suggestion" counts as wrong), coverage (share
  with a suggestion at all) and accuracy among the suggested ones;
* speed: the time to suggest a topic for one report (the model alone, and ``suggest_topic`` as
  the application calls it, which also checks whether the reports changed), median and p95 in
  milliseconds, and the time to (re)build the model over all reports.
"""

import os
import random
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

SPLIT_REPETITIONS = 5
HELD_OUT_SHARE = 0.25
TIMING_CALLS = 300


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kim.settings.dev")
    src = Path(__file__).resolve().parent.parent / "src"
    if str(src) not in sys.path:
        sys.path.insert(0, str(src))
    import django

    django.setup()


def percentile(values, share):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


@dataclass
class Prediction:
    true: int
    suggested: int | None  # after the threshold, as the application shows it
    best: int  # the most probable topic, without threshold
    confidence: float  # its probability


def evaluate(model_class, train, held_out, in_model=False):
    """Fit on ``train`` and predict each held-out text. With ``in_model`` the held-out texts are
    part of the fit without a label, as in the application, where a new report is saved (and
    so in the model's vocabulary) before a topic is suggested for it."""
    texts = [text for text, _topic in train]
    labels = [topic for _text, topic in train]
    if in_model:
        texts += [text for text, _topic in held_out]
        labels += [None] * len(held_out)
    model = model_class(texts, labels)
    predictions = []
    for text, topic in held_out:
        suggestion = model.suggest(text)
        probabilities = model.classifier.predict_proba(model.vectorizer.transform([text]))[0]
        best = probabilities.argmax()
        predictions.append(
            Prediction(
                topic,
                suggestion.topic_id if suggestion else None,
                int(model.classifier.classes_[best]),
                float(probabilities[best]),
            )
        )
    return predictions


def print_figures(title, predictions):
    total = len(predictions)
    suggested = [p for p in predictions if p.suggested is not None]
    correct = sum(1 for p in suggested if p.suggested == p.true)
    print(f"{title} ({total} Vorhersagen):")
    line("Treffergenauigkeit (Vorschlag = wahres Thema)", f"{correct / total:.1%}")
    line("Abdeckung (ein Vorschlag wurde gemacht)", f"{len(suggested) / total:.1%}")
    line(
        "Genauigkeit unter den gemachten Vorschlägen",
        f"{correct / len(suggested):.1%}" if suggested else "– (kein Vorschlag)",
    )
    line(
        "ohne Schwelle: wahrscheinlichstes Thema richtig",
        f"{sum(1 for p in predictions if p.best == p.true) / total:.1%}",
    )
    line(
        "Wahrscheinlichkeit des besten Themas (Median/max)",
        f"{statistics.median(p.confidence for p in predictions):.2f} / "
        f"{max(p.confidence for p in predictions):.2f}",
    )
    print()


def stratified_splits(by_topic, seed):
    rng = random.Random(seed)
    train, held_out = [], []
    for topic in sorted(by_topic):
        items = list(by_topic[topic])
        rng.shuffle(items)
        count = max(1, round(len(items) * HELD_OUT_SHARE))
        held_out += items[:count]
        train += items[count:]
    return train, held_out


def line(label, value):
    print(f"  {label:<52} {value}")


def main():
    setup_django()
    from django.db import connection

    from kim.hurdles import suggest
    from kim.hurdles.models import HurdleReport, ReportState, Topic

    assigned = list(
        HurdleReport.objects.filter(state=ReportState.ASSIGNED, topic__isnull=False).order_by("pk")
    )
    if len(assigned) < 4:
        print(
            "Zu wenige zugeordnete Meldungen. Bitte zuerst die Demodaten laden "
            "(make bench-topics oder manage.py load_demo_data)."
        )
        return 1
    by_topic = {}
    for report in assigned:
        by_topic.setdefault(report.topic_id, []).append((report.text, report.topic_id))
    items = [item for group in by_topic.values() for item in group]

    print("Themenvorschlag (TF-IDF über deutsche Wortstämme + logistische Regression)")
    print(f"Datenbank: {connection.vendor} ({connection.settings_dict['NAME']})")
    line("zugeordnete Meldungen", len(assigned))
    line("Themen mit Meldungen", f"{len(by_topic)} (von {Topic.objects.count()} Themen)")
    line(
        "Meldungen je Thema",
        ", ".join(str(len(by_topic[t])) for t in sorted(by_topic)),
    )
    line(
        "Schwelle für einen Vorschlag (Wahrscheinlichkeit)",
        f"{suggest.MIN_CONFIDENCE:.2f}",
    )
    print()

    repeated = []
    for seed in range(SPLIT_REPETITIONS):
        train, held_out = stratified_splits(by_topic, seed)
        repeated += evaluate(suggest.TopicModel, train, held_out)
    print_figures(
        f"{SPLIT_REPETITIONS} × geschichtete Aufteilung {1 - HELD_OUT_SHARE:.0%}/"
        f"{HELD_OUT_SHARE:.0%}, Modell nur aus dem Trainingsteil",
        repeated,
    )
    loo = []
    in_app = []
    for i, item in enumerate(items):
        rest = items[:i] + items[i + 1 :]
        loo += evaluate(suggest.TopicModel, rest, [item])
        in_app += evaluate(suggest.TopicModel, rest, [item], in_model=True)
    print_figures("Leave-one-out, Modell nur aus dem Trainingsteil", loo)
    print_figures("Leave-one-out wie in der Anwendung (Meldung ungelabelt im Modell)", in_app)

    # --- speed ---------------------------------------------------------------------------------
    rows = list(
        HurdleReport.objects.exclude(state=ReportState.REJECTED)
        .order_by("pk")
        .values_list("topic_id", "state", "description", "consequence", "attempts")
    )
    texts = ["\n".join(r[2:]) for r in rows]
    labels = [r[0] if r[1] == ReportState.ASSIGNED else None for r in rows]
    builds = []
    for _ in range(10):
        started = time.perf_counter()
        model = suggest.TopicModel(texts, labels)
        builds.append((time.perf_counter() - started) * 1000)

    probes = [r.text for r in HurdleReport.objects.order_by("pk")]
    model_times = []
    for i in range(TIMING_CALLS):
        started = time.perf_counter()
        model.suggest(probes[i % len(probes)])
        model_times.append((time.perf_counter() - started) * 1000)

    suggest._cache.clear()
    reports = list(HurdleReport.objects.order_by("pk"))
    started = time.perf_counter()
    suggest.suggest_topic(reports[0])
    cold = (time.perf_counter() - started) * 1000
    app_times = []
    for i in range(TIMING_CALLS):
        started = time.perf_counter()
        suggest.suggest_topic(reports[i % len(reports)])
        app_times.append((time.perf_counter() - started) * 1000)

    print(f"Zeiten ({TIMING_CALLS} Aufrufe, Millisekunden):")
    line(
        "Vorschlag für eine Meldung, nur Modell (Median/p95)",
        f"{statistics.median(model_times):.2f} / {percentile(model_times, 0.95):.2f} ms",
    )
    line(
        "suggest_topic() mit Änderungsprüfung (Median/p95)",
        f"{statistics.median(app_times):.2f} / {percentile(app_times, 0.95):.2f} ms",
    )
    line(
        f"Modell (neu) bauen über {len(rows)} Meldungen (Median/p95)",
        f"{statistics.median(builds):.1f} / {percentile(builds, 0.95):.1f} ms",
    )
    line("erster suggest_topic()-Aufruf inkl. Modellbau", f"{cold:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())

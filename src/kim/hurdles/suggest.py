"""Topic suggestion and similar reports (concept § 3.3: reports are collected by topic).

A TF-IDF model over German word stems (Snowball) with a logistic regression, learned from the
reports coordination has already assigned to a topic. It only suggests: below a confidence
threshold it says "no suggestion", and it never assigns a topic on its own. Similar reports are
found by cosine similarity of the same TF-IDF vectors.

The model is rebuilt when the assigned reports change and kept in memory otherwise.
"""

import hashlib
import re
import threading
from dataclasses import dataclass

import snowballstemmer

# scikit-learn (with NumPy and SciPy) is imported where a model is built or asked, not with this
# module: the URL configuration imports the hurdle views, so every web worker would load it on
# its first request, whatever page was asked (about 1 s and 60 MB per worker, issue #12)

# probability of the best topic below which the suggester says nothing
MIN_CONFIDENCE = 0.35
MIN_REPORTS_PER_TOPIC = 2
MIN_SIMILARITY = 0.12
# words that occur in one report only say nothing about its topic, but dilute its vector; they are
# dropped once there are enough reports for that to matter
MIN_TEXTS_FOR_MIN_DF = 10

_STOP_WORDS = set(
    """
    aber alle allem allen aller alles als also am an ander andere anderem anderen anderer
    anderes auch auf aus bei bin bis bist da damit dann das dass dein deine dem den der des
    dessen deshalb die dies diese diesem diesen dieser dieses doch dort du durch ein eine
    einem einen einer eines er es etwas euch euer für gegen gewesen hab habe haben hat hatte
    hatten hier hin hinter ich ihm ihn ihnen ihr ihre im in indem ins ist jede jedem jeden
    jeder jedes jetzt kann kein keine können könnte man manche mein meine mit muss musste
    nach nicht nichts noch nun nur ob oder ohne sehr sein seine seit sich sie sind so solche
    soll sollte sondern sonst über um und uns unser unter vom von vor war waren warum was
    weg weil weiter welche wenn werde werden wie wieder will wir wird wo wurde wurden zu zum
    zur zwar zwischen bzw ca sowie schon immer mehr
    """.split()
)
_stemmer = snowballstemmer.stemmer("german")
_WORD = re.compile(r"[a-zäöüß]+")


def german_stems(text: str) -> list[str]:
    words = [w for w in _WORD.findall(text.lower()) if len(w) > 2 and w not in _STOP_WORDS]
    return _stemmer.stemWords(words)


@dataclass(frozen=True)
class Suggestion:
    topic_id: int
    confidence: float


class TopicModel:
    """Fitted on report texts; ``labels`` is the topic id per text or None if unassigned."""

    def __init__(self, texts: list[str], labels: list[int | None]):
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        self.vectorizer = TfidfVectorizer(
            tokenizer=german_stems,
            token_pattern=None,
            lowercase=False,
            ngram_range=(1, 2),
            sublinear_tf=True,
            min_df=2 if len(texts) >= MIN_TEXTS_FOR_MIN_DF else 1,
        )
        self.matrix = self.vectorizer.fit_transform(texts) if texts else None
        self.classifier = None
        labelled = [i for i, label in enumerate(labels) if label is not None]
        counts = {}
        for i in labelled:
            counts[labels[i]] = counts.get(labels[i], 0) + 1
        trainable = [i for i in labelled if counts[labels[i]] >= MIN_REPORTS_PER_TOPIC]
        if len({labels[i] for i in trainable}) >= 2:
            # weak regularisation: reports are short and topics few (figures: bench/)
            self.classifier = LogisticRegression(max_iter=2000, C=100.0)
            self.classifier.fit(self.matrix[trainable], [labels[i] for i in trainable])

    def suggest(self, text: str) -> Suggestion | None:
        if self.classifier is None or not text.strip():
            return None
        probabilities = self.classifier.predict_proba(self.vectorizer.transform([text]))[0]
        best = probabilities.argmax()
        if probabilities[best] < MIN_CONFIDENCE:
            return None
        return Suggestion(int(self.classifier.classes_[best]), float(probabilities[best]))

    def similar(self, text: str, limit: int = 5) -> list[tuple[int, float]]:
        """Indexes of the most similar fitted texts with their similarity, best first."""
        if self.matrix is None or not text.strip():
            return []
        from sklearn.metrics.pairwise import linear_kernel

        scores = linear_kernel(self.vectorizer.transform([text]), self.matrix)[0]
        ranked = scores.argsort()[::-1]
        return [(int(i), float(scores[i])) for i in ranked[:limit] if scores[i] >= MIN_SIMILARITY]


_cache: dict = {}
_lock = threading.Lock()


def _model_for_reports():
    """The model over all not-rejected reports, rebuilt only when they changed."""
    from .models import HurdleReport

    rows = list(
        HurdleReport.objects.exclude(state="rejected")
        .order_by("pk")
        .values_list("pk", "topic_id", "state", "description", "consequence", "attempts")
    )
    fingerprint = hashlib.sha256(repr(rows).encode()).hexdigest()
    with _lock:
        if _cache.get("fingerprint") != fingerprint:
            texts = ["\n".join(r[3:]) for r in rows]
            labels = [r[1] if r[2] == "assigned" else None for r in rows]
            _cache.update(
                fingerprint=fingerprint, model=TopicModel(texts, labels), pks=[r[0] for r in rows]
            )
        return _cache["model"], _cache["pks"]


def suggest_topic(report):
    """The suggested Topic for a report, or None ("kein Vorschlag")."""
    from .models import Topic

    model, _pks = _model_for_reports()
    suggestion = model.suggest(report.text)
    if suggestion is None:
        return None
    topic = Topic.objects.filter(pk=suggestion.topic_id, active=True).first()
    return (topic, suggestion.confidence) if topic else None


def similar_reports(report, limit=5):
    """Earlier reports most like this one: [(report, similarity)]."""
    from .models import HurdleReport

    model, pks = _model_for_reports()
    hits = [
        (pks[i], score) for i, score in model.similar(report.text, limit + 1) if pks[i] != report.pk
    ]
    by_pk = HurdleReport.objects.in_bulk([pk for pk, _score in hits[:limit]])
    return [(by_pk[pk], score) for pk, score in hits[:limit] if pk in by_pk]

"""Data generator for the performance benchmark (issue #12): a realistic, fictitious data set at
the scale of a district or of a state, written into PostgreSQL with COPY.

Not a test and not part of the application. ``make bench`` runs it on a fresh database; by hand:

    createdb -h 127.0.0.1 -U postgres kim_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/kim_bench
    .venv/bin/python manage.py migrate
    .venv/bin/python bench/generate.py --scale district      # or state, tiny

What it writes (on top of the demo data, which it loads first with ``load_demo_data`` so that the
demo logins and the directory exist):

* ``district``: 20,000 clients, 25,000 cases, 150,000 contacts, 40,000 referrals, 3,000 hurdle
  reports, 20 case managers (the 4 demo case managers among them), the 15 municipalities of the
  demo;
* ``state``: 1,000,000 clients, 1,200,000 cases, 6,000,000 contacts, 2,000,000 referrals,
  100,000 hurdle reports, 1,000 case managers and 400 municipalities (53 districts' worth) with
  their responsibilities in the directory;
* ``tiny``: a few hundred rows, for the test of the generator.

Every case gets what the application would have recorded for it: phase transitions along the
workflow up to its phase, with dates between the opening and the end of the case (a closed case
has ``closed_on`` and a closure reason, an open one neither); an assessment with a need per life
domain; goals with actions; referrals only to offices and services that are responsible in the
client's municipality, each covered by a confidentiality waiver that names the organisation and is
valid on the day of the referral; contacts between the opening and the end; appointments for open
cases. Clients with more than one case have the earlier one closed before the next one opened.
Case numbers are ``<year>-<id>`` as ``services.open_case`` makes them, ``name_key`` is computed by
``cases.names.name_key`` as ``Client.save`` does. The counts above are met exactly.

Speed: rows are generated in Python (one pass over the clients, in chunks) and streamed into one
COPY per table, each on its own connection, so that PostgreSQL parses and indexes on the second
core while Python generates. As a superuser the loading sessions set
``session_replication_role = replica``, which skips the per-row foreign-key triggers (the data
is consistent by construction, and ``verify()`` checks it afterwards with set-based queries);
nothing of the schema is dropped or changed. Afterwards the sequences are moved past the new ids
and the tables are analysed.
"""

import argparse
import bisect
import datetime
import functools
import itertools
import os
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

SEED = 12
HISTORY_YEARS = 6  # the installation has been in use for so many years
OPEN_SHARE = 0.06  # share of open cases: some 60-70 per case manager
CHUNK_CLIENTS = 5000
NULL = "\\N"  # COPY's NULL
# the key of the encrypted fields for the benchmark's fictitious data (make bench; run.py starts
# the server with it): a fixed key, so that a generated database stays readable between runs.
# Never for real data; the production settings refuse only the development key.
BENCH_FIELD_ENCRYPTION_KEY = "S0lNLWJlbmNoLWZpY3RpdGlvdXMtZGF0YS1vbmx5ISE="
SEAL_VARIANTS = 8
FIRST_CONTACT_NOTE = "Erstgespräch: Anliegen aufgenommen."
DURATIONS = (
    20,
    30,
    45,
    45,
    60,
    60,
    90,
)  # ciphertexts per distinct text (encrypting every row would take minutes)

# columns the generator writes that the models store encrypted (kim.core.encryption): their
# values go through ``Generator.seal``; ``Table`` checks this list against the models
SEALED = {
    "cases_client": {"residence_section"},
    "cases_case": {"closure_outcome"},
    "cases_phasetransition": {"note"},
    "cases_assessment": {"summary"},
    "cases_assessmententry": {"situation", "resources"},
    "cases_referral": {"reason", "outcome"},
    "cases_consent": {"revocation_note"},
    "cases_contact": {"note"},
    "cases_appointment": {"note"},
}


@dataclass(frozen=True)
class Scale:
    clients: int
    cases: int
    contacts: int
    referrals: int
    hurdle_reports: int
    case_managers: int
    municipalities: int  # in the installation; the demo has 15


SCALES = {
    "tiny": Scale(200, 250, 1500, 400, 40, 6, 18),
    "district": Scale(20_000, 25_000, 150_000, 40_000, 3_000, 20, 15),
    "state": Scale(1_000_000, 1_200_000, 6_000_000, 2_000_000, 100_000, 1_000, 400),
}

# prefix of the generated case managers' usernames (the demo ones keep their names)
USERNAME_PREFIX = "cm."
GENERATED_PASSWORD = "kim-bench-2026"

# fictitious municipality names for the state scale: prefix + suffix
TOWN_PREFIXES = (
    "Alt Neu Ober Nieder Groß Klein Hohen Rot Schön Wald Berg Stein Lin Eich Buch Hasel Mühl "
    "Kirch Wester Oster Sonnen Frei Hagen Linden Birken Erlen Fichten Tannen Rosen Wiesen"
).split()
TOWN_SUFFIXES = (
    "dorf bach hausen berg feld heim stadt burg kirchen rode au hagen stein thal brück ingen"
).split()

# more family names than the demo has, so that a name search at state scale is as selective as
# in a real population (the demo's lists are short)
EXTRA_LAST_NAMES = {
    "SY": "Abdullah Al-Ali Al-Masri Al-Sayed Aziz Bakr Dabbagh Farouk Ghanem Habib Hamoud "
    "Hijazi Jaber Kassem Khoury Maarouf Najjar Qasim Rahman Sabbagh Shami Tarabishi Yassin "
    "Zaher Zein",
    "UA": "Boiko Bondar Danyliuk Fedorenko Havryliuk Hrytsenko Ivanenko Karpenko Klymenko "
    "Kovalchuk Kozak Kuzmenko Levchenko Marchuk Nazarenko Ostapenko Pavlenko Petrenko "
    "Romanenko Rudenko Semenko Sydorenko Tkachuk Vasylenko Zinchenko",
    "TR": "Akın Aksoy Altun Avcı Bayram Bozkurt Çetin Coşkun Duman Erdoğan Güler Güneş Işık "
    "Karaca Kurt Özdemir Özkan Polat Sarı Tekin Toprak Turan Uçar Ünal Yavuz",
    "AF": "Alizada Amini Bakhshi Durrani Faizi Ghani Habibi Hashimi Jalali Kakar Mohammadi "
    "Nazari Nuri Popal Qaderi Rasuli Sadat Safi Samadi Stanikzai Wardak Yusufzai Zahiri",
    "RO": "Barbu Cojocaru Dinu Dobre Florea Gheorghe Ilie Lazăr Marin Mihai Nistor Oprea Preda "
    "Radu Rusu Sandu Tudor Ursu Voicu Zamfir",
    "BG": "Angelov Atanasov Hristov Iliev Kolev Kostov Marinov Mihaylov Pavlov Todorov Yordanov",
    "IQ": "Abbas Al-Janabi Al-Obaidi Al-Rubaie Hamad Jasim Kadhim Mahdi Salih Yasin",
    "ER": "Abraha Gebre Gebremedhin Ghebre Kahsay Mehari Negash Tesfamariam Weldu Yohannes",
}


class Pick:
    """A weighted random choice with the cumulative weights computed once (``rng.choices``
    recomputes them on every call: too slow over 400 municipalities and a million clients)."""

    def __init__(self, values, weights):
        self.values = list(values)
        self.cum = list(itertools.accumulate(weights))
        self.total = self.cum[-1]

    def __call__(self, rng):
        return self.values[bisect.bisect(self.cum, rng.random() * self.total)]


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kim.settings.dev")
    src = Path(__file__).resolve().parent.parent / "src"
    if str(src) not in sys.path:
        sys.path.insert(0, str(src))
    import django

    django.setup()


# --- COPY ------------------------------------------------------------------------------------


def esc(text):
    """A value for COPY's text format."""
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def conninfo():
    from django.db import connection

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    params.pop("prepare_threshold", None)
    params.pop("server_side_binding", None)
    return params


class Table:
    """One COPY into one table on a connection of its own; rows are lines of text."""

    FLUSH_LINES = 20_000

    def __init__(self, name, columns, params, replica):
        import psycopg

        self.name = name
        self.count = 0
        self.lines = []
        check_sealed(name, columns)
        # columns the generator leaves to the model's default get it as a constant
        constants = model_defaults(name, columns)
        columns = [*columns, *constants]
        self.tail = "".join(f"\t{value}" for value in constants.values())
        self.conn = psycopg.connect(**params)
        self.conn.execute("SET synchronous_commit = off")
        if replica:
            self.conn.execute("SET session_replication_role = replica")
        self.cursor = self.conn.cursor()
        self._copy_cm = self.cursor.copy(f"COPY {name} ({', '.join(columns)}) FROM STDIN")
        self.copy = self._copy_cm.__enter__()

    def add(self, line):
        self.lines.append(line)
        if len(self.lines) >= self.FLUSH_LINES:
            self.flush()

    def extend(self, lines):
        self.lines.extend(lines)
        if len(self.lines) >= self.FLUSH_LINES:
            self.flush()

    def flush(self):
        if self.lines:
            data = "".join(self.lines)
            if self.tail:  # escaped values hold no newline: each one ends a row
                data = data.replace("\n", self.tail + "\n")
            self.copy.write(data)
            self.count += len(self.lines)
            self.lines = []

    def finish(self):
        self.flush()
        self._copy_cm.__exit__(None, None, None)
        self.conn.commit()
        self.conn.close()


def _model(table):
    from django.apps import apps

    return {m._meta.db_table: m for m in apps.get_models(include_auto_created=True)}[table]


def check_sealed(table, columns):
    """The encrypted columns among ``columns`` are exactly those the generator seals."""
    try:
        from kim.core.encryption import encrypted_fields
    except ImportError:  # an application without encrypted fields
        return
    encrypted = {f.column for f in encrypted_fields(_model(table))} & set(columns)
    if encrypted != SEALED.get(table, set()):
        raise RuntimeError(
            f"{table}: verschlüsselte Spalten {sorted(encrypted)}, der Generator verschlüsselt "
            f"{sorted(SEALED.get(table, set()))}. Bitte SEALED in bench/generate.py anpassen."
        )


def model_defaults(table, columns):
    """{column: default as COPY text} of the model's columns that are not in ``columns``."""
    from django.db.models import NOT_PROVIDED

    values = {}
    for field in _model(table)._meta.concrete_fields:
        if field.column in columns:
            continue
        if field.null:
            values[field.column] = NULL
        elif field.default is not NOT_PROVIDED:
            values[field.column] = esc(str(field.get_default()))
        elif field.get_internal_type() in ("CharField", "TextField", "EmailField", "FileField"):
            values[field.column] = ""
        else:
            raise RuntimeError(f"{table}.{field.column} braucht einen Wert.")
    return values


def next_id(cursor, table):
    cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")
    return cursor.fetchone()[0]


# --- dates ------------------------------------------------------------------------------------


class Days:
    """Dates as ordinals (fast arithmetic) with their text for COPY, cached."""

    def __init__(self, today):
        self.today = today.toordinal()
        self._text = {}
        self._stamp = {}

    def text(self, ordinal):
        if ordinal is None:
            return "\\N"
        value = self._text.get(ordinal)
        if value is None:
            value = self._text[ordinal] = datetime.date.fromordinal(ordinal).isoformat()
        return value

    def stamp(self, ordinal, hour=9):
        """A moment on that day (UTC, about 10 or 11 o'clock in Germany)."""
        key = (ordinal, hour)
        value = self._stamp.get(key)
        if value is None:
            value = self._stamp[key] = f"{self.text(ordinal)} {hour:02d}:00:00+00"
        return value


# --- the generator ----------------------------------------------------------------------------


class Generator:
    def __init__(self, scale: Scale, seed=SEED, out=print):
        from django.utils import timezone

        self.scale = scale
        self.rng = random.Random(seed)
        self.out = out
        self.days = Days(timezone.localdate())
        self.today = self.days.today
        self.history_start = self.today - HISTORY_YEARS * 365
        self._sealed = {}
        self._seal_turn = 0

    # --- reference data and people -------------------------------------------------------------

    def prepare(self):
        """Demo data, municipalities, case managers and the lookups the rows need."""
        from django.contrib.auth.hashers import make_password
        from django.contrib.auth.models import Group

        from kim.accounts import demo as accounts_demo
        from kim.accounts.models import User
        from kim.accounts.roles import Role
        from kim.cases import demo as cases_demo
        from kim.cases.models import Language, LifeDomain, ResidenceStatus
        from kim.directory import demo as directory_demo
        from kim.directory.models import Municipality, Organisation
        from kim.hurdles import demo as hurdles_demo

        # the parts of load_demo_data the benchmark needs: directory, demo logins (the benchmark
        # users), the demo cases and the demo hurdle reports (templates of the generated ones)
        directory_demo.load()
        accounts_demo.load()
        cases_demo.load()
        hurdles_demo.load()
        if User.objects.filter(username__startswith=USERNAME_PREFIX).exists():
            raise SystemExit(
                "Diese Datenbank enthält schon erzeugte Benchmark-Daten. Bitte eine frische "
                "Datenbank verwenden (make bench legt sie selbst an)."
            )
        self._municipalities(Municipality)
        self.domains = {d.code: d.pk for d in LifeDomain.objects.all()}
        self.domain_codes = list(self.domains)
        self.languages = {lang.code: lang.pk for lang in Language.objects.all()}
        self.statuses = {s.code: s for s in ResidenceStatus.objects.all()}
        self.jobcenter = (
            Organisation.objects.filter(name="Jobcenter Märkischer Kreis")
            .values_list("pk", flat=True)
            .first()
        )
        self.origins = cases_demo.ORIGINS
        self.origin_codes = list(self.origins)
        self.origin_weights = [self.origins[o].weight for o in self.origin_codes]
        self.name_pools = self._name_pools()

        group = Group.objects.get(name=Role.CASE_MANAGER.value)
        demo_cms = list(
            User.objects.filter(username__in=cases_demo.CASE_MANAGERS).order_by("username")
        )
        organisation = demo_cms[0].organisation_id if demo_cms else None
        password = make_password(GENERATED_PASSWORD)
        first_names = (
            "Lena Jonas Miriam Tobias Sarah Felix Julia David Nina Lukas Hanna Ben".split()
        )
        last_names = "Schmidt Müller Fischer Weber Wagner Becker Hoffmann Schäfer Koch Richter"
        last_names = last_names.split()
        new_users = [
            User(
                username=f"{USERNAME_PREFIX}{n:04d}",
                first_name=self.rng.choice(first_names),
                last_name=self.rng.choice(last_names),
                password=password,
                organisation_id=organisation,
            )
            for n in range(1, max(0, self.scale.case_managers - len(demo_cms)) + 1)
        ]
        User.objects.bulk_create(new_users, batch_size=1000)
        new_users = list(User.objects.filter(username__startswith=USERNAME_PREFIX))
        User.groups.through.objects.bulk_create(
            [User.groups.through(user_id=u.pk, group_id=group.pk) for u in new_users],
            batch_size=1000,
        )
        self.case_managers = [u.pk for u in demo_cms + new_users][: self.scale.case_managers]
        self._areas()
        self._referral_targets()

    def _municipalities(self, Municipality):
        from kim.cases import demo as cases_demo
        from kim.directory.models import Responsibility

        existing = list(Municipality.objects.order_by("pk"))
        missing = self.scale.municipalities - len(existing)
        if missing > 0:
            district = existing[0].district_id
            taken = {m.name for m in existing}
            names = [f"{p}{s}" for p in TOWN_PREFIXES for s in TOWN_SUFFIXES]
            names = [n for n in names if n not in taken]
            self.rng.shuffle(names)
            created = Municipality.objects.bulk_create(
                [
                    Municipality(district_id=district, name=name, ags=f"05999{n:03d}")
                    for n, name in enumerate(sorted(names[:missing]), start=1)
                ]
            )
            # every new municipality gets the responsibilities of one of the demo municipalities
            templates = {}
            for r in Responsibility.objects.order_by("pk"):
                templates.setdefault(r.municipality_id, []).append(r)
            template_ids = list(templates)
            copies = []
            for n, municipality in enumerate(created):
                for r in templates[template_ids[n % len(template_ids)]]:
                    copies.append(
                        Responsibility(
                            municipality=municipality,
                            legal_domain_id=r.legal_domain_id,
                            service_id=r.service_id,
                            office_id=r.office_id,
                            status=r.status,
                            note=r.note,
                            source=r.source,
                            min_age=r.min_age,
                            max_age=r.max_age,
                        )
                    )
            Responsibility.objects.bulk_create(copies, batch_size=2000)
        municipalities = list(Municipality.objects.order_by("pk"))
        weights = []
        for m in municipalities:
            weight = cases_demo.MUNICIPALITY_WEIGHTS.get(m.name)
            # a few towns, many villages: the size of the new ones is log-normal
            weights.append(weight or max(0.3, self.rng.lognormvariate(0.8, 0.9)))
        self.municipality_ids = [m.pk for m in municipalities]
        self.municipality_weights = weights
        self.municipality_names = {m.pk: m.name for m in municipalities}

    def _name_pools(self):
        """Per origin and gender: first names and family names as (Latin, original script)."""
        from kim.cases.models import Gender

        pools = {}
        for code, origin in self.origins.items():
            extra = [(name, "") for name in EXTRA_LAST_NAMES.get(code, "").split()]
            for gender in (Gender.FEMALE, Gender.MALE):
                pools[(code, gender)] = (
                    origin.first_names(gender),
                    origin.last_names(gender) + extra,
                )
        return pools

    def _areas(self):
        """Which case managers serve which municipality: in proportion to its size, at least one,
        taken in turn from the list of case managers (a case manager may serve several)."""
        total = sum(self.municipality_weights)
        count = len(self.case_managers)
        self.area_cms = {}
        position = 0
        for m, weight in zip(self.municipality_ids, self.municipality_weights, strict=True):
            n = max(1, round(count * weight / total))
            self.area_cms[m] = [self.case_managers[(position + k) % count] for k in range(n)]
            position += n

    def _referral_targets(self):
        """Per municipality and life domain: (office, service, organisation, min age, max age)
        of the responsibilities there, as the finder would propose them."""
        from kim.cases import demo as cases_demo
        from kim.directory.models import Responsibility

        by_key = {}
        rows = Responsibility.objects.filter(status="known").select_related(
            "legal_domain", "service__type", "office"
        )
        for r in rows:
            if r.legal_domain_id:
                key = (r.municipality_id, "legal", r.legal_domain.code)
            else:
                key = (r.municipality_id, "service", r.service.type.code)
            org = r.office.organisation_id if r.office_id else r.service.provider_id
            ages = (r.service.min_age, r.service.max_age) if r.service_id else (None, None)
            by_key.setdefault(key, []).append((r.office_id, r.service_id, org, *ages))
        self.targets = {}
        for m in self.municipality_ids:
            for code, options in cases_demo.REFERRAL_TARGETS.items():
                found = [t for kind, key in options for t in by_key.get((m, kind, key), [])]
                if found:
                    self.targets[(m, code)] = found

    # --- texts, escaped once --------------------------------------------------------------------

    def _texts(self):
        from kim.cases import demo as d

        self.t_situations = {k: esc(v) for k, v in d.SITUATIONS.items()}
        self.t_resources = [esc(v) for v in d.RESOURCES]
        self.t_goals = {k: [esc(v) for v in vs] for k, vs in d.GOALS.items()}
        self.t_actions = {
            k: [(esc(desc), resp) for desc, resp, _org in vs] for k, vs in d.ACTIONS.items()
        }
        self.t_contact_notes = [esc(v) for v in d.CONTACT_NOTES]
        self.t_closures = [(reason, esc(text), w) for reason, (text, w) in d.CLOSURES.items()]
        self.pick_closure = Pick([c[0] for c in self.t_closures], [c[2] for c in self.t_closures])
        self.closure_text = {c[0]: c[1] for c in self.t_closures}
        self.pick_channel = Pick(d.ACCESS_CHANNELS, d.ACCESS_CHANNELS.values())
        self.pick_contact_channel = Pick(d.CONTACT_CHANNELS, d.CONTACT_CHANNELS.values())
        self.pick_open_phase = Pick(d.OPEN_PATH, [d.PHASES[p][0] for p in d.OPEN_PATH])
        self.pick_last_open = Pick(d.OPEN_PATH, [2, 1, 1, 3, 4, 5])
        self.pick_origin = Pick(self.origin_codes, self.origin_weights)
        self.pick_municipality = Pick(self.municipality_ids, self.municipality_weights)
        self.domain_names = {}
        from kim.cases.models import LifeDomain

        for domain in LifeDomain.objects.all():
            self.domain_names[domain.code] = esc(f"Bedarf im Lebensbereich {domain.name}.")

    # --- main -----------------------------------------------------------------------------------

    def run(self):
        from django.db import connection

        started = time.perf_counter()
        self.prepare()
        self._texts()
        self.out(
            f"  Demodaten, Kommunen und Case Manager:innen: {time.perf_counter() - started:.1f} s"
        )

        params = conninfo()
        with connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            replica = bool(cursor.fetchone()[0])
            ids = {}
            for table in TABLES:
                ids[table] = next_id(cursor, table)
        self.ids = ids
        self.tables = {
            name: Table(name, columns, params, replica) for name, columns in TABLES.items()
        }

        s = self.scale
        self.quota = {"contacts": 0, "referrals": 0}
        self.done_cases = 0
        client_index = 0
        while client_index < s.clients:
            end = min(s.clients, client_index + CHUNK_CLIENTS)
            self._chunk(client_index, end)
            client_index = end
            if s.clients >= 100_000 and client_index % (s.clients // 10) < CHUNK_CLIENTS:
                elapsed = time.perf_counter() - started
                self.out(f"  … {client_index:,} Klient:innen ({elapsed:.0f} s)".replace(",", "."))
        self._hurdle_reports()
        for table in self.tables.values():
            table.finish()
        self.out(f"  Zeilen geschrieben (COPY): {time.perf_counter() - started:.1f} s")

        with connection.cursor() as cursor:
            for table in TABLES:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
                )
        self._analyse()
        self.out(f"  Statistiken (VACUUM ANALYZE): {time.perf_counter() - started:.1f} s")
        return {name: t.count for name, t in self.tables.items()}

    def _analyse(self):
        import psycopg

        with psycopg.connect(**conninfo(), autocommit=True) as conn:
            conn.execute("SET maintenance_work_mem = '512MB'")
            for table in TABLES:
                conn.execute(f"VACUUM (ANALYZE) {table}")
            for table in ("accounts_user", "directory_municipality", "directory_responsibility"):
                conn.execute(f"ANALYZE {table}")

    # --- one chunk of clients with all their cases ----------------------------------------------

    def _chunk(self, first, end):
        from kim.cases.models import Gender

        s = self.scale
        rng = self.rng
        days = self.days
        today = self.today
        T = self.tables
        cases = []  # (case id, client, cm, phase, opened, closed, path, starts, end, focus, muni)
        for i in range(first, end):
            n_cases = (i + 1) * s.cases // s.clients - i * s.cases // s.clients
            client_id = self.ids["cases_client"]
            self.ids["cases_client"] += 1
            origin_code = self.pick_origin(rng)
            origin = self.origins[origin_code]
            r = rng.random()
            gender = Gender.FEMALE if r < 0.48 else Gender.MALE if r < 0.96 else "not_stated"
            firsts, lasts = self.name_pools[
                (origin_code, gender if gender != "not_stated" else Gender.MALE)
            ]
            first = rng.choice(firsts)
            last = rng.choice(lasts)
            script = rng.random() < origin.script_share and first[1] and last[1]
            birth_year = min(2008, max(1945, int(rng.gauss(1986, 12))))
            muni = self.pick_municipality(rng)
            cms = self.area_cms[muni]

            # the cases, latest first; an earlier one is closed before the next one opened
            plans = []
            latest_end = today
            for k in range(n_cases):
                is_open = k == 0 and rng.random() < OPEN_SHARE
                plan = self._plan(is_open, latest_end, rng)
                if plan is None:
                    break
                plans.append(plan)
                latest_end = plan[1] - rng.randint(20, 400)  # opened -> gap before it
            if len(plans) < n_cases:  # no room in the history: squeeze into what is left
                while len(plans) < n_cases:
                    opened = plans[-1][1] - 2 if plans else today - 2
                    plans.append(self._closed_plan(opened - 1, opened, rng))
            plans.reverse()
            first_opened = plans[0][1]
            # entered the district before the first case, Germany before that
            moved_in = first_opened - int(rng.expovariate(1 / 300))
            entered = moved_in - (int(rng.expovariate(1 / 200)) if rng.random() < 0.5 else 0)
            born_first = datetime.date(birth_year, 1, 1).toordinal()
            if entered <= born_first:
                entered = born_first + 1
                moved_in = max(moved_in, entered)
            exact = rng.random() < 0.75
            dob = born_first + rng.randint(0, 360) if exact else None
            if dob is not None and dob > entered:
                dob = born_first
            status_code, section = rng.choice(origin.statuses)
            status = self.statuses[status_code]
            valid_until = (
                days.text(today + rng.randint(0, 900))
                if status.group in ("temporary", "asylum")
                else "\\N"
            )
            interpreter = origin_code != "TR" and rng.random() < 0.5
            interpreter_language = self.languages[origin.languages[0]] if interpreter else None
            creator = rng.choice(cms)
            first_name = first[0]
            last_name = last[0]
            phone = f"02351 000-{1000 + i % 9000}" if rng.random() < 0.7 else ""
            sealed_section = self.seal(section) if status.needs_section else ""
            T["cases_client"].add(
                f"{client_id}\t{esc(first_name)}\t{esc(last_name)}\t"
                f"{first[1] if script else ''}\t{last[1] if script else ''}\t"
                f"{cached_name_key(first_name, last_name)}\t"
                f"{days.text(dob)}\t{NULL if exact else birth_year}\t{gender}\t{origin_code}\t"
                f"{'t' if interpreter else 'f'}\t{sealed_section}\t"
                f"{valid_until}\t{days.text(entered)}\t{days.text(moved_in)}\t"
                f"{phone}\t"
                f"{days.stamp(first_opened, 8)}\t{days.stamp(first_opened, 8)}\t1\t{creator}\t"
                f"{muni}\t{interpreter_language if interpreter else NULL}\t{status.pk}\n"
            )
            codes = [origin.languages[0]]
            if origin.extra_languages and rng.random() < 0.5:
                codes.append(rng.choice(origin.extra_languages))
            if rng.random() < 0.3:
                codes.append("de")
            for code in dict.fromkeys(codes):
                if code in self.languages:
                    T["cases_client_languages"].add(
                        f"{self._id('cases_client_languages')}\t{client_id}\t{self.languages[code]}\n"
                    )
            age = 2026 - birth_year
            for plan in plans:
                phase, opened, closed, path, starts, case_end, reason = plan
                cm = rng.choice(cms) if rng.random() < 0.9 else rng.choice(self.case_managers)
                case_id = self._id("cases_case")
                year = datetime.date.fromordinal(opened).year
                channel = self.pick_channel(rng)
                outcome = self.seal(self.closure_text[reason]) if reason else ""
                T["cases_case"].add(
                    f"{case_id}\t{year}-{case_id:06d}\t{channel}\t{phase}\t{days.text(opened)}\t"
                    f"{days.text(closed)}\t{reason}\t"
                    f"{outcome}\t{days.stamp(opened, 8)}\t1\t"
                    f"{cm}\t{client_id}\n"
                )
                focus = self._focus(age, origin_code, rng)
                cases.append(
                    (
                        case_id,
                        client_id,
                        cm,
                        phase,
                        opened,
                        closed,
                        path,
                        starts,
                        case_end,
                        focus,
                        muni,
                        age,
                        interpreter,
                        channel,
                    )
                )
        self._case_files(cases)
        self.done_cases += len(cases)

    def seal(self, text):
        """``text`` as the encrypted field stores it (one of a few ciphertexts per text)."""
        if not text:
            return ""
        tokens = self._sealed.get(text)
        if tokens is None:
            from kim.core.encryption import encrypt

            tokens = self._sealed[text] = [encrypt(text) for _ in range(SEAL_VARIANTS)]
        self._seal_turn += 1
        return tokens[self._seal_turn % SEAL_VARIANTS]

    def _id(self, table):
        value = self.ids[table]
        self.ids[table] = value + 1
        return value

    def _plan(self, is_open, latest_end, rng):
        """(phase, opened, closed, path, starts, end, closure reason) or None if there is no
        room left in the history before ``latest_end``."""
        from kim.cases import demo as d

        today = self.today
        if is_open:
            phase = self.pick_open_phase(rng)
            low, high = d.PHASES[phase][1]
            opened = today - rng.randint(low, high)
            path = d.OPEN_PATH[: d.OPEN_PATH.index(phase) + 1]
            return self._dated(phase, opened, None, today, path, "", rng)
        latest_close = min(latest_end, today - 1)
        if latest_close - self.history_start < 40:
            return None
        closed = rng.randint(max(self.history_start + 30, latest_close - 4 * 365), latest_close)
        duration = 30 + int(rng.expovariate(1 / 220))
        opened = max(self.history_start, closed - duration)
        return self._closed_plan(opened, closed, rng)

    def _closed_plan(self, opened, closed, rng):
        from kim.cases import demo as d
        from kim.cases.models import CasePhase, ClosureReason

        last_open = self.pick_last_open(rng)
        path = [*d.OPEN_PATH[: d.OPEN_PATH.index(last_open) + 1], CasePhase.CLOSED]
        reason = self.pick_closure(rng)
        if len(path) <= 3 and reason == ClosureReason.GOALS_ACHIEVED:
            reason = ClosureReason.NO_NEED
        return self._dated(CasePhase.CLOSED, opened, closed, closed, path, reason, rng)

    @staticmethod
    def _dated(phase, opened, closed, end, path, reason, rng):
        """The days on which the phases of ``path`` began, in order, between opened and end."""
        starts = {}
        span = max(end - opened, 0)
        previous = opened
        n = len(path)
        for k, step in enumerate(path):
            offset = 0 if k == 0 else span * k // n + rng.randint(-3, 3)
            day = min(end, max(opened + offset, previous))
            starts[step] = previous = day
        if closed is not None:
            starts[path[-1]] = closed
        return phase, opened, closed, path, starts, end, reason

    def _focus(self, age, origin_code, rng):
        candidates = ["language", "housing", "finances", "health", "participation", "residence"]
        if age < 27:
            candidates += ["education", "education", "work"]
        elif age < 60:
            candidates += ["work", "work", "family"]
        if origin_code == "UA":
            candidates += ["language", "work"]
        rng.shuffle(candidates)
        return list(dict.fromkeys(candidates))[: rng.randint(2, 4)]

    # --- everything in a case file ---------------------------------------------------------------

    def _case_files(self, cases):
        from kim.cases.models import CasePhase

        s = self.scale
        rng = self.rng
        # how many contacts and referrals this chunk gets, so that the totals come out exactly
        done = self.done_cases + len(cases)
        contact_quota = s.contacts * done // s.cases - self.quota["contacts"]
        referral_quota = s.referrals * done // s.cases - self.quota["referrals"]
        if done == s.cases:  # last chunk: whatever is left
            contact_quota = s.contacts - self.quota["contacts"]
            referral_quota = s.referrals - self.quota["referrals"]

        contacts_of = [1] * len(cases)
        weights = [max(1, (c[8] - c[4]) // 30) for c in cases]
        extra = contact_quota - len(cases)
        if extra > 0:
            for k in rng.choices(range(len(cases)), weights=weights, k=extra):
                contacts_of[k] += 1
        self.quota["contacts"] += sum(contacts_of)

        eligible = [
            k
            for k, c in enumerate(cases)
            if CasePhase.IMPLEMENTATION in c[7] and any((c[10], f) in self.targets for f in c[9])
        ]
        referrals_of = [0] * len(cases)
        if eligible and referral_quota > 0:
            for k in rng.choices(
                eligible, weights=[len(cases[k][9]) for k in eligible], k=referral_quota
            ):
                referrals_of[k] += 1
            self.quota["referrals"] += referral_quota

        for k, case in enumerate(cases):
            self._transitions(case)
            self._assessment(case, rng)
            self._goals(case, rng)
            referral_orgs = self._referrals(case, referrals_of[k], rng)
            self._consents(case, referral_orgs, rng)
            self._contacts(case, contacts_of[k], rng)
            if case[3] != CasePhase.CLOSED:
                self._appointments(case, rng)

    def _transitions(self, case):
        case_id, _client, cm, _phase, _opened, _closed, path, starts = case[:8]
        stamp = self.days.stamp
        first_id = self.ids["cases_phasetransition"]
        self.ids["cases_phasetransition"] += len(path)
        opened_note = self.seal("Fall eröffnet.")
        lines = []
        previous = ""
        for n, step in enumerate(path):
            lines.append(
                f"{first_id + n}\t{previous}\t{step}\t{stamp(starts[step])}\t"
                f"{'' if previous else opened_note}\t{cm}\t{case_id}\n"
            )
            previous = step
        self.tables["cases_phasetransition"].extend(lines)

    def _assessment(self, case, rng):
        from kim.cases.models import CasePhase

        case_id, _client, cm, phase, _opened, _closed, _path, starts, end, focus = case[:10]
        if CasePhase.ASSESSMENT not in starts:
            return
        start = starts[CasePhase.ASSESSMENT]
        later = starts.get(CasePhase.PLANNING)
        if later is None and phase == CasePhase.ASSESSMENT and rng.random() < 0.4:
            return  # still to be done
        dates = [min(start + rng.randint(0, 10), later or end, end)]
        if CasePhase.MONITORING in starts and rng.random() < 0.3:
            dates.append(starts[CasePhase.MONITORING])
        days = self.days
        for n, day in enumerate(dates):
            assessment_id = self._id("cases_assessment")
            summary = (
                "Erstes Assessment gemeinsam mit der Klient:in."
                if n == 0
                else "Re-Assessment: Bedarfe neu eingeschätzt."
            )
            self.tables["cases_assessment"].add(
                f"{assessment_id}\t{days.text(day)}\t{self.seal(summary)}\t{cm}\t{case_id}\n"
            )
            others = [c for c in self.domain_codes if c not in focus]
            for code in [*focus, rng.choice(others)]:
                if code in focus:
                    need = rng.choice(("low", "medium") if n else ("medium", "high"))
                    situation = self.t_situations.get(code, "")
                else:
                    need = "none" if rng.random() < 0.8 else "low"
                    situation = ""
                resources = rng.choice(self.t_resources) if code == focus[0] else ""
                self.tables["cases_assessmententry"].add(
                    f"{self._id('cases_assessmententry')}\t{self.seal(situation)}\t{need}\t{self.seal(resources)}\t"
                    f"{assessment_id}\t{self.domains[code]}\n"
                )

    def _goals(self, case, rng):
        from kim.cases.models import CasePhase

        case_id, _client, _cm, phase, _opened, _closed, _path, starts, end, focus = case[:10]
        if CasePhase.PLANNING not in starts:
            return
        agreed = starts[CasePhase.PLANNING]
        days = self.days
        today = self.today
        for code in focus[: rng.randint(1, 2)]:
            goal_id = self._id("cases_goal")
            target = agreed + rng.randint(90, 300)
            outcome = self._goal_outcome(phase, rng)
            outcome_on = None
            if outcome != "open":
                outcome_on = min(rng.randint(agreed, max(agreed, end)), today)
            self.tables["cases_goal"].add(
                f"{goal_id}\t{rng.choice(self.t_goals[code])}\t{days.text(agreed)}\t"
                f"{days.text(target)}\t{outcome}\t{days.text(outcome_on)}\t1\t{case_id}\t"
                f"{self.domains[code]}\n"
            )
            for description, responsible in rng.sample(self.t_actions[code], rng.randint(1, 2)):
                if responsible == "organisation":
                    responsible = "case_manager"  # the organisation is not known here
                due = agreed + rng.randint(10, 120)
                done = None
                if phase == CasePhase.CLOSED:
                    done = min(rng.randint(agreed, due + 10), end)
                elif due < today and rng.random() < (0.97 if due < today - 45 else 0.6):
                    done = min(rng.randint(agreed, due + 10), today)
                self.tables["cases_action"].add(
                    f"{self._id('cases_action')}\t{description}\t{responsible}\t"
                    f"{days.text(due)}\t{days.text(done)}\t{goal_id}\t\\N\n"
                )

    @staticmethod
    def _goal_outcome(phase, rng):
        if phase in ("planning", "implementation"):
            return "open"
        if phase == "monitoring":
            return rng.choices(["open", "achieved", "partly"], weights=[6, 2, 2])[0]
        if phase == "evaluation":
            return rng.choice(["open", "achieved", "partly", "not_achieved"])
        return rng.choices(["achieved", "partly", "not_achieved", "dropped"], weights=[5, 3, 2, 2])[
            0
        ]

    def _referrals(self, case, count, rng):
        """``count`` referrals to responsible offices/services; returns {organisation: latest
        day of proposal}, for the waiver that has to cover them."""
        from kim.cases.models import CasePhase

        if not count:
            return {}
        case_id, _client, cm, _phase, _opened, _closed, _path, starts, end, focus, muni, age = case[
            :12
        ]
        start = starts[CasePhase.IMPLEMENTATION]
        options = []
        for code in focus:
            for t in self.targets.get((muni, code), ()):
                if (t[3] or 0) <= age <= (t[4] or 200):
                    options.append((code, t))
        if not options:
            options = [(code, t) for code in focus for t in self.targets.get((muni, code), ())]
        days = self.days
        orgs = {}
        for _n in range(count):
            code, (office, service, org, _low, _high) = rng.choice(options)
            proposed = min(end, start + rng.randint(0, 60))
            state = rng.choices(
                ("proposed", "sent", "accepted", "declined", "completed", "withdrawn"),
                weights=(1, 2, 3, 1, 4, 1),
            )[0]
            sent = answered = done = None
            if state != "proposed":
                sent = proposed + rng.randint(0, 7)
            if state in ("accepted", "declined", "completed"):
                answered = (sent or proposed) + rng.randint(3, 30)
            if state in ("completed", "withdrawn"):
                done = (answered or sent or proposed) + rng.randint(20, 150)
            if done and done > end:
                done, state = None, "accepted" if answered else "sent"
            if answered and answered > end:
                answered, state = None, "sent"
            if sent and sent > end:
                sent, state = None, "proposed"
            outcome = ""
            if state == "completed":
                day = datetime.date.fromordinal(done or answered or proposed)
                outcome = f"Beratung aufgenommen am {day:%d.%m.%Y}."
            elif state == "declined":
                outcome = "Zurzeit keine freien Plätze; Warteliste angeboten."
            self.tables["cases_referral"].add(
                f"{self._id('cases_referral')}\t{self.seal(self.domain_names[code])}\t{state}\t"
                f"{days.text(proposed)}\t{days.text(sent)}\t{days.text(answered)}\t"
                f"{days.text(done)}\t{self.seal(outcome)}\t1\t{case_id}\t{cm}\t{self.domains[code]}\t"
                f"{office if office else NULL}\t{service if service else NULL}\n"
            )
            orgs[org] = max(orgs.get(org, proposed), proposed)
        return orgs

    def _consents(self, case, referral_orgs, rng):
        """Consent to processing at the opening; a waiver from the start of the support planning
        that names the organisations of the referrals (and the Jobcenter for work) and is valid
        on every referral's day."""
        from kim.cases.models import CasePhase

        _case_id, client, cm, _phase, opened, closed, _path, starts, _end, focus = case[:10]
        channel = case[13]
        days = self.days
        add = self.tables["cases_consent"].add
        add(
            f"{self._id('cases_consent')}\tprocessing\t{days.text(opened)}\t"
            "Verarbeitung der Daten im KIM-Case-Management: Beratung, Dokumentation und Statistik "
            f"in anonymisierter Form.\t\\N\t\t\\N\t\t{days.stamp(opened)}\t{client}\t{cm}\n"
        )
        if CasePhase.PLANNING not in starts:
            return
        orgs = dict(referral_orgs)
        if self.jobcenter and ("work" in focus or channel == "jobcenter"):
            orgs.setdefault(self.jobcenter, starts[CasePhase.PLANNING])
        if not orgs:
            return
        given = starts[CasePhase.PLANNING]
        latest_use = max(orgs.values())
        valid_until = None
        if rng.random() < 0.5 and given + 730 >= latest_use:
            valid_until = given + 730
        revoked = None
        note = ""
        if closed is not None and closed < self.today and rng.random() < 0.2:
            revoked = closed + 1
            note = "Widerruf mündlich in der Beratung, schriftlich bestätigt."
        waiver_id = self._id("cases_consent")
        add(
            f"{waiver_id}\twaiver\t{days.text(given)}\tAustausch zu Leistungen, Vermittlungen und "
            f"Terminen mit den genannten Stellen.\t{days.text(valid_until)}\t\t"
            f"{days.text(revoked)}\t{self.seal(note)}\t{days.stamp(given)}\t{client}\t{cm}\n"
        )
        for org in sorted(orgs):
            self.tables["cases_consent_organisations"].add(
                f"{self._id('cases_consent_organisations')}\t{waiver_id}\t{org}\n"
            )

    def _contacts(self, case, count, rng):
        """``count`` contacts, the first on the opening day, the others up to the end (or
        recently, for an open case); the hottest loop of the generator, hence the locals."""
        case_id, _client, cm, phase, opened, _closed, _path, _starts, end, focus = case[:10]
        interpreter = case[12]
        r = rng.random
        text = self.days.text
        seal = self.seal
        last = end
        if phase != "closed":
            last = self.today - int(rng.expovariate(1 / 14)) % 90
        last = max(last, opened)
        span = last - opened + 1
        dates = [opened, *sorted(opened + int(r() * span) for _ in range(count - 1))]
        first_id = self.ids["cases_contact"]
        self.ids["cases_contact"] += count
        domain_id = self.ids["cases_contact_life_domains"]
        notes = self.t_contact_notes
        pick = self.pick_contact_channel
        main = self.domains[focus[0]]
        second = self.domains[focus[1]] if len(focus) > 1 else None
        lines, domain_lines = [], []
        for n, day in enumerate(dates):
            contact_id = first_id + n
            channel = pick(rng)
            used = "t" if interpreter and channel != "written" and r() < 0.8 else "f"
            note = FIRST_CONTACT_NOTE if n == 0 else notes[int(r() * len(notes))]
            lines.append(
                f"{contact_id}\t{text(day)}\t{DURATIONS[int(r() * len(DURATIONS))]}\t{channel}\t"
                f"{used}\t{seal(note)}\t{cm}\t{case_id}\n"
            )
            domain_lines.append(f"{domain_id}\t{contact_id}\t{main}\n")
            domain_id += 1
            if second and r() >= 0.75:
                domain_lines.append(f"{domain_id}\t{contact_id}\t{second}\n")
                domain_id += 1
        self.ids["cases_contact_life_domains"] = domain_id
        self.tables["cases_contact"].extend(lines)
        self.tables["cases_contact_life_domains"].extend(domain_lines)

    def _appointments(self, case, rng):
        from django.utils import timezone

        case_id, _client, cm = case[:3]
        days = []
        if rng.random() < 0.45:
            days.append(self.today + rng.randint(1, 21))
        if rng.random() < 0.2:
            days.append(self.today - rng.randint(1, 14))
        for day in days:
            date = datetime.date.fromordinal(day)
            if date.weekday() >= 5:
                date -= datetime.timedelta(days=date.weekday() - 4)
            hour = rng.choice((8, 9, 10, 11, 13, 14, 15))
            starts_at = datetime.datetime.combine(
                date, datetime.time(hour), tzinfo=timezone.get_current_timezone()
            )
            place = rng.choice(("Rathaus, Beratungsraum", "Kreishaus, Raum 214", "telefonisch"))
            self.tables["cases_appointment"].add(
                f"{self._id('cases_appointment')}\t{starts_at.isoformat()}\t"
                f"{rng.choice((30, 45, 60, 60, 90))}\t{place}\t\t"
                f"{'t' if rng.random() < 0.07 else 'f'}\t{case_id}\t{cm}\n"
            )

    # --- hurdle reports ---------------------------------------------------------------------

    def _hurdle_reports(self):
        """Reports sampled from the demo's (their texts and topics), spread over the years, the
        municipalities and the case managers; external ones from the demo partner."""
        from kim.accounts.models import User
        from kim.hurdles.models import HurdleReport

        rng = self.rng
        days = self.days
        templates = list(
            HurdleReport.objects.values(
                "pk",
                "description",
                "consequence",
                "attempts",
                "suggested_topic",
                "source",
                "state",
                "topic_id",
                "reporter_id",
                "reporter_organisation_id",
                "rejection_reason",
            )
        )
        if not templates:
            return
        lives = {}
        for report_id, domain_id in HurdleReport.life_domains.through.objects.values_list(
            "hurdlereport_id", "lifedomain_id"
        ):
            lives.setdefault(report_id, []).append(domain_id)
        coordinator = (
            User.objects.filter(username="jonas.keller").values_list("pk", flat=True).first()
        )
        for template in templates:
            for key in (
                "description",
                "consequence",
                "attempts",
                "suggested_topic",
                "rejection_reason",
            ):
                template[key] = esc(template[key] or "")
        add = self.tables["hurdles_hurdlereport"].add
        add_change = self.tables["hurdles_reportstatechange"].add
        add_life = self.tables["hurdles_hurdlereport_life_domains"].add
        for _n in range(self.scale.hurdle_reports):
            t = rng.choice(templates)
            report_id = self._id("hurdles_hurdlereport")
            reported = rng.randint(self.history_start, self.today)
            muni = self.pick_municipality(rng)
            if t["source"] == "external":
                reporter, org = t["reporter_id"], t["reporter_organisation_id"]
            else:
                reporter, org = rng.choice(self.area_cms[muni]), None
            state = t["state"]
            # the older the report, the likelier it has been dealt with
            if state in ("received", "triaged") and reported < self.today - 120 and t["topic_id"]:
                state = "assigned"
            topic = t["topic_id"] if state == "assigned" else None
            add(
                f"{report_id}\t{days.text(reported)}\t{t['description']}\t{t['consequence']}\t"
                f"{t['attempts']}\t{t['suggested_topic']}\t{t['source']}\tf\t{state}\t"
                f"{t['rejection_reason'] if state == 'rejected' else ''}\t"
                f"{days.stamp(reported)}\t1\t"
                f"\\N\t{muni}\t{reporter}\t{org if org else NULL}\t"
                f"{topic if topic else NULL}\n"
            )
            add_change(
                f"{self._id('hurdles_reportstatechange')}\t\treceived\t{days.stamp(reported)}\t\t"
                f"{reporter}\t{report_id}\t\\N\n"
            )
            if state != "received" and coordinator:
                add_change(
                    f"{self._id('hurdles_reportstatechange')}\treceived\t{state}\t"
                    f"{days.stamp(min(self.today, reported + rng.randint(2, 40)))}\t\t"
                    f"{coordinator}\t{report_id}\t{topic if topic else NULL}\n"
                )
            for domain in lives.get(t["pk"], ()):
                add_life(
                    f"{self._id('hurdles_hurdlereport_life_domains')}\t{report_id}\t{domain}\n"
                )


@functools.cache
def cached_name_key(first_name, last_name):
    from kim.cases.names import name_key

    return name_key(first_name, last_name)


# table -> columns, in the order the generator writes them
TABLES = {
    "cases_client": [
        "id",
        "first_name",
        "last_name",
        "first_name_original",
        "last_name_original",
        "name_key",
        "date_of_birth",
        "year_of_birth",
        "gender",
        "nationalities",
        "interpreter_needed",
        "residence_section",
        "residence_valid_until",
        "entered_germany_on",
        "entered_district_on",
        "phone",
        "created_at",
        "updated_at",
        "version",
        "created_by_id",
        "municipality_id",
        "interpreter_language_id",
        "residence_status_id",
    ],
    "cases_client_languages": ["id", "client_id", "language_id"],
    "cases_case": [
        "id",
        "number",
        "access_channel",
        "phase",
        "opened_on",
        "closed_on",
        "closure_reason",
        "closure_outcome",
        "created_at",
        "version",
        "case_manager_id",
        "client_id",
    ],
    "cases_phasetransition": ["id", "from_phase", "to_phase", "at", "note", "by_id", "case_id"],
    "cases_assessment": ["id", "assessed_on", "summary", "by_id", "case_id"],
    "cases_assessmententry": [
        "id",
        "situation",
        "need",
        "resources",
        "assessment_id",
        "life_domain_id",
    ],
    "cases_goal": [
        "id",
        "description",
        "agreed_on",
        "target_date",
        "outcome",
        "outcome_on",
        "version",
        "case_id",
        "life_domain_id",
    ],
    "cases_action": [
        "id",
        "description",
        "responsible",
        "due_on",
        "done_on",
        "goal_id",
        "organisation_id",
    ],
    "cases_referral": [
        "id",
        "reason",
        "state",
        "proposed_on",
        "sent_on",
        "answered_on",
        "closed_on",
        "outcome",
        "version",
        "case_id",
        "created_by_id",
        "life_domain_id",
        "office_id",
        "service_id",
    ],
    "cases_consent": [
        "id",
        "kind",
        "given_on",
        "scope",
        "valid_until",
        "scan",
        "revoked_on",
        "revocation_note",
        "recorded_at",
        "client_id",
        "recorded_by_id",
    ],
    "cases_consent_organisations": ["id", "consent_id", "organisation_id"],
    "cases_contact": [
        "id",
        "contact_on",
        "duration_minutes",
        "channel",
        "interpreter_used",
        "note",
        "by_id",
        "case_id",
    ],
    "cases_contact_life_domains": ["id", "contact_id", "lifedomain_id"],
    "cases_appointment": [
        "id",
        "starts_at",
        "duration_minutes",
        "place",
        "note",
        "cancelled",
        "case_id",
        "case_manager_id",
    ],
    "hurdles_hurdlereport": [
        "id",
        "reported_on",
        "description",
        "consequence",
        "attempts",
        "suggested_topic",
        "source",
        "personal_data_confirmed",
        "state",
        "rejection_reason",
        "created_at",
        "version",
        "case_id",
        "municipality_id",
        "reporter_id",
        "reporter_organisation_id",
        "topic_id",
    ],
    "hurdles_reportstatechange": [
        "id",
        "from_state",
        "to_state",
        "at",
        "note",
        "by_id",
        "report_id",
        "topic_id",
    ],
    "hurdles_hurdlereport_life_domains": ["id", "hurdlereport_id", "lifedomain_id"],
}


def verify():
    """Set-based checks that the generated data keeps the rules the application enforces; returns
    {check: number of violating rows} (all 0 when consistent)."""
    from django.db import connection
    from django.utils import timezone

    checks = {
        "Fälle ohne Klient:in": "SELECT count(*) FROM cases_case c LEFT JOIN cases_client k "
        "ON k.id = c.client_id WHERE k.id IS NULL",
        "Fälle ohne Case Manager:in": "SELECT count(*) FROM cases_case c LEFT JOIN accounts_user u "
        "ON u.id = c.case_manager_id WHERE u.id IS NULL",
        "Kontakte ohne Fall": "SELECT count(*) FROM cases_contact x LEFT JOIN cases_case c "
        "ON c.id = x.case_id WHERE c.id IS NULL",
        "Vermittlungen ohne Fall": "SELECT count(*) FROM cases_referral x LEFT JOIN cases_case c "
        "ON c.id = x.case_id WHERE c.id IS NULL",
        "Phasenwechsel ohne Fall": "SELECT count(*) FROM cases_phasetransition x "
        "LEFT JOIN cases_case c ON c.id = x.case_id WHERE c.id IS NULL",
        "Phase und Abschlussdatum passen nicht": "SELECT count(*) FROM cases_case WHERE "
        "(phase = 'closed') <> (closed_on IS NOT NULL) OR (phase = 'closed' AND "
        "closure_reason = '') OR closed_on < opened_on",
        "letzter Phasenwechsel ist nicht die Phase": "SELECT count(*) FROM cases_case c WHERE "
        "c.phase <> (SELECT t.to_phase FROM cases_phasetransition t WHERE t.case_id = c.id "
        "ORDER BY t.at DESC, t.id DESC LIMIT 1)",
        "Phasenwechsel außerhalb der Falldauer": "SELECT count(*) FROM cases_phasetransition t "
        "JOIN cases_case c ON c.id = t.case_id WHERE (t.at AT TIME ZONE %(tz)s)::date "
        "< c.opened_on OR (t.at AT TIME ZONE %(tz)s)::date > COALESCE(c.closed_on, %(today)s)",
        "Kontakte vor Fallbeginn oder in der Zukunft": "SELECT count(*) FROM cases_contact x "
        "JOIN cases_case c ON c.id = x.case_id WHERE x.contact_on < c.opened_on OR "
        "x.contact_on > %(today)s",
        "Vermittlungen ohne gültige Schweigepflichtentbindung": """
            SELECT count(*) FROM cases_referral r
            JOIN cases_case c ON c.id = r.case_id
            WHERE NOT EXISTS (
                SELECT 1 FROM cases_consent w
                JOIN cases_consent_organisations wo ON wo.consent_id = w.id
                WHERE w.client_id = c.client_id AND w.kind = 'waiver'
                  AND w.given_on <= r.proposed_on
                  AND (w.valid_until IS NULL OR w.valid_until >= r.proposed_on)
                  AND (w.revoked_on IS NULL OR w.revoked_on > r.proposed_on)
                  AND wo.organisation_id = COALESCE(
                      (SELECT organisation_id FROM directory_office WHERE id = r.office_id),
                      (SELECT provider_id FROM directory_service WHERE id = r.service_id)))
        """,
        "Zweitfälle, die vor dem Ende des vorigen begannen": """
            SELECT count(*) FROM cases_case a JOIN cases_case b
            ON a.client_id = b.client_id AND a.id <> b.id AND a.opened_on <= b.opened_on
            WHERE COALESCE(a.closed_on, %(today)s) >= b.opened_on AND a.opened_on < b.opened_on
        """,
        "Fallnummern nicht im Format Jahr-Nummer": "SELECT count(*) FROM cases_case WHERE "
        "number NOT LIKE to_char(opened_on, 'YYYY') || '-%%'",
    }
    # "today" and the day of a moment as the generator and the application count them: in the
    # district's time zone, not in the database session's (UTC; between midnight in Germany and
    # midnight UTC the days differ)
    day = {"today": timezone.localdate(), "tz": timezone.get_current_timezone_name()}
    results = {}
    with connection.cursor() as cursor:
        for label, sql in checks.items():
            cursor.execute(sql, day)
            results[label] = cursor.fetchone()[0]
    # name_key as the application computes it, on a sample
    from kim.cases.models import Case, Client
    from kim.cases.names import name_key

    sample = Client.objects.order_by("?")[:500].values_list("first_name", "last_name", "name_key")
    results["name_key falsch berechnet (Stichprobe)"] = sum(
        1 for first, last, key in sample if name_key(first, last) != key
    )
    # encrypted texts readable with the configured key, as the application reads them
    from kim.cases.models import Contact, Referral

    unreadable = 0
    for model, name in ((Contact, "note"), (Referral, "reason"), (Case, "closure_outcome")):
        try:
            list(model.objects.exclude(**{name: ""}).order_by("-pk").values_list(name)[:200])
        except Exception:
            unreadable += 1
    results["verschlüsselte Texte nicht lesbar (Stichprobe je Tabelle)"] = unreadable
    return results


def generate(scale_name, seed=SEED, out=print):
    """Fill the database of ``DATABASE_URL`` at the scale; returns {table: rows written}."""
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("Der Generator schreibt mit COPY und braucht PostgreSQL (DATABASE_URL).")
    return Generator(SCALES[scale_name], seed=seed, out=out).run()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=list(SCALES), default="district")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--verify", action="store_true", help="danach die Konsistenz prüfen")
    args = parser.parse_args(argv)
    os.environ.setdefault("KIM_FIELD_ENCRYPTION_KEYS", BENCH_FIELD_ENCRYPTION_KEY)
    setup_django()
    from django.db import connection

    print(f"Erzeuge Maßstab „{args.scale}“ in {connection.settings_dict['NAME']} …")
    started = time.perf_counter()
    counts = generate(args.scale, seed=args.seed)
    elapsed = time.perf_counter() - started
    for table, count in counts.items():
        print(f"  {table:<36} {count:>12,}".replace(",", "."))
    print(f"Dauer: {elapsed:.0f} s ({elapsed / 60:.1f} min)")
    if args.verify:
        problems = verify()
        for label, count in problems.items():
            print(f"  Prüfung {label:<58} {count}")
        if any(problems.values()):
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

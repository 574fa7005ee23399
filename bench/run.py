"""Load benchmark of KIM (issue #12): the application under gunicorn with production settings,
measured over loopback from this separate process.

Not a test: it prints figures and never fails on them. ``make bench`` (``SCALE=district`` or
``state``) creates a fresh database, generates the data set (``bench/generate.py``) and runs this
script; on a database that already holds a generated data set it also runs directly:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kim_bench .venv/bin/python bench/run.py

What it does:

* collects the static files and starts ``gunicorn kim.wsgi`` on a loopback port with the settings
  of ``bench/kim_bench/settings.py`` (``kim.settings.production``: DEBUG off, WhiteNoise serving
  the static files; plain HTTP on loopback, and the admin change list of cases as a reference);
* logs in virtual users over HTTP like a browser (16 different case managers, the coordination,
  a superuser for the admin) with the second factor switched off for the run;
* measures each page at 1 and at 16 concurrent users (threads with ``http.client``, one
  connection and session each): p50/p95/p99 latency of the whole response and the throughput;
* measures the two references of the case list on the same data: the plain SQL query that returns
  the same page (through psycopg, the lower limit) and the Django admin change list;
* prints one table with the figures, the ratios and the peak memory (VmHWM) per gunicorn worker.

Why our own client and not locust: some 200 lines of standard library, no dependency, and it
measures exactly what is printed (a whole response, including reading the body); locust would
add gevent and a web UI for nothing here.
"""

import argparse
import contextlib
import datetime
import http.client
import itertools
import os
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
SRC_DIR = PROJECT_DIR / "src"
VENV_BIN = Path(sys.executable).parent

sys.path.insert(0, str(BENCH_DIR))
from generate import BENCH_FIELD_ENCRYPTION_KEY  # noqa: E402

CONCURRENCY = (1, 16)
SUPERUSER = "bench.admin"
SUPERUSER_PASSWORD = "kim-bench-admin-2026"
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def server_environment(port):
    """The environment of the gunicorn server and of this process's Django."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="kim_bench.settings",
        KIM_SECRET_KEY=env.get("KIM_SECRET_KEY") or secrets.token_urlsafe(40),
        KIM_ALLOWED_HOSTS="127.0.0.1,localhost",
        KIM_DEBUG="false",
        # the load users log in with their password only (the TOTP second factor is a login
        # step, not what is measured here)
        KIM_REQUIRE_SECOND_FACTOR="false",
        KIM_FIELD_ENCRYPTION_KEYS=env.get("KIM_FIELD_ENCRYPTION_KEYS", BENCH_FIELD_ENCRYPTION_KEY),
        KIM_SESSION_AGE_MINUTES="240",
        PYTHONPATH=os.pathsep.join([str(SRC_DIR), str(BENCH_DIR)]),
    )
    return env


def setup_django(env):
    names = ("DJANGO_SETTINGS_MODULE", "KIM_SECRET_KEY", "KIM_FIELD_ENCRYPTION_KEYS")
    os.environ.update({k: env[k] for k in names})
    os.environ.setdefault("KIM_ALLOWED_HOSTS", env["KIM_ALLOWED_HOSTS"])
    for path in (SRC_DIR, BENCH_DIR):
        if str(path) not in sys.path:
            sys.path.insert(0, str(path))
    import django

    django.setup()


# --- the HTTP client ----------------------------------------------------------------------------


class VirtualUser:
    """One person in a browser: a connection, the cookies of a session, a CSRF token."""

    def __init__(self, port, username, password):
        self.port = port
        self.username = username
        self.password = password
        self.cookies = {}
        self.csrf = ""
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)

    def request(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            body = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in range(2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # gunicorn's sync workers close the connection after each response
                self.conn.close()
                if attempt:
                    raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _sep, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            self.conn.close()
        return response.status, response, data

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def post(self, path, data):
        return self.request("POST", path, body={"csrfmiddlewaretoken": self.csrf, **data})

    def login(self):
        status, _response, body = self.get("/accounts/login/")
        token = CSRF_RE.search(body.decode())
        if status != 200 or not token:
            raise RuntimeError(f"Anmeldeseite nicht erreichbar ({status}).")
        self.csrf = token.group(1)
        status, response, _body = self.post(
            "/accounts/login/", {"username": self.username, "password": self.password}
        )
        from django.conf import settings

        if status != 302 or settings.SESSION_COOKIE_NAME not in self.cookies:
            raise RuntimeError(f"Anmeldung von {self.username} fehlgeschlagen ({status}).")
        location = response.getheader("Location", "/")
        status, _response, body = self.get(location)
        if status != 200:
            raise RuntimeError(
                f"Nach der Anmeldung von {self.username}: {location} antwortet {status} "
                "(zweiter Faktor aktiv? KIM_REQUIRE_SECOND_FACTOR=false setzen)."
            )
        token = CSRF_RE.search(body.decode())
        if token:
            self.csrf = token.group(1)
        return self


# --- scenarios ----------------------------------------------------------------------------------


@dataclass
class Scenario:
    key: str
    label: str
    role: str  # case_manager, coordination, superuser, sql
    urls: list = field(default_factory=list)  # per virtual user: list of paths, cycled
    action: object = None  # callable(user, i) -> (ok, detail) instead of a GET of urls
    heavy: bool = False  # fewer requests: each takes seconds


@dataclass
class Result:
    latencies: list
    errors: int
    wall: float

    def percentile(self, share):
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
        return ordered[index]

    @property
    def throughput(self):
        return len(self.latencies) / self.wall if self.wall else 0.0


def measure(scenario, sessions, concurrency, seconds, max_requests, min_per_user):
    """Run ``concurrency`` virtual users at once on the scenario for about ``seconds``."""
    latencies, errors = [], [0]
    lock = threading.Lock()
    barrier = threading.Barrier(concurrency + 1)
    deadline = [0.0]
    total = [0]

    def worker(index):
        user = sessions[index]
        urls = scenario.urls[index % len(scenario.urls)] if scenario.urls else None
        barrier.wait()
        n = 0
        while True:
            with lock:
                if total[0] >= max_requests and n >= 1:
                    break
                total[0] += 1
            started = time.perf_counter()
            try:
                if scenario.action is not None:
                    ok = scenario.action(user, n)
                else:
                    status, _response, _body = user.get(urls[n % len(urls)])
                    ok = status == 200
            except Exception:
                ok = False
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if not ok:
                    errors[0] += 1
            n += 1
            if time.perf_counter() >= deadline[0] and n >= min_per_user:
                break

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    started = time.perf_counter()
    deadline[0] = started + seconds
    barrier.wait()
    for thread in threads:
        thread.join()
    return Result(latencies, errors[0], time.perf_counter() - started)


class SqlSession:
    """A psycopg connection that runs the plain SQL of a page (count and rows)."""

    def __init__(self, params, statements):
        import psycopg

        self.conn = psycopg.connect(**params, autocommit=True)
        self.statements = statements

    def run(self, _i):
        with self.conn.cursor() as cursor:
            for sql, args in self.statements:
                cursor.execute(sql, args)
                cursor.fetchall()
        return True


# --- preparing users and pages ------------------------------------------------------------------


def prepare(args):
    """Users, sessions' credentials and the pages to request, from the generated data."""
    from django.contrib.auth.hashers import make_password
    from django.core.cache import caches
    from django.db.models import Count, Q
    from generate import GENERATED_PASSWORD, USERNAME_PREFIX

    from kim.accounts.demo import DEMO_PASSWORD
    from kim.accounts.models import User
    from kim.accounts.roles import Role
    from kim.cases.models import Case, Client
    from kim.directory.forms import need_choices
    from kim.directory.models import Municipality
    from kim.reports.snapshots import CACHE_ALIAS

    # no kept report figures from an earlier run: "neu berechnet" must compute (its periods are
    # the same in every run, and figures are kept for an hour)
    caches[CACHE_ALIAS].clear()

    admin, _created = User.objects.get_or_create(
        username=SUPERUSER, defaults={"first_name": "Bench", "last_name": "Admin"}
    )
    admin.is_superuser = admin.is_staff = True
    admin.password = make_password(SUPERUSER_PASSWORD)
    admin.save()

    managers = list(
        User.objects.filter(groups__name=Role.CASE_MANAGER.value, is_active=True)
        .annotate(open_cases=Count("cases", filter=~Q(cases__phase="closed")))
        .filter(open_cases__gt=0)
        .order_by("-open_cases")[:200]
    )
    # the demo case managers first (anna.berger's start page is the one people know), then
    # generated ones with a typical caseload (around the median)
    demo = [m for m in managers if not m.username.startswith(USERNAME_PREFIX)]
    generated = [m for m in managers if m.username.startswith(USERNAME_PREFIX)]
    generated = generated[len(generated) // 4 :]
    chosen = (demo + generated)[: max(CONCURRENCY)]
    cm_logins = [
        (
            m.username,
            GENERATED_PASSWORD if m.username.startswith(USERNAME_PREFIX) else DEMO_PASSWORD,
        )
        for m in chosen
    ]
    coordination = User.objects.filter(groups__name=Role.COORDINATION.value).order_by("pk").first()

    # the largest municipality: the heaviest filter of the case list
    municipality = (
        Municipality.objects.annotate(n=Count("clients")).order_by("-n").values_list("pk", "n")
    )[0]

    case_detail, client_search = [], []
    for manager in chosen:
        ids = list(
            Case.objects.filter(case_manager=manager)
            .order_by("-opened_on")
            .values_list("pk", flat=True)[:40]
        )
        case_detail.append([f"/cases/{pk}/" for pk in ids])
        names = list(
            Client.objects.filter(cases__case_manager=manager)
            .order_by("-cases__opened_on")
            .values_list("first_name", "last_name")[:20]
        )
        client_search.append(
            [f"/cases/clients/?q={quote(f'{first.split()[0]} {last}')}" for first, last in names]
        )
    needs = [
        value
        for _group, options in need_choices()
        if isinstance(options, list)
        for value, _label in options
    ]
    municipalities = list(Municipality.objects.order_by("?").values_list("pk", flat=True)[:40])
    finder = [
        [
            f"/directory/finder/?municipality={m}&need={needs[(i + k) % len(needs)]}&age=34"
            for k, m in enumerate(municipalities)
        ]
        for i in range(max(CONCURRENCY))
    ]
    # page 20 of the case list (coordination, largest municipality, all cases): the link of
    # "Nächste Seite" on page 19 carries the sort key of its last case (keyset pagination)
    before_page_20 = (
        Case.objects.filter(client__municipality=municipality[0])
        .order_by("-opened_on", "-pk")
        .values_list("opened_on", "pk")[19 * 50 - 1]
    )
    deep_page = f"after={before_page_20[0].isoformat()}.{before_page_20[1]}&page=20"
    year = datetime.date.today().year - 1
    return {
        "deep_page": deep_page,
        "cm_logins": cm_logins,
        "coordination": (coordination.username, DEMO_PASSWORD),
        "municipality": municipality,
        "case_detail": case_detail,
        "client_search": client_search,
        "finder": finder,
        "export_period": (datetime.date(year, 1, 1), datetime.date(year, 12, 31)),
    }


CASE_LIST_SQL = """
    SELECT c.id, c.number, c.phase, c.opened_on, k.first_name, k.last_name,
           k.first_name_original, k.last_name_original, m.name, u.first_name, u.last_name,
           u.username
    FROM cases_case c
    JOIN cases_client k ON k.id = c.client_id
    JOIN directory_municipality m ON m.id = k.municipality_id
    JOIN accounts_user u ON u.id = c.case_manager_id
    WHERE k.municipality_id = %s
    ORDER BY c.opened_on DESC, c.id DESC
    LIMIT 50
"""
# the count as the case list makes it: up to 2,001 ("mehr als 2.000", cases/views/caseload.py)
CASE_LIST_COUNT_SQL = """
    SELECT count(*) FROM (
        SELECT 1 FROM cases_case c JOIN cases_client k ON k.id = c.client_id
        WHERE k.municipality_id = %s LIMIT 2001
    ) page_count
"""


def scenarios(data):
    m = data["municipality"][0]
    case_list = f"/cases/?status=alle&municipality={m}"
    start, end = data["export_period"]

    cold_runs = itertools.count()

    def dashboard_cold(user, _i):
        # a period no one has looked at yet (one day shorter each run): computed, not kept
        today = datetime.date.today()
        last = today - datetime.timedelta(days=next(cold_runs) + 1)
        query = urlencode({"start": today.replace(month=1, day=1).isoformat(), "end": last})
        status, _response, _body = user.get(f"/reports/?{query}")
        return status == 200

    def export(user, i, cold=False):
        # cold: each run one day shorter, so that no kept figures (reports/snapshots.py) fit
        last = end - datetime.timedelta(days=i + 1) if cold else end
        status, response, _body = user.post(
            "/reports/exports/new/",
            {
                "report": "state_report",
                "format": "xlsx",
                "start": start.isoformat(),
                "end": last.isoformat(),
            },
        )
        if status != 302:
            return False
        job = response.getheader("Location")
        for _poll in range(6000):
            status, _response, body = user.get(job, headers={"HX-Request": "true"})
            if status != 200:
                return False
            if b"/download/" in body:
                break
            if b"fehlgeschlagen" in body:
                return False
            time.sleep(0.1)
        status, _response, body = user.get(job.rstrip("/") + "/download/")
        return status == 200 and len(body) > 0

    many = max(CONCURRENCY)
    return [
        Scenario("start", "Startseite Case Management", "case_manager", [["/"]] * many),
        Scenario(
            "case_list", "Fallliste, Filter Kommune + alle (S. 1)", "coordination", [[case_list]]
        ),
        Scenario(
            "case_list_deep",
            "Fallliste, dieselbe Liste S. 20",
            "coordination",
            [[case_list + "&" + data["deep_page"]]],
        ),
        Scenario("case_detail", "Fallakte", "case_manager", data["case_detail"]),
        Scenario(
            "client_search", "Klientensuche nach Namen", "case_manager", data["client_search"]
        ),
        Scenario("finder", "Zuständigkeitsfinder", "case_manager", data["finder"]),
        Scenario(
            "api_case_list",
            "API Fallliste (/api/v1/cases/, gleicher Filter)",
            "coordination",
            [[f"/api/v1/cases/?status=alle&municipality={m}"]],
        ),
        Scenario(
            "dashboard",
            "Dashboard Koordination (Jahr bis heute, Stand)",
            "coordination",
            [["/reports/"]],
            heavy=True,
        ),
        Scenario(
            "dashboard_cold",
            "Dashboard Koordination, neu berechnet",
            "coordination",
            action=dashboard_cold,
            heavy=True,
        ),
        Scenario(
            "export",
            f"Landescontrolling-Export XLSX {start.year} (Stand)",
            "coordination",
            action=export,
            heavy=True,
        ),
        Scenario(
            "export_cold",
            f"Landescontrolling-Export XLSX {start.year}, neu berechnet",
            "coordination",
            action=lambda user, _i: export(user, next(cold_runs), cold=True),
            heavy=True,
        ),
        Scenario(
            "admin",
            "Referenz: Admin-Änderungsliste, gleicher Filter",
            "superuser",
            [[f"/admin/cases/case/?client__municipality__id__exact={m}"]],
        ),
        Scenario("sql", "Referenz: reines SQL derselben Seite", "sql"),
    ]


# --- the server ---------------------------------------------------------------------------------


def collect_static(env):
    subprocess.run(
        [sys.executable, str(PROJECT_DIR / "manage.py"), "collectstatic", "--noinput", "-v", "0"],
        env=env,
        check=True,
    )


def start_server(env, port, workers):
    command = [
        str(VENV_BIN / "gunicorn"),
        "kim.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--timeout",
        "600",
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, env=env, cwd=PROJECT_DIR)
    for _attempt in range(300):
        if server.poll() is not None:
            raise RuntimeError("gunicorn hat sich beendet.")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/accounts/login/")
            if conn.getresponse().status == 200:
                time.sleep(0.5)
                if server.poll() is None:  # still running: it is ours that answered
                    return server
        except OSError:
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn antwortet nicht.")


def worker_pids(server):
    try:
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    except OSError:
        return []
    return [int(pid) for pid in children]


def peak_memory(pids):
    """Peak resident memory (VmHWM) of each process in MiB."""
    peaks = []
    for pid in pids:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) / 1024)
    return peaks


# --- output -------------------------------------------------------------------------------------


def ms(seconds):
    return (
        f"{seconds * 1000:,.0f}".replace(",", ".") if seconds >= 0.0095 else f"{seconds * 1000:.1f}"
    )


def print_table(rows, concurrency, out):
    head = ["Seite (Rolle)"]
    for c in concurrency:
        head += [f"{c} N. p50", "p95", "p99", "Anfr./s", "n"]
    head.append("Fehler")
    widths = [48] + [8, 8, 8, 8, 5] * len(concurrency) + [6]
    out("| " + " | ".join(h.ljust(w) for h, w in zip(head, widths, strict=True)) + " |")
    out("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for label, results in rows:
        cells = [label]
        errors = 0
        for c in concurrency:
            r = results.get(c)
            if r is None:
                cells += ["–"] * 5
                continue
            errors += r.errors
            cells += [
                ms(r.percentile(0.50)),
                ms(r.percentile(0.95)),
                ms(r.percentile(0.99)),
                f"{r.throughput:.1f}",
                str(len(r.latencies)),
            ]
        cells.append(str(errors))
        out(
            "| "
            + " | ".join(
                cell.ljust(w) if i == 0 else cell.rjust(w)
                for i, (cell, w) in enumerate(zip(cells, widths, strict=True))
            )
            + " |"
        )


def ratio(a, b):
    if not a or not b:
        return "–"
    return f"{a / b:.1f}×"


def main(argv=None):
    parser = argparse.ArgumentParser(description="Lastmessung von KIM unter gunicorn")
    parser.add_argument(
        "--scale", default=os.environ.get("SCALE", "district"), help="nur für die Überschrift"
    )
    parser.add_argument("--port", type=int, default=0, help="Vorgabe: ein freier Port")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--seconds", type=float, default=10.0, help="Dauer je Messung")
    parser.add_argument("--max-requests", type=int, default=400)
    parser.add_argument(
        "--only", default="", help="nur diese Szenarien (Komma-Liste: start,case_list,…)"
    )
    parser.add_argument("--concurrency", default=",".join(map(str, CONCURRENCY)))
    parser.add_argument(
        "--heavy-concurrency",
        default="",
        help="Nutzerzahlen für Dashboard und Export (Vorgabe: wie --concurrency)",
    )
    args = parser.parse_args(argv)
    concurrency = [int(c) for c in args.concurrency.split(",")]
    out = print
    if not args.port:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            args.port = probe.getsockname()[1]

    env = server_environment(args.port)
    setup_django(env)
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("Der Benchmark braucht PostgreSQL (DATABASE_URL).")
    from generate import conninfo

    from kim.cases.models import Case, Client, Contact, Referral

    counts = {
        "Klient:innen": Client.objects.count(),
        "Fälle": Case.objects.count(),
        "Kontakte": Contact.objects.count(),
        "Vermittlungen": Referral.objects.count(),
    }
    data = prepare(args)
    connection.close()
    out(
        f"KIM-Lastmessung, Maßstab „{args.scale}“: "
        + ", ".join(f"{n:,} {label}".replace(",", ".") for label, n in counts.items())
    )
    out(
        f"gunicorn {args.workers} sync-Worker auf 127.0.0.1:{args.port}, "
        f"{os.cpu_count()} Kerne, Last vorher {os.getloadavg()[0]:.1f}; "
        f"Fallliste gefiltert auf die größte Kommune (id {data['municipality'][0]}, "
        f"{data['municipality'][1]} Klient:innen)"
    )

    collect_static(env)
    server = start_server(env, args.port, args.workers)
    rows = []
    try:
        many = max(concurrency)
        sessions = {
            "case_manager": [
                VirtualUser(args.port, *data["cm_logins"][i % len(data["cm_logins"])]).login()
                for i in range(many)
            ],
            "coordination": [
                VirtualUser(args.port, *data["coordination"]).login() for _ in range(many)
            ],
            "superuser": [
                VirtualUser(args.port, SUPERUSER, SUPERUSER_PASSWORD).login() for _ in range(many)
            ],
        }
        m = data["municipality"][0]
        statements = [(CASE_LIST_SQL, (m,)), (CASE_LIST_COUNT_SQL, (m,))]
        params = conninfo()
        sessions["sql"] = [SqlSession(params, statements) for _ in range(many)]
        wanted = {k for k in args.only.split(",") if k}
        for scenario in scenarios(data):
            if wanted and scenario.key not in wanted:
                continue
            if scenario.role == "sql":
                scenario.action = lambda session, i: session.run(i)
            pool = sessions[scenario.role]
            # warm up: one request per worker's worth, not measured
            measure(scenario, pool, 1, 0, 1 if scenario.heavy else 3, 1)
            results = {}
            levels = concurrency
            if scenario.heavy and args.heavy_concurrency:
                levels = [int(c) for c in args.heavy_concurrency.split(",")]
            for c in levels:
                cpu = time.process_time()
                results[c] = measure(
                    scenario,
                    pool,
                    c,
                    args.seconds,
                    max(c, args.max_requests // (10 if scenario.heavy else 1)),
                    1 if scenario.heavy else (5 if c == 1 else 2),
                )
                n = len(results[c].latencies)
                # the load process shares the machine's cores with gunicorn and PostgreSQL
                client_cpu = (time.process_time() - cpu) / max(n, 1)
                sys.stderr.write(
                    f"  {scenario.label}: {c} Nutzer, n={n}, "
                    f"p50 {ms(results[c].percentile(0.5))} ms, "
                    f"CPU des Lastprozesses {client_cpu * 1000:.1f} ms je Anfrage\n"
                )
            rows.append((scenario, results))
        peaks = peak_memory(worker_pids(server))
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()

    out("")
    out("Latenz in ms (ganze Antwort über Loopback), Durchsatz in Anfragen/s:")
    print_table([(s.label, r) for s, r in rows], concurrency, out)
    by_key = {s.key: r for s, r in rows}
    out("")
    for c in concurrency:
        lst, sql, adm = (by_key.get(k, {}).get(c) for k in ("case_list", "sql", "admin"))
        if lst and sql:
            admin = ratio(adm.percentile(0.5), lst.percentile(0.5)) if adm else "–"
            out(
                f"{c} Nutzer: Fallliste / reines SQL (p50): "
                f"{ratio(lst.percentile(0.5), sql.percentile(0.5))}, "
                f"Admin / Fallliste (p50): {admin}"
            )
    if peaks:
        out(
            f"Spitzen-RSS je gunicorn-Worker (VmHWM): max {max(peaks):.0f} MiB, "
            f"Mittel {statistics.mean(peaks):.0f} MiB ({len(peaks)} Worker)"
        )
    out(f"Last nachher: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

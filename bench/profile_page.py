"""Where the time of one page goes: the page through Django's test client in this process, as a
given user, with every SQL statement timed. Not a test; it prints figures.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kim_bench_state \\
        .venv/bin/python bench/profile_page.py jonas.keller /reports/ [--repeat 3] [--top 10]

Prints per run the total time, the SQL time and the number of statements, then the slowest
statements of the last run with their time. Use it on a generated data set (``make bench
KEEP=1``) to find what to index or to aggregate differently before measuring under load.
"""

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path[:0] = [str(BENCH_DIR.parent / "src"), str(BENCH_DIR)]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("username")
    parser.add_argument("path")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--post", default="", help="POST statt GET, Formulardaten a=1&b=2")
    parser.add_argument(
        "--python",
        type=int,
        default=0,
        metavar="N",
        help="zusätzlich die N Funktionen mit der meisten eigenen Zeit (cProfile, letzter Lauf)",
    )
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kim_bench.settings")
    os.environ.setdefault("KIM_SECRET_KEY", "profile-page-only-on-generated-data-0123456789")
    os.environ.setdefault("KIM_ALLOWED_HOSTS", "testserver")
    from generate import BENCH_FIELD_ENCRYPTION_KEY

    os.environ.setdefault("KIM_FIELD_ENCRYPTION_KEYS", BENCH_FIELD_ENCRYPTION_KEY)
    import django

    django.setup()
    from urllib.parse import parse_qsl

    from django.db import connection
    from django.test import Client

    from kim.accounts.models import User

    client = Client(HTTP_HOST="testserver")
    client.force_login(User.objects.get(username=args.username))
    statements = []

    def timed(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            statements.append((time.perf_counter() - start, sql))

    profiler = None
    for run in range(1, args.repeat + 1):
        statements.clear()
        if args.python and run == args.repeat:
            profiler = cProfile.Profile()
            profiler.enable()
        start = time.perf_counter()
        with connection.execute_wrapper(timed):
            if args.post:
                response = client.post(args.path, dict(parse_qsl(args.post)))
            else:
                response = client.get(args.path)
        total = time.perf_counter() - start
        if profiler is not None:
            profiler.disable()
        sql = sum(t for t, _s in statements)
        print(
            f"Lauf {run}: {response.status_code}, gesamt {total * 1000:.0f} ms, "
            f"SQL {sql * 1000:.0f} ms in {len(statements)} Abfragen"
        )
    print("\nLangsamste Abfragen (letzter Lauf):")
    for seconds, sql in sorted(statements, reverse=True)[: args.top]:
        print(f"{seconds * 1000:8.1f} ms  {sql[:300]}")
    if profiler is not None:
        print("\nPython (letzter Lauf, unter cProfile langsamer):")
        stats = pstats.Stats(profiler)
        stats.sort_stats("tottime").print_stats(args.python)
        stats.sort_stats("cumulative").print_stats(args.python)


if __name__ == "__main__":
    main()

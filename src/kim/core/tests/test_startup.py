"""What a web worker loads when it starts (issue #12): the URL configuration at start, not on its
first request, and without scikit-learn, which only the topic suggestion needs."""

import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[3]

PROBE = """
import os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "kim.settings.dev"
import kim.wsgi
print("kim.cases.views.caseload" in sys.modules, "sklearn" in sys.modules)
"""


def test_the_wsgi_application_loads_its_urls_and_not_scikit_learn():
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        cwd=SRC.parent,
        env={**os.environ, "PYTHONPATH": str(SRC)},
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "False"]

"""Web hardening: ``check --deploy`` clean in the production settings (HSTS, secure cookies);
a Content Security Policy that allows scripts only from KIM's own files, and templates that need
no more (no inline script, no event handler attribute); a CSRF token in every form that posts."""

import base64
import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

PROJECT = Path(settings.PROJECT_DIR)
TEMPLATES = sorted(Path(settings.PACKAGE_DIR).glob("*/templates/**/*.html"))


def production_env():
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("KIM_", "DJANGO_SETTINGS_MODULE"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="kim.settings.production",
        KIM_SECRET_KEY=secrets.token_urlsafe(50),
        KIM_ALLOWED_HOSTS="kim.maerkischer-kreis.example",
        # a Fernet key (32 random bytes, URL-safe Base64) for the encrypted fields
        KIM_FIELD_ENCRYPTION_KEYS=base64.urlsafe_b64encode(os.urandom(32)).decode(),
    )
    return env


def run_python(*args):
    return subprocess.run(
        [sys.executable, *args],
        cwd=PROJECT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_in_production():
    result = run_python("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_sends_cookies_over_https_only_and_asks_for_https():
    names = [
        "DEBUG",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_HTTPONLY",
        "SESSION_COOKIE_NAME",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "KIM_REQUIRE_SECOND_FACTOR",
    ]
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}))"
    )
    result = run_python("-c", code)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values == {
        "DEBUG": False,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_NAME": "__Host-kim-session",
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "KIM_REQUIRE_SECOND_FACTOR": True,
    }


def directives(response):
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


@pytest.mark.parametrize("logged_in", [False, True])
def test_pages_carry_the_content_security_policy(as_user, logged_in):
    client = as_user("case_manager") if logged_in else Client()
    response = client.get(reverse("home") if logged_in else reverse("login"))
    assert response.status_code == 200
    policy = directives(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert policy["base-uri"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_the_policy_allows_no_inline_script_and_no_eval():
    script = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"]
    assert not {"'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "data:", "*"} & set(script)


INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I)
HANDLER_ATTRIBUTE = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
SCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']\s*javascript:""", re.I)
HTMX_INLINE = re.compile(r"\bhx-on\b|\bhx-on:|\bhx-vars\b", re.I)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(p.parents[3])))
def test_templates_have_no_inline_script(template):
    html = template.read_text(encoding="utf-8")
    assert not INLINE_SCRIPT.search(html), "inline <script>: move it to a static .js file"
    assert not HANDLER_ATTRIBUTE.search(html), "on…= attribute: bind the handler in a .js file"
    assert not SCRIPT_URL.search(html), "javascript: URL"
    assert not HTMX_INLINE.search(html), "hx-on/hx-vars evaluate inline code"


# a form's body runs to its </form>, or to the end of a template that only opens it
FORM = re.compile(r"<form\b([^>]*)>(.*?)(?:</form>|\Z)", re.I | re.S)
POST = re.compile(r"""method\s*=\s*["']?post""", re.I)


def test_templates_were_found():
    assert len(TEMPLATES) > 50


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(p.parents[3])))
def test_every_form_that_posts_has_a_csrf_token(template):
    html = template.read_text(encoding="utf-8")
    for attrs, body in FORM.findall(html):
        if POST.search(attrs):
            assert "{% csrf_token %}" in body, f"<form{attrs}> without {{% csrf_token %}}"


def test_csrf_is_enforced():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "anna", "password": "x"})
    assert response.status_code == 403

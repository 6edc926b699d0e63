"""Deployment hardening: the production profile of ``config/settings.py``.

``DJANGO_ENV=production`` turns on HTTPS behind a reverse proxy (``SECURE_PROXY_SSL_HEADER``,
secure cookies, HSTS, a redirect of plain HTTP) and refuses to start when ``DEBUG`` is on or
``SECRET_KEY`` is missing, weak or the key generated for development. Settings are read once,
when a process starts, so every case here runs in a process of its own: ``manage.py`` and
the server with a controlled environment, and one real server under the production
profile whose answers carry the security headers. Without ``DJANGO_ENV`` nothing changes for
a developer: ``make run`` still works with no environment at all.
"""

import os
import re
import secrets
import subprocess
import sys

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password

from tests import live

PROJECT_DIR = live.PROJECT_DIR
TIMEOUT = 60
HSTS = "max-age=31536000; includeSubDomains; preload"
# What every answer of the production profile carries (the first only over HTTPS).
SECURITY_HEADERS = {
    "Strict-Transport-Security": HSTS,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}
DEBUG_REFUSED = (
    "django.core.exceptions.ImproperlyConfigured: DEBUG must be off in production "
    "(DJANGO_ENV=production): unset DEBUG or set it to false. Debug pages show settings, code "
    "and data to anyone."
)
KEY_MISSING = (
    "django.core.exceptions.ImproperlyConfigured: SECRET_KEY must be set in production "
    "(DJANGO_ENV=production): the same long random value on every app server."
)
KEY_WEAK = (
    "django.core.exceptions.ImproperlyConfigured: SECRET_KEY is too weak for production: it "
    'needs at least 50 characters, 5 of them different, and no "django-insecure-" prefix.'
)


def strong_key() -> str:
    return secrets.token_urlsafe(64)


def environment(var_dir, **variables) -> dict:
    """A clean environment: nothing from the caller's shell decides the outcome."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", "/tmp"),
        "LANG": "C.UTF-8",
        "VAR_DIR": str(var_dir),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    env.update(variables)
    return env


def manage(env: dict, *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )


def last_line(text: str) -> str:
    return text.strip().splitlines()[-1]


# --- manage.py check --deploy -------------------------------------------------------------


def test_check_deploy_is_clean_with_the_production_settings(tmp_path):
    env = environment(tmp_path, DJANGO_ENV="production", SECRET_KEY=strong_key())
    result = manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    assert result.stdout == "System check identified no issues (0 silenced).\n"
    # Production never writes a development key.
    assert not (tmp_path / "secret_key").exists()


def test_the_development_profile_is_not_deployable(tmp_path):
    """Without DJANGO_ENV the same check names what production adds: the profile matters."""
    result = manage(environment(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 1
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in result.stderr, result.stderr


def test_switches_an_operator_turns_off_show_up_in_the_check(tmp_path):
    env = environment(
        tmp_path,
        DJANGO_ENV="production",
        SECRET_KEY=strong_key(),
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_PRELOAD="false",
    )
    result = manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 1
    warnings = sorted(set(re.findall(r"\(security\.W\d+\)", result.stderr)))
    assert warnings == ["(security.W008)", "(security.W021)"], result.stderr


# --- refusing to start ----------------------------------------------------------------------


@pytest.mark.parametrize("debug", ["1", "true", "on"])
def test_production_refuses_to_start_with_debug_on(tmp_path, debug):
    env = environment(tmp_path, DJANGO_ENV="production", SECRET_KEY=strong_key(), DEBUG=debug)
    result = manage(env, "check", "--deploy")
    assert result.returncode == 1
    assert last_line(result.stderr) == DEBUG_REFUSED
    assert result.stdout == ""


@pytest.mark.parametrize("key", [None, ""], ids=["unset", "empty"])
def test_production_refuses_to_start_without_a_secret_key(tmp_path, key):
    variables = {"DJANGO_ENV": "production"}
    if key is not None:
        variables["SECRET_KEY"] = key
    result = manage(environment(tmp_path, **variables), "check")
    assert result.returncode == 1
    assert last_line(result.stderr) == KEY_MISSING
    assert not (tmp_path / "secret_key").exists()


@pytest.mark.parametrize(
    "key",
    [
        "short-but-random-Q7w9",
        "abcd" * 20,  # 80 characters, only 4 different ones
        "django-insecure-" + secrets.token_urlsafe(64),
    ],
    ids=["too-short", "too-few-distinct", "django-insecure"],
)
def test_production_refuses_a_weak_secret_key(tmp_path, key):
    env = environment(tmp_path, DJANGO_ENV="production", SECRET_KEY=key)
    result = manage(env, "check")
    assert result.returncode == 1
    assert last_line(result.stderr) == KEY_WEAK


def test_production_accepts_a_key_at_django_s_minimum(tmp_path):
    key = "x" * 45 + "abcd"  # 49 characters: one short
    env = environment(tmp_path, DJANGO_ENV="production", SECRET_KEY=key)
    assert last_line(manage(env, "check").stderr) == KEY_WEAK
    env["SECRET_KEY"] = key + "x"  # 50 characters, 5 different ones
    result = manage(env, "check")
    assert (result.returncode, result.stderr) == (0, ""), result.stderr


def test_production_refuses_the_generated_development_key(tmp_path):
    # The key `make run` generated for development, copied into the environment.
    first = manage(environment(tmp_path), "check")
    assert first.returncode == 0, first.stderr
    development_key = (tmp_path / "secret_key").read_text().strip()
    assert len(development_key) >= 50

    env = environment(tmp_path, DJANGO_ENV="production", SECRET_KEY=development_key)
    result = manage(env, "check")
    assert result.returncode == 1
    assert last_line(result.stderr) == (
        "django.core.exceptions.ImproperlyConfigured: SECRET_KEY is the development key "
        f"generated into {tmp_path / 'secret_key'}; production needs a key of its own."
    )


def test_a_misspelt_profile_is_refused_rather_than_taken_for_development(tmp_path):
    env = environment(tmp_path, DJANGO_ENV="prod", SECRET_KEY=strong_key(), DEBUG="1")
    result = manage(env, "check")
    assert result.returncode == 1
    assert last_line(result.stderr) == (
        'django.core.exceptions.ImproperlyConfigured: DJANGO_ENV must be "development" or '
        '"production", not "prod".'
    )


def test_the_server_refuses_to_start_with_debug_on_in_production(tmp_path):
    """The documented deployment command, with DEBUG left on by mistake: no server."""
    env = environment(tmp_path, DJANGO_ENV="production", SECRET_KEY=strong_key(), DEBUG="true")
    command = live.asgi_command("127.0.0.1", live.free_port(), workers=2)
    result = subprocess.run(
        command, cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=TIMEOUT
    )
    # gunicorn stops (3, or 1 when the halt races its own shutdown) instead of restarting
    # the worker forever.
    assert result.returncode != 0
    assert "Worker failed to boot" in result.stderr
    assert DEBUG_REFUSED in result.stderr


def test_development_needs_no_environment_at_all(tmp_path):
    """`make run` for a developer: no SECRET_KEY, no DJANGO_ENV, no DEBUG."""
    result = manage(environment(tmp_path), "check")
    assert (result.returncode, result.stderr) == (0, ""), result.stderr
    assert result.stdout == "System check identified no issues (0 silenced).\n"
    key = (tmp_path / "secret_key").read_text().strip()
    assert len(key) >= 50
    # The same key on every start.
    assert manage(environment(tmp_path), "check").returncode == 0
    assert (tmp_path / "secret_key").read_text().strip() == key


# --- a real server under the production profile ---------------------------------------------


@pytest.fixture(scope="module")
def production_server(django_db_setup, django_db_blocker):
    with (
        django_db_blocker.unblock(),
        live.live_database() as database_url,
        live.live_servers(
            database_url, count=1, workers=1, env={"DJANGO_ENV": "production"}
        ) as started,
    ):
        yield started[0]


def https(server: live.LiveServer, **headers) -> dict:
    """What the TLS-terminating proxy adds to every request it forwards."""
    return {"X-Forwarded-Proto": "https", **headers}


def assert_security_headers(answer: live.Answer) -> None:
    found = {name: answer.headers.get(name) for name in SECURITY_HEADERS}
    assert found == SECURITY_HEADERS


@pytest.mark.django_db(transaction=True)
def test_ocs_answers_carry_the_security_headers(production_server):
    server = production_server
    answer = live.call(
        server, "GET", "/ocs/v2.php/cloud/capabilities?format=json", headers=https(server)
    )
    assert answer.status == 200, answer.body
    assert answer.ocs["meta"]["statuscode"] == 200
    assert_security_headers(answer)

    # An error answer too: anonymous on a route that needs a user.
    refused = live.call(server, "GET", "/ocs/v2.php/cloud/user?format=json", headers=https(server))
    assert refused.status == 401
    assert refused.ocs["meta"]["statuscode"] == 997
    assert_security_headers(refused)


@pytest.mark.django_db(transaction=True)
def test_plain_http_is_redirected_to_https_without_hsts(production_server):
    server = production_server
    path = "/ocs/v2.php/cloud/capabilities?format=json"
    answer = live.call(server, "GET", path)
    assert answer.status == 301
    assert answer.headers["Location"] == f"https://{server.host}:{server.port}{path}"
    assert "Strict-Transport-Security" not in answer.headers  # only ever sent over HTTPS
    # The proxy says the client used HTTPS: served, never redirected.
    assert live.call(server, "GET", path, headers=https(server)).status == 200


@pytest.mark.django_db(transaction=True)
def test_admin_pages_carry_the_headers_and_cookies_are_secure(production_server):
    server = production_server
    password = "admin " + secrets.token_urlsafe(12)
    get_user_model().objects.create(
        username="root",
        is_staff=True,
        is_superuser=True,
        # The server hashes with Django's default hasher (the test process uses MD5).
        password=make_password(password, hasher=PBKDF2PasswordHasher()),
    )
    origin = f"https://{server.host}:{server.port}"

    form = live.call(server, "GET", "/admin/login/", headers=https(server))
    assert form.status == 200
    assert_security_headers(form)
    csrf_cookie = cookie_attributes(form, "csrftoken")
    assert "secure" in csrf_cookie, csrf_cookie
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', form.body).group(1)

    login = live.call(
        server,
        "POST",
        "/admin/login/?next=/admin/",
        data={
            "username": "root",
            "password": password,
            "csrfmiddlewaretoken": token.decode(),
            "next": "/admin/",
        },
        headers=https(
            server,
            Origin=origin,
            Referer=f"{origin}/admin/login/",
            **form.cookie_header(),
        ),
    )
    assert login.status == 302, login.body[:500]
    assert login.headers["Location"] == "/admin/"
    assert_security_headers(login)
    session_cookie = cookie_attributes(login, "sessionid")
    assert {"secure", "httponly"} <= session_cookie, session_cookie

    index = live.call(
        server,
        "GET",
        "/admin/",
        headers=https(server, Cookie=f"sessionid={login.cookies['sessionid']}"),
    )
    assert index.status == 200
    assert b"Site administration" in index.body
    assert_security_headers(index)


def cookie_attributes(answer: live.Answer, name: str) -> set[str]:
    """The lower-cased attribute names (and ``samesite=…``) of one Set-Cookie header."""
    for header, value in answer.raw_headers:
        if header.lower() == "set-cookie" and value.startswith(f"{name}="):
            parts = [part.strip().lower() for part in value.split(";")[1:]]
            return {part if part.startswith("samesite") else part.split("=")[0] for part in parts}
    raise AssertionError(f"no {name} cookie in {answer.raw_headers}")

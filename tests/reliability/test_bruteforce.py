"""Brute force and remembered credentials, beyond ``tests/ocs/test_authentication.py``.

That module shows, in one process, that failures from one address get 429 without locking
out other addresses, that a login name is blocked after failures from many addresses, and
that a password change, a deactivation or a revoked app password is seen at once. Here:

* the client address cannot be forged: without trusted proxies ``X-Forwarded-For`` is
  ignored, and behind them only the hop the trusted proxy appended counts, whatever a client
  writes before it;
* a password changed while the old one is being verified never leaves the old one usable;
* across two gunicorn servers sharing one Redis (as production runs): failures counted by
  either server block the address on both, for the window only (a short one here), never
  another address; and a password changed in another process (this test process, through the
  ORM) is refused at once by both servers, the new one accepted.
"""

import time
from unittest import mock

import pytest

from ocs import credentials
from ocs.models import AppPassword
from tests import live
from tests.conftest import PASSWORD, OCSClient, ocs_json
from tests.factories import UserFactory

USER = "cloud/user"


# --- in one process ---------------------------------------------------------------------------


@pytest.fixture
def limits(settings):
    settings.OCS_BRUTEFORCE_MAX_PER_ADDRESS = 3
    settings.OCS_BRUTEFORCE_MAX_PER_USER = 100  # only the address limit is under test here
    return settings


def attempt(password, remote_addr, forwarded=None, login="alice"):
    headers = {"X-Forwarded-For": forwarded} if forwarded is not None else None
    return OCSClient(login, password, REMOTE_ADDR=remote_addr).get(USER, headers=headers)


@pytest.mark.django_db
def test_forwarded_for_is_ignored_without_a_trusted_proxy(user, limits):
    """Straight from the internet (no proxy configured), a client that writes a new
    X-Forwarded-For with every guess is still one address."""
    limits.OCS_TRUSTED_PROXY_COUNT = 0
    for n in range(3):
        assert attempt("nope", "198.51.100.1", forwarded=f"10.9.9.{n}").status_code == 401
    blocked = attempt(PASSWORD, "198.51.100.1", forwarded="10.9.9.99")
    assert blocked.status_code == 429
    assert ocs_json(blocked)["meta"]["statuscode"] == 429
    assert attempt(PASSWORD, "198.51.100.2", forwarded="198.51.100.1").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("proxies", "chain"),
    [
        # What the client wrote, then what each trusted proxy appended.
        (1, "{spoof}, 203.0.113.9"),
        (2, "{spoof}, 203.0.113.9, 10.1.1.1"),
    ],
)
def test_spoofed_hops_before_the_trusted_ones_change_nothing(user, limits, proxies, chain):
    limits.OCS_TRUSTED_PROXY_COUNT = proxies
    proxy = "127.0.0.1"
    for n in range(3):
        forwarded = chain.format(spoof=f"192.0.2.{n}")
        assert attempt("nope", proxy, forwarded=forwarded).status_code == 401
    forwarded = chain.format(spoof="192.0.2.200")
    assert attempt(PASSWORD, proxy, forwarded=forwarded).status_code == 429
    # Another client behind the same proxy is not locked out.
    other = chain.replace("203.0.113.9", "203.0.113.10").format(spoof="203.0.113.9")
    assert attempt(PASSWORD, proxy, forwarded=other).status_code == 200


@pytest.mark.django_db
def test_a_password_changed_during_its_verification_never_stays_usable(user):
    """The slow check of the old password succeeds, and the password changes before the
    answer is remembered (another request, another process): what is remembered belongs to
    the generation read before the check, so the old password is checked again next time."""
    real_check = credentials._check_database

    def check_then_change(login, password):
        found = real_check(login, password)
        user.set_password("a brand new password")
        user.save()
        return found

    with mock.patch.object(credentials, "_check_database", side_effect=check_then_change):
        assert OCSClient("alice", PASSWORD).get(USER).status_code == 200
    assert OCSClient("alice", PASSWORD).get(USER).status_code == 401
    assert OCSClient("alice", "a brand new password").get(USER).status_code == 200
    assert OCSClient("alice", PASSWORD).get(USER).status_code == 401


# --- across two server processes sharing Redis ------------------------------------------------

REDIS_URL = "redis://127.0.0.1:6379/12"
CACHE_KEY_PREFIX = "ocs-bruteforce"
WINDOW_SECONDS = 4
MAX_PER_ADDRESS = 3
LIVE_ENVIRONMENT = {
    "REDIS_URL": REDIS_URL,
    "CACHE_KEY_PREFIX": CACHE_KEY_PREFIX,
    "OCS_TRUSTED_PROXY_COUNT": "1",
    "OCS_BRUTEFORCE_WINDOW_SECONDS": str(WINDOW_SECONDS),
    "OCS_BRUTEFORCE_MAX_PER_ADDRESS": str(MAX_PER_ADDRESS),
    "OCS_BRUTEFORCE_MAX_PER_USER": "8",
    "OCS_CREDENTIAL_CACHE_SECONDS": "300",
}
LIVE_USER = f"/ocs/v2.php/{USER}?format=json"
ATTACKER = "203.0.113.9"
NEIGHBOUR = "203.0.113.10"


@pytest.fixture(scope="module")
def redis_db():
    with live.redis_database(REDIS_URL) as client:
        yield client


@pytest.fixture(scope="module")
def servers(redis_db, django_db_setup, django_db_blocker):
    """Two gunicorn instances behind a (pretend) proxy, sharing the database and Redis."""
    with (
        django_db_blocker.unblock(),
        live.live_database() as database_url,
        live.live_servers(database_url, count=2, workers=1, env=LIVE_ENVIRONMENT) as started,
    ):
        yield started


@pytest.fixture
def shared_cache(settings, redis_db):
    """The test process uses the servers' cache, so that its saves reach them, and their key."""
    live.share_cache(settings, REDIS_URL, CACHE_KEY_PREFIX)
    redis_db.flushdb()  # no counters or remembered credentials from another test
    yield redis_db
    redis_db.flushdb()


def get_user(server, login, password, address=None):
    headers = {"X-Forwarded-For": address} if address else None
    return live.call(server, "GET", LIVE_USER, auth=(login, password), headers=headers)


@pytest.mark.django_db(transaction=True)
def test_failures_block_an_address_on_every_server_for_the_window_only(servers, shared_cache):
    alice = UserFactory(username="alice", password=PASSWORD)
    # Wrong guesses are refused without the slow hasher: the counters are under test here.
    alice.set_unusable_password()
    alice.save()
    _, token = AppPassword.objects.create_for(user=alice, name="phone")
    first, second = servers

    # Three wrong guesses from one address, split over both servers.
    answers = [get_user(first, "alice", "guess-1", ATTACKER)]
    first_failure_done = time.monotonic()
    answers.append(get_user(second, "alice", "guess-2", ATTACKER))
    answers.append(get_user(first, "alice", "guess-3", ATTACKER))
    assert [a.status for a in answers] == [401, 401, 401]

    # Now that address is refused by both, even with the right app password, before any check;
    # a spoofed hop written in front of the proxy's does not help.
    for server, chain in ((second, ATTACKER), (first, ATTACKER), (first, f"192.0.2.1, {ATTACKER}")):
        blocked = get_user(server, "alice", token, chain)
        assert blocked.status == 429, (server.name, chain, blocked.body)
        assert blocked.headers["Retry-After"] == str(WINDOW_SECONDS)
        assert blocked.ocs["meta"]["statuscode"] == 429
    # The same user from another address is not locked out, on either server.
    for server in servers:
        answer = get_user(server, "alice", token, NEIGHBOUR)
        assert answer.status == 200, (server.name, answer.body)
    assert time.monotonic() - first_failure_done < WINDOW_SECONDS, "too slow to show the window"

    # After the window the address gets in again, on both servers.
    time.sleep(max(0.0, first_failure_done + WINDOW_SECONDS + 0.3 - time.monotonic()))
    for server in servers:
        answer = get_user(server, "alice", token, ATTACKER)
        assert answer.status == 200, (server.name, answer.body)
        assert answer.ocs["data"]["id"] == "alice"


@pytest.mark.django_db(transaction=True)
def test_an_old_password_is_refused_by_every_server_at_once(servers, shared_cache, settings):
    # Hash as the servers do (the test process otherwise uses MD5, which they cannot read).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    old, new = "the old password, long enough", "the new password, long enough"
    alice = UserFactory(username="alice", password=old)
    assert alice.password.startswith("pbkdf2_sha256$")

    for server in servers:
        answer = get_user(server, "alice", old)
        assert answer.status == 200, (server.name, answer.body)
    # Verified by one server, remembered for both: one entry in the shared cache.
    assert len(shared_cache.keys(f"{CACHE_KEY_PREFIX}:*:ocs:cred:*")) == 1

    alice.set_password(new)
    alice.save()

    for server in servers:
        answer = get_user(server, "alice", old)
        assert answer.status == 401, (server.name, answer.body)
        assert answer.ocs["meta"]["message"] == "Unauthorised"
    for server in servers:
        answer = get_user(server, "alice", new)
        assert answer.status == 200, (server.name, answer.body)
        assert answer.ocs["data"]["id"] == "alice"
    # Still refused once the new one is remembered (from another address: two failures from
    # this one already count towards its limit).
    for server in servers:
        assert get_user(server, "alice", old, "198.51.100.20").status == 401, server.name

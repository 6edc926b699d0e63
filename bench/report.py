"""``BENCHMARKS.md`` and the plot, from the results of one run (see :mod:`bench.run`)."""

from pathlib import Path

APP, LOGIN = "app password", "login password"
READ_TARGET, WRITE_TARGET = 0.40, 0.25
LASTID_TARGET = 1.5
EXPIRY_WALL_TARGET_S, EXPIRY_RSS_TARGET_MB = 1.0, 100.0
WORKER_RSS_TARGET_MB = 120.0

# Issue 6's anchor: Nextcloud 27 + Talk 17 (nginx, php-fpm with 4 workers, SQLite, app
# passwords, 4 connections), measured in one run with a floor of about 2 970 requests/s.
NC_FLOOR = 2970.0
NC_PER_CASE = (76.0, 92.0)  # user_status, statuses, predefined, heartbeat, reaction, chat
NC_STATUSES_OFFSET0 = 72.0  # GET /statuses?limit=100 with 900 000 rows, offset 0
NC_STATUSES_DEEP = 45.0  # the same with offset 899 000
NC_LOGIN_PASSWORD = 2.2
NC_EXPIRY = (1.02, 67.0)  # ClearOldStatusesBackgroundJob via occ: wall s, MB


def _mb_from_mib(value: float | None) -> float | None:
    return None if value is None else value * 1024 * 1024 / 1e6


def floor_of(results: dict) -> dict | None:
    runs = [
        results["floor"].get(moment, {}).get("result")
        for moment in ("before", "after")
        if results["floor"].get(moment, {}).get("result")
    ]
    if not runs:
        return None
    return {
        "throughput": sum(r["throughput"] for r in runs) / len(runs),
        "p50_ms": sum(r["p50_ms"] for r in runs) / len(runs),
        "p99_ms": sum(r["p99_ms"] for r in runs) / len(runs),
        "runs": runs,
    }


def measured(results: dict) -> list[dict]:
    return [c for c in results["cases"] if c["kind"] != "floor"]


def ratio(case: dict, floor: dict | None) -> float | None:
    result = case.get("result")
    if not result or not floor or case.get("error"):
        return None
    return result["throughput"] / floor["throughput"]


def _fmt(value, spec: str = ".1f", missing: str = "–") -> str:
    return missing if value is None else format(value, spec)


def _pct(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value * 100:.2f} %" if value < 0.01 else f"{value * 100:.1f} %"


def _rows(value) -> str:
    return "" if value is None else f"{value:,}".replace(",", " ")


def _verdict(ok: bool | None) -> str:
    return "–" if ok is None else ("**pass**" if ok else "**miss**")


# --- targets ------------------------------------------------------------------------------


def targets(results: dict, floor: dict | None) -> list[tuple[str, str, str, bool | None]]:
    """(target, measured, verdict note, ok) rows."""
    rows = []
    for case in measured(results):
        value = ratio(case, floor)
        target = READ_TARGET if case["kind"] == "read" else WRITE_TARGET
        name = f"{case['label']}{_at(case)} — {case['credential']}"
        if case.get("error"):
            rows.append((f"{name} ≥ {target:.0%}", "failed", case["error"], False))
            continue
        note = ""
        if value is not None and value < target and case.get("group") == "statuses_offset":
            keyset = _same_size(results, case, "statuses_lastid")
            if keyset and keyset["throughput"] > 1.5 * case["result"]["throughput"]:
                note = "offset paging is O(offset), documented; lastId pages at constant cost"
        rows.append((f"{name} ≥ {target:.0%} of floor", _pct(value), note, _ok(value, target)))

    for credential in (APP, LOGIN):
        by_rows = {
            c["rows"]: c["result"]
            for c in measured(results)
            if c.get("group") == "statuses_lastid"
            and c["credential"] == credential
            and c.get("result")
            and not c.get("error")
        }
        if len(by_rows) >= 2:
            small, large = min(by_rows), max(by_rows)
            factor = by_rows[large]["p50_ms"] / by_rows[small]["p50_ms"]
            throughput = by_rows[large]["throughput"] / by_rows[small]["throughput"]
            rows.append(
                (
                    f"lastId paging at {_rows(large)} rows within {LASTID_TARGET}× of "
                    f"{_rows(small)} rows (p50) — {credential}",
                    f"{factor:.2f}×",
                    f"throughput {throughput:.2f}×",
                    factor <= LASTID_TARGET,
                )
            )

    for name, run in results.get("expiry", {}).items():
        rows.append(
            (
                f"expiry of {_rows(run['rows'])} rows on {name} ≤ {EXPIRY_WALL_TARGET_S} s",
                f"{run['wall_s']:.2f} s",
                f"median of {len(run['runs'])}",
                run["wall_s"] <= EXPIRY_WALL_TARGET_S,
            )
        )
        rows.append(
            (
                f"expiry peak RSS on {name} ≤ {EXPIRY_RSS_TARGET_MB:.0f} MB",
                f"{run['max_rss_mb']:.0f} MB",
                f"the process with nothing to do: {run['idle_max_rss_mb']:.0f} MB",
                run["max_rss_mb"] <= EXPIRY_RSS_TARGET_MB,
            )
        )

    workers = results.get("workers") or []
    if workers:
        largest = max(_mb_from_mib(w.get("VmRSS")) or 0 for w in workers)
        rows.append(
            (
                f"each gunicorn worker's RSS after the run < {WORKER_RSS_TARGET_MB:.0f} MB",
                f"largest {largest:.0f} MB",
                "",
                largest < WORKER_RSS_TARGET_MB,
            )
        )

    counts = results.get("query_counts") or {}
    if len(counts) >= 2:
        names = sorted({name for per_size in counts.values() for name in per_size})
        varying = [
            name for name in names if len({per_size.get(name) for per_size in counts.values()}) > 1
        ]
        rows.append(
            (
                "SQL statements per request constant in the data size",
                "constant" if not varying else "varies: " + ", ".join(varying),
                f"{len(names)} requests at {len(counts)} sizes",
                not varying,
            )
        )

    scaling = results.get("reaction_scaling")
    if scaling and scaling["few"].get("write_post_ms") is not None:
        few, many = scaling["few"], scaling["many"]
        cost_few, cost_many = few["write_post_ms"], many["write_post_ms"]
        ok = few["post_queries"] == many["post_queries"] and cost_many <= 1.5 * cost_few + 1.0
        rows.append(
            (
                "adding a reaction is O(distinct reactions), not O(reactions)",
                f"{cost_few:.2f} ms → {cost_many:.2f} ms",
                f"POST without the answer's list, {few['reactions']} vs "
                f"{_rows(many['reactions'])} reactions ({many['distinct']} distinct); "
                f"{few['post_queries']} vs {many['post_queries']} statements",
                ok,
            )
        )
    return rows


def _same_size(results: dict, case: dict, group: str) -> dict | None:
    for other in measured(results):
        if (
            other.get("group") == group
            and other["rows"] == case["rows"]
            and other["credential"] == case["credential"]
            and other.get("result")
            and not other.get("error")
        ):
            return other["result"]
    return None


def _ok(value: float | None, target: float) -> bool | None:
    return None if value is None else value >= target


def _at(case: dict) -> str:
    return f" at {_rows(case['rows'])} rows" if case.get("group") else ""


# --- markdown -----------------------------------------------------------------------------


def markdown(results: dict, plot_path: str, notes: str) -> str:
    floor = floor_of(results)
    facts = results.get("facts", {})
    config = results.get("config", {})
    out = [
        "# Benchmarks",
        "",
        f"Generated by `make bench` (`python -m bench.run`) on {facts.get('date', '?')} at "
        f"commit `{facts.get('commit', '?')}`; rerun it to refresh this file (hand-written "
        "notes belong in `bench/notes.md`, which is copied in below).",
        "",
        "Every figure is measured in one run together with the **framework floor**: a DRF "
        "`APIView` with no authentication and no database that returns a constant "
        "user-status envelope through the project's OCS JSON renderer, served by the same "
        "gunicorn, middleware and settings (`/bench/floor`). Ratios to the floor can be "
        "compared across machines; absolute numbers cannot.",
        "",
    ]
    if config.get("quick"):
        out += ["> **Quick run** (`--quick`): short cases and small data; not a measurement.", ""]

    out += ["## Machine and setup", "", "| | |", "| --- | --- |"]
    load_before = facts.get("load_before") or ()
    load_after = facts.get("load_after") or ()
    out += [
        f"| CPUs | {facts.get('cpus')} × {facts.get('cpu_model', '')}, {facts.get('memory', '')} |",
        f"| software | Python {facts.get('python')}, Django {facts.get('django')}, DRF "
        f"{facts.get('drf')}, gunicorn {facts.get('gunicorn')}, PostgreSQL "
        f"{facts.get('postgresql')}, SQLite {facts.get('sqlite')}, kernel {facts.get('kernel')} |",
        f"| load generator | {facts.get('wrk')}: {config.get('connections')} connections, "
        f"{config.get('wrk_threads')} threads, one user per connection, "
        f"{config.get('duration_s'):g} s per case after {config.get('warmup_s'):g} s of warm-up |",
        f"| server | `{config.get('gunicorn_command', 'gunicorn')}` with "
        "`DJANGO_SETTINGS_MODULE=bench.settings`, `DEBUG=0`, no `REDIS_URL` (in-process cache), "
        f"`OCS_CREDENTIAL_CACHE_SECONDS={config.get('credential_cache_seconds')}` |"
        if not config.get("redis")
        else f"| server | `{config.get('gunicorn_command', 'gunicorn')}` with Redis |",
        "| load average (1/5/15 min) | before "
        + " / ".join(f"{x:.2f}" for x in load_before)
        + ", after "
        + " / ".join(f"{x:.2f}" for x in load_after)
        + " |",
        f"| run time | {results.get('elapsed_s', 0) / 60:.1f} min |",
        "",
    ]

    out += ["## Throughput and latency", ""]
    if floor:
        runs = floor["runs"]
        drift = (
            f"; before {runs[0]['throughput']:.0f}, after {runs[-1]['throughput']:.0f} req/s"
            if len(runs) == 2
            else ""
        )
        out += [
            f"**Floor: {floor['throughput']:.0f} requests/s**, p50 {floor['p50_ms']:.2f} ms, "
            f"p99 {floor['p99_ms']:.2f} ms (mean of the runs at the start and the end{drift}).",
            "",
        ]
    out += [
        "Throughput as a share of the floor's; latency as a multiple of the floor's. "
        f"Targets: reads ≥ {READ_TARGET:.0%}, writes ≥ {WRITE_TARGET:.0%} of the floor.",
        "",
        "| case | rows | credential | req/s | ÷ floor | p50 ms | × floor | p99 ms | × floor "
        "| target |",
        "| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for case in measured(results):
        result = case.get("result") or {}
        if case.get("error"):
            out.append(
                f"| {case['label']} | {_rows(case['rows'])} | {case['credential']} | "
                f"**failed** | | | | | | {case['error'][:120]} |"
            )
            continue
        value = ratio(case, floor)
        target = READ_TARGET if case["kind"] == "read" else WRITE_TARGET
        out.append(
            f"| {case['label']} | {_rows(case['rows'])} | {case['credential']} | "
            f"{result['throughput']:.0f} | {_pct(value)} | {result['p50_ms']:.2f} | "
            f"{_fmt(result['p50_ms'] / floor['p50_ms'] if floor else None)} | "
            f"{result['p99_ms']:.2f} | "
            f"{_fmt(result['p99_ms'] / floor['p99_ms'] if floor else None)} | "
            f"{_verdict(_ok(value, target))} |"
        )
    out += ["", f"![Throughput as a share of the floor]({plot_path})", ""]
    notes_rows = [
        f"- **{c['label']}**: {c['note']}."
        for c in {c["key"]: c for c in measured(results) if c.get("note")}.values()
        if not c.get("group")
    ]
    writes = [c for c in measured(results) if "writes" in c and c.get("result")]
    for case in writes:
        notes_rows.append(
            f"- **{case['label']}**: {case['writes']:,} statuses written for "
            f"{case['result']['requests']:,} completed requests (requests still in flight when "
            "the load generator stopped write too)"
            + (
                " (the pool of users was used up and started over)"
                if case["result"]["wraps"]
                else ""
            )
            + "."
        )
    out += [
        "What the cases do:",
        "",
        "- Each of the 4 connections is its own user (`bench1` … `bench4`), authenticating "
        "with HTTP Basic, once with an app password and once with the login password "
        "(Django's default PBKDF2 hasher). Every worker verified each credential once during "
        "the warm-up and remembers it (`ocs/credentials.py`); what a request with a credential "
        "not yet remembered costs is shown below.",
        "- The status table holds the given number of live rows (one per user, as many users); "
        "the bulk statuses are user-defined and persistent, so reads never rewrite them.",
        "- `GET /statuses` is measured near the end of the table: `offset` = rows − 100, and "
        "`lastId` such that the same last 100 rows are returned. The other cases run at the "
        "largest size.",
        *notes_rows,
        "",
    ]

    out += ["## Targets", "", "| target | measured | | verdict |", "| --- | --- | --- | --- |"]
    for name, value, note, ok in targets(results, floor):
        out.append(f"| {name} | {value} | {note} | {_verdict(ok)} |")
    out.append("")

    out += _anchor_section(results, floor)
    out += _expiry_section(results)
    out += _memory_section(results)
    out += _query_section(results)
    out += _reaction_section(results)
    if results.get("errors"):
        out += ["## Errors", ""] + [f"- {e}" for e in results["errors"]] + [""]
    if notes.strip():
        out += [notes.strip(), ""]
    out += [
        "## Reproducing",
        "",
        "```sh",
        "make bench                       # installs what it needs, about 10 minutes",
        ".venv/bin/python -m bench.run --quick                # a quick check of the suite",
        ".venv/bin/python -m bench.run --cases user_status,heartbeat --duration 5",
        "```",
        "",
        "PostgreSQL must be reachable at `postgres://postgres@127.0.0.1:5432/` (trust auth); "
        "`--database-url` names another server. The database `bench` is dropped and created "
        "again, and dropped at the end (`--keep-db` keeps it). Run it on a quiet machine: the "
        "load generator and the server share the CPUs.",
        "",
    ]
    return "\n".join(out)


def _times(value: float) -> str:
    if value < 1:
        return f"{value:.2f}"
    return f"{value:.1f}" if value < 10 else f"{value:.0f}"


def _anchor_section(results: dict, floor: dict | None) -> list[str]:
    if not floor:
        return []
    by_key = {}
    for case in measured(results):
        if case.get("result") and not case.get("error"):
            by_key.setdefault((case.get("group") or case["key"], case["credential"]), []).append(
                case
            )
    nc_low, nc_high = NC_PER_CASE[0] / NC_FLOOR, NC_PER_CASE[1] / NC_FLOOR
    out = [
        "## Against Nextcloud",
        "",
        "Issue 6's anchor: Nextcloud 27 with Talk 17 (nginx, php-fpm with 4 workers, SQLite, "
        f"app passwords, 4 connections) in one run with a floor of about {NC_FLOOR:.0f} "
        "requests/s. Compared as shares of each run's own floor:",
        "",
        "| case | Nextcloud | Nextcloud ÷ floor | here, app password ÷ floor | "
        "here, login password ÷ floor | here ÷ Nextcloud |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]

    def ours(key: str, credential: str, largest: bool = True) -> float | None:
        found = by_key.get((key, credential)) or []
        if not found:
            return None
        chosen = max(found, key=lambda c: c["rows"] or 0) if largest else found[0]
        return ratio(chosen, floor)

    for key, label in (
        ("user_status", "GET /user_status"),
        ("predefined_statuses", "GET /predefined_statuses"),
        ("heartbeat", "PUT /heartbeat"),
        ("reaction_get", "GET reaction"),
        ("reaction_post", "POST reaction"),
        ("chat_page", "GET chat"),
    ):
        app, login = ours(key, APP), ours(key, LOGIN)
        times = "–" if app is None else f"{_times(app / nc_high)}–{_times(app / nc_low)}×"
        out.append(
            f"| {label} | {NC_PER_CASE[0]:.0f}–{NC_PER_CASE[1]:.0f} req/s | "
            f"{nc_low * 100:.1f}–{nc_high * 100:.1f} % | {_pct(app)} | {_pct(login)} | {times} |"
        )
    for key, label, nc in (
        (
            "statuses_lastid",
            "GET /statuses?limit=100 (NC: offset 0; here: lastId)",
            NC_STATUSES_OFFSET0,
        ),
        ("statuses_offset", "GET /statuses?limit=100, offset near the end", NC_STATUSES_DEEP),
    ):
        app, login = ours(key, APP), ours(key, LOGIN)
        nc_ratio = nc / NC_FLOOR
        out.append(
            f"| {label} | {nc:.0f} req/s (900 000 rows) | {nc_ratio * 100:.1f} % | {_pct(app)} | "
            f"{_pct(login)} | {'–' if app is None else f'{_times(app / nc_ratio)}×'} |"
        )
    login = ours("user_status", LOGIN)
    nc_ratio = NC_LOGIN_PASSWORD / NC_FLOOR
    out.append(
        f"| GET /user_status with the login password | {NC_LOGIN_PASSWORD} req/s | "
        f"{nc_ratio * 100:.2f} % | | {_pct(login)} | "
        f"{'–' if login is None else f'{login / nc_ratio:.0f}×'} |"
    )
    out += [
        "",
        f"Nextcloud's own expiry job (`ClearOldStatusesBackgroundJob` through `occ "
        f"background-job:execute`, SQLite) took {NC_EXPIRY[0]} s and {NC_EXPIRY[1]:.0f} MB on "
        "the same data; see below.",
        "",
    ]
    return out


def _expiry_section(results: dict) -> list[str]:
    expiry = results.get("expiry") or {}
    if not expiry:
        return []
    out = [
        "## Expiry",
        "",
        "`manage.py clear_expired_statuses` as its own process (interpreter start-up and "
        "Django's setup included, as cron runs it), measured by `bench/measure.py` "
        "(`RUSAGE_CHILDREN`): statuses of which every tenth has a passed `clearAt` (deleted) "
        "and every tenth is a stale automatic `online` (set offline).",
        "",
        "| database | rows | expired | stale | wall (median) | runs | peak RSS | "
        "nothing to do: wall, RSS |",
        "| --- | ---: | ---: | ---: | ---: | --- | ---: | --- |",
    ]
    for name, run in expiry.items():
        runs = ", ".join(f"{r['wall_s']:.2f}" for r in run["runs"])
        out.append(
            f"| {name} | {_rows(run['rows'])} | {_rows(run['expired'])} | {_rows(run['stale'])} | "
            f"{run['wall_s']:.2f} s | {runs} s | {run['max_rss_mb']:.0f} MB | "
            f"{run['idle_wall_s']:.2f} s, {run['idle_max_rss_mb']:.0f} MB |"
        )
    out += [
        f"| Nextcloud 27 (SQLite, issue 6) | 1 000 000 | 100 000 | 100 000 | {NC_EXPIRY[0]} s | "
        f"| {NC_EXPIRY[1]:.0f} MB | |",
        "",
    ]
    return out


def _memory_section(results: dict) -> list[str]:
    workers = results.get("workers") or []
    if not workers:
        return []
    out = [
        "## Worker memory",
        "",
        "Each gunicorn worker after the run (`/proc/<pid>/status` and `smaps_rollup`; RSS counts "
        "pages shared with the other workers, PSS divides them among their users):",
        "",
        "| process | RSS | peak RSS | PSS |",
        "| --- | ---: | ---: | ---: |",
    ]
    for index, worker in enumerate(workers, 1):
        out.append(
            f"| worker {index} | {_fmt(_mb_from_mib(worker.get('VmRSS')), '.0f')} MB | "
            f"{_fmt(_mb_from_mib(worker.get('VmHWM')), '.0f')} MB | "
            f"{_fmt(_mb_from_mib(worker.get('Pss')), '.0f')} MB |"
        )
    master = results.get("master") or {}
    if master:
        out.append(
            f"| master | {_fmt(_mb_from_mib(master.get('VmRSS')), '.0f')} MB | "
            f"{_fmt(_mb_from_mib(master.get('VmHWM')), '.0f')} MB | "
            f"{_fmt(_mb_from_mib(master.get('Pss')), '.0f')} MB |"
        )
    out.append("")
    return out


QUERY_LABELS = {
    "user_status": "GET /user_status",
    "status_of_user": "GET /statuses/{userId}",
    "predefined_statuses": "GET /predefined_statuses",
    "capabilities": "GET /cloud/capabilities",
    "reaction_get": "GET reaction",
    "chat_page": "GET chat page (100 messages)",
    "heartbeat": "PUT /heartbeat (no write)",
    "heartbeat_write": "PUT /heartbeat (write; credential not remembered)",
    "custom_message": "PUT /user_status/message/custom",
    "reaction_post": "POST reaction (existing)",
    "statuses_offset": "GET /statuses?limit=100&offset=…",
    "statuses_lastid": "GET /statuses?limit=100&lastId=…",
}


def _query_section(results: dict) -> list[str]:
    counts = results.get("query_counts") or {}
    if not counts:
        return []
    sizes = sorted(counts, key=int)
    names = [n for n in QUERY_LABELS if any(n in counts[s] for s in sizes)]
    out = [
        "## SQL statements per request",
        "",
        "Counted by the harness in its own process (Django's test client against the seeded "
        "database, `CaptureQueriesContext`), with the caller's credential already remembered. "
        "The number is the statements that read or write data; `+ 2` marks a request that "
        "also sends `BEGIN` and `COMMIT` (its writes run in one transaction). The test suite "
        "asserts the same constancy (`tests/*/test_query_counts.py`).",
        "",
        "| request | " + " | ".join(f"{_rows(int(s))} rows" for s in sizes) + " |",
        "| --- |" + " ---: |" * len(sizes),
    ]
    transaction = results.get("query_transaction") or {}
    for name in names:
        extra = f" + {transaction[name]}" if transaction.get(name) else ""
        out.append(
            f"| {QUERY_LABELS[name]} | "
            + " | ".join(
                _fmt(counts[s].get(name), "d") + (extra if counts[s].get(name) is not None else "")
                for s in sizes
            )
            + " |"
        )
    cold = results.get("cold") or {}
    if cold:
        out += [
            "",
            "A request whose credential is not remembered yet (`GET /user_status`, empty cache): "
            + "; ".join(
                f"{kind}: {value['count']} statements, {value['seconds'] * 1000:.0f} ms in-process"
                for kind, value in cold.items()
            )
            + (
                f". The login password's hasher alone takes "
                f"{results['hash_seconds'] * 1000:.0f} ms here; each worker pays it once per "
                "credential and cache period."
                if results.get("hash_seconds")
                else "."
            ),
        ]
    out.append("")
    return out


def _reaction_section(results: dict) -> list[str]:
    scaling = results.get("reaction_scaling")
    if not scaling:
        return []
    out = [
        "## Adding a reaction: O(distinct reactions)",
        "",
        "In-process (Django's test client), medians of repeated requests on two messages with "
        "the same distinct emoji: `POST` of a new reaction (201), its `DELETE` (200), a `GET` "
        "of the list. `POST` and `DELETE` answer the message's whole reaction list (Talk's "
        "API), which is O(reactions) by nature; they are timed again with that list left out "
        "of the answer (in the harness's process only), which is what adding and removing a "
        "reaction cost.",
        "",
        "| message | reactions | distinct | POST | DELETE | GET | POST, no list | "
        "DELETE, no list | statements (POST) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, row in scaling.items():
        out.append(
            f"| {name} | {_rows(row['reactions'])} | {row['distinct']} | {row['post_ms']:.2f} ms | "
            f"{row['delete_ms']:.2f} ms | {row['get_ms']:.2f} ms | "
            f"{_fmt(row.get('write_post_ms'), '.2f')} ms | "
            f"{_fmt(row.get('write_delete_ms'), '.2f')} ms | {row['post_queries']} |"
        )
    out.append("")
    return out


# --- the plot -----------------------------------------------------------------------------


def plot(results: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    floor = floor_of(results)
    if not floor:
        return
    labels, app_values, login_values, kinds = [], [], [], []
    seen = {}
    for case in measured(results):
        name = case["label"] + (f" @ {_rows(case['rows'])}" if case.get("group") else "")
        if name not in seen:
            seen[name] = len(labels)
            labels.append(name)
            app_values.append(0.0)
            login_values.append(0.0)
            kinds.append(case["kind"])
        value = (ratio(case, floor) or 0.0) * 100
        (app_values if case["credential"] == APP else login_values)[seen[name]] = value

    height = 0.38
    figure, axes = plt.subplots(figsize=(11, 0.42 * len(labels) + 1.8))
    positions = list(range(len(labels)))
    axes.barh([p - height / 2 for p in positions], app_values, height, label=APP, color="#2f6db5")
    axes.barh(
        [p + height / 2 for p in positions], login_values, height, label=LOGIN, color="#e08a2c"
    )
    for position, value in zip(positions, app_values, strict=True):
        if value:
            axes.text(value + 0.5, position - height / 2, f"{value:.0f}", va="center", fontsize=7)
    for position, value in zip(positions, login_values, strict=True):
        if value:
            axes.text(value + 0.5, position + height / 2, f"{value:.0f}", va="center", fontsize=7)
    axes.axvline(READ_TARGET * 100, color="#2a9d3a", linestyle="--", label="read target 40 %")
    axes.axvline(WRITE_TARGET * 100, color="#c0392b", linestyle=":", label="write target 25 %")
    nc = NC_PER_CASE[1] / NC_FLOOR * 100
    axes.axvline(nc, color="#777777", linestyle="-.", label=f"Nextcloud 27 (≤ {nc:.1f} %)")
    axes.set_yticks(positions)
    axes.set_yticklabels(
        [f"{label}  [{kind}]" for label, kind in zip(labels, kinds, strict=True)], fontsize=8
    )
    axes.invert_yaxis()
    axes.set_xlabel("throughput, % of the framework floor")
    axes.set_xlim(0, max(100, max(app_values + login_values, default=0) * 1.1))
    axes.set_title(
        f"Throughput as a share of the floor ({floor['throughput']:.0f} req/s), "
        f"{results['facts'].get('cpus')} CPUs, {results['config'].get('connections')} connections",
        fontsize=10,
    )
    axes.legend(loc="lower right", fontsize=8)
    axes.grid(axis="x", alpha=0.3)
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    plt.close(figure)


def write(results: dict, output: Path, plot_path: Path, project_dir: Path) -> None:
    plot(results, plot_path)
    notes_file = project_dir / "bench" / "notes.md"
    notes = notes_file.read_text() if notes_file.exists() else ""
    try:
        relative = plot_path.resolve().relative_to(output.resolve().parent)
        link = str(relative)
    except ValueError:
        link = str(plot_path)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(markdown(results, link, notes))


def main(argv: list[str] | None = None) -> int:
    """``python -m bench.report``: write the report and the plot again from a results file
    (after editing ``bench/notes.md``, say), without measuring anything."""
    import argparse
    import json
    import sys

    project_dir = Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(prog="python -m bench.report", description=main.__doc__)
    parser.add_argument(
        "results", nargs="?", default=str(project_dir / "bench" / "results" / "results.json")
    )
    parser.add_argument("--output", default=str(project_dir / "BENCHMARKS.md"))
    parser.add_argument("--plot", default=str(project_dir / "bench" / "results" / "benchmarks.png"))
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    results = json.loads(Path(args.results).read_text())
    write(results, Path(args.output), Path(args.plot), project_dir)
    print(f"wrote {args.output} and {args.plot}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

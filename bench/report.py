"""``BENCHMARKS.md`` and its plot, from a run's ``bench/results/results.json`` (written by
:mod:`bench.run`) and the hand-written ``bench/notes.md``."""

import math
import os
from pathlib import Path

from .loadgen import APP, LOGIN

TARGETS = {"read": 0.40, "write": 0.25}  # throughput as a share of the floor's
LASTID, EXPIRY_S, EXPIRY_MB, WORKER_MB = 1.5, 1.0, 100.0, 120.0  # the other targets
VERDICT = {True: "**pass**", False: "**miss**"}
# Issue 6's anchor: Nextcloud 27 with Talk 17 (nginx, php-fpm with 4 workers, SQLite, app
# passwords, 4 connections) in one run with a floor of about 2 970 requests/s. Per request:
# our case, Nextcloud's requests/s (a range over its cases), and our credential compared.
NC_FLOOR, NC_EXPIRY = 2970.0, (1.02, 67.0)  # its expiry job through occ: s, MB
NEXTCLOUD = [
    ("GET /user_status", "user_status", (76, 92), APP),
    ("GET /predefined_statuses", "predefined_statuses", (76, 92), APP),
    ("PUT /heartbeat", "heartbeat", (76, 92), APP),
    ("GET reaction", "reaction_get", (76, 92), APP),
    ("POST reaction", "reaction_post", (76, 92), APP),
    ("GET chat", "chat_page", (76, 92), APP),
    ("GET /statuses?limit=100 (NC: offset 0; here: lastId)", "statuses_lastid", (72,), APP),
    ("GET /statuses?limit=100, offset near the end", "statuses_offset", (45,), APP),
    ("GET /user_status with the login password", "user_status", (2.2,), LOGIN),
]
# The report's tables: their columns, ``|``-separated (``:`` right-aligns one); the statements
# table has a column per size.
COLUMNS = {
    "Machine and setup": "|",
    "Throughput and latency": "case|rows:|credential|req/s:|÷ floor:|p50 ms:|× floor:|p99 ms:"
    "|× floor:|target",
    "Targets": "target|measured||verdict",
    "Against Nextcloud": "case|Nextcloud:|Nextcloud ÷ floor:|here, app password ÷ floor:"
    "|here, login password ÷ floor:|here ÷ Nextcloud:",
    "Expiry": "database|rows:|expired:|stale:|wall (median):|runs|peak RSS:"
    "|nothing to do: wall, RSS",
    "Worker memory": "process|RSS:|peak RSS:|PSS:",
    "Adding a reaction: O(distinct reactions)": "message|reactions:|distinct:|POST:|DELETE:"
    "|GET:|add:|remove:|statements (POST):",
}


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.{2 if value < 0.01 else 1}f} %"


def _times(value: float) -> str:
    return f"{value:.{2 if value < 1 else 1 if value < 10 else 0}f}"


def _n(value: int) -> str:
    return f"{value:,}".replace(",", " ")


def _mb(mib: float) -> str:
    return f"{mib * 1.048576:.0f} MB"


def _count(counted: dict | None) -> str:
    if counted is None:
        return "–"
    return f"{counted['data']}" + (f" + {counted['transaction']}" if counted["transaction"] else "")


def _table(columns: str, rows: list) -> str:
    names = columns.split("|")
    lines = [[name.removesuffix(":") for name in names]]
    lines += [["---:" if name.endswith(":") else "---" for name in names], *rows]
    return "\n".join(
        "|" + "|".join(f" {x} " if f"{x}" else " " for x in line) + "|" for line in lines
    )


def floor_of(results: dict) -> dict:
    """The mean of the floor's runs at the start and the end."""
    runs = [run["result"] for run in results["floor"].values() if not run["error"]]
    keys = ("throughput", "p50_ms", "p99_ms")
    return {key: sum(r[key] for r in runs) / len(runs) if runs else math.nan for key in keys}


def _runs(results: dict, key: str, credential: str) -> dict[int, dict]:
    """A case's results by size."""
    cases = [case for case in results["cases"] if not case["error"]]
    return {
        c["rows"]: c["result"] for c in cases if (c["key"], c["credential"]) == (key, credential)
    }


def _case_row(case: dict, floor: dict) -> list:
    row = [case["label"], _n(case["rows"]), case["credential"]]
    if case["error"]:
        return [*row, "**failed**", "", "", "", "", "", " ".join(case["error"].split())[:120]]
    result, share = case["result"], case["result"]["throughput"] / floor["throughput"]
    row += [f"{result['throughput']:.0f}", _pct(share)]
    for key in ("p50_ms", "p99_ms"):
        row += [f"{result[key]:.2f}", f"{result[key] / floor[key]:.1f}"]
    return [*row, VERDICT[share >= TARGETS[case["kind"]]]]


def _expiry_row(name: str, run: dict) -> list:
    runs = ", ".join(f"{each['wall_s']:.2f}" for each in run["runs"])
    idle = f"{run['idle_wall_s']:.2f} s, {run['idle_max_rss_mb']:.0f} MB"
    row = [name, *(_n(run[key]) for key in ("rows", "expired", "stale")), f"{run['wall_s']:.2f} s"]
    return [*row, f"{runs} s", f"{run['max_rss_mb']:.0f} MB", idle]


def _checks(results: dict) -> list[tuple]:
    """The targets besides each case's share of the floor: target, measured, note, verdict."""
    rows = []
    for credential in (APP, LOGIN):
        if len(pages := _runs(results, "statuses_lastid", credential)) > 1:
            small, large = pages[min(pages)], pages[max(pages)]
            factor = large["p50_ms"] / small["p50_ms"]
            speed = large["throughput"] / small["throughput"]
            target = f"lastId paging at {_n(max(pages))} rows within {LASTID}× of {_n(min(pages))}"
            target += f" rows (p50) — {credential}"
            rows.append((target, f"{factor:.2f}×", f"throughput {speed:.2f}×", factor <= LASTID))
    for name, run in results["expiry"].items():
        wall, rss, idle = run["wall_s"], run["max_rss_mb"], run["idle_max_rss_mb"]
        target = f"expiry of {_n(run['rows'])} rows on {name} ≤ {EXPIRY_S} s"
        rows.append((target, f"{wall:.2f} s", f"median of {len(run['runs'])}", wall <= EXPIRY_S))
        note = f"the process with nothing to do: {idle:.0f} MB"
        target = f"expiry peak RSS on {name} ≤ {EXPIRY_MB:.0f} MB"
        rows.append((target, f"{rss:.0f} MB", note, rss <= EXPIRY_MB))
    if results.get("workers"):
        largest = max(worker["VmRSS"] for worker in results["workers"])
        target = f"each gunicorn worker's RSS after the run < {WORKER_MB:.0f} MB"
        rows.append((target, f"largest {_mb(largest)}", "", largest * 1.048576 < WORKER_MB))
    tables = results["statements"].values()
    labels = dict.fromkeys(label for table in tables for label in table)
    varying = [label for label in labels if len({repr(t.get(label)) for t in tables}) > 1]
    if len(tables) > 1:
        measured = "varies: " + ", ".join(varying) if varying else "constant"
        note = f"{len(labels)} requests at {len(tables)} sizes"
        target = "SQL statements per request constant in the data size"
        rows.append((target, measured, note, not varying))
    few, many = (results.get("reaction_scaling", {}).get(name, {}) for name in ("few", "many"))
    if "add_ms" in many:
        note = f"without the answer's list, {_n(few['reactions'])} vs {_n(many['reactions'])} "
        note += f"reactions ({many['distinct']} distinct); {few['post_queries']} vs "
        note += f"{many['post_queries']} statements (POST)"
        same = few["post_queries"] == many["post_queries"]
        target = "adding a reaction is O(distinct reactions), not O(reactions)"
        measured = f"{few['add_ms']:.2f} ms → {many['add_ms']:.2f} ms"
        rows.append((target, measured, note, same and many["add_ms"] <= 1.5 * few["add_ms"] + 1))
    return [(*row[:3], VERDICT[row[3]]) for row in rows]


def _nextcloud(results: dict, floor: dict) -> list[list]:
    rows = []
    for label, key, theirs, credential in NEXTCLOUD:
        ours = {}
        for kind in (APP, LOGIN):
            runs = _runs(results, key, kind)
            ours[kind] = runs[max(runs)]["throughput"] / floor["throughput"] if runs else None
        shares, here = [value / NC_FLOOR for value in theirs], ours[credential]
        rates = "–".join(f"{value:g}" for value in theirs) + " req/s"
        rates += " (900 000 rows)" if key.startswith("statuses") else ""
        times = "–" if here is None else "–".join(_times(here / s) for s in shares[::-1]) + "×"
        row = [label, rates, "–".join(_pct(share)[:-2] for share in shares) + " %"]
        rows.append([*row, _pct(ours[APP]) if credential == APP else "", _pct(ours[LOGIN]), times])
    return rows


def markdown(results: dict, plot: str, notes: str) -> str:
    """The report: a table per measurement, then the hand-written notes."""
    facts, config, cases = results["facts"], results["config"], results["cases"]
    floor, counts, connections = floor_of(results), results["statements"], config["connections"]
    sizes, cold = sorted(counts, key=int), results.get("cold", {})
    floors = [
        f"{m} {r['result']['throughput']:.0f}"
        for m, r in results["floor"].items()
        if not r["error"]
    ]
    load = {m: " / ".join(f"{x:.2f}" for x in facts[f"load_{m}"]) for m in ("before", "after")}
    wrk = f"{facts['wrk']}: {connections} connections, {connections} threads, one user per "
    wrk += f"connection, {config['duration']:g} s per case after {config['warmup']:g} s of warm-up"
    server = f"`{config.get('server_command')}` with `DJANGO_SETTINGS_MODULE=bench.settings`, "
    server += "`DEBUG=0`, no `REDIS_URL` (in-process cache), "
    server += f"`OCS_CREDENTIAL_CACHE_SECONDS={config['credential_cache_seconds']}`"
    expiry = [_expiry_row(name, run) for name, run in results["expiry"].items()]
    nextcloud = ["Nextcloud 27 (SQLite, issue 6)", "1 000 000", "100 000", "100 000"]
    expiry += [[*nextcloud, f"{NC_EXPIRY[0]} s", "", f"{NC_EXPIRY[1]:.0f} MB", ""]] * bool(expiry)
    processes = [(f"worker {i}", memory) for i, memory in enumerate(results.get("workers", []), 1)]
    processes.append(("master", results.get("master")))
    sizes_columns = "|".join(["request", *(f"{_n(int(size))} rows:" for size in sizes)])
    requests = dict.fromkeys(label for size in sizes for label in counts[size])
    times = ("post_ms", "delete_ms", "get_ms", "add_ms", "remove_ms")
    tables = {  # heading: rows, in the report's order; text goes before or after some
        "Machine and setup": [
            ("CPUs", facts["cpus"]),
            ("software", ", ".join(f"{name} {v}" for name, v in facts["software"].items())),
            ("load generator", wrk),
            ("server", server),
            ("load average (1/5/15 min)", f"before {load['before']}, after {load['after']}"),
            ("run time", f"{results['elapsed_s'] / 60:.1f} min"),
        ],
        "Throughput and latency": [_case_row(case, floor) for case in cases],
        "Targets": _checks(results),
        "Against Nextcloud": _nextcloud(results, floor),
        "Expiry": expiry,
        "Worker memory": [
            [name, *(_mb(memory[key]) for key in ("VmRSS", "VmHWM", "Pss"))]
            for name, memory in processes
            if memory
        ],
        "SQL statements per request": [
            [label, *(_count(counts[size].get(label)) for size in sizes)] for label in requests
        ],
        "Adding a reaction: O(distinct reactions)": [
            [name, _n(row["reactions"]), row["distinct"]]
            + [f"{row[key]:.2f} ms" if key in row else "–" for key in times]
            + [row["post_queries"]]
            for name, row in results.get("reaction_scaling", {}).items()
        ],
    }
    before = {
        "Throughput and latency": f"**Floor: {floor['throughput']:.0f} requests/s**, p50 "
        f"{floor['p50_ms']:.2f} ms, p99 {floor['p99_ms']:.2f} ms (mean of the runs at the start "
        f"and the end; {', '.join(floors)} req/s). Throughput as a share of the floor's, latency "
        f"as a multiple of the floor's; targets: reads ≥ {TARGETS['read']:.0%}, writes ≥ "
        f"{TARGETS['write']:.0%} of the floor.",
        "Against Nextcloud": f"Issue 6's anchor, Nextcloud 27 with Talk 17, measured with a floor "
        f"of about {NC_FLOOR:.0f} requests/s; compared as shares of each run's own floor.",
    }
    after = {
        "Throughput and latency": f"![Throughput as a share of the floor]({plot})\n\n"
        + "\n".join(
            f"- **{case['label']}**: {case['writes']:,} statuses written for "
            f"{case['result']['requests']:,} completed requests (requests still in flight when "
            "the load generator stopped write too)."
            for case in cases
            if "writes" in case
        ),
        "SQL statements per request": cold
        and "A request whose credential is not remembered yet (`GET /user_status`, empty cache): "
        + "; ".join(
            f"{kind}: {c['data']} statements, {c['seconds'] * 1000:.0f} ms in-process"
            for kind, c in cold.items()
        )
        + f". The login password's hasher alone takes {results['hash_seconds'] * 1000:.0f} ms "
        "here; each worker pays it once per credential and cache period.",
    }
    out = [
        "# Benchmarks",
        "",
        f"Generated by `make bench` (`python -m bench.run`) on {facts['date']} at commit "
        f"`{facts['commit']}`; `python -m bench.run --report-only` renders it again from "
        "`bench/results/results.json`. Every figure is measured in one run beside the "
        "**framework floor** (`/bench/floor`, see *How it is measured* below): ratios to it can "
        "be compared across machines, absolute numbers cannot.",
        "",
    ]
    if config["quick"]:
        out += ["> **Quick run** (`--quick`): short cases and small data; not a measurement.", ""]
    columns = COLUMNS | {"SQL statements per request": sizes_columns}
    for title, rows in tables.items():
        parts = (before.get(title), _table(columns[title], rows), after.get(title))
        out += [f"## {title}", "", *(f"{part}\n" for part in parts if part)] if rows else []
    out += live_section(results.get("live"))
    if results["errors"]:
        out += ["## Errors", "", *(f"- {error}" for error in results["errors"]), ""]
    return "\n".join([*out, notes.strip(), ""])


# --- Live updates (bench/live.py) -----------------------------------------------------------


def _median(runs: list[dict]) -> float:
    values = sorted(run["throughput"] for run in runs)
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2


def _rates(runs: list[dict]) -> str:
    each = ", ".join(f"{run['throughput']:.0f}" for run in runs)
    return f"**{_median(runs):.0f}** ({each})"


def _ms(summary: dict, key: str) -> str:
    return f"{summary[key]:.1f}" if summary.get("n") else "–"


def _live_checks(live: dict) -> list[tuple]:
    """The live targets: target, measured, note, verdict."""
    targets, rows = live["targets"], []
    ordinary = live.get("ordinary", {})
    for endpoint, runs in ordinary.get("gunicorn", {}).items():
        if runs and ordinary.get("uvicorn", {}).get(endpoint):
            share = _median(ordinary["uvicorn"][endpoint]) / _median(runs)
            target = (
                f"{endpoint}: uvicorn + config.asgi ≥ {targets['ordinary'] * 100:.0f} % of gunicorn"
            )
            note = f"median of {len(runs)} runs each"
            rows.append((target, _pct(share), note, share >= targets["ordinary"]))
    if hold := live.get("hold"):
        before, during = hold["before"], hold["while"]
        grown = sum(during["rss_kib"]) - sum(before["rss_kib"])
        each = grown / hold["waiters"]
        target = f"resident memory per waiting client ≤ {targets['kib_per_waiter']} KiB"
        note = f"{grown / 1024:.1f} MiB more for {_n(hold['waiters'])} waiters, "
        note += f"{live['workers']} workers"
        rows.append((target, f"{each:.1f} KiB", note, each <= targets["kib_per_waiter"]))
        threads = sum(before["threads"]), sum(during["threads"])
        note = "the workers' OS threads, before → while waiting"
        target = "threads flat while clients wait"
        rows.append((target, f"{threads[0]} → {threads[1]}", note, threads[1] <= threads[0]))
        pg = before["pg_connections"], during["pg_connections"]
        target = "PostgreSQL connections flat while clients wait"
        rows.append(
            (target, f"{pg[0]} → {pg[1]}", "pg_stat_activity of the bench database", pg[1] <= pg[0])
        )
    for key, limit, what in (
        ("one_room", "one_room_p99_ms", "one conversation"),
        ("spread", "spread_p99_ms", "every conversation"),
    ):
        if phase := live.get(key):
            every = phase["latency_ms"]["all"]
            target = f"wake-up, {what}: p99 ≤ {targets[limit]:.0f} ms"
            rooms = f" in {_n(phase['rooms'])} conversations" if "rooms" in phase else ""
            note = f"{_n(every.get('n', 0))} answers of {_n(phase['waiters'])} waiters{rooms}"
            note += f", {phase['missing']} missing" if phase["missing"] else ""
            ok = every.get("n") and not phase["missing"] and every["p99"] <= targets[limit]
            rows.append((target, f"{_ms(every, 'p99')} ms", note, bool(ok)))
    for endpoint, runs in live.get("under_load", {}).get("runs", {}).items():
        if runs["none"] and runs["waiting"]:
            share = _median(runs["waiting"]) / _median(runs["none"])
            waiters = _n(live["under_load"]["waiters"])
            target = (
                f"{endpoint} with {waiters} waiting ≥ {targets['under_load'] * 100:.0f} % of none"
            )
            rows.append((target, _pct(share), "medians", share >= targets["under_load"]))
    return [(*row[:3], VERDICT[row[3]]) for row in rows]


def live_section(live: dict | None) -> list[str]:
    """The "Live updates" section: the chosen serving model beside gunicorn, its waiting
    clients' cost and how fast they are woken."""
    if not live:
        return []
    out = ["## Live updates", ""]
    commands = live.get("commands", {})
    waiters = _n(live["waiters"])
    out += [
        f"`{commands.get('uvicorn', 'uvicorn')}` (ordinary requests as WSGI on a pool of "
        f"threads, the chat long-poll and `GET /events` waiting on the event loop; events "
        f"through {live['transport']}), beside `{commands.get('gunicorn', 'gunicorn')}`, both "
        f"with {live['workers']} workers. wrk: {live['connections']} connections, "
        f"{live['duration']:g} s a run, {live['rounds']} rounds with the servers in turn. The "
        f"waiting clients are an asyncio client in the harness, one user each (an app "
        f"password, HTTP Basic), {live.get('stream_share', 0.5) * 100:.0f} % of them event "
        f"streams and the others chat long-polls (`lookIntoFuture=1`, "
        f"`timeout={live['long_poll_timeout']}`); {waiters} at once in conversations of "
        f"{live['room_size']}. Software: "
        + ", ".join(f"{name} {v}" for name, v in live["software"].items())
        + f"; open files allowed: {_n(live['fd_limit'])} (harness), "
        f"{_n(live.get('server_fd_limit', live['fd_limit']))} (each worker).",
        "",
        _table("target|measured||verdict", _live_checks(live)),
        "",
    ]
    ordinary = live.get("ordinary", {})
    if ordinary:
        names = list(ordinary)
        columns = "endpoint|" + "|".join(
            f"{name}, req/s:" + ("" if name == "gunicorn" else f"|{name} ÷ gunicorn:")
            for name in names
        )
        rows = []
        for endpoint in ordinary["gunicorn"]:
            base, row = _median(ordinary["gunicorn"][endpoint]), [endpoint]
            for name in names:
                row.append(_rates(ordinary[name][endpoint]))
                if name != "gunicorn":
                    row.append(_pct(_median(ordinary[name][endpoint]) / base))
            rows.append(row)
        out += ["### Ordinary endpoints under each server", ""]
        out += ["Median requests/s (each run).", "", _table(columns, rows), ""]
        if "granian" in ordinary:
            out += ["granian's WSGI interface is for reference only (not a dependency).", ""]
    if hold := live.get("hold"):
        columns = (
            f"the {live['workers']} workers|before:|{_n(hold['waiters'])} waiting:|after they left:"
        )
        moments = [hold["before"], hold["while"], hold["after"]]

        def each(key: str, unit: str = "", scale: float = 1) -> list:
            return [
                f"{sum(m[key]) / scale:.{1 if scale > 1 else 0}f}{unit} "
                f"({', '.join(f'{v / scale:.0f}' for v in m[key])})"
                for m in moments
            ]

        shown = {"rss_kib": ("resident memory (VmRSS), MiB", 1024)}
        shown |= {"anon_kib": ("anonymous memory (RssAnon), MiB", 1024)}
        shown |= {"threads": ("OS threads", 1), "fds": ("open files (connections among them)", 1)}
        rows = [
            *(
                [label, *each(key, "", scale)]
                for key, (label, scale) in shown.items()
                if key in hold["before"]
            ),
            [
                "PostgreSQL connections (all of the bench database)",
                *(m["pg_connections"] for m in moments),
            ],
        ]
        out += ["### Waiting clients held", ""]
        out += [
            f"{_n(hold['waiters'])} clients ({_n(hold['long_polls'])} long-polls) opened in "
            f"{hold['open_s']:.1f} s; the workers were idle again {hold['settle_s']:.1f} s "
            f"later. Sums, then each worker's value. Before: after a warm-up that filled every "
            f"worker's thread pool; after: once they left and a message had woken each.",
            "",
            _table(columns, rows),
            "",
        ]
    phases = [(key, live[key]) for key in ("one_room", "spread") if key in live]
    if phases:
        rows = []
        for key, phase in phases:
            if key == "one_room":
                what = f"{phase['waiters']} waiters in one conversation, "
                what += f"{phase['messages']} messages in turn"
            else:
                what = (
                    f"{_n(phase['waiters'])} waiters in {_n(phase['rooms'])} conversations, one "
                    f"message each from {phase['posters']} posters at once"
                )
            for kind, summary in phase["latency_ms"].items():
                cells = [_ms(summary, k) for k in ("min", "p50", "p90", "p99", "max")]
                rows.append([what if kind == "all" else "", kind, _n(summary.get("n", 0)), *cells])
            post = phase["post_ms"]
            cells = [_ms(post, k) for k in ("min", "p50", "p90", "p99", "max")]
            rows.append(["", "the POST itself", _n(post.get("n", 0)), *cells])
        columns = "scenario|answers of|n:|min ms:|p50 ms:|p90 ms:|p99 ms:|max ms:"
        out += ["### Wake-up latency", ""]
        out += [
            "From the moment the POST's answer arrived to the moment each waiter's answer (a "
            "long-poll's 200 with the message, a stream's `message` event) arrived, in the same "
            "client; negative when the waiter heard first.",
            "",
            _table(columns, rows),
            "",
        ]
        if (spread := live.get("spread")) is not None:
            out += [
                f"Posting the {_n(spread['messages'])} messages took {spread['posting_s']:.1f} s; "
                f"the last answer came {spread['delivered_s']:.1f} s after the first POST.",
                "",
            ]
    if under := live.get("under_load"):
        rows = []
        for endpoint, runs in under["runs"].items():
            if runs["none"] and runs["waiting"]:
                share = _median(runs["waiting"]) / _median(runs["none"])
                rows.append([endpoint, _rates(runs["none"]), _rates(runs["waiting"]), _pct(share)])
        columns = f"endpoint|none waiting, req/s:|{_n(under['waiters'])} waiting, req/s:|ratio:"
        out += ["### Ordinary endpoints while clients wait", "", _table(columns, rows), ""]
        if under["answered"]:
            out += [f"{under['answered']} long-polls were answered during the runs.", ""]
        if resident := under.get("rss_after_kib"):
            sizes = ", ".join(f"{value / 1024:.0f}" for value in resident)
            out += [
                f"The workers' resident memory after each round's waiters left: {sizes} MiB.",
                "",
            ]
    problems = [f"{_n(count)} × {error}" for error, count in live.get("client_errors", {}).items()]
    if live.get("strays"):
        problems.append(f"{live['strays']} answers carried a message of another conversation")
    if live.get("hold", {}).get("answered_early"):
        problems.append(f"{live['hold']['answered_early']} long-polls were answered before a post")
    if problems:
        out += ["Seen by the waiting clients: " + "; ".join(problems) + ".", ""]
    return out


def plot(results: dict, path: Path) -> None:
    """Each case's throughput as a share of the floor's, against the targets and Nextcloud."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    floor, cases = floor_of(results), [case for case in results["cases"] if not case["error"]]
    names = [f"{case['label']} @ {_n(case['rows'])}  [{case['kind']}]" for case in cases]
    rows = list(dict.fromkeys(names))  # a pair of bars a case, app and login password
    figure, axes = plt.subplots(figsize=(11, 0.42 * len(rows) + 1.8))
    for offset, credential, color in ((-0.2, APP, "#2f6db5"), (0.2, LOGIN, "#e08a2c")):
        mine = [(n, c) for n, c in zip(names, cases, strict=True) if c["credential"] == credential]
        shares = [100 * case["result"]["throughput"] / floor["throughput"] for _, case in mine]
        y = [rows.index(name) + offset for name, _ in mine]
        bars = axes.barh(y, shares, 0.4, label=credential, color=color)
        axes.bar_label(bars, fmt="%.0f", fontsize=7, padding=2)
    nextcloud = 100 * 92 / NC_FLOOR
    for x, style, color, label in (
        (100 * TARGETS["read"], "--", "#2a9d3a", "read target 40 %"),
        (100 * TARGETS["write"], ":", "#c0392b", "write target 25 %"),
        (nextcloud, "-.", "#777777", f"Nextcloud 27 (≤ {nextcloud:.1f} %)"),
    ):
        axes.axvline(x, color=color, linestyle=style, label=label)
    title = f"Throughput as a share of the floor ({floor['throughput']:.0f} req/s), "
    title += f"{results['config']['connections']} connections"
    widest = max([100, *(bar.get_width() for bar in axes.patches)])
    axes.set(xlabel="throughput, % of the framework floor", xlim=(0, 1.1 * widest))
    axes.set_title(title, fontsize=10)
    axes.set_yticks(range(len(rows)), rows, fontsize=8)
    axes.invert_yaxis()
    axes.legend(loc="lower right", fontsize=8)
    axes.grid(axis="x", alpha=0.3)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)


def write(results: dict, output: Path, plot_path: Path) -> None:
    """The report and its plot, linked relative to the report."""
    plot(results, plot_path)
    notes = Path(__file__).with_name("notes.md").read_text()
    output.write_text(markdown(results, os.path.relpath(plot_path, output.parent), notes))

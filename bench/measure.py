"""Wall time and peak memory of one whole command, measured from a fresh parent process.

``python -m bench.measure -- COMMAND ...`` runs the command and prints one JSON line:
``{"wall_s": …, "max_rss_kib": …, "returncode": …, "stdout": …, "stderr": …}``. The
measuring process has no other children, so ``RUSAGE_CHILDREN`` is exactly the command's
(``ru_maxrss``: the peak resident set size of the largest process it waited for). The wall
time covers the interpreter's start-up, Django's setup and the work: what cron pays.
"""

import json
import resource
import subprocess
import sys
import time


def main(argv: list[str]) -> int:
    if argv[:1] == ["--"]:
        argv = argv[1:]
    if not argv:
        print("usage: python -m bench.measure -- COMMAND ...", file=sys.stderr)
        return 2
    started = time.perf_counter()
    completed = subprocess.run(argv, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(
        json.dumps(
            {
                "wall_s": wall,
                "max_rss_kib": usage.ru_maxrss,
                "user_s": usage.ru_utime,
                "system_s": usage.ru_stime,
                "returncode": completed.returncode,
                "stdout": completed.stdout,
                "stderr": completed.stderr,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""``python -m bench.measure COMMAND …``: run the command and print its wall time and peak
RSS as one JSON line. A child's peak RSS counts the memory of the process it was forked
from, so the command is measured as the only child of this small, fresh interpreter, not of
the harness."""

import json
import resource
import subprocess
import sys
import time

if __name__ == "__main__":
    started = time.perf_counter()
    done = subprocess.run(sys.argv[1:], capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    output = {"returncode": done.returncode, "output": done.stdout + done.stderr}
    times = {"wall_s": wall, "user_s": usage.ru_utime, "system_s": usage.ru_stime}
    print(json.dumps({**times, "max_rss_mb": usage.ru_maxrss * 1024 / 1e6, **output}))

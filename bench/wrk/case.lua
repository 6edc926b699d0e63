-- One benchmark case for wrk, set by bench/loadgen.py through the environment: BENCH_METHOD,
-- BENCH_BODY (form-encoded, may be empty), BENCH_AUTH_FILE (one Authorization value a line,
-- may be empty) and BENCH_THREADS. Run with one connection per thread, thread i sends lines
-- i, i + threads, ... in turn: one user per connection when there are as many lines as
-- threads, so that writes never wait on each other's row locks; a pool of users when there
-- are more. done() prints one line "BENCH_RESULT {json}".

local next_id = 0

function setup(thread)
   thread:set("id", next_id)
   next_id = next_id + 1
end

function init(args)
   local method, body, lines = os.getenv("BENCH_METHOD"), os.getenv("BENCH_BODY"), {}
   local headers = { ["OCS-APIRequest"] = "true" }
   if body ~= "" then headers["Content-Type"] = "application/x-www-form-urlencoded" end
   if body == "" then body = nil end
   if os.getenv("BENCH_AUTH_FILE") ~= "" then
      for line in io.lines(os.getenv("BENCH_AUTH_FILE")) do table.insert(lines, line) end
   end
   requests, position = {}, 0
   for i = id + 1, math.max(#lines, id + 1), tonumber(os.getenv("BENCH_THREADS")) do
      headers["Authorization"] = lines[i] -- none without an auth file
      table.insert(requests, wrk.format(method, nil, headers, body))
   end
end

function request()
   position = position % #requests + 1
   return requests[position]
end

function done(summary, latency)
   local errors = summary.errors
   io.write(string.format(
      'BENCH_RESULT {"requests":%d,"duration_us":%d,"non_2xx":%d,"socket_errors":%d,' ..
      '"timeouts":%d,"p50_us":%d,"p90_us":%d,"p99_us":%d,"max_us":%d,"mean_us":%.1f}\n',
      summary.requests, summary.duration, errors.status,
      errors.connect + errors.read + errors.write, errors.timeout, latency:percentile(50),
      latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end

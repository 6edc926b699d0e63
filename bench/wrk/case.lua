-- One benchmark case for wrk, configured by bench/run.py through the environment:
--
--   BENCH_METHOD     GET, PUT, POST, ...
--   BENCH_BODY       the request body (form-encoded), empty for none
--   BENCH_AUTH_FILE  a file with one Authorization header value a line; empty for none
--   BENCH_ROTATE     "1": every request takes the thread's next line (a pool of users);
--                    otherwise connection (thread) i always sends line i (one user each)
--
-- Run with as many threads as connections (-t4 -c4): each thread then has one connection,
-- so each connection is one user and writes of different connections never wait for each
-- other's row locks. done() prints one line "BENCH_RESULT {json}" that bench/run.py parses.

local threads = {}
local next_id = 0

function setup(thread)
   thread:set("id", next_id)
   next_id = next_id + 1
   table.insert(threads, thread)
end

local function read_lines(path)
   local lines = {}
   local file = assert(io.open(path, "r"))
   for line in file:lines() do
      if line ~= "" then
         table.insert(lines, line)
      end
   end
   file:close()
   return lines
end

function init(args)
   local method = os.getenv("BENCH_METHOD") or "GET"
   local body = os.getenv("BENCH_BODY") or ""
   local auth_file = os.getenv("BENCH_AUTH_FILE") or ""
   local rotate = os.getenv("BENCH_ROTATE") == "1"
   local thread_count = tonumber(os.getenv("BENCH_THREADS") or "1")

   local headers = { ["OCS-APIRequest"] = "true" }
   if body ~= "" then
      headers["Content-Type"] = "application/x-www-form-urlencoded"
   else
      body = nil
   end

   requests = {}
   position = 0
   wraps = 0
   if auth_file == "" then
      table.insert(requests, wrk.format(method, nil, headers, body))
      return
   end
   local lines = read_lines(auth_file)
   if rotate then
      -- This thread's share of the pool: lines id+1, id+1+threads, ...
      local index = id + 1
      while index <= #lines do
         headers["Authorization"] = lines[index]
         table.insert(requests, wrk.format(method, nil, headers, body))
         index = index + thread_count
      end
   else
      headers["Authorization"] = lines[(id % #lines) + 1]
      table.insert(requests, wrk.format(method, nil, headers, body))
   end
   assert(#requests > 0, "no request for thread " .. id)
end

function request()
   position = position + 1
   if position > #requests then
      position = 1
      if #requests > 1 then
         wraps = wraps + 1 -- the pool was used up: later requests repeat users
         thread_wraps = wraps
      end
   end
   return requests[position]
end

function done(summary, latency, requests_stats)
   local wrapped = 0
   for _, thread in ipairs(threads) do
      wrapped = wrapped + (thread:get("thread_wraps") or 0)
   end
   local errors = summary.errors
   io.write(string.format(
      "BENCH_RESULT {\"requests\":%d,\"duration_us\":%d,\"bytes\":%d," ..
      "\"connect_errors\":%d,\"read_errors\":%d,\"write_errors\":%d," ..
      "\"status_errors\":%d,\"timeouts\":%d,\"p50_us\":%d,\"p90_us\":%d," ..
      "\"p99_us\":%d,\"max_us\":%d,\"mean_us\":%.1f,\"stdev_us\":%.1f,\"wraps\":%d}\n",
      summary.requests, summary.duration, summary.bytes,
      errors.connect, errors.read, errors.write, errors.status, errors.timeout,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
      latency.mean, latency.stdev, wrapped))
end

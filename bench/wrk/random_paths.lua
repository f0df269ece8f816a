-- wrk script for bench/run.py: every request GETs a path picked at random from a file
-- (one path per line), given after "--": wrk ... -s random_paths.lua URL -- PATHS_FILE.
-- done() prints one line, "BENCH_JSON {...}", that the runner parses.

local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    if #line > 0 then
      paths[#paths + 1] = line
    end
  end
  if #paths == 0 then
    error("no paths in " .. tostring(args[1]))
  end
  -- A fixed seed per thread: the same run draws the same sequence of paths.
  math.randomseed(id * 7919)
  non_2xx = 0
end

function request()
  return wrk.format("GET", paths[math.random(#paths)])
end

-- wrk's own error count leaves out 3xx; a redirect here means a wrong path, so count it.
function response(status, headers, body)
  if status < 200 or status > 299 then
    non_2xx = non_2xx + 1
  end
end

function done(summary, latency, requests)
  local non_2xx_total = 0
  for _, thread in ipairs(threads) do
    non_2xx_total = non_2xx_total + thread:get("non_2xx")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, '
      .. '"p99_us": %d, "mean_us": %.1f, "max_us": %d, "non_2xx": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50),
    latency:percentile(99), latency.mean, latency.max, non_2xx_total,
    e.connect + e.read + e.write + e.timeout
  ))
end

-- wrk script for bench/run.py: every request GETs a path picked at random from a file
-- (one path per line), given after "--": wrk ... -s random_paths.lua URL -- PATHS_FILE.
-- done() prints one line, "BENCH_JSON {...}", that the runner parses.

local threads = {}
-- LuaJIT's FFI, where wrk has it: C arrays that the garbage collector never walks.
local has_ffi, ffi = pcall(require, "ffi")

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

-- The paths stay in one string, located by two arrays of offsets: a table of a million path
-- strings would make every collection cycle walk them all, stalling wrk (p99 of the bare app
-- went from 3 ms to over 100 ms).
function init(args)
  local file = assert(io.open(args[1], "rb"))
  blob = file:read("*a")
  file:close()
  local lines = select(2, blob:gsub("\n", "")) + 1
  starts = has_ffi and ffi.new("uint32_t[?]", lines) or {}
  ends = has_ffi and ffi.new("uint32_t[?]", lines) or {}
  count = 0
  local position = 1
  while position <= #blob do
    local newline = blob:find("\n", position, true) or (#blob + 1)
    if newline > position then
      starts[count], ends[count] = position, newline - 1
      count = count + 1
    end
    position = newline + 1
  end
  if count == 0 then
    error("no paths in " .. tostring(args[1]))
  end
  -- A fixed seed per thread: the same run draws the same sequence of paths.
  math.randomseed(id * 7919)
  statuses = {}
end

function request()
  local i = math.random(count) - 1
  return wrk.format("GET", blob:sub(starts[i], ends[i]))
end

-- Every status is counted: wrk's own error count leaves out 3xx, and a redirect here means
-- a wrong path.
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local totals, non_2xx = {}, 0
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      totals[status] = (totals[status] or 0) + count
      if status < 200 or status > 299 then
        non_2xx = non_2xx + count
      end
    end
  end
  local counts = {}
  for status, count in pairs(totals) do
    counts[#counts + 1] = string.format('"%d": %d', status, count)
  end
  table.sort(counts)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, '
      .. '"p99_us": %d, "mean_us": %.1f, "max_us": %d, "non_2xx": %d, "statuses": {%s}, '
      .. '"socket_errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d}}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50),
    latency:percentile(99), latency.mean, latency.max, non_2xx, table.concat(counts, ", "),
    e.connect, e.read, e.write, e.timeout
  ))
end

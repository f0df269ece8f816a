-- wrk script for bench/run.py: every request GETs a path picked at random from a file
-- (one path per line), given after "--": wrk ... -s random_paths.lua URL -- PATHS_FILE [S [N]].
-- Without S (or with "-") every path is equally likely; with S (bench/mixed.py) the draws
-- follow a Zipf curve over the file's order, the path on line k weighing 1 / k^S. With N, each
-- request asks "Connection: close" with chance 1 / N: the server closes the connection after
-- answering and wrk opens another, so connections last N requests on average and open one at
-- a time throughout the run, as readers arriving independently would, instead of all of them
-- in wrk's first millisecond and kept to the end.
-- done() prints one line, "BENCH_JSON {...}", that the runner parses.
--
-- With BENCH_WRK_COUNT=1 in the environment, a `response` callback counts every status and the
-- page cache's X-Cache header. It is left out otherwise, because its cost is unequal: wrk
-- decides when it loads the script whether it has one, and if so hands every response's
-- headers (as a Lua table) and body (as a Lua string) to it: up to 6 µs more a Gainsay page
-- (a dozen headers, 7 KB), nothing measurable for the bare page's two headers (bench.wrk_cost),
-- on the cores the server runs on. Without it, done() has wrk's own count of statuses of 400
-- and above only.
local counting = os.getenv("BENCH_WRK_COUNT") == "1"

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
  exponent = tonumber(args[2])
  if exponent then
    -- Cumulative weights, searched by bisection per request (17 steps for 90,000 paths).
    cumulative = has_ffi and ffi.new("double[?]", count) or {}
    local total = 0
    for k = 0, count - 1 do
      total = total + 1 / (k + 1) ^ exponent
      cumulative[k] = total
    end
  end
  local visit = tonumber(args[3])
  if visit and visit > 0 then
    leave_chance = 1 / visit
    leaving = {}  -- wrk.format sends these headers instead of wrk.headers, not beside them
    for name, value in pairs(wrk.headers) do
      leaving[name] = value
    end
    leaving["Connection"] = "close"
  end
  -- A fixed seed per thread: the same run draws the same sequence of paths.
  math.randomseed(id * 7919)
  statuses = {}
  hits, misses, unknown = 0, 0, 0
end

local function zipf_index()
  local draw = math.random() * cumulative[count - 1]
  local low, high = 0, count - 1
  while low < high do  -- the first index whose cumulative weight exceeds the draw
    local middle = math.floor((low + high) / 2)
    if cumulative[middle] > draw then high = middle else low = middle + 1 end
  end
  return low
end

function request()
  local i = exponent and zipf_index() or (math.random(count) - 1)
  if leave_chance and math.random() < leave_chance then
    return wrk.format("GET", blob:sub(starts[i], ends[i]), leaving)
  end
  return wrk.format("GET", blob:sub(starts[i], ends[i]))
end

-- Counting, every status is counted: wrk's own error count leaves out 3xx, and a redirect here
-- means a wrong path. So is the page cache's X-Cache header, absent from older servers.
if counting then
  function response(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
    local cache = headers["x-cache"] or headers["X-Cache"]
    cache = cache and cache:lower()
    if cache == "hit" then
      hits = hits + 1
    elseif cache == "miss" then
      misses = misses + 1
    else
      unknown = unknown + 1
    end
  end
end

function done(summary, latency, requests)
  local totals, non_2xx, hit, miss, other = {}, 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    hit = hit + thread:get("hits")
    miss = miss + thread:get("misses")
    other = other + thread:get("unknown")
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
  if not counting then  -- wrk's count: statuses of 400 and above
    non_2xx = e.status
  end
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "p50_us": %d, '
      .. '"p99_us": %d, "mean_us": %.1f, "max_us": %d, "non_2xx": %d, "statuses": {%s}, '
      .. '"socket_errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d}, '
      .. '"cache": {"hit": %d, "miss": %d, "unknown": %d}, "counted": %s}\n',
    summary.requests, summary.duration, summary.bytes, latency:percentile(50),
    latency:percentile(99), latency.mean, latency.max, non_2xx, table.concat(counts, ", "),
    e.connect, e.read, e.write, e.timeout, hit, miss, other, tostring(counting)
  ))
end

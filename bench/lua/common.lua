-- Shared by the bench scripts: per-thread status counters aggregated in done(), and pacing.
-- BENCH_RATE: requests per second for each wrk thread (0 = closed loop). Pacing keeps a schedule per thread
-- (LuaJIT ffi clock): each request gets the next slot, delay() waits until it; a late thread catches up
-- with as many requests as it has connections free. This is wrk2's idea without its latency correction:
-- latency is still measured from the actual send (coordinated omission is bounded, not removed).
local threads = {}
local rate = tonumber(os.getenv("BENCH_RATE") or "0")
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clk_id, bench_timespec *tp);
]]
local ts = ffi.new("bench_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, ts)
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end
local next_slot = nil
if rate > 0 then
  local interval = 1000.0 / rate
  function delay()
    local now = now_ms()
    if next_slot == nil or next_slot < now - 1000 then next_slot = now end  -- never bank more than 1 s of backlog
    next_slot = next_slot + interval
    local d = next_slot - now
    if d < 0 then return 0 end
    return math.floor(d)
  end
end
M = {}
function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end
statuses = {}
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
function done(summary, latency, requests)
  local agg = {}
  for _, t in ipairs(threads) do
    local s = t:get("statuses")
    for k, v in pairs(s) do agg[k] = (agg[k] or 0) + v end
  end
  local st = {}
  for k, v in pairs(agg) do table.insert(st, string.format('"%d":%d', k, v)) end
  io.write(string.format(
    'BENCHJSON {"requests":%d,"duration_us":%d,"bytes":%d,"connect_errors":%d,"read_errors":%d,"write_errors":%d,"timeouts":%d,' ..
    '"p50_us":%d,"p90_us":%d,"p95_us":%d,"p99_us":%d,"p999_us":%d,"max_us":%d,"mean_us":%.1f,"statuses":{%s}}\n',
    summary.requests, summary.duration, summary.bytes, summary.errors.connect, summary.errors.read,
    summary.errors.write, summary.errors.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(95), latency:percentile(99),
    latency:percentile(99.9), latency.max, latency.mean, table.concat(st, ",")))
end

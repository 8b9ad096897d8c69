-- Shared by the bench scripts: per-thread status counters aggregated in done(), and optional pacing.
-- BENCH_DELAY_MS: pause before each request on a connection (wrk's delay()); 0 = closed loop.
local threads = {}
local delay_ms = tonumber(os.getenv("BENCH_DELAY_MS") or "0")
M = {}
function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end
statuses = {}
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
if delay_ms > 0 then
  function delay() return delay_ms end
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

-- Baseline: the same POST straight to the simulator's BFL submit (POST /v1/flux-2-pro, x-key).
package.path = (os.getenv("BENCH_LUA_DIR") or ".") .. "/?.lua;" .. package.path
require("common")
wrk.method = "POST"
wrk.headers["x-key"] = "sim-key"
wrk.headers["Content-Type"] = "application/json"
local n = 0
function request()
  n = n + 1
  return wrk.format(nil, "/v1/flux-2-pro", nil, string.format(
    '{"prompt":"bench submit %d: a lighthouse at dawn, oil painting, warm light","width":1024,"height":1024,"output_format":"png"}', n))
end

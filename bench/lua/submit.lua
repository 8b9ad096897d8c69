-- POST /v2/image/flux/generate {"async": true} with the API key (BENCH_API_KEY).
package.path = (os.getenv("BENCH_LUA_DIR") or ".") .. "/?.lua;" .. package.path
require("common")
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_API_KEY")
wrk.headers["Content-Type"] = "application/json"
local n = 0
function request()
  n = n + 1
  return wrk.format(nil, "/v2/image/flux/generate", nil, string.format(
    '{"prompt":"bench submit %d: a lighthouse at dawn, oil painting, warm light","width":1024,"height":1024,"output_format":"png","async":true}', n))
end

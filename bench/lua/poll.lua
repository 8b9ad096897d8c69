-- GET /v2/tasks/{id}, cycling over the ids in BENCH_IDS_FILE (one per line); each thread starts elsewhere.
package.path = (os.getenv("BENCH_LUA_DIR") or ".") .. "/?.lua;" .. package.path
require("common")
wrk.headers["Authorization"] = "Bearer " .. os.getenv("BENCH_API_KEY")
local ids = {}
for line in io.lines(os.getenv("BENCH_IDS_FILE")) do
  if #line > 0 then table.insert(ids, line) end
end
local i = math.random(#ids)
function request()
  i = i % #ids + 1
  return wrk.format("GET", "/v2/tasks/" .. ids[i])
end

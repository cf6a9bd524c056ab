-- report.lua: shared by the workload scripts: the Connection header of the mode, and done() writing wrk's figures as JSON.
--   BENCH_MODE      close (default) or keepalive
--   BENCH_WRK_JSON  the file done() writes (wrk prints its own report on stdout first)
--   BENCH_WRK_HISTOGRAM=1  adds wrk's whole latency histogram, for merging several clients exactly
-- The one JSON of the suite not written by cJSON (results/SCHEMA.md): done() runs inside wrk,
-- where there is no C, so it formats the figures itself; benchjson add-case parses the file with
-- cJSON and copies it into runs.json.

local mode = os.getenv("BENCH_MODE") or "close"
if mode == "close" then
   -- One TCP connection per request. The server's answer says
   -- "Connection: close" too, and that is what makes wrk reconnect instead of
   -- counting a read error when the server hangs up.
   wrk.headers["Connection"] = "close"
elseif mode ~= "keepalive" then
   error("BENCH_MODE must be close or keepalive, not " .. mode)
end

-- A JSON number; null for what JSON cannot hold (the stdev of one sample is NaN).
local function num(v, decimals)
   if v ~= v or v == math.huge or v == -math.huge then
      return "null"
   end
   return string.format("%." .. (decimals or 0) .. "f", v)
end

-- Latencies in microseconds, as wrk keeps them (after its coordinated-omission correction).
local function latency_json(latency)
   local fields = {
      '"min":' .. num(latency.min), '"mean":' .. num(latency.mean, 3),
      '"stdev":' .. num(latency.stdev, 3), '"max":' .. num(latency.max),
   }
   for _, p in ipairs({ { "p50", 50 }, { "p90", 90 }, { "p99", 99 }, { "p999", 99.9 } }) do
      fields[#fields + 1] = '"' .. p[1] .. '":' .. num(latency:percentile(p[2]))
   end
   return "{" .. table.concat(fields, ",") .. "}"
end

-- wrk's raw latency histogram: latency(i) is the value and count of the i-th non-empty bucket
-- (#latency of them), after the coordinated-omission correction, as wrk's percentiles read it.
-- Each call scans from the smallest bucket: some 0.05 s for 5,000 buckets here, so only on request.
local function histogram_json(latency)
   local pairs, total = {}, 0
   for i = 1, #latency do
      local value, count = latency(i)
      pairs[i] = "[" .. num(value) .. "," .. num(count) .. "]"
      total = total + count
   end
   return ',"latency_count":' .. num(total) .. ',"histogram_us":[' .. table.concat(pairs, ",") .. "]"
end

function done(summary, latency, requests)
   local path = assert(os.getenv("BENCH_WRK_JSON"), "BENCH_WRK_JSON is not set")
   local e = summary.errors
   local json = string.format(
      '{"requests":%s,"duration_us":%s,"bytes":%s,' ..
      '"errors":{"connect":%s,"read":%s,"write":%s,"status":%s,"timeout":%s},"latency_us":%s%s}\n',
      num(summary.requests), num(summary.duration), num(summary.bytes),
      num(e.connect), num(e.read), num(e.write), num(e.status), num(e.timeout),
      summary.requests > 0 and latency_json(latency) or "null",
      os.getenv("BENCH_WRK_HISTOGRAM") == "1" and histogram_json(latency) or "")
   -- Written aside, then renamed: the harness never reads half a file.
   local tmp = path .. ".tmp"
   local f = assert(io.open(tmp, "w"))
   assert(f:write(json))
   assert(f:close())
   assert(os.rename(tmp, path))
end

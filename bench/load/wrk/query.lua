-- query.lua: the query workload: GET /query?terms=... with queries drawn by a Zipf law over their rank.
--   BENCH_QUERIES  the queries, one a line (the corpus's queries.txt)
--   BENCH_ZIPF_S   the exponent: query k is asked with weight 1/k^s (default 1)
--   BENCH_SEED     the random seed (default 42): every run asks the same sequence
-- A few queries dominate, as in real search logs, so the server does real
-- index work on a mix of common and rare terms.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "report.lua")

local requests, cdf = {}, {}    -- preformatted requests; cumulative weights by rank

local function encode(s)
   return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", c:byte()) end))
end

-- Runs in every wrk thread, after wrk.headers holds Host (and Connection).
function init(args)
   local path = assert(os.getenv("BENCH_QUERIES"), "BENCH_QUERIES is not set")
   local s = tonumber(os.getenv("BENCH_ZIPF_S") or "1")
   local total = 0
   for line in io.lines(path) do
      if line ~= "" then
         local k = #requests + 1
         requests[k] = wrk.format(nil, "/query?terms=" .. encode(line))
         total = total + 1 / k ^ s
         cdf[k] = total
      end
   end
   assert(#requests > 0, path .. " holds no query")
   for i = 1, #cdf do
      cdf[i] = cdf[i] / total
   end
   math.randomseed(tonumber(os.getenv("BENCH_SEED") or "42"))
end

-- The first rank whose cumulative weight reaches u.
local function rank(u)
   local lo, hi = 1, #cdf
   while lo < hi do
      local mid = math.floor((lo + hi) / 2)
      if cdf[mid] < u then lo = mid + 1 else hi = mid end
   end
   return lo
end

function request()
   return requests[rank(math.random())]
end

-- wrk script: each request uploads a new report (a unit of the commune-scale workload, for a week it has not sent yet),
-- with that unit's token. Reads bench-work/uploads.txt ("token<TAB>path" per unit), written by Benchmarks/http.sh.
-- WRK_DUPLICATES=1 sends each unit's week-46 report again and again instead (every answer a duplicate).
local units = {}
local counter = 0
local duplicates = os.getenv("WRK_DUPLICATES") == "1"
-- As many as wrk's -t (http.sh runs 2).
local threads = tonumber(os.getenv("WRK_THREADS") or "2")

function setup(thread)
  counter = counter + 1
  thread:set("offset", counter)
end

function init(args)
  local list = io.open(os.getenv("WRK_UPLOADS") or "bench-work/uploads.txt")
  for line in list:lines() do
    local token, path = line:match("([^\t]+)\t(.+)")
    local file = io.open(path)
    units[#units + 1] = { token = token, body = file:read("*a") }
    file:close()
  end
  list:close()
  sent = 0
end

-- Weeks 47 of 2025 onwards, then the next year's: a unit's report for each is new.
local function week(n)
  local w = 47 + n
  local year = 2025
  while w > 52 do
    w = w - 52
    year = year + 1
  end
  return string.format("%d-W%02d", year, w)
end

function request()
  -- Each (thread, request) its own number, so its own (unit, week): a unit for n mod units, a week for n div units
  -- (consecutive numbers, so that the weeks stay in the past: a report for a week not yet begun is refused).
  local n = (sent * threads) + offset - 1
  sent = sent + 1
  local unit = units[(n % #units) + 1]
  local body = unit.body
  if not duplicates then body = body:gsub("2025%-W46", week(math.floor(n / #units))) end
  return wrk.format("POST", "/api/v1/submissions?fileName=report.json",
    { ["Authorization"] = "Bearer " .. unit.token, ["Content-Type"] = "application/json" }, body)
end

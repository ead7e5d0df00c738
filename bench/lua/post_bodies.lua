-- POST bodies read from a file (records separated by a line "@@SITREP-BENCH-RECORD@@").
-- Each thread takes records id, id+T, id+2T, ...; when it runs out it starts again
-- with "@@R@@" (inside each article's source URL) replaced by "-r<round>", so every
-- request stays a new article. Args after `--`: file, content type, token, threads.
local bodies = {}
local k = 0
local step = 1
local round = 0
local ctype, token
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  local f = assert(io.open(args[1], "rb"))
  local data = f:read("*a")
  f:close()
  local sep = "\n@@SITREP-BENCH-RECORD@@\n"
  local pos = 1
  while true do
    local s, e = string.find(data, sep, pos, true)
    if not s then
      if pos <= #data then table.insert(bodies, string.sub(data, pos)) end
      break
    end
    table.insert(bodies, string.sub(data, pos, s - 1))
    pos = e + 1
  end
  ctype = args[2]
  token = args[3]
  step = tonumber(args[4]) or 1
  k = id or 0
  status_2xx = 0
  status_other = 0
end

function request()
  if k >= #bodies then
    k = k - #bodies
    round = round + 1
  end
  local body = bodies[k + 1]
  k = k + step
  body = string.gsub(body, "@@R@@", round > 0 and ("-r" .. round) or "")
  local headers = {}
  headers["Content-Type"] = ctype
  headers["Authorization"] = "Bearer " .. token
  return wrk.format("POST", nil, headers, body)
end

function response(status, headers, body)
  if status >= 200 and status < 300 then
    status_2xx = status_2xx + 1
  else
    status_other = status_other + 1
  end
end

function done(summary, latency, requests)
  local ok, other = 0, 0
  for _, t in ipairs(threads) do
    ok = ok + t:get("status_2xx")
    other = other + t:get("status_other")
  end
  local e = summary.errors
  io.write(string.format(
    '\nWRK_JSON {"requests": %d, "duration_us": %d, "bytes": %d, "ok": %d, "not_ok": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"latency_us": {"mean": %.1f, "stdev": %.1f, "max": %d, "p50": %d, "p90": %d, "p99": %d, "p999": %d}}\n',
    summary.requests, summary.duration, summary.bytes, ok, other,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean, latency.stdev, latency.max,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9)))
end

-- GET a new URL on every request: a random theme and date window (/sitreps), day
-- (/sitreps/{date}), 365-day window (/timeline) within the data's span, or a search
-- (/sitreps?q=: a word, one theme or all, a window or all dates), so that no cache of
-- answers can help. Args after `--`: kind (sitreps|daily|timeline|search), first and
-- last day (days since 1970-01-01), comma-separated themes, comma-separated words
-- (URL-encoded).
local kind, first, last
local themes = {}
local words = {}
local widths = {7, 30, 30, 90, 365}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
end

function init(args)
  kind = args[1]
  first = tonumber(args[2])
  last = tonumber(args[3])
  for t in string.gmatch(args[4], "[^,]+") do table.insert(themes, t) end
  for w in string.gmatch(args[5] or "", "[^,]+") do table.insert(words, w) end
  math.randomseed(1000 + (id or 0) * 7919)
end

local function day(d)
  return os.date("!%Y-%m-%d", d * 86400)
end

function request()
  local path
  if kind == "sitreps" then
    local w = widths[math.random(#widths)]
    local s = math.random(first, math.max(first, last - w + 1))
    local e = math.min(last, s + w - 1)
    path = "/sitreps?theme=" .. themes[math.random(#themes)] .. "&from=" .. day(s) ..
      "&to=" .. day(e) .. "&limit=50"
  elseif kind == "search" then
    path = "/sitreps?q=" .. words[math.random(#words)] .. "&limit=50"
    if math.random() < 0.5 then path = path .. "&theme=" .. themes[math.random(#themes)] end
    if math.random() < 0.5 then
      local w = widths[math.random(#widths)]
      local s = math.random(first, math.max(first, last - w + 1))
      path = path .. "&from=" .. day(s) .. "&to=" .. day(math.min(last, s + w - 1))
    end
  elseif kind == "daily" then
    path = "/sitreps/" .. day(math.random(first, last))
  else
    local s = math.random(first, math.max(first, last - 364))
    path = "/timeline?from=" .. day(s) .. "&to=" .. day(s + 364) .. "&interval=day"
  end
  return wrk.format("GET", path)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '\nWRK_JSON {"requests": %d, "duration_us": %d, "bytes": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"latency_us": {"mean": %.1f, "stdev": %.1f, "max": %d, "p50": %d, "p90": %d, "p99": %d, "p999": %d}}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean, latency.stdev, latency.max,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9)))
end

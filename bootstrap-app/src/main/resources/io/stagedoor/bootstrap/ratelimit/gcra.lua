-- Rate limits checked and counted in one round trip: GCRA (the generic cell rate algorithm, a token bucket kept as one
-- number per limit). A key holds its bucket's "theoretical arrival time" (TAT, ms on Redis's own clock): each admitted
-- request pushes it one interval further; a request is refused while TAT would lie more than burst intervals ahead of
-- now. Redis's clock, not the instances': every instance sharing a key measures time on the one server that holds it.
-- All or nothing: the request is counted in every key only when every key admits it, so a refused request spends
-- no budget.
-- KEYS[i] one limit's key   ARGV[2i-1] its interval between requests (ms)   ARGV[2i] its burst (requests)
-- Returns {1, 0} when admitted (and counted), {0, ms until every limit would admit it} when refused.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local next_tats = {}
local wait = 0
for i = 1, #KEYS do
  local interval = tonumber(ARGV[2 * i - 1])
  local burst = tonumber(ARGV[2 * i])
  local tat = tonumber(redis.call('GET', KEYS[i])) or now
  if tat < now then
    tat = now
  end
  next_tats[i] = tat + interval
  local until_admitted = next_tats[i] - burst * interval - now
  if until_admitted > wait then
    wait = until_admitted
  end
end
if wait > 0 then
  return {0, wait}
end
for i = 1, #KEYS do
  redis.call('SET', KEYS[i], string.format('%.0f', next_tats[i]), 'PX', string.format('%.0f', next_tats[i] - now))
end
return {1, 0}

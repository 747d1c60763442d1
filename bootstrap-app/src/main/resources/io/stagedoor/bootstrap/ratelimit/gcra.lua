-- One rate limit, checked and counted in one round trip: GCRA (the generic cell rate algorithm, a token bucket kept
-- as one number). The key holds the "theoretical arrival time" (TAT, ms on Redis's own clock): each admitted request
-- pushes it one interval further; a request is refused while TAT would lie more than burst intervals ahead of now.
-- Redis's clock, not the instances': every instance sharing the key measures time on the one server that holds it.
-- KEYS[1] the limit's key   ARGV[1] interval between requests (ms)   ARGV[2] burst (requests)
-- Returns {1, 0} when admitted (and counted), {0, ms until the next request would be admitted} when refused.
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local tat = tonumber(redis.call('GET', KEYS[1])) or now
if tat < now then
  tat = now
end
local next_tat = tat + interval
local wait = next_tat - burst * interval - now
if wait > 0 then
  return {0, wait}
end
redis.call('SET', KEYS[1], string.format('%.0f', next_tat), 'PX', next_tat - now)
return {1, 0}

-- An operator's view of a room, optionally storing changed settings first (field/value pairs after ARGV[1]).
-- KEYS[1] queue:{c}:waiting  KEYS[2] queue:{c}:active  KEYS[3] queue:{c}:admitted  KEYS[4] queue:{c}:settings
-- ARGV[1] now (ms)  ARGV[2..] settings field, value, ...
-- Returns {waiting, active, admittedLastMinute, activeCapacity, admissionsPerMinute, sessionSeconds, paused}
local now = tonumber(ARGV[1])
local nowSec = math.floor(now / 1000)
for i = 2, #ARGV, 2 do
  redis.call('HSET', KEYS[4], ARGV[i], ARGV[i + 1])
end
local admitted = 0
local counts = redis.call('HGETALL', KEYS[3])
for i = 1, #counts, 2 do
  local second = tonumber(counts[i]) -- skips the field 'total'; the window is AdmissionPolicy.inRateWindow
  if second and second > nowSec - 61 then
    admitted = admitted + tonumber(counts[i + 1])
  end
end
local s = redis.call('HMGET', KEYS[4], 'activeCapacity', 'admissionsPerMinute', 'sessionSeconds', 'paused')
return {tostring(redis.call('ZCARD', KEYS[1])), tostring(redis.call('ZCOUNT', KEYS[2], '(' .. now, '+inf')),
  tostring(admitted), s[1] or '', s[2] or '', s[3] or '', s[4] or ''}

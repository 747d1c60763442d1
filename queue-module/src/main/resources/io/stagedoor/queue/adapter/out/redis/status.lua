-- Where a token stands; refreshes a waiter's last-seen time. A waiter past the abandon grace period is dropped here.
-- KEYS[1] queue:{c}:waiting  KEYS[2] queue:{c}:active  KEYS[3] queue:{c}:admitted  KEYS[4] queue:{c}:settings
-- ARGV[1] key prefix  ARGV[2] userId  ARGV[3] secret  ARGV[4] now (ms)  ARGV[5] abandon grace (s)
-- Returns {'ACTIVE', activeUntilMs}
--       | {'WAITING', position, admittedLastMinute, capacity, perMinute, session, paused, active}
--       | {'GONE'}
local prefix, uid, secret = ARGV[1], ARGV[2], ARGV[3]
local now = tonumber(ARGV[4])
local nowSec = math.floor(now / 1000)
local grace = tonumber(ARGV[5])

if redis.call('GET', prefix .. 'session:' .. uid) == secret then
  local activeUntil = redis.call('ZSCORE', KEYS[2], uid)
  if activeUntil and tonumber(activeUntil) > now then
    return {'ACTIVE', activeUntil}
  end
  return {'GONE'}
end

local seq = redis.call('ZSCORE', KEYS[1], uid)
if not seq then
  return {'GONE'}
end
local bucket = prefix .. 'waiters:' .. math.floor(tonumber(seq) / 100)
local entry = redis.call('HGET', bucket, uid)
local sep = entry and string.find(entry, ':', 1, true)
if not sep or string.sub(entry, 1, sep - 1) ~= secret then
  return {'GONE'}
end
local seen = tonumber(string.sub(entry, sep + 1))
if nowSec - seen > grace then
  redis.call('ZREM', KEYS[1], uid)
  redis.call('HDEL', bucket, uid)
  return {'GONE'}
end
-- last-seen has one-second resolution: a second poll within the same second has nothing to write
if seen ~= nowSec then
  redis.call('HSET', bucket, uid, secret .. ':' .. nowSec)
end
local position = redis.call('ZRANK', KEYS[1], uid) + 1

-- the rolling admission total the last admission round left (at most one tick old), and the running sessions
local admitted = redis.call('HGET', KEYS[3], 'total') or '0'
local active = redis.call('ZCOUNT', KEYS[2], '(' .. now, '+inf')
local s = redis.call('HMGET', KEYS[4], 'activeCapacity', 'admissionsPerMinute', 'sessionSeconds', 'paused')
return {'WAITING', tostring(position), admitted, s[1] or '', s[2] or '', s[3] or '', s[4] or '', tostring(active)}

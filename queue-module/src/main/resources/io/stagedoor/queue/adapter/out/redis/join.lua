-- Join a room's line, or hand back the live token the user already holds (one atomic step, so racing joins of one
-- user get one token and one place).
-- KEYS[1] queue:{c}:seq  KEYS[2] queue:{c}:waiting  KEYS[3] queue:{c}:active
-- KEYS[4] queue:{c}:admitted  KEYS[5] queue:{c}:settings (both optional: without them the room figures are '')
-- ARGV[1] key prefix "queue:{c}:"  ARGV[2] userId  ARGV[3] fresh random part of the secret (stored as <seq>.<random>)  ARGV[4] now (ms)  ARGV[5] abandon grace (s)
-- Returns {status, secret, position, activeUntilMs, created, admittedLastMinute, active,
--          activeCapacity, admissionsPerMinute, sessionSeconds, paused, roomWasIdle} (the room figures for the wait
--          estimate; an ACTIVE answer stops after created). roomWasIdle is '1' when nobody waited and no session was
--          listed just before this join: an admission round may have just taken the room off queue:rooms, so the
--          caller must put it back (SADD, after this script: see RoomIndex.java for why that order matters).
local prefix, uid, fresh = ARGV[1], ARGV[2], ARGV[3]
local now = tonumber(ARGV[4])
local nowSec = math.floor(now / 1000)
local grace = tonumber(ARGV[5])

-- what the wait estimate needs about the room (cheap: one field, one ZCOUNT, one HMGET)
local function waiting(secret, position, created, roomWasIdle)
  local reply = {'WAITING', secret, tostring(position), '', created, '', '', '', '', '', '', roomWasIdle}
  if KEYS[5] then
    reply[6] = redis.call('HGET', KEYS[4], 'total') or '0'
    reply[7] = tostring(redis.call('ZCOUNT', KEYS[3], '(' .. now, '+inf'))
    local s = redis.call('HMGET', KEYS[5], 'activeCapacity', 'admissionsPerMinute', 'sessionSeconds', 'paused')
    for i = 1, 4 do
      reply[7 + i] = s[i] or ''
    end
  end
  return reply
end

local activeUntil = redis.call('ZSCORE', KEYS[3], uid)
if activeUntil and tonumber(activeUntil) > now then
  local secret = redis.call('GET', prefix .. 'session:' .. uid)
  if secret then
    return {'ACTIVE', secret, '0', activeUntil, '0'}
  end
end

local seq = redis.call('ZSCORE', KEYS[2], uid)
if seq then
  local bucket = prefix .. 'waiters:' .. math.floor(tonumber(seq) / 100)
  local entry = redis.call('HGET', bucket, uid)
  local sep = entry and string.find(entry, ':', 1, true)
  if sep and nowSec - tonumber(string.sub(entry, sep + 1)) <= grace then
    local secret = string.sub(entry, 1, sep - 1)
    redis.call('HSET', bucket, uid, secret .. ':' .. nowSec)
    return waiting(secret, redis.call('ZRANK', KEYS[2], uid) + 1, '0', '0')
  end
  -- abandoned (not seen within the grace period): the old place is gone, take a new one at the back
  redis.call('ZREM', KEYS[2], uid)
  redis.call('HDEL', bucket, uid)
end

-- counted, not timed (ZCARD, expired sessions included): the re-check of a retirement counts the same way, so a join
-- that finds the room idle after a re-check did is always told so, whatever the callers' clocks say
local roomWasIdle = '0'
if not seq and redis.call('ZCARD', KEYS[2]) == 0 and redis.call('ZCARD', KEYS[3]) == 0 then
  roomWasIdle = '1'
end
seq = redis.call('INCR', KEYS[1])
-- the stored secret carries the place's sequence number, so the token (and the session it becomes) does too: an
-- instance answers the token's status from its picture of the room (docs/queue.md)
local secret = string.format('%d', seq) .. '.' .. fresh
redis.call('ZADD', KEYS[2], seq, uid)
redis.call('HSET', prefix .. 'waiters:' .. math.floor(seq / 100), uid, secret .. ':' .. nowSec)
return waiting(secret, redis.call('ZRANK', KEYS[2], uid) + 1, '1', roomWasIdle)

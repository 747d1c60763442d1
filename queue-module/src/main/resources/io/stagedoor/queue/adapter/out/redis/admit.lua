-- One admission round for one room (AdmissionPolicy, atomically): drop expired sessions, sweep part of the line for
-- abandoned waiters, then admit min(capacity - active, per-minute budget left) waiters in sequence order.
-- Running it on any number of instances at once never over-admits: each run sees the previous one's result.
-- KEYS[1] queue:{c}:waiting  KEYS[2] queue:{c}:active  KEYS[3] queue:{c}:admitted  KEYS[4] queue:{c}:settings
-- KEYS[5] queue:{c}:seq  KEYS[6] queue:{c}:sweep
-- ARGV[1] key prefix  ARGV[2] now (ms)  ARGV[3] abandon grace (s)  ARGV[4] default activeCapacity
-- ARGV[5] default admissionsPerMinute  ARGV[6] default sessionSeconds  ARGV[7] default paused (1/0)
-- ARGV[8] waiter buckets to sweep per round
-- Returns {admitted, abandoned, expired, swept, active, waiting, admittedLastMinute, seq of each admitted...}
local prefix = ARGV[1]
local now = tonumber(ARGV[2])
local nowSec = math.floor(now / 1000)
local grace = tonumber(ARGV[3])

local s = redis.call('HMGET', KEYS[4], 'activeCapacity', 'admissionsPerMinute', 'sessionSeconds', 'paused')
local capacity = tonumber(s[1]) or tonumber(ARGV[4])
local perMinute = tonumber(s[2]) or tonumber(ARGV[5])
local sessionMs = (tonumber(s[3]) or tonumber(ARGV[6])) * 1000
local paused = ARGV[7] == '1'
if s[4] then
  paused = s[4] == '1'
end

-- 1. sessions that ran out
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)
for _, uid in ipairs(expired) do
  redis.call('DEL', prefix .. 'session:' .. uid)
end
if #expired > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
end

-- 2. admissions in the rate window (AdmissionPolicy.inRateWindow): the per-second counters of seconds nowSec-60 ..
-- nowSec, i.e. 61 of them, because any 60 s window holding an admission made now starts in second nowSec-60 or later
-- (with 60 counters, admissions early in second b and in second b+60 were only 59.x s apart). Older ones are pruned.
-- The field 'total' is not a counter: it is the rolling total this script leaves for status.lua and join.lua.
local admittedLastMinute = 0
local counts = redis.call('HGETALL', KEYS[3])
for i = 1, #counts, 2 do
  local second = tonumber(counts[i])
  if second then
    if second > nowSec - 61 then
      admittedLastMinute = admittedLastMinute + tonumber(counts[i + 1])
    else
      redis.call('HDEL', KEYS[3], counts[i])
    end
  end
end

-- 3. sweep a few waiter buckets (100 sequence numbers each) for waiters not seen within the grace period
local swept = 0
local head = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #head > 0 then
  local low = math.floor(tonumber(head[2]) / 100)
  local high = math.floor(tonumber(redis.call('GET', KEYS[5]) or head[2]) / 100)
  local cursor = tonumber(redis.call('GET', KEYS[6]) or low)
  if cursor < low or cursor > high then
    cursor = low
  end
  for _ = 1, tonumber(ARGV[8]) do
    local bucket = prefix .. 'waiters:' .. cursor
    local entries = redis.call('HGETALL', bucket)
    for j = 1, #entries, 2 do
      local seen = tonumber(string.match(entries[j + 1], ':(%d+)$'))
      if not seen or nowSec - seen > grace then
        local seq = redis.call('ZSCORE', KEYS[1], entries[j])
        if seq and math.floor(tonumber(seq) / 100) == cursor then
          redis.call('ZREM', KEYS[1], entries[j])
        end
        redis.call('HDEL', bucket, entries[j])
        swept = swept + 1
      end
    end
    cursor = cursor + 1
    if cursor > high then
      cursor = low
      break
    end
  end
  redis.call('SET', KEYS[6], cursor)
end

-- 4. admit from the front, in sequence order
local free = 0
if not paused then
  free = math.min(capacity - redis.call('ZCARD', KEYS[2]), perMinute - admittedLastMinute)
end
local admittedSeqs = {}
local abandoned = 0
local budget = free + 1000 -- bounds the work of one round when the head of the line is full of abandoned places
while #admittedSeqs < free and budget > 0 do
  local batch = redis.call('ZRANGE', KEYS[1], 0, free - #admittedSeqs - 1, 'WITHSCORES')
  if #batch == 0 then
    break
  end
  for j = 1, #batch, 2 do
    local uid, seq = batch[j], batch[j + 1]
    budget = budget - 1
    local bucket = prefix .. 'waiters:' .. math.floor(tonumber(seq) / 100)
    local entry = redis.call('HGET', bucket, uid)
    redis.call('ZREM', KEYS[1], uid)
    redis.call('HDEL', bucket, uid)
    local sep = entry and string.find(entry, ':', 1, true)
    if sep and nowSec - tonumber(string.sub(entry, sep + 1)) <= grace then
      redis.call('SET', prefix .. 'session:' .. uid, string.sub(entry, 1, sep - 1), 'PX', sessionMs)
      redis.call('ZADD', KEYS[2], now + sessionMs, uid)
      admittedSeqs[#admittedSeqs + 1] = seq
    else
      abandoned = abandoned + 1
    end
  end
end
if #admittedSeqs > 0 then
  redis.call('HINCRBY', KEYS[3], tostring(nowSec), #admittedSeqs)
end
-- the rolling total as of this round, so a status poll reads one field instead of walking the counters
redis.call('HSET', KEYS[3], 'total', admittedLastMinute + #admittedSeqs)

local result = {#admittedSeqs, abandoned, #expired, swept, redis.call('ZCARD', KEYS[2]), redis.call('ZCARD', KEYS[1]),
  admittedLastMinute + #admittedSeqs}
for _, seq in ipairs(admittedSeqs) do
  result[#result + 1] = seq
end
return result

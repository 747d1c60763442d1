-- One refresh of an instance's picture of a room (docs/queue.md, Status from memory): first the heartbeats of the
-- waiters the instance answered from memory since its last refresh, then what a status answer needs.
-- KEYS[1] queue:{c}:waiting  KEYS[2] queue:{c}:active  KEYS[3] queue:{c}:admitted  KEYS[4] queue:{c}:settings
-- KEYS[5] queue:{c}:seq
-- ARGV[1] key prefix  ARGV[2] now (ms)  ARGV[3] abandon grace (s)  ARGV[4] front size  ARGV[5..] pairs userId, secret
-- Returns {waiting, active, admittedLastMinute, capacity, perMinute, session, paused, lastSeq, #gone, gone secrets...,
--          #counters, (second, admissions) of each per-second counter of the rate window...,
--          sequence numbers of the first <front size> waiters...}
local prefix = ARGV[1]
local now = tonumber(ARGV[2])
local nowSec = math.floor(now / 1000)
local grace = tonumber(ARGV[3])

-- 1. heartbeats: a waiter whose secret still matches its place is seen now; any other is reported gone (admitted,
-- swept, expired or replaced). A place already past the grace period is left to the sweep, not revived.
local gone = {}
for i = 5, #ARGV, 2 do
  local uid, secret = ARGV[i], ARGV[i + 1]
  local seq = tonumber(string.match(secret, '^(%d+)%.'))
  local alive = false
  if seq then
    local bucket = prefix .. 'waiters:' .. math.floor(seq / 100)
    local entry = redis.call('HGET', bucket, uid)
    local sep = entry and string.find(entry, ':', 1, true)
    if sep and string.sub(entry, 1, sep - 1) == secret then
      local seen = tonumber(string.sub(entry, sep + 1))
      if nowSec - seen <= grace then
        alive = true
        if seen ~= nowSec then
          redis.call('HSET', bucket, uid, secret .. ':' .. nowSec)
        end
      end
    end
  end
  if not alive then
    gone[#gone + 1] = secret
  end
end

-- 2. the picture
local s = redis.call('HMGET', KEYS[4], 'activeCapacity', 'admissionsPerMinute', 'sessionSeconds', 'paused')
local result = {tostring(redis.call('ZCARD', KEYS[1])), tostring(redis.call('ZCOUNT', KEYS[2], '(' .. now, '+inf')),
  redis.call('HGET', KEYS[3], 'total') or '0', s[1] or '', s[2] or '', s[3] or '', s[4] or '',
  redis.call('GET', KEYS[5]) or '0', tostring(#gone)}
for _, secret in ipairs(gone) do
  result[#result + 1] = secret
end
-- the rate window's per-second counters (admit.lua), so the estimate can count down to when spent budget comes back
local counters = {}
local counts = redis.call('HGETALL', KEYS[3])
for i = 1, #counts, 2 do
  local second = tonumber(counts[i])
  if second and second > nowSec - 61 then
    counters[#counters + 1] = counts[i]
    counters[#counters + 1] = counts[i + 1]
  end
end
result[#result + 1] = tostring(#counters / 2)
for _, value in ipairs(counters) do
  result[#result + 1] = value
end
local front = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[4]) - 1, 'WITHSCORES')
for j = 2, #front, 2 do
  result[#result + 1] = front[j]
end
return result

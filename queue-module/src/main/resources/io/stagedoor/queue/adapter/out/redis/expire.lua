-- End a token at once (paid, revoked): an active session or a waiting place, whichever the token holds.
-- KEYS[1] queue:{c}:waiting  KEYS[2] queue:{c}:active
-- ARGV[1] key prefix  ARGV[2] userId  ARGV[3] secret
-- Returns 1 when something was ended, 0 when the token held nothing (already expired or unknown).
local prefix, uid, secret = ARGV[1], ARGV[2], ARGV[3]
local session = prefix .. 'session:' .. uid
if redis.call('GET', session) == secret then
  redis.call('DEL', session)
  redis.call('ZREM', KEYS[2], uid)
  return 1
end
local seq = redis.call('ZSCORE', KEYS[1], uid)
if seq then
  local bucket = prefix .. 'waiters:' .. math.floor(tonumber(seq) / 100)
  local entry = redis.call('HGET', bucket, uid)
  if entry and string.sub(entry, 1, #secret + 1) == secret .. ':' then
    redis.call('ZREM', KEYS[1], uid)
    redis.call('HDEL', bucket, uid)
    return 1
  end
end
return 0

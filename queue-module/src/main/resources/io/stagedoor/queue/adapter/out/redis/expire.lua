-- End tokens at once (paid, revoked): an active session or a waiting place, whichever each token holds.
-- One call ends every token of one room that a payment batch paid, instead of one call per token.
-- KEYS[1] queue:{c}:waiting  KEYS[2] queue:{c}:active
-- ARGV[1] key prefix, then pairs: ARGV[2k] userId  ARGV[2k+1] secret
-- Returns how many tokens held something and were ended (0 for tokens already expired or unknown).
local prefix = ARGV[1]
local ended = 0
for i = 2, #ARGV - 1, 2 do
  local uid, secret = ARGV[i], ARGV[i + 1]
  local session = prefix .. 'session:' .. uid
  if redis.call('GET', session) == secret then
    redis.call('DEL', session)
    redis.call('ZREM', KEYS[2], uid)
    ended = ended + 1
  else
    local seq = redis.call('ZSCORE', KEYS[1], uid)
    if seq then
      local bucket = prefix .. 'waiters:' .. math.floor(tonumber(seq) / 100)
      local entry = redis.call('HGET', bucket, uid)
      if entry and string.sub(entry, 1, #secret + 1) == secret .. ':' then
        redis.call('ZREM', KEYS[1], uid)
        redis.call('HDEL', bucket, uid)
        ended = ended + 1
      end
    end
  end
end
return ended

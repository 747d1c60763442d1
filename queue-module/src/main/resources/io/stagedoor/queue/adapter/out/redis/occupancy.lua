-- How many people a room holds: waiters plus listed sessions (counted, not timed: sessions past their end count until
-- an admission round drops them, exactly as join.lua counts when it reports an idle room).
-- The re-check of a retirement (RoomIndex): it runs after SREM queue:rooms, so a join that came in after the idle
-- admission round but before the SREM is seen here, and the room goes back into the index.
-- KEYS[1] queue:{c}:waiting  KEYS[2] queue:{c}:active
return redis.call('ZCARD', KEYS[1]) + redis.call('ZCARD', KEYS[2])

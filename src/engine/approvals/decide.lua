-- Decides a pending approval once. KEYS[1]: the approval's hash; ARGV: decision, user, now (ms).
-- Returns 'ok' when this call decided it, else the state it already had ('missing' if none).
-- A click that comes after the expiry turns the approval to 'expired' instead.
local state = redis.call('HGET', KEYS[1], 'state')
if not state then return 'missing' end
if state ~= 'pending' then return state end
if ARGV[1] ~= 'expired' and tonumber(redis.call('HGET', KEYS[1], 'expiresAt')) <= tonumber(ARGV[3]) then
  redis.call('HSET', KEYS[1], 'state', 'expired', 'decidedAt', ARGV[3])
  return 'expired'
end
redis.call('HSET', KEYS[1], 'state', ARGV[1], 'decidedBy', ARGV[2], 'decidedAt', ARGV[3])
return 'ok'

--- Seccomp actions as values: what the filter returns for a syscall.
-- An action is an immutable table `{ kind = "errno", data = 1 }` whose
-- `value` is the 32-bit SECCOMP_RET_* word the kernel reads.
-- @module seccomp.action
local blame = require "seccomp.blame"

blame.register()

local M = {}

--- SECCOMP_RET_* bases, from linux/seccomp.h.
M.RET = {
	kill_process = 0x80000000,
	kill_thread = 0x00000000,
	trap = 0x00030000,
	errno = 0x00050000,
	user_notif = 0x7fc00000,
	trace = 0x7ff00000,
	log = 0x7ffc0000,
	allow = 0x7fff0000,
}

-- Which kinds carry 16 bits of data, and the largest value each takes.
-- errno stops at 4095 because the kernel caps it at MAX_ERRNO.
local data_limit = { errno = 4095, trap = 0xffff, trace = 0xffff }

local Action = {}
Action.__index = Action

function Action:__tostring()
	if data_limit[self.kind] then
		return ("%s(%d)"):format(self.kind, self.data)
	end
	return self.kind
end

function Action.__eq(a, b)
	return a.value == b.value
end

Action.__newindex = function()
	error("an action is immutable", 2)
end

--- Makes an action.
-- @tparam string kind allow, errno, kill_process, kill_thread, trap,
-- trace, log or user_notif ("kill" is kill_process, "notify" user_notif)
-- @tparam[opt] integer data errno number, trap or trace data
-- @treturn table the action
-- @raise on an unknown kind or data out of range
function M.new(kind, data)
	if kind == "kill" then kind = "kill_process" end
	if kind == "notify" then kind = "user_notif" end
	local base = M.RET[kind]
	if not base then
		blame.error(("unknown action '%s'"):format(tostring(kind)))
	end
	local limit = data_limit[kind]
	if limit then
		data = data or 0
		if math.type(data) ~= "integer" or data < 0 or data > limit then
			blame.error(("%s takes an integer 0..%d, not %s")
				:format(kind, limit, tostring(data)))
		end
	elseif data ~= nil then
		blame.error(("action '%s' takes no argument"):format(kind))
	end
	local self = { kind = kind, data = data or 0, value = base | (data or 0) }
	return setmetatable(self, Action)
end

--- True when v is an action value.
function M.is(v)
	return getmetatable(v) == Action
end

--- An action from what a profile wrote: an action value, or a kind name
-- and its argument.
-- @raise on anything else
function M.coerce(kind, data)
	if M.is(kind) then
		return kind
	end
	if type(kind) ~= "string" then
		blame.error("an action must be a name or an action value, not "
			.. type(kind))
	end
	return M.new(kind, data)
end

--- The action whose SECCOMP_RET_* word is value.
function M.from_value(value)
	local base = value & 0xffff0000
	for kind, b in pairs(M.RET) do
		if b == base then
			return M.new(kind, data_limit[kind] and (value & 0xffff) or nil)
		end
	end
	error(("no seccomp action has the value 0x%08x"):format(value), 2)
end

--- True when the action lets the syscall run (allow, log).
function M.permits(a)
	return a.kind == "allow" or a.kind == "log"
end

M.allow = M.new("allow")
M.kill_process = M.new("kill_process")
M.kill_thread = M.new("kill_thread")
M.log = M.new("log")
M.user_notif = M.new("user_notif")

return M

--- seccomp: describe a seccomp policy with a fluent builder.
--
--    local seccomp = require "seccomp"
--    local p = seccomp.allow { "read", "write", "exit_group" }
--      :deny { "ptrace", "mount" }
--      :default("errno", EPERM)
--    local filter = p:compile()
--    print(filter:eval { syscall = "ptrace" })   --> 327681 (errno 1)
--
-- @module seccomp
local policy = require "seccomp.policy"
local action = require "seccomp.action"
local condition = require "seccomp.condition"
local blame = require "seccomp.blame"

blame.register()

local M = {}

--- The empty policy (default kill_process): start here and add rules.
M.policy = policy.empty
M.is_policy = policy.is

--- A policy that allows the named syscalls and kills on every other.
-- @tparam table list names, "@groups", or `name = condition` entries
function M.allow(list, cond)
	return policy.empty():allow(list, cond)
end

--- A policy that denies the named syscalls with errno(EPERM); its
-- default is still kill_process: chain `:default "allow"` for a deny list.
function M.deny(list, cond)
	return policy.empty():deny(list, cond)
end

--- Allows the names, and takes default (kill_process unless given) for
-- everything else.
function M.allow_list(list, default, data)
	return policy.empty():allow(list)
		:default(default or "kill_process", data)
end

--- Allows everything but the names, which take deny (errno(EPERM) unless
-- given).
function M.deny_list(list, deny, data)
	local p = policy.empty():default("allow")
	return p:rule(deny and action.coerce(deny, data) or action.new("errno",
		1), list)
end

--- A policy from raw `{ action, syscall [, condition] }` triples, in
-- order; action is a name or an action value:
-- `from_rules { { "allow", "read" }, { seccomp.errno(EPERM), "ptrace" } }`.
function M.from_rules(list, default, data)
	blame.check_type("rules", list, "table")
	local p = policy.empty()
	if default then p = p:default(default, data) end
	for i, r in ipairs(list) do
		if type(r) ~= "table" or r[1] == nil or r[2] == nil then
			blame.error(("rule %d must be { action, syscall }"):format(i))
		end
		p = p:rule(r[1], r[2], r[3])
	end
	return p
end

--- Action values, for rules and defaults.
M.action = action.new
M.allow_action = action.allow
M.kill_process = action.kill_process
M.kill_thread = action.kill_thread
M.log = action.log
M.user_notif = action.user_notif

--- errno(n): fail the call with errno n.
function M.errno(n) return action.new("errno", n) end

--- trap(n): send SIGSYS, with n (default 0) in si_errno.
function M.trap(n) return action.new("trap", n or 0) end

--- trace(n): hand the call to a ptrace tracer with n as its message
-- (ENOSYS when no tracer is attached).
function M.trace(n) return action.new("trace", n or 0) end

--- Conditions: `seccomp.arg(0):eq(AF_UNIX)`, `any(...)`, `all(...)`.
M.arg = condition.arg
M.any = condition.any
M.all = condition.all

return M

--- The user-notification supervisor's Lua half: turns a profile's
-- `policy:supervise(fn)` into the decision src/sandbox/notify.c asks
-- for each notified syscall.  It runs in the launcher, the parent of the
-- sandbox, never under the filter.
--
-- A decision is `true` (the syscall runs: SECCOMP_USER_NOTIF_FLAG_CONTINUE)
-- or an errno number the syscall fails with.  See `policy:supervise` for
-- what fn receives and may answer, and for the TOCTOU caveat that makes a
-- supervisor no security decision on pointed-to memory.
-- @module sandbox.supervise
local core = require "seccomp.core"
local action = require "seccomp.action"

local M = {}

local EPERM = 1

--- One call as a log line: `openat(0xffffff9c, 0x7ffc1234, 0x0, ...)`,
-- with the arch first when it is not the native one.
-- @tparam table call a notified call
-- @treturn string
function M.format(call)
	local args = {}
	for i = 1, 6 do
		args[i] = ("0x%x"):format(call.args and call.args[i] or 0)
	end
	local name = call.syscall or ("syscall " .. tostring(call.nr))
	local arch = ""
	if call.arch and call.arch ~= core.native_arch() then
		arch = call.arch .. " "
	end
	return ("%s%s(%s)"):format(arch, name, table.concat(args, ", "))
end

--- The decision for what a supervise function returned.
-- @param result an action value, or an action name
-- @param[opt] data the errno number after "errno"
-- @treturn[1] true|integer the decision
-- @treturn[2] nil
-- @treturn[2] string why result is no action
function M.answer(result, data)
	if result == "errno" and data == nil then return EPERM end
	if type(result) ~= "string" and not action.is(result) then
		return nil, "the supervise function must return an action, not "
			.. type(result)
	end
	local ok, a = pcall(action.coerce, result, data)
	if not ok then
		return nil, "the supervise function returned no action: "
			.. (tostring(a):gsub("^[^\n]-:%d+: ", ""))
	end
	if a.kind == "allow" then return true end
	if a.kind == "errno" then return a.data end
	return EPERM
end

local function say(line)
	io.stderr:write("luasandbox: ", (line:gsub("\n", " ")), "\n")
end

-- The "file:line" where fn was defined.
local function defined_at(fn)
	local info = debug.getinfo(fn, "S")
	return info.short_src .. ":" .. info.linedefined
end

-- An error's message, with fn's definition as its place when the error
-- named none.
local function located(err, fn)
	local msg = tostring(err)
	if msg:match("^[^\n:]+:%d+: ") then return msg end
	return defined_at(fn) .. ": " .. msg
end

local function describe(decision)
	if decision == true then return "allow" end
	return ("errno(%d)"):format(decision)
end

-- The decision of fn for call: errors and non-actions fail it closed.
local function consult(fn, call)
	local ok, result, data = pcall(fn, call)
	if not ok then
		say("supervise: " .. located(result, fn))
		return EPERM
	end
	local decision, why = M.answer(result, data)
	if decision == nil then
		say("supervise: " .. defined_at(fn) .. ": " .. why)
		return EPERM
	end
	return decision
end

--- The decide function for policy.
-- @tparam Policy policy the profile's policy
-- @tparam[opt] table options `{ verbose = n }`: when above 0, each call
-- is logged to stderr as `luasandbox: notify: pid N: openat(...)`,
-- followed by `: errno(13)` or `: allow` when the profile supervises
-- @treturn function decide(call) -> true | errno number
function M.new(policy, options)
	local verbose = options and (options.verbose or 0) > 0
	local fn = policy:describe().supervise
	if not fn then
		return function(call)
			if verbose then
				say(("notify: pid %d: %s"):format(call.pid, M.format(call)))
			end
			return true
		end
	end
	return function(call)
		local decision = consult(fn, call)
		if verbose then
			say(("notify: pid %d: %s: %s"):format(call.pid, M.format(call),
				describe(decision)))
		end
		return decision
	end
end

return M

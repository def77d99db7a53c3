--- Policies as values.  Every builder method returns a new Policy and
-- leaves its receiver unchanged, so one base profile can be extended by
-- many others.
--
-- For one syscall, a later rule takes precedence over earlier ones where
-- its condition holds; where it does not hold, the earlier rules still
-- decide, and the default decides when no rule does.
-- @module seccomp.policy
local core = require "seccomp.core"
local blame = require "seccomp.blame"
local action = require "seccomp.action"
local condition = require "seccomp.condition"
local names = require "seccomp.names"

blame.register()

local M = {}

local Policy = {}
local methods = {}
Policy.__index = methods
Policy.__newindex = function()
	error("a policy is a value: use its methods to derive a new one", 2)
end

-- Each policy's fields, out of reach of the profile: rules (a frozen
-- array), default, bad_arch, newer (actions), arches (names or nil for
-- the native arch), ready (a hook or nil) and supervise (a function or
-- nil).
local fields_of = setmetatable({}, { __mode = "k" })

-- Filters already compiled: a policy never changes, so neither does its
-- filter.
local compiled = setmetatable({}, { __mode = "k" })

local function make(fields)
	local p = setmetatable({}, Policy)
	fields_of[p] = fields
	return p
end

local function derive(p, changes)
	local f = fields_of[p]
	if not f then
		blame.error("a policy method was called on " .. type(p)
			.. " (use ':' not '.')")
	end
	local copy = {}
	for k, v in pairs(f) do copy[k] = v end
	for k, v in pairs(changes) do copy[k] = v end
	return make(copy)
end

--- True when v is a Policy.
function M.is(v)
	return fields_of[v] ~= nil
end

--- The empty policy: no rules, kill_process by default (fail closed),
-- kill_process for a foreign arch, errno(ENOSYS) for syscalls newer than
-- the tables so that libc falls back as on an old kernel.
function M.empty()
	return make({
		rules = {},
		default = action.kill_process,
		bad_arch = action.kill_process,
		newer = action.new("errno", 38),
	})
end

local function coerce_condition(c)
	if c == nil or condition.is(c) then return c end
	if type(c) == "string" then
		return require("seccomp.parse").condition(c)
	end
	blame.error("a condition must be a condition value or a string, not "
		.. type(c))
end

-- Expands one name ("read", "@basic-io") into checked syscall names, as
-- { name, group } pairs: group is the "@group" a name came from, or nil.
local function expand(name, out)
	if type(name) == "string" and name:sub(1, 1) == "@" then
		for _, member in ipairs(require("seccomp.groups").members(name)) do
			out[#out + 1] = { member, name }
		end
	else
		out[#out + 1] = { names.check(name) }
	end
end

-- The (name, condition) pairs a rule call names: a string, or a list of
-- strings with optional `name = condition` entries.
local function targets(list, cond)
	local pairs_out = {}
	local function add(name, c)
		local expanded = {}
		expand(name, expanded)
		for _, n in ipairs(expanded) do
			pairs_out[#pairs_out + 1] = { n[1], c, n[2] }
		end
	end
	if type(list) == "string" then
		add(list, cond)
	elseif type(list) == "table" and not M.is(list) then
		for _, name in ipairs(list) do add(name, cond) end
		local keyed = {}
		for k in pairs(list) do
			if math.type(k) ~= "integer" then keyed[#keyed + 1] = k end
		end
		table.sort(keyed, function(a, b) return tostring(a) < tostring(b) end)
		for _, k in ipairs(keyed) do
			if cond then
				blame.error("'" .. tostring(k) .. " = condition' and a "
					.. "condition argument cannot be combined")
			end
			add(k, coerce_condition(list[k]))
		end
	else
		blame.error("syscalls must be a name or a list of names, not "
			.. type(list))
	end
	return pairs_out
end

--- Adds rules: every named syscall takes act where cond holds.
-- @tparam string|table act an action name or value
-- @tparam string|table list a syscall name, "@group", or a list of them;
-- list entries `name = condition` carry their own condition
-- @param[opt] cond a condition value or string, for every name
-- @treturn Policy the new policy
function methods:rule(act, list, cond)
	act = action.coerce(act)
	cond = coerce_condition(cond)
	local origin = blame.where()
	local base = fields_of[self] and fields_of[self].rules or {}
	local rules = table.move(base, 1, #base, 1, {})
	for _, t in ipairs(targets(list, cond)) do
		rules[#rules + 1] = {
			syscall = t[1], action = act, condition = t[2], origin = origin,
			group = t[3],
		}
	end
	return derive(self, { rules = rules })
end

--- Allows the named syscalls (where cond holds).
function methods:allow(list, cond)
	return self:rule(action.allow, list, cond)
end

--- Denies the named syscalls with errno(EPERM) (where cond holds).
function methods:deny(list, cond)
	return self:rule(action.new("errno", 1), list, cond)
end

--- Fails the named syscalls with errno n (where cond holds).
function methods:errno(n, list, cond)
	return self:rule(action.new("errno", n), list, cond)
end

--- Kills the process on the named syscalls (where cond holds).
function methods:kill(list, cond)
	return self:rule(action.kill_process, list, cond)
end

--- Allows and logs the named syscalls (where cond holds).
function methods:log(list, cond)
	return self:rule(action.log, list, cond)
end

--- Sends SIGSYS on the named syscalls (where cond holds).
function methods:trap(list, cond)
	return self:rule(action.new("trap", 0), list, cond)
end

--- Hands the named syscalls to the user-notification supervisor.
function methods:notify(list, cond)
	return self:rule(action.user_notif, list, cond)
end

--- Sets the action for syscalls no rule decides.
function methods:default(kind, data)
	return derive(self, { default = action.coerce(kind, data) })
end

--- Sets the action for a foreign arch (default kill_process).
function methods:bad_arch(kind, data)
	return derive(self, { bad_arch = action.coerce(kind, data) })
end

--- Sets the action for syscalls newer than the tables (default
-- errno(ENOSYS)).
function methods:newer(kind, data)
	return derive(self, { newer = action.coerce(kind, data) })
end

--- Sets the target arches: `p:arches{ "x86_64", "i386", "x32" }`.
function methods:arches(list)
	blame.check_type("arches", list, "table")
	local known = {}
	for _, a in ipairs(core.arches()) do known[a] = true end
	local copy = {}
	for i, a in ipairs(list) do
		if not known[a] then
			blame.error(("unknown arch '%s' (known: %s)"):format(tostring(a),
				table.concat(core.arches(), ", ")))
		end
		copy[i] = a
	end
	if #copy == 0 then blame.error("arches needs at least one arch") end
	return derive(self, { arches = copy })
end

--- Adds other's rules after this policy's, so that where both decide a
-- syscall, other's rules take precedence.  Defaults, arches, the ready
-- hook and the supervise function stay this policy's (other's are taken
-- when this has none).
function methods:include(other)
	if not M.is(other) then
		blame.error("include needs a policy, not " .. type(other))
	end
	local mine, theirs = fields_of[self].rules, fields_of[other].rules
	local rules = table.move(mine, 1, #mine, 1, {})
	table.move(theirs, 1, #theirs, #rules + 1, rules)
	local mine_f, theirs_f = fields_of[self], fields_of[other]
	return derive(self, {
		rules = rules, ready = mine_f.ready or theirs_f.ready,
		supervise = mine_f.supervise or theirs_f.supervise,
	})
end

--- Sets the ready(child) hook, run in the child before execve.
function methods:ready(fn)
	blame.check_type("ready hook", fn, "function")
	return derive(self, { ready = fn })
end

--- Sets the supervisor of the policy's notify rules: `fn(call)` runs in
-- the launcher (not in the sandbox) for each syscall a `notify` rule
-- hands over, and returns the answer.
--
--    return seccomp.policy():default("allow"):notify { "openat" }
--      :supervise(function(call)
--        if call.pid ~= WATCHED then return "allow" end
--        return seccomp.errno(EACCES)
--      end)
--
-- `call` is `{ pid =, arch = "x86_64", syscall = "openat" (nil when the
-- tables lack the number), nr =, args = { six integers }, ip = }`.  The
-- answer is "allow" or `seccomp.allow_action` (the syscall runs), or
-- "errno" and a number, or `seccomp.errno(n)` (it fails with n; "errno"
-- alone means EPERM).  Any other action, a value that is no action, or
-- an error in fn fails that one call with EPERM (fail closed) and the
-- launcher goes on.  Without a supervise function every notified call
-- runs, and `-v` logs it.
--
-- Letting a call run is subject to the TOCTOU of seccomp notifications:
-- another thread of the caller can change pointed-to memory (a path, a
-- sockaddr) between the check and the kernel's own read, so a supervisor
-- is no security decision on anything but the six argument values.
-- Other processes' notify rules (a filter installed by a ready hook)
-- have no listener, and their syscalls fail with ENOSYS.
-- @tparam function fn the supervisor
-- @treturn Policy the new policy
function methods:supervise(fn)
	blame.check_type("supervise function", fn, "function")
	return derive(self, { supervise = fn })
end

--- The ready hook, or nil.
function methods:ready_hook()
	return fields_of[self].ready
end

--- A plain description, safe to modify: `{ default, bad_arch, newer,
-- arches, rules = { { syscall, action, condition, origin }, ... },
-- supervise }` (supervise: the function set with `supervise`, or nil).
function methods:describe()
	local f = fields_of[self]
	local rules = {}
	for i, r in ipairs(f.rules) do
		rules[i] = { syscall = r.syscall, action = r.action,
			condition = r.condition, origin = r.origin, group = r.group }
	end
	return {
		default = f.default, bad_arch = f.bad_arch, newer = f.newer,
		arches = f.arches and table.move(f.arches, 1, #f.arches, 1, {})
			or { core.native_arch() },
		rules = rules, supervise = f.supervise,
	}
end

-- True when some target arch can decide syscall name.
local function reachable(name, arches)
	for _, arch in ipairs(arches) do
		if core.reachable(arch, name) then return true end
	end
	return false
end

--- The table core.compile takes (see src/lua/core.h); a rule's origin is
-- its index in describe().rules.  A group's member that no target arch
-- has is left out (groups list every arch's names); a name the profile
-- wrote itself that no target arch has is an error at its line.
function methods:marshal()
	local d = self:describe()
	local rules = {}
	for i, r in ipairs(d.rules) do
		if reachable(r.syscall, d.arches) then
			rules[#rules + 1] = { syscall = r.syscall,
				action = r.action.value, origin = i,
				clauses = r.condition and r.condition.clauses }
		elseif not r.group then
			error(("%s: syscall '%s' is unknown to every target arch (%s)")
				:format(r.origin, r.syscall, table.concat(d.arches, ", ")),
				0)
		end
	end
	return {
		arches = d.arches, default = d.default.value,
		bad_arch = d.bad_arch.value, newer = d.newer.value, rules = rules,
	}
end

--- Compiles the policy to a verified cBPF filter.
-- @treturn userdata Filter: eval, dump, bytes, length
-- @raise naming the profile line when the filter cannot be built
function methods:compile()
	local filter = compiled[self]
	if filter then return filter end
	local ok, result = pcall(core.compile, self:marshal())
	if not ok then blame.error("cannot compile: " .. tostring(result)) end
	compiled[self] = result
	return result
end

function Policy:__tostring()
	local f = fields_of[self]
	return ("policy: %d rules, default %s"):format(#f.rules,
		tostring(f.default))
end

return M

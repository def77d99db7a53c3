--- `luasandbox --explain 'openat(AT_FDCWD, 0, O_RDONLY)' profile.lua`:
-- the action the compiled filter takes for one call, and the profile line
-- of the rule that decided it (or "the default").
-- @module sandbox.explain
local constants = require "seccomp.constants"
local core = require "seccomp.core"
local meaning = require "seccomp.meaning"
local action = require "seccomp.action"
local names = require "seccomp.names"

local M = {}

-- One argument: an integer (decimal, 0x hex, negative) or constants
-- joined with `|`.
local function argument(text, call)
	local v = 0
	for part in text:gmatch("[^|]+") do
		part = part:match("^%s*(.-)%s*$")
		local n = math.tointeger(tonumber(part))
			or constants.values[part] or constants.errno[part]
		if not n then
			error(("--explain: '%s': unknown constant '%s'"):format(call,
				part), 0)
		end
		v = v | n
	end
	return v
end

--- Parses "name(arg, ...)" into a name and a list of integers.
function M.parse(call)
	local name, list = call:match("^%s*([%w_]+)%s*%((.*)%)%s*$")
	if not name then
		name, list = call:match("^%s*([%w_]+)%s*$"), ""
	end
	if not name then
		error(("--explain: '%s': write it as name(arg, ...)"):format(call),
			0)
	end
	if not names.known(name) then
		error(("--explain: unknown syscall '%s'%s"):format(name,
			require("seccomp.nearest").hint(names.suggest(name))), 0)
	end
	local args = {}
	for text in list:gmatch("[^,]+") do
		if #args == 6 then
			error(("--explain: '%s': more than 6 arguments"):format(call), 0)
		end
		args[#args + 1] = argument(text, call)
	end
	return name, args
end

-- Splits an "arch:" prefix off call; without one, the policy's first
-- target arch.
local function arch_of(call, policy)
	local arches = policy:describe().arches
	local prefix, rest = call:match("^%s*([%w_]+)%s*:(.*)$")
	if not prefix then return arches[1], call end
	for _, a in ipairs(arches) do
		if a == prefix then return a, rest end
	end
	error(("--explain: '%s' is not a target arch of the profile (%s)")
		:format(prefix, table.concat(arches, ", ")), 0)
end

--- The report for one call under policy and its filter: on the arch the
-- call names ("i386:socket(AF_INET, 1, 0)"), or the policy's first.
-- @tparam string call "name(arg, ...)", args as integers or constants
-- @treturn string the action, the deciding profile line, the steps
-- @raise "--explain: ..." for a call it cannot read
function M.report(call, policy, filter)
	local arch, text = arch_of(call, policy)
	local name, args = M.parse(text)
	if not core.syscall_number(arch, name) then
		error(("--explain: '%s' is not a syscall of %s"):format(name, arch),
			0)
	end
	local value, steps = filter:eval { arch = arch, syscall = name,
		args = args }
	local spec = policy:marshal()
	local decide = meaning.new(spec, meaning.core_env(core))
	local expected, index = decide { arch = arch,
		nr = core.syscall_number(arch, name), args = args }
	local rule = index and policy:describe().rules[spec.rules[index].origin]
	local decided = rule and ("%s (%s)"):format(rule.origin,
		tostring(rule.action)) or "the default"
	local lines = {
		("%s on %s: %s"):format(text:match("^%s*(.-)%s*$"), arch,
			tostring(action.from_value(value))),
		("  decided by: %s"):format(decided),
		("  filter instructions executed: %d"):format(steps),
	}
	if expected ~= value then
		lines[#lines + 1] = ("  warning: the rules mean %s; please report "
			.. "this compiler disagreement"):format(
			tostring(action.from_value(expected)))
	end
	return table.concat(lines, "\n") .. "\n"
end

return M

--- What a policy means for one syscall, read straight from its rules with
-- no BPF involved: the reference the compiled filter is checked against,
-- and what `--explain` uses to name the deciding rule.
-- @module seccomp.meaning
local core = require "seccomp.core"

local M = {}

local LOW = 0xffffffff

-- Unsigned 64-bit comparison of a and b by op.
local function compare(op, a, b)
	if op == "eq" then return a == b end
	if op == "ne" then return a ~= b end
	if op == "lt" then return math.ult(a, b) end
	if op == "le" then return a == b or math.ult(a, b) end
	if op == "gt" then return math.ult(b, a) end
	if op == "ge" then return a == b or math.ult(b, a) end
	error("unknown comparison '" .. tostring(op) .. "'")
end

--- True when the comparison holds for args on arch for syscall name.
function M.compare_holds(cmp, args, arch, name)
	local a, value, mask = args[cmp.arg + 1] or 0, cmp.value, cmp.mask
	if core.arg_bits(arch, name, cmp.arg) == 32 then
		a, value = a & LOW, value & LOW
		mask = mask and mask & LOW
	end
	if cmp.op == "masked_eq" then
		return a & mask == value
	end
	return compare(cmp.op, a, value)
end

--- True when condition (nil: always) holds.
function M.holds(condition, args, arch, name)
	if not condition then return true end
	for _, clause in ipairs(condition.clauses) do
		local all = true
		for _, cmp in ipairs(clause) do
			if not M.compare_holds(cmp, args, arch, name) then
				all = false
				break
			end
		end
		if all then return true end
	end
	return false
end

--- The action policy takes for syscall name with args on arch, and the
-- rule (from policy:describe().rules) that decided, or nil for the
-- default.
-- @tparam Policy policy
-- @tparam table query { arch = "x86_64", syscall = "openat", args = {...} }
-- @treturn table action
-- @treturn table|nil the deciding rule
function M.decide(policy, query)
	local d = policy:describe()
	local arch, name = query.arch or d.arches[1], query.syscall
	if not core.syscall_number(arch, name) then
		return d.default, nil
	end
	for i = #d.rules, 1, -1 do
		local r = d.rules[i]
		if r.syscall == name and M.holds(r.condition, query.args or {}, arch,
			name) then
			return r.action, r
		end
	end
	return d.default, nil
end

return M

--- What a compiled filter must decide, computed in plain Lua from the
-- spec table core.compile takes, with no BPF involved.  Written from the
-- MEANING comment of src/bpf/policy.h (and core.h for the spec's shape),
-- apart from the compiler: the specs judge compile + simulate against it,
-- and `--explain` names the rule that decided with it.
--
--    local meaning = require "seccomp.meaning"
--    local decide = meaning.new(spec, meaning.core_env(core))
--    local action, rule = decide{ arch = "x86_64", nr = 0, args = { 1 } }
-- @module seccomp.meaning
local M = {}

local AUDIT_ARCH_X86_64 = 0xc000003e
local X32_BIT = 0x40000000
local LOW = 0xffffffff

M.KILL_PROCESS = 0x80000000
M.ERRNO_ENOSYS = 0x00050000 | 38

-- Unsigned comparisons of two Lua integers taken as 64-bit words.
local ops = {
	eq = function(a, b) return a == b end,
	ne = function(a, b) return a ~= b end,
	lt = function(a, b) return math.ult(a, b) end,
	le = function(a, b) return a == b or math.ult(a, b) end,
	gt = function(a, b) return math.ult(b, a) end,
	ge = function(a, b) return a == b or math.ult(b, a) end,
}

local function compare_holds(cmp, args, bits)
	local a, value, mask = args[cmp.arg + 1] or 0, cmp.value, cmp.mask
	if bits == 32 then
		a, value = a & LOW, value & LOW
		mask = mask and mask & LOW
	end
	if cmp.op == "masked_eq" then
		return a & mask == value
	end
	return ops[cmp.op](a, value)
end

-- An OR of ANDs; no clause at all always holds.
local function condition_holds(clauses, args, bits_of)
	if clauses == nil or #clauses == 0 then
		return true
	end
	for _, clause in ipairs(clauses) do
		local all = true
		for _, cmp in ipairs(clause) do
			if not compare_holds(cmp, args, bits_of(cmp.arg)) then
				all = false
				break
			end
		end
		if all then
			return true
		end
	end
	return false
end

local function permits(action)
	local kind = action & 0xffff0000
	return kind == 0x7fff0000 or kind == 0x7ffc0000
end

-- The rule as it stands for number nr on arch: its condition, or nil when
-- it does not name nr there.  A rule on a syscall that socketcall or ipc
-- multiplexes also names the multiplexer, with the sub-call as its only
-- checkable condition: a conditional rule that would allow is dropped.
local function rule_at(env, arch, rule, nr, args)
	if env.nr(arch, rule.syscall) == nr then
		return condition_holds(rule.clauses, args, function(arg)
			return env.arg_bits(arch, rule.syscall, arg)
		end)
	end
	local via, call = env.subcall(arch, rule.syscall)
	if not via or env.nr(arch, via) ~= nr then
		return nil
	end
	if rule.clauses and #rule.clauses > 0 and permits(rule.action) then
		return nil
	end
	local a = args[1] or 0
	if env.arg_bits(arch, via, 0) == 32 then
		a = a & LOW
	end
	if via == "ipc" then
		a = a & 0xffff
	end
	return a == call
end

-- The target arch that takes (audit_arch, nr), or nil: a foreign arch,
-- or an x32 number when x32 is not a target, or a plain number when only
-- x32 is.
local function member(spec, env, audit_arch, nr)
	local x32_number = audit_arch == AUDIT_ARCH_X86_64
		and nr & X32_BIT ~= 0 and nr ~= LOW
	for _, name in ipairs(spec.arches) do
		local info = env.info(name)
		if info.audit_arch == audit_arch
			and (info.nr_base ~= 0) == x32_number then
			return name, info
		end
	end
	return nil
end

--- Makes the decision function of a spec.
-- @tparam table spec what core.compile takes
-- @tparam table env { info = fn(arch) -> { audit_arch, nr_base, max_nr },
--   nr = fn(arch, name) -> integer | nil, arg_bits = fn(arch, name, arg),
--   subcall = fn(arch, name) -> "socketcall" | "ipc", call | nil }
-- @treturn function decide({ arch = name | audit_arch, nr =, args = })
--   -> action, and the index in spec.rules of the rule that decided (nil
--   for the default, bad-arch and newer actions)
function M.new(spec, env)
	local bad_arch = spec.bad_arch or M.KILL_PROCESS
	local newer = spec.newer or M.ERRNO_ENOSYS
	return function(input)
		local audit_arch = input.arch
		if type(audit_arch) == "string" then
			audit_arch = env.info(audit_arch).audit_arch
		end
		local nr, args = input.nr & LOW, input.args or {}
		local arch, info = member(spec, env, audit_arch, nr)
		if not arch then
			return bad_arch
		end
		if nr > info.max_nr then
			return newer
		end
		for i = #spec.rules, 1, -1 do
			local rule = spec.rules[i]
			if rule_at(env, arch, rule, nr, args) then
				return rule.action, i
			end
		end
		return spec.default
	end
end

--- An env backed by seccomp.core's tables; subcalls maps an arch name to
-- { [syscall name] = { via, call } } (nil: no multiplexed call).
function M.core_env(core, subcalls)
	return {
		info = function(arch) return core.arch_info(arch) end,
		nr = function(arch, name)
			return core.syscall_number(arch, name)
		end,
		arg_bits = function(arch, name, arg)
			return core.arg_bits(arch, name, arg)
		end,
		subcall = function(arch, name)
			local s = subcalls and subcalls[arch]
				and subcalls[arch][name]
			if s then
				return s[1], s[2]
			end
			return nil
		end,
	}
end

return M

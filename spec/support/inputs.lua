--- Inputs for the differential specs: the syscall numbers a filter for
-- a set of arches must be tried on, and argument values at and around
-- every constant the rules for one number compare with.
--
--    local inputs = require "support.inputs"
--    local env = inputs.env(core)               -- for seccomp.meaning
--    for _, nr in ipairs(inputs.numbers(core, "x86_64")) do ... end
--    local rules = inputs.relevant(spec, env, "i386", 102)
--    local list = inputs.arg_vectors(env, "i386", 102, rules, rand, 4)
-- @module support.inputs
local meaning = require "seccomp.meaning"

local M = {}

local LOW, HIGH = 0xffffffff, ~0xffffffff
local X32_BIT = 0x40000000

--- Sub-calls of socketcall(2) (SYS_* of linux/net.h) and ipc(2) (the
-- kernel's ipc/syscall.c), by arch: the facts seccomp.meaning needs to
-- decide a multiplexer, written down here independently of src/arch/.
M.SUBCALLS = { i386 = {} }
for name, call in pairs({
	socket = 1, bind = 2, connect = 3, listen = 4, accept = 5,
	getsockname = 6, getpeername = 7, socketpair = 8, send = 9,
	recv = 10, sendto = 11, recvfrom = 12, shutdown = 13,
	setsockopt = 14, getsockopt = 15, sendmsg = 16, recvmsg = 17,
	accept4 = 18, recvmmsg = 19, sendmmsg = 20,
}) do
	M.SUBCALLS.i386[name] = { "socketcall", call }
end
for name, call in pairs({
	semop = 1, semget = 2, semctl = 3, semtimedop = 4, msgsnd = 11,
	msgrcv = 12, msgget = 13, msgctl = 14, shmat = 21, shmdt = 22,
	shmget = 23, shmctl = 24,
}) do
	M.SUBCALLS.i386[name] = { "ipc", call }
end

local function memo2(fn)
	local cache = {}
	return function(a, b)
		local per = cache[a]
		if not per then
			per = {}
			cache[a] = per
		end
		local v = per[b]
		if v == nil then
			v = fn(a, b)
			per[b] = v == nil and false or v
		end
		return v or nil
	end
end

--- A seccomp.meaning env over seccomp.core's tables, with M.SUBCALLS and
-- its look-ups remembered (they are pure, and the specs ask often).
-- @tparam table core seccomp.core
-- @tparam[opt] function width_of arch info -> bits: when given, every
-- argument of that arch is compared on that many bits, as a second
-- meaning that tells the cause of another compiler's disagreements
function M.env(core, width_of)
	local env = meaning.core_env(core, M.SUBCALLS)
	local info = memo2(function(arch) return core.arch_info(arch) end)
	env.info = function(arch) return info(arch, 0) end
	env.nr = memo2(env.nr)
	local bits = env.arg_bits
	local per_arg = memo2(function(arch, name)
		local t = {}
		for arg = 0, 5 do
			t[arg] = width_of and width_of(info(arch, 0))
				or bits(arch, name, arg)
		end
		return t
	end)
	env.arg_bits = function(arch, name, arg)
		return per_arg(arch, name)[arg]
	end
	return env
end

--- xorshift64: the same numbers for the same seed, no global state.
-- @treturn function rand(m, n) -> integer in m..n; rand() -> any 64 bits
function M.generator(seed)
	local state = (seed * 0x9e3779b97f4a7c15) | 1
	return function(m, n)
		state = state ~ (state << 13)
		state = state ~ (state >> 7)
		state = state ~ (state << 17)
		if m == nil then return state end
		return m + (state >> 1) % (n - m + 1)
	end
end

local function add_range(list, from, to)
	for nr = from, to do list[#list + 1] = nr end
end

-- x32 numbers and other high words an x86_64 filter must send away.
local X86_64_ODD = { X32_BIT, X32_BIT | 1, X32_BIT | 59, X32_BIT | 512,
	X32_BIT | 547, 0x7fffffff, 0x80000000, 0xbfffffff, 0xc0000000,
	0xfffffffe, LOW }

-- Numbers without the x32 bit, which an x32-only filter refuses.
local X32_ODD = { 0, 1, 59, 0x3fffffff, LOW }

--- The seccomp_data.nr values to try for arch: every number of its
-- table and the gaps between (up to the first sparse stretch), margin
-- numbers above max_nr, and on x86_64 and x32 the numbers of the other
-- ABI.
-- @treturn table the numbers, ascending but for the odd ones at the end
function M.numbers(core, arch, margin)
	local info, list = core.arch_info(arch), {}
	local base, top = info.nr_base, info.max_nr
	margin = margin or 16
	local numbered = {}
	for _, name in ipairs(core.syscall_names(arch)) do
		numbered[#numbered + 1] = core.syscall_number(arch, name)
	end
	table.sort(numbered)
	local dense = base
	for _, nr in ipairs(numbered) do
		if nr - dense > 1024 then break end
		dense = nr
	end
	add_range(list, base, dense)
	for _, nr in ipairs(numbered) do
		if nr > dense then add_range(list, nr - 1, nr + 1) end
	end
	add_range(list, math.max(top, dense) + 1, top + margin)
	local odd = arch == "x86_64" and X86_64_ODD
		or arch == "x32" and X32_ODD or {}
	table.move(odd, 1, #odd, #list + 1, list)
	return list
end

--- The rules of spec that can decide (arch, nr), by their own number or
-- through the multiplexer: seccomp.meaning reads no other rule for it,
-- so a spec holding only these decides (arch, nr) the same.
function M.relevant(spec, env, arch, nr)
	local out = {}
	for _, rule in ipairs(spec.rules) do
		local via = env.subcall(arch, rule.syscall)
		if env.nr(arch, rule.syscall) == nr
			or (via and env.nr(arch, via) == nr) then
			out[#out + 1] = rule
		end
	end
	return out
end

-- v - 1, v, v + 1, each also with the upper half cleared and set.
local function around(v, set)
	for d = -1, 1 do
		local x = v + d
		set[x], set[x & LOW], set[x | HIGH] = true, true, true
	end
end

local function compare_values(cmp, set)
	around(cmp.value, set)
	if cmp.op == "masked_eq" then
		local mask = cmp.mask
		around(mask, set)
		set[cmp.value ~ (mask & -mask)] = true
		set[cmp.value | ~mask] = true
	end
end

local function sorted(set)
	local list = {}
	for v in pairs(set) do list[#list + 1] = v end
	table.sort(list, math.ult)
	return list
end

-- Per argument (1..6), the values worth trying, or nil where no rule
-- reads that argument.
local function candidates(env, arch, nr, rules)
	local sets = {}
	local function set_of(arg)
		sets[arg + 1] = sets[arg + 1] or { [0] = true, [-1] = true }
		return sets[arg + 1]
	end
	for _, rule in ipairs(rules) do
		for _, clause in ipairs(rule.clauses or {}) do
			for _, cmp in ipairs(clause) do
				compare_values(cmp, set_of(cmp.arg))
			end
		end
		local via, call = env.subcall(arch, rule.syscall)
		if via and env.nr(arch, via) == nr then
			around(call, set_of(0))
			set_of(0)[call | 0x10000] = true      -- ipc's version
			set_of(0)[call | 1 << 32] = true
		end
	end
	local lists = {}
	for arg = 1, 6 do lists[arg] = sets[arg] and sorted(sets[arg]) end
	return lists
end

local function one_vector(lists, rand, fill)
	local args = {}
	for arg = 1, 6 do
		local list = lists[arg]
		if list then
			args[arg] = list[rand(1, #list)]
		else
			args[arg] = fill == "random" and rand() or fill
		end
	end
	return args
end

-- Appends args to out unless an equal list is there already.
local function add_unique(out, seen, args)
	local key = ("%x,%x,%x,%x,%x,%x"):format(table.unpack(args, 1, 6))
	if not seen[key] then
		seen[key] = true
		out[#out + 1] = args
	end
end

--- Argument lists to try for (arch, nr) under rules (M.relevant's):
-- all zero, all ones, every candidate value of each argument the rules
-- read (others zero, then others picked among their own candidates),
-- and extra lists of candidates and seeded random words; no list twice.
-- @tparam table env the meaning env
-- @tparam function rand M.generator's function
-- @tparam integer extra how many extra random lists
-- @treturn table lists of six integers
function M.arg_vectors(env, arch, nr, rules, rand, extra)
	local lists = candidates(env, arch, nr, rules)
	local out, seen = {}, {}
	add_unique(out, seen, { 0, 0, 0, 0, 0, 0 })
	add_unique(out, seen, { -1, -1, -1, -1, -1, -1 })
	for arg = 1, 6 do
		for _, v in ipairs(lists[arg] or {}) do
			local zero = { 0, 0, 0, 0, 0, 0 }
			zero[arg] = v
			local mixed = one_vector(lists, rand, 0)
			mixed[arg] = v
			add_unique(out, seen, zero)
			add_unique(out, seen, mixed)
		end
	end
	for _ = 1, extra do
		add_unique(out, seen, one_vector(lists, rand, "random"))
	end
	return out
end

return M

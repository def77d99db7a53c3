-- Differential specs for core.compile: the same policies compiled by our
-- compiler and by libseccomp (in this process, through
-- build/helpers/lsc.so), both programs run in our simulator, and each
-- answer judged against the plain meaning of lua/seccomp/meaning.lua, on
-- every syscall number of every target arch and on argument values at and
-- around every constant the rules compare with.
--
-- Ours must agree with the meaning on every input.  libseccomp's
-- disagreements are counted by cause (CAUSES below) and never fail a
-- spec.  Debian 12's 2.5.4 compares the full 64 bits of an argument the
-- kernel reads as 32 (the meaning compares the low half, see
-- core.arg_bits), and only the low half of any x32 argument; it reads a
-- masked_eq as (arg & mask) == (value & mask); it lets a conditional
-- allow through socketcall(2) on i386 where we fail closed; it does not
-- know the newest syscalls; and it has a known bug merging 64-bit
-- comparisons (GHSA-4q85-33p6-j5g6, fixed in 2.6.1), which is where the
-- "other" count comes from.
--
-- Random policies come from a fixed list of seeds, so that a run is
-- reproducible; LUASANDBOX_SEED=N adds seed N.  A failure names the seed.
-- LUASANDBOX_DIFF_VERBOSE=1 prints every libseccomp disagreement.

local core = require "seccomp.core"
local oci = require "seccomp.oci"
local meaning = require "seccomp.meaning"
local inputs = require "support.inputs"
local oracle = require "support.oracle"
local bpf_read = require "support.bpf_read"

local ALLOW, LOG, USER_NOTIF = 0x7fff0000, 0x7ffc0000, 0x7fc00000
local KILL_PROCESS, KILL_THREAD = 0x80000000, 0x00000000
local TRAP, ERRNO, TRACE = 0x00030000, 0x00050000, 0x7ff00000
local ENOSYS = ERRNO | 38
local AUDIT_X86_64, AUDIT_I386 = 0xc000003e, 0x40000003
local LOW = 0xffffffff

local ENV = inputs.env(core)
-- The widths libseccomp compares arguments on: all 64 bits on a 64-bit
-- arch but x32, which it takes for a 32-bit arch.
local ENV_LSC = inputs.env(core, function(info)
	return info.name == "x32" and 32 or info.bits
end)

local function seeds(from, to)
	local list = {}
	for seed = from, to do list[#list + 1] = seed end
	return list
end

local SEEDS_LSC = seeds(1, 40)
local SEEDS_MIXED = seeds(101, 140)
local EXTRA_SEED = tonumber(os.getenv("LUASANDBOX_SEED") or "")
if EXTRA_SEED then
	SEEDS_LSC[#SEEDS_LSC + 1] = math.tointeger(EXTRA_SEED)
	SEEDS_MIXED[#SEEDS_MIXED + 1] = math.tointeger(EXTRA_SEED)
end

local SHOWN = 5      -- disagreements printed when ours fails
local VERBOSE = os.getenv("LUASANDBOX_DIFF_VERBOSE") == "1"

local CAUSES = { "outside the tables", "tables differ", "refused",
	"multiplexer", "32-bit argument", "x32 argument", "masked value",
	"other" }

-- Counts over the whole file, printed at its end.
local totals = { policies = 0, inputs = 0, wrong = 0, lsc_policies = 0,
	lsc_inputs = 0, lsc_wrong = 0, causes = {}, refused = 0 }

local function cmp(arg, op, value, mask)
	return { arg = arg, op = op, value = value, mask = mask }
end

local function rule(syscall, action, clauses)
	return { syscall = syscall, action = action, clauses = clauses }
end

local function with_rules(spec, rules)
	return { arches = spec.arches, default = spec.default,
		bad_arch = spec.bad_arch, newer = spec.newer, rules = rules }
end

--------------------------------------------------------------------------
-- libseccomp's side of one policy
--------------------------------------------------------------------------

-- Per arch, the rule names whose number libseccomp's tables give
-- differently from ours (or not at all): their numbers are not compared
-- fairly.  libseccomp names a multiplexed call by a pseudo number, and
-- adds it both ways itself: those are the multiplexer's cause.
local function table_differences(spec)
	local lsc, differs = oracle.lib(), {}
	for _, arch in ipairs(spec.arches) do
		local lname, set = oracle.arch_name(arch), {}
		local mux = inputs.SUBCALLS[arch] or {}
		for _, r in ipairs(spec.rules) do
			local theirs = lsc.knows(r.syscall)
				and lsc.syscall_number(lname, r.syscall)
			if not mux[r.syscall] and (theirs or nil)
				~= core.syscall_number(arch, r.syscall) then
				set[r.syscall] = true
			end
		end
		differs[arch] = set
	end
	return differs
end

-- libseccomp's program for spec, and what to judge it by: the meaning of
-- spec with newer = default, since libseccomp has no such action.
local function lsc_side(spec)
	if not oracle.available() then return nil end
	local lspec = with_rules(spec, spec.rules)
	lspec.newer = spec.default
	local bytes, _, refused = oracle.compile(lspec)
	local names = {}
	for _, r in ipairs(refused) do
		if r.rule then names[r.rule.syscall] = true end
	end
	totals.refused = totals.refused + #refused
	return { bytes = bytes, spec = lspec, differs = table_differences(spec),
		refused = names, counts = {}, inputs = 0, wrong = 0 }
end

local function in_table(arch, nr)
	local info = ENV.info(arch)
	return nr >= info.nr_base and nr <= info.max_nr
end

local function multiplexed(arch, nr, rules)
	for _, r in ipairs(rules) do
		if ENV.nr(arch, r.syscall) ~= nr then return true end
	end
	return false
end

-- The rules as libseccomp reads a masked_eq: (arg & mask) == (value &
-- mask), where the meaning never holds for a value outside its mask.
local function masked_values(rules)
	local out = {}
	for i, r in ipairs(rules) do
		local clauses = {}
		for c, clause in ipairs(r.clauses or {}) do
			clauses[c] = {}
			for k, x in ipairs(clause) do
				clauses[c][k] = x.op == "masked_eq"
					and cmp(x.arg, x.op, x.value & x.mask, x.mask) or x
			end
		end
		out[i] = rule(r.syscall, r.action, r.clauses and clauses)
	end
	return out
end

-- Why libseccomp's answer got differs from the meaning's for at.input:
-- the first of CAUSES that explains it.
local function lsc_cause(side, at, got)
	if not in_table(at.arch, at.nr) then return "outside the tables" end
	for _, r in ipairs(at.rules) do
		if side.differs[at.arch][r.syscall] then return "tables differ" end
		if side.refused[r.syscall] then return "refused" end
	end
	if multiplexed(at.arch, at.nr, at.rules) then return "multiplexer" end
	local widths = meaning.new(with_rules(side.spec, at.rules), ENV_LSC)
	if widths(at.input) == got then
		return at.arch == "x32" and "x32 argument" or "32-bit argument"
	end
	local masked = meaning.new(with_rules(side.spec,
		masked_values(at.rules)), ENV_LSC)
	if masked(at.input) == got then return "masked value" end
	return "other"
end

--------------------------------------------------------------------------
-- Judging one policy
--------------------------------------------------------------------------

local function show_input(input)
	local args = {}
	for i, v in ipairs(input.args or {}) do args[i] = ("0x%x"):format(v) end
	return ("arch %s nr 0x%x args {%s}"):format(tostring(input.arch),
		input.nr, table.concat(args, ","))
end

local function note_ours(ctx, input, want, got)
	ctx.wrong = ctx.wrong + 1
	if ctx.wrong <= SHOWN then
		ctx.shown[#ctx.shown + 1] = ("%s: %s: want %s, got %s"):format(
			ctx.label, show_input(input), core.action_name(want),
			core.action_name(got))
	end
end

local function judge_lsc(side, at, lwant)
	local got = core.simulate(side.bytes, at.input)
	side.inputs = side.inputs + 1
	if got ~= lwant then
		local cause = lsc_cause(side, at, got)
		if VERBOSE then
			io.stderr:write(("libseccomp: %s: %s: want %s, got %s (%s)\n"
				):format(side.label, show_input(at.input),
				core.action_name(lwant),
				core.action_name(got), cause))
		end
		side.wrong = side.wrong + 1
		side.counts[cause] = (side.counts[cause] or 0) + 1
	end
end

-- Every argument list for (arch, nr): ours against the meaning, and
-- libseccomp's against the meaning without newer.
local function judge_number(ctx, arch, nr)
	local spec, side = ctx.spec, ctx.side
	local rules = in_table(arch, nr)
		and inputs.relevant(spec, ENV, arch, nr) or spec.rules
	local decide = meaning.new(with_rules(spec, rules), ENV)
	local ldecide = side and side.spec.newer ~= spec.newer
		and meaning.new(with_rules(side.spec, rules), ENV) or decide
	local read = in_table(arch, nr) and rules or {}
	local extra = #read > 0 and ctx.extra or 1
	local at = { arch = arch, nr = nr, rules = rules }
	for _, args in ipairs(inputs.arg_vectors(ENV, arch, nr, read,
		ctx.rand, extra)) do
		local input = { arch = arch, nr = nr, args = args }
		local want = decide(input)
		local got = ctx.filter:eval(input)
		ctx.inputs = ctx.inputs + 1
		if got ~= want then note_ours(ctx, input, want, got) end
		if side then
			at.input = input
			judge_lsc(side, at, ldecide(input))
		end
	end
end

-- Arches the policy does not target, by name and by a made-up value.
local function judge_foreign(ctx)
	local targets = {}
	for _, a in ipairs(ctx.spec.arches) do targets[a] = true end
	local names = {}
	for _, a in ipairs(core.arches()) do
		if not targets[a] then names[#names + 1] = a end
	end
	names[#names + 1] = 0x12345678
	for _, a in ipairs(names) do
		local info = type(a) == "string" and ENV.info(a)
			or { nr_base = 0, max_nr = 400 }
		for _, nr in ipairs({ info.nr_base, info.nr_base + 1,
			info.nr_base + 59, info.max_nr }) do
			local input = { arch = a, nr = nr, args = {} }
			local want = meaning.new(ctx.spec, ENV)(input)
			local got = ctx.filter:eval(input)
			ctx.inputs = ctx.inputs + 1
			if got ~= want then note_ours(ctx, input, want, got) end
		end
	end
end

local function add_lsc_totals(side)
	totals.lsc_policies = totals.lsc_policies + 1
	totals.lsc_inputs = totals.lsc_inputs + side.inputs
	totals.lsc_wrong = totals.lsc_wrong + side.wrong
	for cause, n in pairs(side.counts) do
		totals.causes[cause] = (totals.causes[cause] or 0) + n
	end
end

--- Judges spec: raises with the first disagreements of ours; returns
-- the numbers of inputs and libseccomp's side (nil without it).
-- options: label, seed (argument values), extra (random lists per
-- number that rules read), lsc (compare libseccomp too).
local function judge(spec, options)
	local ctx = { spec = spec, label = options.label, wrong = 0,
		shown = {}, inputs = 0, extra = options.extra or 4,
		rand = inputs.generator(options.seed or 1),
		filter = core.compile(spec),
		side = options.lsc and lsc_side(spec) or nil }
	if ctx.side then ctx.side.label = options.label end
	for _, arch in ipairs(spec.arches) do
		for _, nr in ipairs(inputs.numbers(core, arch)) do
			judge_number(ctx, arch, nr)
		end
	end
	judge_foreign(ctx)
	totals.policies = totals.policies + 1
	totals.inputs = totals.inputs + ctx.inputs
	totals.wrong = totals.wrong + ctx.wrong
	if ctx.side then add_lsc_totals(ctx.side) end
	if ctx.wrong > 0 then
		error(("%d of %d inputs disagree with the meaning:\n%s"):format(
			ctx.wrong, ctx.inputs, table.concat(ctx.shown, "\n")), 0)
	end
	return ctx.inputs, ctx.side
end

local function format_causes(counts)
	local parts = {}
	for _, cause in ipairs(CAUSES) do
		if counts[cause] then
			parts[#parts + 1] = ("%s %d"):format(cause, counts[cause])
		end
	end
	return #parts > 0 and table.concat(parts, ", ") or "none"
end

local function report(what, n, side)
	local line = ("differential: %s: %d inputs, ours 0 wrong"):format(
		what, n)
	if side then
		line = line .. ("; libseccomp %d of %d wrong (%s)"):format(
			side.wrong, side.inputs, format_causes(side.counts))
	end
	io.stderr:write(line, "\n")
end

--------------------------------------------------------------------------
-- Hand-written policies
--------------------------------------------------------------------------

-- lsc: libseccomp can state it (one action per syscall, no rule with
-- the default's action, newer = default, distinct arguments per clause).
local HAND = {
	{ label = "each operator, 32- and 64-bit arguments", lsc = true,
		spec = { arches = { "x86_64", "i386", "x32", "aarch64" },
			default = ERRNO | 1, bad_arch = KILL_PROCESS,
			newer = ERRNO | 1, rules = {
				rule("read", ALLOW, { { cmp(0, "eq", 3) } }),
				rule("write", ALLOW, { { cmp(2, "le", 0x100000000) } }),
				rule("lseek", ALLOW, { { cmp(1, "gt", 0xfffffffff) } }),
				rule("mmap", ALLOW, { { cmp(1, "ge", 0x200000000) } }),
				rule("mprotect", ALLOW, { { cmp(2, "ne", 7) } }),
				rule("madvise", ALLOW, { { cmp(1, "lt", 0x80000000) } }),
				rule("ioctl", ERRNO | 25,
					{ { cmp(1, "masked_eq", 0x5400, 0xff00) } }),
				rule("fcntl", ALLOW,
					{ { cmp(1, "masked_eq", 0x400, 0xffff) } }),
				rule("kill", ALLOW, { { cmp(0, "lt", 0) } }),
				rule("close", ALLOW, { { cmp(0, "ge", 0xffffffff) } }),
			} } },
	{ label = "both halves of 64-bit constants", lsc = true,
		spec = { arches = { "x86_64", "riscv64" }, default = ERRNO | 1,
			bad_arch = KILL_THREAD, newer = ERRNO | 1, rules = {
				rule("mmap", ALLOW, { { cmp(0, "eq", 0x123456789) },
					{ cmp(0, "masked_eq", 0x0100000001, 0xff000000ff) } }),
				rule("munmap", ALLOW, { { cmp(1, "ne", 0x100000000) } }),
				rule("mremap", ALLOW, { { cmp(1, "lt", 0x100000000),
					cmp(2, "gt", 0xffffffff) } }),
				rule("brk", ALLOW, { { cmp(0, "le", 0x1ffffffff) } }),
				rule("msync", ALLOW, { { cmp(1, "ge", -2) } }),
				rule("madvise", ALLOW, { { cmp(2, "masked_eq", 0,
					0x8000000000000000) } }),
			} } },
	{ label = "OR and AND, several rules per syscall", lsc = true,
		spec = { arches = { "x86_64", "i386" }, default = KILL_PROCESS,
			bad_arch = KILL_PROCESS, newer = KILL_PROCESS, rules = {
				rule("openat", ALLOW, { { cmp(2, "masked_eq", 0, 3),
					cmp(3, "eq", 0) } }),
				rule("prctl", ALLOW, { { cmp(0, "eq", 15) },
					{ cmp(0, "eq", 16), cmp(1, "eq", 0) } }),
				rule("openat", ALLOW, { { cmp(2, "masked_eq", 0x40,
					0x40) } }),
				rule("prctl", ALLOW, { { cmp(0, "ge", 0x59616d61) } }),
				rule("clone", ERRNO | 1, { { cmp(0, "masked_eq", 0,
					0x7e020000) }, { cmp(1, "ne", 0) } }),
				rule("futex", ALLOW),
				rule("futex", ALLOW, { { cmp(1, "eq", 0) } }),
			} } },
	{ label = "every action", lsc = true,
		spec = { arches = { "x86_64", "i386", "x32" },
			default = KILL_PROCESS, bad_arch = ERRNO | 1,
			newer = KILL_PROCESS, rules = {
				rule("read", ALLOW), rule("write", LOG),
				rule("getpid", ENOSYS), rule("kill", TRAP),
				rule("ptrace", TRACE | 7), rule("close", KILL_THREAD),
				rule("openat", USER_NOTIF),
				rule("dup", ERRNO | 4095, { { cmp(0, "gt", 2) } }),
			} } },
	{ label = "socketcall and ipc on i386", lsc = true,
		spec = { arches = { "i386", "x86_64" }, default = ERRNO | 1,
			bad_arch = KILL_PROCESS, newer = ERRNO | 1, rules = {
				rule("socket", ALLOW, { { cmp(0, "eq", 1) } }),
				rule("connect", ALLOW),
				rule("sendto", ERRNO | 9, { { cmp(3, "ne", 0) } }),
				rule("semop", KILL_PROCESS),
				rule("shmat", ALLOW, { { cmp(2, "eq", 0) } }),
			} } },
	{ label = "arm, aarch64 and riscv64 tables", lsc = true,
		spec = { arches = { "aarch64", "arm", "riscv64" },
			default = ERRNO | 1, bad_arch = KILL_PROCESS,
			newer = ERRNO | 1, rules = {
				rule("cacheflush", ALLOW), rule("set_tls", ALLOW),
				rule("mmap2", ALLOW, { { cmp(2, "eq", 3) } }),
				rule("openat", ALLOW, { { cmp(2, "lt", 0x1000) } }),
				rule("riscv_flush_icache", ALLOW),
			} } },
	{ label = "later rules take precedence", lsc = false,
		spec = { arches = { "x86_64", "i386", "x32" },
			default = ERRNO | 1, bad_arch = KILL_PROCESS, newer = ENOSYS,
			rules = {
				rule("read", ALLOW),
				rule("read", ERRNO | 9, { { cmp(0, "eq", 5) } }),
				rule("read", KILL_PROCESS, { { cmp(0, "eq", 5),
					cmp(2, "gt", 100) } }),
				rule("read", ERRNO | 1, { { cmp(0, "eq", 7) } }),
				rule("socket", ALLOW),
				rule("socket", ERRNO | 97, { { cmp(0, "ne", 1) } }),
				rule("ipc", ALLOW),
				rule("msgsnd", KILL_THREAD),
				rule("write", ALLOW, { { cmp(0, "ge", 1),
					cmp(0, "le", 2) } }),
			} } },
}

--------------------------------------------------------------------------
-- Random policies
--------------------------------------------------------------------------

local OPS = { "eq", "ne", "lt", "le", "gt", "ge", "masked_eq" }
local VALUES = { 0, 1, 2, 3, 7, 64, 0x7fffffff, 0x80000000, 0xffffffff,
	0x100000000, 0x100000001, 0x1ffffffff, math.maxinteger,
	math.mininteger, -1, -2 }
local MASKS = { 0xff, 0xffff0000, 0xffffffff, ~0xffffffff, 0xff000000ff,
	0x8000000000000001, 1, 0x40 }
local ARCH_SETS = { { "x86_64" }, { "x86_64", "i386" },
	{ "x86_64", "i386", "x32" }, { "x86_64", "x32" }, { "i386" },
	{ "x32" }, { "aarch64" }, { "arm" }, { "riscv64" },
	{ "aarch64", "arm" }, { "riscv64", "x86_64" } }
local ALL_ARCHES = { "x86_64", "i386", "x32", "aarch64", "arm", "riscv64" }

local function pick(rand, list)
	return list[rand(1, #list)]
end

local function random_value(rand)
	local k = rand(1, 6)
	if k <= 3 then return pick(rand, VALUES) end
	if k == 4 then return rand(0, LOW) end
	if k == 5 then return rand() end
	return rand(0, 100)
end

local function random_compare(rand, arg)
	local op = pick(rand, OPS)
	if op ~= "masked_eq" then
		return cmp(arg, op, random_value(rand))
	end
	local mask = rand(1, 2) == 1 and pick(rand, MASKS) or rand()
	local value = random_value(rand)
	if rand(1, 4) > 1 then value = value & mask end
	return cmp(arg, op, value, mask)
end

-- An OR of ANDs, or nil (unconditional) now and then; distinct: no two
-- comparisons of one argument in a clause.
local function random_clauses(rand, distinct)
	if rand(1, 6) == 1 then return nil end
	local clauses = {}
	for c = 1, rand(1, 3) do
		local clause, used = {}, {}
		for k = 1, rand(1, 3) do
			local arg = rand(0, 5)
			while distinct and used[arg] do arg = (arg + 1) % 6 end
			used[arg] = true
			clause[k] = random_compare(rand, arg)
		end
		clauses[c] = clause
	end
	return clauses
end

-- Every action; for libseccomp, trap without data and no user_notif
-- where it cannot stand (default, bad arch).
local function random_action(rand, for_lsc, where)
	local k = rand(1, 8)
	if k == 1 then return ALLOW end
	if k == 2 then return LOG end
	if k == 3 then return ERRNO | rand(0, for_lsc and 4094 or 4095) end
	if k == 4 then return KILL_PROCESS end
	if k == 5 then return KILL_THREAD end
	if k == 6 then return TRAP | (for_lsc and 0 or rand(0, 0xffff)) end
	if k == 7 then return TRACE | rand(0, 0xffff) end
	if for_lsc and where then return ERRNO | 1 end
	return USER_NOTIF
end

local function shuffle(rand, list)
	for i = #list, 2, -1 do
		local j = rand(1, i)
		list[i], list[j] = list[j], list[i]
	end
	return list
end

-- The names a policy on arches may use: known to one of them (and to
-- libseccomp when for_lsc), multiplexers left out for libseccomp.
local function name_pool(arches, for_lsc)
	local lsc = for_lsc and oracle.available() and oracle.lib()
	local seen, pool = {}, {}
	for _, arch in ipairs(arches) do
		for _, name in ipairs(core.syscall_names(arch)) do
			local ok = not seen[name] and not (for_lsc and
				(name == "socketcall" or name == "ipc"))
				and (not lsc or lsc.knows(name))
			if ok then pool[#pool + 1] = name end
			seen[name] = true
		end
	end
	table.sort(pool)
	return pool
end

-- One action per syscall, none equal to the default, newer = default,
-- distinct arguments per clause: a policy libseccomp can state.
local function lsc_policy(seed)
	local rand = inputs.generator(seed)
	local arches = pick(rand, ARCH_SETS)
	local pool = name_pool(arches, true)
	local default = random_action(rand, true, "default")
	local rules, used = {}, {}
	for _ = 1, rand(8, 40) do
		local name = pick(rand, pool)
		local act = random_action(rand, true)
		while act == default do act = random_action(rand, true) end
		if not used[name] then
			used[name] = true
			for _ = 1, rand(1, 3) do
				rules[#rules + 1] = rule(name, act, random_clauses(rand, true))
			end
		end
	end
	return { arches = arches, default = default, newer = default,
		bad_arch = random_action(rand, true, "bad_arch"),
		rules = shuffle(rand, rules) }
end

-- Several actions per syscall, rules with the default's action, the
-- multiplexers: what only our precedence gives a meaning to.
local function mixed_policy(seed)
	local rand = inputs.generator(seed)
	local arches, used = {}, {}
	for _ = 1, rand(1, 4) do
		local a = pick(rand, ALL_ARCHES)
		if not used[a] then arches[#arches + 1], used[a] = a, true end
	end
	local pool, names = name_pool(arches, false), {}
	for i = 1, rand(4, 10) do names[i] = pick(rand, pool) end
	if used.i386 then names[#names + 1] = pick(rand, { "socket",
		"connect", "socketcall", "ipc", "semop", "shmat" }) end
	local rules = {}
	for i = 1, rand(10, 40) do
		rules[i] = rule(pick(rand, names), random_action(rand),
			random_clauses(rand, false))
	end
	return { arches = arches, default = random_action(rand),
		bad_arch = random_action(rand), newer = random_action(rand),
		rules = rules }
end

local function docker_json()
	return require("support.sandbox").testdata("docker-default.json")
end

--------------------------------------------------------------------------
-- Specs
--------------------------------------------------------------------------

describe("support.bpf_read", function()
	local LD, JEQ, JGE, RET = 0x20, 0x15, 0x35, 0x06
	local program = require("support.bpf_read").encode

	describe("const_allow", function()
		it("follows loads of nr and arch and stops at any other load",
			function()
			local p = program({
				{ LD, 0, 0, 4 }, { JEQ, 1, 0, AUDIT_X86_64 },
				{ RET, 0, 0, KILL_PROCESS },
				{ LD, 0, 0, 0 }, { JGE, 1, 0, 10 },
				{ RET, 0, 0, ALLOW },
				{ LD, 0, 0, 16 }, { RET, 0, 0, ALLOW },
			})
			assert.is_true(bpf_read.const_allow(p, AUDIT_X86_64, 9))
			assert.is_false(bpf_read.const_allow(p, AUDIT_X86_64, 10))
			assert.is_false(bpf_read.const_allow(p, AUDIT_I386, 9))
			assert.equal(10, bpf_read.count_const_allow(p, AUDIT_X86_64,
				0, 20))
		end)

		it("takes only RET ALLOW as allowed, not log", function()
			local p = program({ { RET, 0, 0, LOG } })
			assert.is_false(bpf_read.const_allow(p, AUDIT_X86_64, 0))
		end)
	end)
end)

describe("support.oracle", function()
	describe("lines", function()
		it("writes one rule line per clause and maps i386 to x86",
			function()
			local text = oracle.lines({ arches = { "x86_64", "i386" },
				default = ERRNO | 1, bad_arch = KILL_PROCESS, rules = {
					rule("read", ALLOW),
					rule("openat", ALLOW, { { cmp(2, "masked_eq", 0x40,
						0x40), cmp(0, "ne", -100) }, { cmp(1, "lt", 5) } }),
				} })
			assert.equal(table.concat({ "arch x86_64", "arch x86",
				"default 0x50001", "badarch 0x80000000",
				"rule 0x7fff0000 read",
				"rule 0x7fff0000 openat 2 masked_eq 0x40 0x40 "
					.. "0 ne 0xffffffffffffff9c",
				"rule 0x7fff0000 openat 1 lt 0x5", "" }, "\n"), text)
		end)
	end)
end)

describe("seccomp.core", function()
	describe("compile beside libseccomp and the plain meaning", function()
		local available, why_not = oracle.available()
		if not available then
			pending("libseccomp's side " .. why_not)
		end

		teardown(function()
			local line = ("differential: total: %d policies, %d inputs "
				.. "compared, ours %d wrong"):format(totals.policies,
				totals.inputs, totals.wrong)
			if totals.lsc_policies > 0 then
				line = line .. ("; libseccomp %s: %d policies, %d inputs, "
					.. "%d wrong (%s), %d rule lines refused"):format(
					oracle.lib().version(), totals.lsc_policies,
					totals.lsc_inputs, totals.lsc_wrong,
					format_causes(totals.causes), totals.refused)
			end
			io.stderr:write(line, "\n")
		end)

		for _, case in ipairs(HAND) do
			it("agrees with the meaning: " .. case.label, function()
				local n, side = judge(case.spec, { label = case.label,
					lsc = case.lsc, extra = 16 })
				report(case.label, n, side)
			end)
		end

		local docker = docker_json()
		if not docker then
			pending("Docker's default profile needs "
				.. "shared/testdata/docker-default.json")
		else
			it("agrees with the meaning on Docker's default profile for "
				.. "x86_64, i386 and x32", function()
				local p = oci.import(docker, { arches = { "x86_64", "i386",
					"x32" } })
				local n, side = judge(p:marshal(), {
					label = "docker-default", lsc = true, extra = 24 })
				report("docker-default", n, side)
			end)
		end

		it("agrees with the meaning on random policies libseccomp can "
			.. "state", function()
			local n, all = 0, { inputs = 0, wrong = 0, counts = {} }
			for _, seed in ipairs(SEEDS_LSC) do
				local label = ("policy seed %d"):format(seed)
				local count, side = judge(lsc_policy(seed),
					{ label = label, seed = seed, lsc = true })
				n = n + count
				if side then
					all.inputs = all.inputs + side.inputs
					all.wrong = all.wrong + side.wrong
					for c, k in pairs(side.counts) do
						all.counts[c] = (all.counts[c] or 0) + k
					end
				end
			end
			report(#SEEDS_LSC .. " random policies", n,
				available and all or nil)
		end)

		it("agrees with the meaning on random policies with several "
			.. "actions per syscall", function()
			local n = 0
			for _, seed in ipairs(SEEDS_MIXED) do
				n = n + judge(mixed_policy(seed), {
					label = ("policy seed %d"):format(seed), seed = seed })
			end
			report(#SEEDS_MIXED .. " random mixed-action policies", n)
		end)
	end)
end)

-- Specs for core.compile: the policy compiler of src/bpf/ and the spec
-- marshalling of src/lua/marshal.c, checked through the simulator and
-- against the plain Lua meaning of lua/seccomp/meaning.lua.

local core = require "seccomp.core"
local meaning = require "seccomp.meaning"

local ALLOW, LOG, USER_NOTIF = 0x7fff0000, 0x7ffc0000, 0x7fc00000
local KILL_PROCESS, KILL_THREAD = 0x80000000, 0x00000000
local TRAP, ERRNO, TRACE = 0x00030000, 0x00050000, 0x7ff00000
local ENOSYS = ERRNO | 38
local AUDIT_X86_64, AUDIT_AARCH64 = 0xc000003e, 0xc00000b7
local X32_BIT = 0x40000000

local LD_ABS, JEQ, JGE, JA = 0x20, 0x15, 0x35, 0x05
local RET_K = 0x06

-- Sub-calls of socketcall(2) and ipc(2) on i386 (linux/net.h, ipc.h).
local SUBCALLS = { i386 = {
	socket = { "socketcall", 1 }, connect = { "socketcall", 3 },
	sendto = { "socketcall", 11 }, recvfrom = { "socketcall", 12 },
	semop = { "ipc", 1 }, msgsnd = { "ipc", 11 }, shmat = { "ipc", 21 },
} }

local ENV = meaning.core_env(core, SUBCALLS)

local decode = require("support.bpf_read").decode

local function nr_of(arch, name)
	return (assert(core.syscall_number(arch, name), name))
end

local function cmp(arg, op, value, mask)
	return { arg = arg, op = op, value = value, mask = mask }
end

local function rule(syscall, action, clauses)
	return { syscall = syscall, action = action, clauses = clauses }
end

local function compile(rules, fields)
	local spec = { arches = { "x86_64" }, default = ERRNO | 1,
		rules = rules }
	for k, v in pairs(fields or {}) do spec[k] = v end
	return core.compile(spec), spec
end

local function eval(filter, arch, nr, args)
	return filter:eval{ arch = arch, nr = nr, args = args }
end

-- The kernel's action cache (seccomp_is_const_allow): follows the program
-- knowing only nr and arch; "allow", "other", or nil when a path reads
-- anything else.
local function cached(insns, arch, nr)
	local a, pc = 0, 1
	while true do
		local code, jt, jf, k = table.unpack(insns[pc])
		if code == LD_ABS then
			if k == 0 then a = nr elseif k == 4 then a = arch
			else return nil end
			pc = pc + 1
		elseif code == RET_K then
			return k == ALLOW and "allow" or "other"
		elseif code == JA then
			pc = pc + 1 + k
		elseif code == JEQ or code == JGE or code == 0x25
			or code == 0x45 then
			local taken = (code == JEQ and a == k)
				or (code == JGE and a >= k)
				or (code == 0x25 and a > k)
				or (code == 0x45 and a & k ~= 0)
			pc = pc + 1 + (taken and jt or jf)
		elseif code == 0x54 then
			a, pc = a & k, pc + 1
		else
			return nil
		end
	end
end

describe("seccomp.core", function()
	describe("compile", function()
		it("lays out one allow rule as arch test, search, returns",
			function()
			local f = compile({ rule("read", ALLOW) },
				{ bad_arch = KILL_PROCESS, newer = ENOSYS })
			local top = core.arch_info("x86_64").max_nr + 1
			assert.same({
				{ LD_ABS, 0, 0, 4 },
				{ JEQ, 0, 10, AUDIT_X86_64 },
				{ LD_ABS, 0, 0, 0 },
				{ JGE, 1, 0, top },
				{ JGE, 5, 4, 1 },
				{ JGE, 1, 0, 0x80000000 },
				{ JGE, 5, 4, X32_BIT },
				{ JGE, 0, 3, 0xc0000000 },
				{ JGE, 2, 3, 0xffffffff },
				{ RET_K, 0, 0, ALLOW },
				{ RET_K, 0, 0, ERRNO | 1 },
				{ RET_K, 0, 0, ENOSYS },
				{ RET_K, 0, 0, KILL_PROCESS },
			}, decode(f:bytes()))
		end)

		it("takes every path of the one-rule program as expected",
			function()
			local f = compile({ rule("read", ALLOW) })
			local top = core.arch_info("x86_64").max_nr + 1
			local paths = {
				{ "x86_64", 0, ALLOW, 6 },
				{ "x86_64", 1, ERRNO | 1, 6 },
				{ "x86_64", top - 1, ERRNO | 1, 6 },
				{ "x86_64", top, ENOSYS, 7 },
				{ "x86_64", X32_BIT - 1, ENOSYS, 7 },
				{ "x86_64", X32_BIT, KILL_PROCESS, 7 },
				{ "x86_64", 0x7fffffff, KILL_PROCESS, 7 },
				{ "x86_64", 0x80000000, ENOSYS, 7 },
				{ "x86_64", 0xbfffffff, ENOSYS, 7 },
				{ "x86_64", 0xc0000000, KILL_PROCESS, 8 },
				{ "x86_64", 0xfffffffe, KILL_PROCESS, 8 },
				{ "x86_64", 0xffffffff, ENOSYS, 8 },
				{ "x86_64", -1, ENOSYS, 8 },
				{ "i386", 0, KILL_PROCESS, 3 },
				{ "aarch64", 63, KILL_PROCESS, 3 },
			}
			for _, p in ipairs(paths) do
				local action, steps = eval(f, p[1], p[2])
				assert.same({ p[3], p[4] }, { action, steps },
					p[1] .. " " .. p[2])
			end
		end)

		it("returns each kind of action", function()
			local actions = { ALLOW, LOG, USER_NOTIF, KILL_PROCESS,
				KILL_THREAD, TRAP | 7, ERRNO | 13, TRACE | 0xffff }
			for _, action in ipairs(actions) do
				local f = compile({ rule("getpid", action) })
				assert.equal(action,
					eval(f, "x86_64", nr_of("x86_64", "getpid")))
			end
		end)

		it("places one return per distinct action, all at the end",
			function()
			local f = compile({
				rule("read", ALLOW), rule("write", ALLOW),
				rule("close", ERRNO | 9),
				rule("openat", ERRNO | 9, { { cmp(2, "eq", 1) } }),
				rule("mmap", LOG, { { cmp(0, "eq", 0) } }),
			})
			local insns, returns, seen = decode(f:bytes()), {}, {}
			for i, insn in ipairs(insns) do
				if insn[1] == RET_K then
					returns[#returns + 1] = i
					assert.is_nil(seen[insn[4]])
					seen[insn[4]] = true
				end
			end
			-- allow, log, errno(9), errno(1), errno(38), kill
			assert.equal(6, #returns)
			assert.equal(#insns - 5, returns[1])
		end)

		it("reads only nr and arch on the path of a constant syscall",
			function()
			local f = compile({
				rule("read", ALLOW), rule("write", ALLOW),
				rule("openat", ALLOW, { { cmp(2, "eq", 0) } }),
				rule("close", ALLOW),
				rule("close", ERRNO | 9, { { cmp(0, "eq", 0) } }),
				rule("close", ALLOW, { { cmp(0, "eq", 0) } }),
			})
			local insns = decode(f:bytes())
			local max = core.arch_info("x86_64").max_nr
			local conditional = { [nr_of("x86_64", "openat")] = true,
				[nr_of("x86_64", "close")] = true }
			for nr = 0, max + 2 do
				local expect = conditional[nr] and "nil"
					or (nr <= 1 and "allow" or "other")
				assert.equal(expect,
					tostring(cached(insns, AUDIT_X86_64, nr)),
					"nr " .. nr)
			end
		end)

		it("finds any syscall by a binary search, not a linear chain",
			function()
			local rules = {}
			for i, name in ipairs(core.syscall_names("x86_64")) do
				if i % 2 == 0 then
					rules[#rules + 1] = rule(name, ALLOW)
				end
			end
			local f = compile(rules)
			local max = core.arch_info("x86_64").max_nr
			local most = 0
			for nr = 0, max + 1 do
				local _, steps = eval(f, "x86_64", nr)
				most = math.max(most, steps)
			end
			-- ld arch, jeq, ld nr, at most 10 levels, ret
			assert.is_true(most <= 14, "steps " .. most)
		end)

		describe("search by weight", function()
			local MAX = core.arch_info("x86_64").max_nr

			-- Allows each x86_64 syscall whose number keep takes.
			local function allow_where(keep, fields)
				local rules = {}
				for _, name in ipairs(core.syscall_names("x86_64")) do
					if keep(nr_of("x86_64", name)) then
						rules[#rules + 1] = rule(name, ALLOW)
					end
				end
				return compile(rules, fields)
			end

			-- The search's jumps on the path of each x86_64 number
			-- first..last (all but ld arch, jeq, ld nr and ret): the
			-- mean and the most.
			local function jumps(f, first, last)
				local sum, most = 0, 0
				for nr = first, last do
					local _, steps = eval(f, "x86_64", nr)
					sum, most = sum + steps - 4, math.max(most, steps - 4)
				end
				return sum / (last - first + 1), most
			end

			-- With constant outcomes only, one jge per range but one.
			local function range_count(f)
				local n = 1
				for _, insn in ipairs(decode(f:bytes())) do
					if insn[1] == JGE then n = n + 1 end
				end
				return n
			end

			local function ceil_log2(n)
				local d = 0
				while 1 << d < n do d = d + 1 end
				return d
			end

			local function top_bit(n)
				local b = 0
				while n > 1 do n, b = n >> 1, b + 1 end
				return b
			end

			-- One range 0..199, then one for each number above.
			local function half(nr)
				return nr < 200 or nr % 2 == 0
			end

			it("ends the search sooner in the ranges of more numbers",
				function()
				local f = allow_where(half)
				local mean = jumps(f, 0, MAX)
				-- no leaf of a search balanced by count is shallower
				local shallowest = ceil_log2(range_count(f)) - 1
				assert.is_true(mean < shallowest - 1,
					("mean %.2f, balanced %d"):format(mean, shallowest))
				local _, most = jumps(f, 0, 199)
				assert.is_true(most <= 2, "most " .. most)
			end)

			it("keeps every path within two jumps of a search balanced "
				.. "by count", function()
				-- ranges of 1, 1, 2, 4, ... 128 numbers: split by weight
				-- alone, the small ones would sink nine levels deep
				local f = allow_where(function(nr)
					return nr == 0 or nr < 256 and top_bit(nr) % 2 == 1
				end)
				local _, most = jumps(f, 0, MAX + 1)
				local bound = ceil_log2(range_count(f)) + 2
				assert.is_true(most <= bound,
					("most %d, bound %d"):format(most, bound))
			end)

			it("tests the x32 window first when x32 is a target, and "
				.. "searches the x86_64 numbers on their own", function()
				local alone = jumps(allow_where(half), 0, MAX)
				local f = allow_where(half, { arches = { "x86_64", "x32" } })
				local insns, at = decode(f:bytes()), 1
				while insns[at][1] ~= LD_ABS or insns[at][4] ~= 0 do
					at = at + 1
				end
				assert.same({ JGE, X32_BIT },
					{ insns[at + 1][1], insns[at + 1][4] })
				local both = jumps(f, 0, MAX)
				assert.is_true(both <= alone + 1,
					("%.3f with x32, %.3f alone"):format(both, alone))
			end)
		end)

		describe("comparisons", function()
			-- arg 1 of mmap is 64 bits wide on x86_64, arg 0 of read 32.
			local function holds(op, value, arg_value, mask)
				local f = compile({ rule("mmap", ALLOW,
					{ { cmp(1, op, value, mask) } }) })
				return eval(f, "x86_64", nr_of("x86_64", "mmap"),
					{ 0, arg_value }) == ALLOW
			end

			local ops = {
				eq = function(a, b) return a == b end,
				ne = function(a, b) return a ~= b end,
				lt = function(a, b) return math.ult(a, b) end,
				le = function(a, b) return not math.ult(b, a) end,
				gt = function(a, b) return math.ult(b, a) end,
				ge = function(a, b) return not math.ult(a, b) end,
			}
			local values = { 0, 1, 0xffffffff, 0x100000000,
				0x123456789, 0xffffffff00000000, -1, -2,
				0x7fffffffffffffff, math.mininteger }

			for op, truth in pairs(ops) do
				it("compares unsigned 64-bit values with " .. op,
					function()
					for _, v in ipairs(values) do
						local around = { v - 1, v, v + 1, v ~ (1 << 32),
							v ~ (1 << 63), 0, -1, v & 0xffffffff }
						for _, a in ipairs(around) do
							assert.equal(truth(a, v), holds(op, v, a),
								("%s 0x%x 0x%x"):format(op, a, v))
						end
					end
				end)
			end

			it("compares masked values half by half", function()
				local cases = {
					{ 0xff, 0x12, 0x1012, true },
					{ 0xff, 0x12, 0x1013, false },
					{ 0xff00000000, 0x1200000000, 0x1234567890, true },
					{ 0xff00000000, 0x1200000000, 0x1334567890, false },
					{ 0xf0000000f, 0x100000001, 0x100000001, true },
					{ 0xf0000000f, 0x100000001, 0x000000001, false },
					{ 0xf0000000f, 0x100000001, 0x100000000, false },
					{ 4, 4, 7, true }, { 4, 4, 3, false },
					{ 4, 0, 3, true }, { 4, 0, 4, false },
					{ -1, -1, -1, true }, { -1, -1, -2, false },
					{ 0, 0, 12345, true },
				}
				for _, c in ipairs(cases) do
					assert.equal(c[4], holds("masked_eq", c[2], c[3],
						c[1]), ("(0x%x & 0x%x) == 0x%x"):format(c[3],
						c[1], c[2]))
				end
			end)

			it("never holds a masked_eq whose value has bits outside "
				.. "the mask", function()
				for _, a in ipairs({ 0, 1, 3, -1 }) do
					assert.is_false(holds("masked_eq", 3, a, 1))
				end
			end)

			it("compares only the low half of a 32-bit argument",
				function()
				local nr = nr_of("x86_64", "read")
				local function read_holds(op, value, a)
					local f = compile({ rule("read", ALLOW,
						{ { cmp(0, op, value) } }) })
					return eval(f, "x86_64", nr, { a }) == ALLOW
				end
				assert.is_true(read_holds("eq", 5, 0xdead00000005))
				assert.is_true(read_holds("eq", 0x700000005, 5))
				assert.is_false(read_holds("ne", 5, 0x100000005))
				assert.is_true(read_holds("gt", 5, 0xffffffff))
				assert.is_false(read_holds("gt", 5, 0x100000000))
				assert.is_true(read_holds("lt", 0x100000005, 4))
				assert.is_true(read_holds("le", -1, 0))
				assert.is_false(read_holds("lt", 0x100000000, 7))
			end)

			it("compares the low half alone on a 32-bit arch",
				function()
				local f = compile({ rule("mmap2", ALLOW,
					{ { cmp(1, "ge", 0x1000) } }) },
					{ arches = { "i386" } })
				local nr = nr_of("i386", "mmap2")
				assert.equal(ALLOW, eval(f, "i386", nr,
					{ 0, 0x100001000 }))
				assert.equal(ERRNO | 1, eval(f, "i386", nr,
					{ 0, 0x100000fff }))
			end)
		end)

		it("takes an OR of ANDs", function()
			local f = compile({ rule("mmap", ALLOW, {
				{ cmp(0, "eq", 1), cmp(1, "eq", 2) },
				{ cmp(2, "ge", 10), cmp(2, "le", 20), cmp(3, "ne", 0) },
			}) })
			local nr = nr_of("x86_64", "mmap")
			local cases = {
				{ { 1, 2, 0, 0 }, true }, { { 1, 3, 0, 0 }, false },
				{ { 0, 2, 0, 0 }, false }, { { 0, 0, 10, 1 }, true },
				{ { 0, 0, 20, 1 }, true }, { { 0, 0, 21, 1 }, false },
				{ { 0, 0, 15, 0 }, false }, { { 1, 2, 15, 1 }, true },
			}
			for _, c in ipairs(cases) do
				assert.equal(c[2], eval(f, "x86_64", nr, c[1]) == ALLOW,
					table.concat(c[1], ","))
			end
		end)

		it("reads an argument once for a list of its values, and "
			.. "again when the high half differs", function()
			local f = compile({ rule("read", ALLOW, {
				{ cmp(0, "eq", 1) }, { cmp(0, "eq", 2) },
				{ cmp(0, "eq", 3) } }) })
			local loads = 0
			for _, insn in ipairs(decode(f:bytes())) do
				if insn[1] == LD_ABS and insn[4] == 16 then
					loads = loads + 1
				end
			end
			assert.equal(1, loads)
			local g = compile({
				rule("mmap", ALLOW, { { cmp(1, "masked_eq", 2, 0xff) } }),
				rule("mmap", ERRNO | 5, { { cmp(1, "eq", 0x100000003) },
					{ cmp(1, "masked_eq", 3, 0xff) } }),
			})
			local mmap = nr_of("x86_64", "mmap")
			assert.equal(ERRNO | 5, eval(g, "x86_64", mmap, { 0, 3 }))
			assert.equal(ALLOW, eval(g, "x86_64", mmap, { 0, 0x102 }))
			assert.equal(ERRNO | 1,
				eval(g, "x86_64", mmap, { 0, 0x200000004 }))
			assert.equal(ERRNO | 5,
				eval(g, "x86_64", mmap, { 0, 0x100000003 }))
		end)

		it("lets a later rule win where its condition holds, the "
			.. "earlier ones elsewhere", function()
			local f = compile({
				rule("openat", ALLOW),
				rule("openat", ERRNO | 13, { { cmp(2, "masked_eq", 1, 3) } }),
				rule("openat", KILL_THREAD, { { cmp(0, "eq", 7) } }),
				rule("close", ERRNO | 5, { { cmp(0, "eq", 1) } }),
				rule("close", ALLOW),
			})
			local openat = nr_of("x86_64", "openat")
			local close = nr_of("x86_64", "close")
			assert.equal(ALLOW, eval(f, "x86_64", openat, { 0, 0, 0 }))
			assert.equal(ERRNO | 13, eval(f, "x86_64", openat, { 0, 0, 1 }))
			assert.equal(KILL_THREAD, eval(f, "x86_64", openat, { 7, 0, 1 }))
			assert.equal(ALLOW, eval(f, "x86_64", close, { 1 }))
		end)

		describe("arch checks", function()
			it("gives bad_arch to a foreign arch", function()
				local f = compile({ rule("read", ALLOW) },
					{ bad_arch = TRAP | 1 })
				assert.equal(TRAP | 1, eval(f, "aarch64", 0))
				assert.equal(TRAP | 1, eval(f, 0x12345678, 0))
				assert.equal(TRAP | 1, eval(f, AUDIT_AARCH64, 63))
			end)

			it("gives bad_arch to x32 numbers when x32 is no target",
				function()
				local f = compile({ rule("read", ALLOW) },
					{ bad_arch = TRAP | 1 })
				assert.equal(TRAP | 1, eval(f, "x86_64", 0x40000027))
				assert.equal(TRAP | 1, eval(f, "x86_64", X32_BIT))
				assert.equal(ENOSYS, eval(f, "x86_64", 0xffffffff))
			end)

			it("lets the x32 rules decide x32 numbers when x32 is a "
				.. "target", function()
				local f = compile({ rule("getpid", ALLOW),
					rule("read", ERRNO | 4) },
					{ arches = { "x86_64", "x32" },
					bad_arch = TRAP | 1 })
				local getpid = nr_of("x32", "getpid")
				assert.equal(0x40000027, getpid)
				assert.equal(ALLOW, eval(f, "x86_64", getpid))
				assert.equal(ERRNO | 4, eval(f, "x86_64", X32_BIT))
				assert.equal(ALLOW, eval(f, "x86_64", 39))
				assert.equal(ENOSYS, eval(f, "x86_64", 0xffffffff))
			end)

			it("takes only x32 numbers when x32 is the only target",
				function()
				local f = compile({ rule("getpid", ALLOW) },
					{ arches = { "x32" }, bad_arch = TRAP | 1 })
				assert.equal(ALLOW, eval(f, "x32", 0x40000027))
				assert.equal(TRAP | 1, eval(f, "x86_64", 39))
				assert.equal(TRAP | 1, eval(f, "x86_64", 0xffffffff))
			end)

			it("dispatches each target arch by its own numbers",
				function()
				local f = compile({ rule("getpid", ALLOW) },
					{ arches = { "x86_64", "i386", "aarch64" } })
				for _, arch in ipairs({ "x86_64", "i386", "aarch64" }) do
					assert.equal(ALLOW,
						eval(f, arch, nr_of(arch, "getpid")), arch)
				end
				assert.equal(ERRNO | 1, eval(f, "i386", 39))
			end)
		end)

		it("gives newer to numbers above the table", function()
			local f = compile({ rule("read", ALLOW) },
				{ arches = { "x86_64", "arm" }, newer = ERRNO | 99 })
			for _, arch in ipairs({ "x86_64", "arm" }) do
				local max = core.arch_info(arch).max_nr
				assert.equal(ERRNO | 1, eval(f, arch, max))
				assert.equal(ERRNO | 99, eval(f, arch, max + 1))
				assert.equal(ERRNO | 99, eval(f, arch, 0x3fffffff))
			end
		end)

		describe("socketcall and ipc", function()
			local function i386(rules)
				return compile(rules, { arches = { "i386" } })
			end
			local socketcall, ipc = 102, 117

			it("copies a rule onto its socketcall sub-call", function()
				local f = i386({ rule("connect", ALLOW) })
				assert.equal(ALLOW, eval(f, "i386", socketcall, { 3 }))
				assert.equal(ERRNO | 1, eval(f, "i386", socketcall, { 1 }))
				assert.equal(ALLOW,
					eval(f, "i386", nr_of("i386", "connect")))
			end)

			it("drops the copy of a conditional rule that allows",
				function()
				local f = i386({ rule("socket", ALLOW,
					{ { cmp(0, "eq", 1) } }) })
				assert.equal(ERRNO | 1,
					eval(f, "i386", socketcall, { 1, 0x1000 }))
				assert.equal(ALLOW,
					eval(f, "i386", nr_of("i386", "socket"), { 1 }))
			end)

			it("denies the sub-call of a conditional rule that denies",
				function()
				local f = i386({ rule("socketcall", ALLOW),
					rule("socket", KILL_PROCESS,
						{ { cmp(0, "eq", 10) } }) })
				assert.equal(KILL_PROCESS,
					eval(f, "i386", socketcall, { 1, 0x1000 }))
				assert.equal(ALLOW, eval(f, "i386", socketcall, { 3 }))
			end)

			it("masks ipc's version bits off the call", function()
				local f = i386({ rule("semop", ERRNO | 7) })
				assert.equal(ERRNO | 7, eval(f, "i386", ipc, { 1 }))
				assert.equal(ERRNO | 7,
					eval(f, "i386", ipc, { 0x10001 }))
				assert.equal(ERRNO | 1, eval(f, "i386", ipc, { 2 }))
			end)

			it("marks the copies in the listing", function()
				local dump = i386({ rule("connect", ALLOW),
					rule("semop", ALLOW) }):dump()
				assert.truthy(dump:find("rule #1 (socketcall sub-call, its "
					.. "arguments unread)", 1, true))
				assert.truthy(dump:find("rule #2 (ipc sub-call, its "
					.. "arguments unread)", 1, true))
			end)
		end)

		describe("size", function()
			local function many_rules(count, clauses_of)
				local rules = {}
				for i, name in ipairs(core.syscall_names("x86_64")) do
					if i > count then break end
					rules[i] = rule(name, ALLOW, clauses_of(i))
				end
				return rules
			end

			it("reaches far returns through trampolines", function()
				local spec = { arches = { "x86_64" }, default = ERRNO | 1,
					rules = many_rules(300, function(i)
						return { { cmp(1, "eq", i) } }
					end) }
				local f = core.compile(spec)
				local insns = decode(f:bytes())
				local trampolines = 0
				for _, insn in ipairs(insns) do
					if insn[1] == JA then trampolines = trampolines + 1 end
				end
				assert.is_true(#f > 1000)
				assert.is_true(trampolines > 0)
				assert.is_true(core.verify(f:bytes()))
				local decide = meaning.new(spec, ENV)
				for i, r in ipairs(spec.rules) do
					local nr = nr_of("x86_64", r.syscall)
					for _, a in ipairs({ i, i + 1, i + (1 << 32) }) do
						local input = { arch = "x86_64", nr = nr,
							args = { 0, a } }
						assert.equal(decide(input), f:eval(input),
							r.syscall .. " " .. a)
					end
				end
			end)

			it("refuses a filter over 4096 instructions", function()
				local rules = many_rules(400, function(i)
					return { { cmp(1, "eq", i << 32 | i) },
						{ cmp(2, "eq", i << 32 | i) },
						{ cmp(3, "eq", i << 32 | i) } }
				end)
				local ok, err = pcall(compile, rules)
				assert.is_false(ok)
				assert.matches("^filter needs %d+ instructions, more "
					.. "than the kernel's 4096$", err)
			end)
		end)

		describe("bad input", function()
			local function message(spec_or_rules, fields)
				local ok, err = pcall(compile, spec_or_rules, fields)
				assert.is_false(ok)
				return err
			end

			it("names an unknown operator", function()
				assert.equal("rule 2: unknown operator 'eqq'", message({
					rule("read", ALLOW),
					rule("read", ALLOW, { { cmp(0, "eqq", 1) } }) }))
			end)

			it("refuses an argument index outside 0..5", function()
				assert.equal("rule 1: arg must be 0..5", message({
					rule("read", ALLOW, { { cmp(6, "eq", 1) } }) }))
			end)

			it("names an unknown arch", function()
				assert.equal("unknown arch 'foo'", message({},
					{ arches = { "foo" } }))
			end)

			it("refuses an arch given twice", function()
				assert.equal("arch 'i386' given twice", message({},
					{ arches = { "i386", "x86_64", "i386" } }))
			end)

			it("names an unknown field", function()
				assert.equal("rule 1: unknown field 'actoin'", message({
					{ syscall = "read", actoin = ALLOW } }))
				assert.equal("spec: unknown field 'defualt'", message({},
					{ defualt = ALLOW }))
			end)

			it("refuses a clause that is not a list of comparisons",
				function()
				assert.matches("^rule 1: .* must be a list$", message({
					rule("read", ALLOW, { cmp(0, "eq", 1) }) }))
				assert.matches("^rule 1: clauses must be a list$",
					message({ rule("read", ALLOW, cmp(0, "eq", 1)) }))
			end)

			it("wants a mask with masked_eq and only there", function()
				assert.equal("rule 1: masked_eq needs a mask", message({
					rule("read", ALLOW, { { cmp(0, "masked_eq", 1) } }) }))
				assert.equal("rule 1: mask is only for masked_eq",
					message({ rule("read", ALLOW,
						{ { cmp(0, "eq", 1, 1) } }) }))
			end)

			it("names a syscall no target arch knows", function()
				assert.equal("rule 1: syscall 'opne' is unknown to "
					.. "every target arch",
					message({ rule("opne", ALLOW) }))
			end)

			it("skips a syscall on the arches that lack it", function()
				local f = compile({ rule("open", ALLOW) },
					{ arches = { "x86_64", "aarch64" } })
				assert.equal(ALLOW, eval(f, "x86_64", 2))
				assert.equal(ERRNO | 1, eval(f, "aarch64", 2))
			end)

			it("refuses values that are not integers", function()
				assert.equal("rule 1: value must be an integer, not "
					.. "string", message({ rule("read", ALLOW,
						{ { cmp(0, "eq", "1") } }) }))
				assert.equal("rule 1: action must be a SECCOMP_RET_* "
					.. "value 0..0xffffffff",
					message({ rule("read", 1 << 32) }))
				local ok, err = pcall(core.compile,
					{ arches = { "x86_64" }, rules = {} })
				assert.is_false(ok)
				assert.equal("default must be an integer, not nil", err)
			end)
		end)

		describe("against the plain meaning", function()
			local POOL = { "read", "write", "openat", "open", "close",
				"mmap", "mmap2", "ioctl", "socket", "connect", "sendto",
				"semop", "msgsnd", "getpid", "socketcall", "ipc",
				"futex", "kill", "fcntl", "prctl" }
			local ARCHES = { "x86_64", "i386", "x32", "aarch64", "arm",
				"riscv64" }
			local ACTIONS = { ALLOW, LOG, ERRNO | 1, ERRNO | 2,
				KILL_PROCESS, KILL_THREAD, TRAP | 3 }
			local VALUES = { 0, 1, 2, 5, 0xff, 0x7fffffff, 0xffffffff,
				0x100000000, 0x100000005, 0xff00000000, -1, -6,
				math.maxinteger, math.mininteger }
			local OPS = { "eq", "ne", "lt", "le", "gt", "ge",
				"masked_eq" }

			-- xorshift64: the same numbers for the same seed, and no
			-- global state touched.
			local function generator(seed)
				local state = seed * 0x9e3779b97f4a7c15 | 1
				return function(m, n)
					state = state ~ (state << 13)
					state = state ~ (state >> 7)
					state = state ~ (state << 17)
					return m + (state >> 1) % (n - m + 1)
				end
			end

			local function pick(rand, list)
				return list[rand(1, #list)]
			end

			local function value(rand)
				local v = pick(rand, VALUES)
				local twist = rand(1, 4)
				if twist == 1 then v = v + rand(-1, 1) end
				if twist == 2 then v = v ~ (1 << 32) end
				return v
			end

			local function random_clauses(rand)
				local n = rand(0, 3)
				if n == 0 then return nil end
				local clauses = {}
				for c = 1, n do
					clauses[c] = {}
					for k = 1, rand(1, 3) do
						local op = pick(rand, OPS)
						local mask = op == "masked_eq" and value(rand)
							or nil
						local v = value(rand)
						if mask and rand(1, 3) > 1 then v = v & mask end
						clauses[c][k] = cmp(rand(0, 1), op, v, mask)
					end
				end
				return clauses
			end

			local function random_spec(rand)
				local arches, names, used = {}, {}, {}
				for _ = 1, rand(1, 3) do
					local a = pick(rand, ARCHES)
					if not used[a] then
						used[a] = true
						arches[#arches + 1] = a
					end
				end
				for _ = 1, 4 do
					names[#names + 1] = pick(rand, POOL)
				end
				local rules = {}
				for i = 1, rand(1, 30) do
					rules[i] = rule(pick(rand, names),
						pick(rand, ACTIONS), random_clauses(rand))
				end
				local spec = { arches = arches, rules = rules,
					default = pick(rand, ACTIONS),
					bad_arch = pick(rand, ACTIONS),
					newer = pick(rand, ACTIONS) }
				-- a name that no target arch knows is an error
				local ok = pcall(core.compile, spec)
				if not ok then
					spec.arches = { "x86_64", "i386" }
				end
				return spec, names
			end

			local function random_nr(rand, arch, names)
				local info = core.arch_info(arch)
				local n = rand(1, 10)
				if n <= 6 then
					local via = { socketcall = 1, ipc = 1 }
					local name = rand(1, 4) == 1
						and pick(rand, { "socketcall", "ipc" })
						or pick(rand, names)
					return core.syscall_number(arch, name)
						or (via[name] and 0) or rand(0, 500)
				end
				return pick(rand, { 0, info.max_nr, info.max_nr + 1,
					0x40000000 | rand(0, 600), 0xffffffff,
					rand(0, 0xffffffff) })
			end

			local function random_input(rand, spec, names)
				local arch = rand(1, 5) > 1 and pick(rand, spec.arches)
					or pick(rand, ARCHES)
				local args = {}
				for i = 1, 6 do args[i] = value(rand) end
				local input = { arch = arch, args = args,
					nr = random_nr(rand, arch, names) }
				if rand(1, 20) == 1 then input.arch = 0x12345678 end
				return input
			end

			local function check_seed(seed, inputs)
				local rand = generator(seed)
				local spec, names = random_spec(rand)
				local filter = core.compile(spec)
				local decide = meaning.new(spec, ENV)
				for _ = 1, inputs do
					local input = random_input(rand, spec, names)
					local want, got = decide(input), filter:eval(input)
					if want ~= got then
						error(("seed %d: %s nr 0x%x args %s: want "
							.. "%s, got %s"):format(seed,
							tostring(input.arch), input.nr,
							table.concat(input.args, ","),
							core.action_name(want),
							core.action_name(got)), 0)
					end
				end
				return #filter
			end

			it("agrees on thousands of inputs to random policies",
				function()
				for seed = 1, 100 do
					check_seed(seed, 100)
				end
			end)

			-- Every shape of compare.c, in pairs on one argument (64 and
			-- 32 bits wide): one rule after the other, an OR, an AND.  A
			-- load left out after a jump that did not hold the right
			-- word shows here.
			local function shapes(arg)
				local kinds = {}
				for _, op in ipairs({ "eq", "ne", "lt", "le", "gt",
					"ge" }) do
					for _, v in ipairs({ 5, 0x100000000, 0x1ffffffff,
						0x500000005, -1 }) do
						kinds[#kinds + 1] = cmp(arg, op, v)
					end
				end
				for _, m in ipairs({ 0xff, 0xff00000000, 0xff000000ff,
					4, 0xffffffff }) do
					kinds[#kinds + 1] = cmp(arg, "masked_eq",
						m & 0x500000005, m)
					kinds[#kinds + 1] = cmp(arg, "masked_eq", 0, m)
				end
				return kinds
			end

			local function args_for(a, b)
				local list = {}
				for _, v in ipairs({ a.value, b.value }) do
					for _, x in ipairs({ v - 1, v, v + 1, v ~ (1 << 32),
						v & 0xffffffff | 7 << 32 }) do
						list[#list + 1] = x
					end
				end
				return list
			end

			local function check_pairs(name, arg)
				local nr, kinds = nr_of("x86_64", name), shapes(arg)
				for _, a in ipairs(kinds) do
					for _, b in ipairs(kinds) do
						local specs = {
							{ rule(name, ERRNO | 5, { { b } }),
								rule(name, ALLOW, { { a } }) },
							{ rule(name, ALLOW, { { a }, { b } }) },
							{ rule(name, ALLOW, { { a, b } }) },
						}
						for _, rules in ipairs(specs) do
							local f, spec = compile(rules)
							local decide = meaning.new(spec, ENV)
							for _, x in ipairs(args_for(a, b)) do
								local args = { 0, 0 }
								args[arg + 1] = x
								local input = { arch = "x86_64", nr = nr,
									args = args }
								assert.equal(decide(input), f:eval(input),
									("%s 0x%x, %s 0x%x, arg 0x%x"):format(
									a.op, a.value, b.op, b.value, x))
							end
						end
					end
				end
			end

			it("agrees on every pair of comparison shapes, 64-bit",
				function()
				assert.equal(64, core.arg_bits("x86_64", "mmap", 1))
				check_pairs("mmap", 1)
			end)

			it("agrees on every pair of comparison shapes, 32-bit",
				function()
				assert.equal(32, core.arg_bits("x86_64", "read", 0))
				check_pairs("read", 0)
			end)

			it("meets the meaning's own x32 and multiplexer cases",
				function()
				local spec = { arches = { "x86_64", "x32", "i386" },
					default = ERRNO | 1, rules = {
						rule("socket", ALLOW),
						rule("socket", KILL_PROCESS, { { cmp(0, "eq", 9) } }),
						rule("semop", ALLOW, { { cmp(1, "eq", 0) } }),
						rule("read", ALLOW),
					} }
				local decide = meaning.new(spec, ENV)
				local f = core.compile(spec)
				local inputs = {
					{ "i386", 102, { 1 } }, { "i386", 102, { 2 } },
					{ "i386", 117, { 1, 0 } }, { "i386", 359, { 9 } },
					{ "x86_64", 0x40000000, {} },
					{ "x86_64", 0x40000029, { 9 } },
					{ "x86_64", 0xffffffff, {} },
				}
				for _, i in ipairs(inputs) do
					local input = { arch = i[1], nr = i[2], args = i[3] }
					assert.equal(decide(input), f:eval(input),
						i[1] .. " " .. i[2])
				end
			end)
		end)
	end)
end)

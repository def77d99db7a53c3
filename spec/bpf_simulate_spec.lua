-- Specs for core.simulate and filter:eval (src/bpf/simulate.c): classic
-- BPF run on one seccomp_data as the kernel runs it.

local core = require "seccomp.core"

local ALLOW, ERRNO, KILL_PROCESS = 0x7fff0000, 0x00050000, 0x80000000

local LD_ABS, LD_LEN, LDX_LEN = 0x20, 0x80, 0x81
local LD_IMM, LDX_IMM, LD_MEM, LDX_MEM = 0x00, 0x01, 0x60, 0x61
local ST, STX, TAX, TXA = 0x02, 0x03, 0x07, 0x87
local JA, JEQ, JGT, JGE, JSET = 0x05, 0x15, 0x25, 0x35, 0x45
local RET_K, RET_A = 0x06, 0x16
local ADD, SUB, MUL, DIV = 0x04, 0x14, 0x24, 0x34
local OR, AND, LSH, RSH, XOR, NEG = 0x44, 0x54, 0x64, 0x74, 0xa4, 0x84
local X = 0x08
local AUDIT_X86_64 = 0xc000003e

local oracle = require "support.oracle"

local program = require("support.bpf_read").encode

local INPUT = { arch = AUDIT_X86_64, nr = 0x101, ip = 0x1122334455667788,
	args = { 0x0000000100000002, -1, 3, 0x7fffffff80000000, 5,
		0x0123456789abcdef } }

local function run(list, input)
	return core.simulate(program(list), input or INPUT)
end

-- A op B on 32-bit words, with B as a constant and then in X.
local function alu(op, a, b)
	local by_k = run({ { LD_IMM, 0, 0, a }, { op, 0, 0, b }, { RET_A } })
	local by_x = run({ { LD_IMM, 0, 0, a }, { LDX_IMM, 0, 0, b },
		{ op | X }, { RET_A } })
	assert.equal(by_k, by_x)
	return by_k
end

describe("seccomp.core", function()
	describe("simulate", function()
		it("returns the constant of a return and counts it as a step",
			function()
			local action, steps = run({ { RET_K, 0, 0, ALLOW } })
			assert.equal(ALLOW, action)
			assert.equal(1, steps)
		end)

		it("loads every word of seccomp_data in host order", function()
			local words = { 0x101, AUDIT_X86_64, 0x55667788, 0x11223344,
				2, 1, 0xffffffff, 0xffffffff, 3, 0, 0x80000000, 0x7fffffff,
				5, 0, 0x89abcdef, 0x01234567 }
			for i, want in ipairs(words) do
				local got = run({ { LD_ABS, 0, 0, 4 * (i - 1) },
					{ RET_A } })
				assert.equal(want, got, "offset " .. 4 * (i - 1))
			end
		end)

		it("reads the length of seccomp_data as 64", function()
			assert.equal(64, run({ { LD_LEN }, { RET_A } }))
			assert.equal(64, run({ { LDX_LEN }, { TXA }, { RET_A } }))
		end)

		it("does unsigned 32-bit arithmetic", function()
			assert.equal(1, alu(ADD, 0xffffffff, 2))
			assert.equal(0xfffffffe, alu(SUB, 1, 3))
			assert.equal(0xfffffffe, alu(MUL, 0x7fffffff, 2))
			assert.equal(0x7fffffff, alu(DIV, 0xfffffffe, 2))
			assert.equal(0xff, alu(OR, 0xf0, 0x0f))
			assert.equal(0x10, alu(AND, 0x30, 0x11))
			assert.equal(0xff00, alu(XOR, 0xffff, 0xff))
			assert.equal(0x80000000, alu(LSH, 1, 31))
			assert.equal(1, alu(RSH, 0x80000000, 31))
			assert.equal(0xfffffffb,
				run({ { LD_IMM, 0, 0, 5 }, { NEG }, { RET_A } }))
		end)

		it("shifts by the low five bits of X", function()
			assert.equal(2, run({ { LD_IMM, 0, 0, 1 },
				{ LDX_IMM, 0, 0, 33 }, { LSH | X }, { RET_A } }))
		end)

		it("ends a division by X == 0 returning 0", function()
			local action, steps = run({ { LD_IMM, 0, 0, 9 },
				{ LDX_IMM, 0, 0, 0 }, { DIV | X }, { RET_K, 0, 0, ALLOW } })
			assert.equal(0, action)
			assert.equal(3, steps)
		end)

		it("keeps sixteen memory words and moves between A and X",
			function()
			assert.equal(7, run({ { LD_IMM, 0, 0, 7 }, { ST, 0, 0, 15 },
				{ LD_IMM, 0, 0, 0 }, { LDX_MEM, 0, 0, 15 }, { TXA },
				{ RET_A } }))
			assert.equal(9, run({ { LDX_IMM, 0, 0, 9 }, { STX, 0, 0, 0 },
				{ LD_MEM, 0, 0, 0 }, { TAX }, { LD_IMM }, { TXA },
				{ RET_A } }))
		end)

		it("takes each jump as its test says", function()
			local tests = {
				{ JEQ, 5, 5, true }, { JEQ, 5, 6, false },
				{ JGT, 6, 5, true }, { JGT, 5, 5, false },
				{ JGE, 5, 5, true }, { JGE, 4, 5, false },
				{ JGT, 0xffffffff, 1, true },
				{ JSET, 6, 2, true }, { JSET, 6, 1, false },
			}
			for _, t in ipairs(tests) do
				local op, a, b, taken = table.unpack(t)
				local want = taken and ALLOW or ERRNO
				assert.equal(want, run({ { LD_IMM, 0, 0, a },
					{ op, 0, 1, b }, { RET_K, 0, 0, ALLOW },
					{ RET_K, 0, 0, ERRNO } }))
				assert.equal(want, run({ { LD_IMM, 0, 0, a },
					{ LDX_IMM, 0, 0, b }, { op | X, 0, 1 },
					{ RET_K, 0, 0, ALLOW }, { RET_K, 0, 0, ERRNO } }))
			end
		end)

		it("counts the instructions on the path taken", function()
			local list = { { LD_ABS, 0, 0, 0 }, { JEQ, 0, 2, 0x101 },
				{ JA, 0, 0, 2 }, { RET_K, 0, 0, ERRNO },
				{ RET_K, 0, 0, KILL_PROCESS }, { RET_K, 0, 0, ALLOW } }
			assert.same({ ALLOW, 4 }, { run(list) })
			assert.same({ KILL_PROCESS, 3 },
				{ run(list, { arch = 0, nr = 1 }) })
		end)

		it("refuses an invalid program", function()
			local ok, err = pcall(run, { { LD_IMM } })
			assert.is_false(ok)
			assert.matches("invalid program: instruction 0: the last "
				.. "instruction is not a return", err)
		end)

		it("refuses input it cannot read", function()
			local bytes = program({ { RET_A } })
			local bad = {
				{ { nr = 1 }, "arch is missing" },
				{ { arch = "vax", nr = 1 }, "unknown arch 'vax'" },
				{ { arch = "x86_64" }, "nr or syscall is missing" },
				{ { arch = "x86_64", nr = 1, arg = {} },
					"unknown field 'arg'" },
				{ { arch = "x86_64", nr = 1, args = { 1, 2, 3, 4, 5, 6,
					7 } }, "at most 6" },
				{ { arch = "x86_64", syscall = "nope" },
					"unknown syscall 'nope' on arch 'x86_64'" },
			}
			for _, b in ipairs(bad) do
				local ok, err = pcall(core.simulate, bytes, b[1])
				assert.is_false(ok)
				assert.truthy(err:find(b[2], 1, true), err)
			end
		end)

		it("looks a syscall name up on the input's arch", function()
			local f = core.compile{ arches = { "x86_64", "aarch64" },
				default = ERRNO | 1,
				rules = { { syscall = "getpid", action = ALLOW } } }
			assert.equal(ALLOW, f:eval{ arch = "aarch64",
				syscall = "getpid" })
			assert.equal(ALLOW, f:eval{ arch = "x86_64",
				syscall = "getpid" })
			assert.equal(ERRNO | 1, f:eval{ arch = "x86_64",
				syscall = "gettid" })
		end)

		it("runs libseccomp's filter to the same outcomes as ours",
			function()
			local available, why_not = oracle.available()
			if not available then
				pending(why_not)
				return
			end
			local theirs = oracle.lib().compile(table.concat({
				"arch x86_64\ndefault 0x00050001\n",
				"badarch 0x80000000\nrule 0x7fff0000 read\n",
				"rule 0x7fff0000 write 0 eq 1\n",
				"rule 0x00050016 close 0 gt 2\n" }))
			local ours = core.compile{ arches = { "x86_64" },
				default = ERRNO | 1, bad_arch = KILL_PROCESS, rules = {
					{ syscall = "read", action = ALLOW },
					{ syscall = "write", action = ALLOW,
						clauses = { { { arg = 0, op = "eq", value = 1 } } } },
					{ syscall = "close", action = ERRNO | 22,
						clauses = { { { arg = 0, op = "gt", value = 2 } } } },
				} }
			-- (not write(0x100000001): write's fd is an unsigned int,
			-- which we compare as 32 bits and libseccomp as 64)
			local inputs = {
				{ arch = "x86_64", nr = 0 }, { arch = "x86_64", nr = 39 },
				{ arch = "x86_64", nr = 1, args = { 1 } },
				{ arch = "x86_64", nr = 1, args = { 2 } },
				{ arch = "x86_64", nr = 3, args = { 2 } },
				{ arch = "x86_64", nr = 3, args = { 3 } },
				{ arch = "i386", nr = 3 },
			}
			for _, i in ipairs(inputs) do
				assert.equal(ours:eval(i), core.simulate(theirs, i),
					i.arch .. " " .. i.nr)
			end
		end)
	end)
end)

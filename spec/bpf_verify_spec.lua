-- Specs for core.verify (src/bpf/verify.c): the checks the kernel makes
-- before it accepts a seccomp filter, each met by a hand-made program.

local core = require "seccomp.core"

local ALLOW = 0x7fff0000

local LD_ABS, LD_LEN, LDX_LEN = 0x20, 0x80, 0x81
local LD_IMM, LDX_IMM, LD_MEM, LDX_MEM = 0x00, 0x01, 0x60, 0x61
local ST, STX, TAX, TXA = 0x02, 0x03, 0x07, 0x87
local JA, JEQ, JGT, JGE, JSET = 0x05, 0x15, 0x25, 0x35, 0x45
local RET_K, RET_A = 0x06, 0x16
local ALU_K = { add = 0x04, sub = 0x14, mul = 0x24, div = 0x34, ["or"] = 0x44,
	["and"] = 0x54, lsh = 0x64, rsh = 0x74, xor = 0xa4 }
local NEG = 0x84
local X = 0x08

local oracle = require "support.oracle"

local program = require("support.bpf_read").encode

local function refusal(list)
	local ok, message = core.verify(program(list))
	assert.is_nil(ok)
	return message
end

local function accepts(list)
	local ok, message = core.verify(program(list))
	assert.is_true(ok, message)
end

describe("seccomp.core", function()
	describe("verify", function()
		it("accepts a lone return", function()
			accepts({ { RET_K, 0, 0, ALLOW } })
		end)

		it("accepts every instruction seccomp allows", function()
			local list = {
				{ LD_ABS, 0, 0, 0 }, { LD_ABS, 0, 0, 60 },
				{ LD_LEN }, { LDX_LEN }, { LD_IMM, 0, 0, 7 },
				{ LDX_IMM, 0, 0, 3 }, { ST, 0, 0, 0 }, { STX, 0, 0, 15 },
				{ LD_MEM, 0, 0, 0 }, { LDX_MEM, 0, 0, 15 },
				{ NEG }, { TAX }, { TXA },
			}
			for _, code in pairs(ALU_K) do
				list[#list + 1] = { code, 0, 0, 1 }
				list[#list + 1] = { code | X }
			end
			for _, code in ipairs({ JEQ, JGT, JGE, JSET }) do
				list[#list + 1] = { code, 0, 0, 1 }
				list[#list + 1] = { code | X, 0, 0 }
			end
			list[#list + 1] = { JA, 0, 0, 0 }
			list[#list + 1] = { RET_A }
			list[#list + 1] = { RET_K, 0, 0, ALLOW }
			accepts(list)
		end)

		it("refuses an empty program", function()
			assert.equal("0 instructions, not 1..4096", refusal({}))
		end)

		it("takes 4096 instructions and refuses 4097", function()
			local list = {}
			for i = 1, 4096 do list[i] = { RET_K, 0, 0, ALLOW } end
			accepts(list)
			list[4097] = { RET_K, 0, 0, ALLOW }
			assert.equal("4097 instructions, not 1..4096", refusal(list))
		end)

		it("refuses a length that is not whole instructions", function()
			local ok, message = core.verify(program({ { RET_K } })
				.. "x")
			assert.is_nil(ok)
			assert.equal("a program is a multiple of 8 bytes, not 9",
				message)
		end)

		it("refuses opcodes seccomp does not allow", function()
			-- ld h abs, ld b abs, ld w ind, ldx b msh, mod k, mod x,
			-- ret x, jmp with an unknown op, nonsense
			for _, code in ipairs({ 0x28, 0x30, 0x40, 0xb1, 0x94, 0x9c,
				0x0e, 0x55, 0xff }) do
				assert.equal(("instruction 1: opcode 0x%02x not "
					.. "allowed in seccomp"):format(code),
					refusal({ { LD_IMM }, { code }, { RET_A } }))
			end
		end)

		it("refuses loads outside seccomp_data or not aligned",
			function()
			for _, k in ipairs({ 64, 2, 61, 0x1000 }) do
				assert.equal(("instruction 0: load of seccomp_data at "
					.. "offset %d"):format(k),
					refusal({ { LD_ABS, 0, 0, k }, { RET_A } }))
			end
		end)

		it("refuses a division by constant zero", function()
			assert.equal("instruction 0: division by zero",
				refusal({ { ALU_K.div, 0, 0, 0 }, { RET_A } }))
			accepts({ { ALU_K.div | X }, { RET_A } })
		end)

		it("refuses a shift by 32 or more", function()
			assert.equal("instruction 0: shift by 32",
				refusal({ { ALU_K.lsh, 0, 0, 32 }, { RET_A } }))
			assert.equal("instruction 0: shift by 99",
				refusal({ { ALU_K.rsh, 0, 0, 99 }, { RET_A } }))
			accepts({ { ALU_K.rsh, 0, 0, 31 }, { RET_A } })
		end)

		it("refuses memory words past M[15]", function()
			for _, code in ipairs({ LD_MEM, LDX_MEM, ST, STX }) do
				assert.equal("instruction 0: memory word 16 past M[15]",
					refusal({ { code, 0, 0, 16 }, { RET_A } }))
			end
		end)

		it("refuses jumps past the end", function()
			assert.equal("instruction 0: jump past the end",
				refusal({ { JA, 0, 0, 1 }, { RET_A } }))
			assert.equal("instruction 1: jump past the end",
				refusal({ { LD_IMM }, { JEQ, 1, 0, 0 }, { RET_A } }))
			assert.equal("instruction 1: jump past the end",
				refusal({ { LD_IMM }, { JGE, 0, 7, 0 }, { RET_A } }))
			accepts({ { JEQ, 1, 0, 0 }, { RET_A }, { RET_A } })
		end)

		it("refuses a program that does not end with a return",
			function()
			assert.equal("instruction 1: the last instruction is not "
				.. "a return", refusal({ { RET_A }, { LD_IMM } }))
		end)

		it("refuses reading a memory word before any write to it",
			function()
			assert.equal("instruction 0: M[3] read before it is written",
				refusal({ { LD_MEM, 0, 0, 3 }, { RET_A } }))
			assert.equal("instruction 1: M[4] read before it is written",
				refusal({ { ST, 0, 0, 3 }, { LDX_MEM, 0, 0, 4 },
					{ RET_A } }))
		end)

		it("refuses a memory word written on one path only", function()
			-- jeq: the true path stores M[0], the false path does not
			local one_path = {
				{ JEQ, 0, 2, 0 }, { ST, 0, 0, 0 }, { JA, 0, 0, 0 },
				{ LD_MEM, 0, 0, 0 }, { RET_A },
			}
			assert.equal("instruction 3: M[0] read before it is written",
				refusal(one_path))
			local both_paths = {
				{ JEQ, 0, 2, 0 }, { ST, 0, 0, 0 }, { JA, 0, 0, 1 },
				{ STX, 0, 0, 0 }, { LD_MEM, 0, 0, 0 }, { RET_A },
			}
			accepts(both_paths)
		end)

		it("accepts what core.compile makes", function()
			local f = core.compile{ arches = { "x86_64", "i386", "x32" },
				default = 0x00050001, rules = {
					{ syscall = "read", action = ALLOW },
					{ syscall = "socket", action = ALLOW,
						clauses = { { { arg = 0, op = "ge", value = 3 } } } },
				} }
			assert.is_true(core.verify(f:bytes()))
		end)

		it("accepts libseccomp's filters", function()
			local available, why_not = oracle.available()
			if not available then
				pending(why_not)
				return
			end
			local bytes = oracle.lib().compile(table.concat({
				"arch x86_64\narch x86\ndefault 0x00050001\n",
				"badarch 0x80000000\nrule 0x7fff0000 read\n",
				"rule 0x7fff0000 write 0 eq 1\n",
				"rule 0x00050016 openat 2 masked_eq 0x40 0x40 1 ne 0\n" }))
			assert.is_true(#bytes > 0)
			assert.is_true(core.verify(bytes))
		end)
	end)
end)

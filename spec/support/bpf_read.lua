--- Reading and writing raw seccomp programs (struct sock_filter[], as
-- core.compile's filter:bytes() and libseccomp's seccomp_export_bpf write
-- them) in plain Lua, for specs and the benchmark.
--
--    local bpf_read = require "support.bpf_read"
--    local insns = bpf_read.decode(bytes)
--    bpf_read.const_allow(insns, 0xc000003e, 0)   --> true | false
-- @module support.bpf_read
local M = {}

local SECCOMP_RET_ALLOW = 0x7fff0000
local OFFSET_NR, OFFSET_ARCH = 0, 4

-- The opcodes the kernel's constant evaluation understands.
local LD_W_ABS, RET_K = 0x20, 0x06
local JA, JEQ_K, JGT_K, JGE_K, JSET_K = 0x05, 0x15, 0x25, 0x35, 0x45
local AND_K = 0x54

--- The raw bytes of a hand-made program: a list of instructions
-- `{ code, jt, jf, k }` (jt, jf and k default to 0), packed as the kernel's
-- struct sock_filter.
function M.encode(list)
	local parts = {}
	for i, insn in ipairs(list) do
		parts[i] = string.pack("<I2BBI4", insn[1], insn[2] or 0,
			insn[3] or 0, insn[4] or 0)
	end
	return table.concat(parts)
end

--- The instructions of a program: a list of { code, jt, jf, k }.
-- @tparam string bytes the raw program, 8 bytes per instruction
-- @treturn table the instructions, from 1
-- @raise when bytes is not a whole number of instructions
function M.decode(bytes)
	if #bytes % 8 ~= 0 then
		error(("a program is a multiple of 8 bytes, not %d"):format(
			#bytes), 2)
	end
	local insns = {}
	for pos = 1, #bytes, 8 do
		local code, jt, jf, k = string.unpack("<I2BBI4", bytes, pos)
		insns[#insns + 1] = { code, jt, jf, k }
	end
	return insns
end

local function as_insns(program)
	if type(program) == "string" then
		return M.decode(program)
	end
	return program
end

local jumps = {
	[JEQ_K] = function(a, k) return a == k end,
	[JGE_K] = function(a, k) return a >= k end,
	[JGT_K] = function(a, k) return a > k end,
	[JSET_K] = function(a, k) return a & k ~= 0 end,
}

--- Whether the kernel's seccomp action cache can skip the program for
-- (audit_arch, nr): the program is run knowing only seccomp_data.nr and
-- .arch, as kernel/seccomp.c's seccomp_is_const_allow does.  A load of
-- anything else, or an instruction it does not model, makes the answer
-- unknown, which the kernel takes as false; so does running off the end.
-- @tparam string|table program raw bytes or decode's list
-- @tparam integer audit_arch the AUDIT_ARCH_* value
-- @tparam integer nr the syscall number as seccomp_data.nr carries it
-- @treturn boolean true when every path reaches RET ALLOW
function M.const_allow(program, audit_arch, nr)
	local insns = as_insns(program)
	local a, pc = 0, 1
	while pc <= #insns do
		local insn = insns[pc]
		local code, k = insn[1], insn[4]
		if code == LD_W_ABS then
			if k == OFFSET_NR then a = nr
			elseif k == OFFSET_ARCH then a = audit_arch
			else return false end
		elseif code == RET_K then
			return k == SECCOMP_RET_ALLOW
		elseif code == JA then
			pc = pc + k
		elseif jumps[code] then
			pc = pc + (jumps[code](a, k) and insn[2] or insn[3])
		elseif code == AND_K then
			a = a & k
		else
			return false
		end
		pc = pc + 1
	end
	return false
end

--- How many numbers from..to const_allow holds for.
-- @treturn integer the count
function M.count_const_allow(program, audit_arch, from, to)
	local insns, n = as_insns(program), 0
	for nr = from, to do
		if M.const_allow(insns, audit_arch, nr) then
			n = n + 1
		end
	end
	return n
end

return M

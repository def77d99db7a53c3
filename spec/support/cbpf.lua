--- Hand-made classic BPF programs for the specs: a list of instructions
-- `{ code, jt, jf, k }` packed as the kernel's struct sock_filter.
local M = {}

--- The raw bytes of list, 8 bytes an instruction, little-endian.
function M.program(list)
	local parts = {}
	for i, insn in ipairs(list) do
		parts[i] = string.pack("<I2BBI4", insn[1], insn[2] or 0,
			insn[3] or 0, insn[4] or 0)
	end
	return table.concat(parts)
end

return M

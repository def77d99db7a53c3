--- What bench/run.lua measures of one compiled program, ours or
-- libseccomp's, in the same way for both: its length, the instructions
-- executed per syscall in our simulator, how many syscalls the kernel's
-- action cache can skip the program for, and compile times on one clock.
-- @module bench.measure
local core = require "seccomp.core"
local bpf_read = require "support.bpf_read"

local M = {}

--- Instructions executed over every number 0..max_nr of arch, all
-- arguments zero.
-- @tparam string bytes the raw program
-- @tparam string arch our arch name
-- @treturn number the mean
-- @treturn integer the worst
-- @treturn integer the number of the worst (the first one)
function M.executed(bytes, arch)
	local max_nr = core.arch_info(arch).max_nr
	local sum, worst, worst_nr = 0, -1, nil
	for nr = core.arch_info(arch).nr_base, max_nr do
		local _, steps = core.simulate(bytes, { arch = arch, nr = nr })
		sum = sum + steps
		if steps > worst then worst, worst_nr = steps, nr end
	end
	return sum / (max_nr - core.arch_info(arch).nr_base + 1), worst,
		worst_nr
end

--- How many numbers 0..max_nr of arch the kernel's action cache
-- (seccomp_is_const_allow) can skip the program for.
function M.cache_skips(bytes, arch)
	local info = core.arch_info(arch)
	return bpf_read.count_const_allow(bytes, info.audit_arch,
		info.nr_base, info.max_nr)
end

--- The best of reps runs of fn, in nanoseconds of clock (a function
-- returning nanoseconds).
function M.best_ns(fn, reps, clock)
	local best = math.huge
	for _ = 1, reps do
		local t0 = clock()
		fn()
		local t = clock() - t0
		if t < best then best = t end
	end
	return best
end

--- Every number of one program: { length, mean, worst, worst_nr,
-- skips }.
function M.program(bytes, arch)
	local mean, worst, worst_nr = M.executed(bytes, arch)
	return { length = #bytes // 8, mean = mean, worst = worst,
		worst_nr = worst_nr, skips = M.cache_skips(bytes, arch) }
end

return M

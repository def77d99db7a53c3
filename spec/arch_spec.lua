-- The arch half of seccomp.core: arch facts and the generated syscall
-- tables, checked against libseccomp's table in the shared test data.
local core = require "seccomp.core"

local X32_BIT = 0x40000000

-- Syscalls newer than the Linux 6.1 headers the tables come from: the
-- generator adds them with one number on every arch.
local NEWER = {
	cachestat = 451, fchmodat2 = 452, map_shadow_stack = 453,
	futex_wake = 454, futex_wait = 455, futex_requeue = 456,
	statmount = 457, listmount = 458, lsm_get_self_attr = 459,
	lsm_set_self_attr = 460, lsm_list_modules = 461, mseal = 462,
	setxattrat = 463, getxattrat = 464, listxattrat = 465,
	removexattrat = 466, open_tree_attr = 467, file_getattr = 468,
	file_setattr = 469, listns = 470, rseq_slice_yield = 471,
}

-- The test data's columns; its x32 numbers lack __X32_SYSCALL_BIT.
local TSV_COLUMNS = { x86_64 = 2, i386 = 3, x32 = 4, aarch64 = 5 }

local function find_tsv()
	local path = require("support.sandbox").testdata_path("syscalls.tsv")
	return path and io.open(path)
end

-- name -> { column -> number or nil }
local function read_tsv(f)
	local rows = {}
	for line in f:lines() do
		if not line:match("^#") and line:match("%S") then
			local fields = {}
			for field in (line .. "\t"):gmatch("([^\t]*)\t") do
				fields[#fields + 1] = field
			end
			rows[fields[1]] = fields
		end
	end
	f:close()
	return rows
end

-- Compares one arch's table with one column of the test data.
local function cross_check(arch, rows, column)
	local result = { mismatches = {}, only_ours = {}, only_theirs = {} }
	local ours = {}
	for _, name in ipairs(core.syscall_names(arch)) do
		ours[name] = core.syscall_number(arch, name) & ~X32_BIT
	end
	for name, nr in pairs(ours) do
		local theirs = rows[name] and tonumber(rows[name][column])
		if theirs == nil then
			table.insert(result.only_ours, name)
		elseif theirs ~= nr then
			table.insert(result.mismatches,
				("%s: ours %d, theirs %d"):format(name, nr, theirs))
		end
	end
	for name, fields in pairs(rows) do
		if tonumber(fields[column]) and not ours[name] then
			table.insert(result.only_theirs, name)
		end
	end
	return result
end

local function report(arch, result)
	for _, side in ipairs { "only_ours", "only_theirs" } do
		if #result[side] > 0 then
			table.sort(result[side])
			io.stderr:write(("note: %s: %s: %s\n"):format(arch, side,
				table.concat(result[side], " ")))
		end
	end
end

describe("seccomp.core", function()
	describe("arches", function()
		it("lists the six target arches", function()
			assert.are.same({ "x86_64", "i386", "x32", "aarch64", "arm",
				"riscv64" }, core.arches())
		end)
	end)

	describe("native_arch", function()
		it("names one of the arches", function()
			local native = core.native_arch()
			assert.are.equal(native, core.arch_info(native).name)
		end)
	end)

	describe("arch_info", function()
		it("gives each arch's audit value, width and number base",
			function()
			local expect = {
				x86_64 = { 0xC000003E, 64, 0 },
				i386 = { 0x40000003, 32, 0 },
				x32 = { 0xC000003E, 64, X32_BIT },
				aarch64 = { 0xC00000B7, 64, 0 },
				arm = { 0x40000028, 32, 0 },
				riscv64 = { 0xC00000F3, 64, 0 },
			}
			for arch, e in pairs(expect) do
				local info = core.arch_info(arch)
				assert.are.same({ arch, e[1], e[2], e[3] },
					{ info.name, info.audit_arch, info.bits,
					  info.nr_base })
			end
		end)

		it("gives the highest number in the table as max_nr", function()
			for _, arch in ipairs(core.arches()) do
				local max = 0
				for _, name in ipairs(core.syscall_names(arch)) do
					max = math.max(max,
						core.syscall_number(arch, name))
				end
				assert.are.equal(max, core.arch_info(arch).max_nr)
			end
		end)

		it("raises on an unknown arch", function()
			assert.has_error(function() core.arch_info("foo") end,
				"unknown arch 'foo'")
		end)
	end)

	describe("syscall_number", function()
		it("agrees with the test data wherever both know a name",
			function()
			local f = find_tsv()
			if not f then
				pending("no shared/testdata/syscalls.tsv")
				return
			end
			local rows = read_tsv(f)
			for arch, column in pairs(TSV_COLUMNS) do
				local result = cross_check(arch, rows, column)
				report(arch, result)
				assert.are.same({}, result.mismatches)
			end
		end)

		it("knows the syscalls added after Linux 6.1 on every arch",
			function()
			for _, arch in ipairs(core.arches()) do
				local base = core.arch_info(arch).nr_base
				for name, nr in pairs(NEWER) do
					assert.are.equal(base + nr,
						core.syscall_number(arch, name))
				end
			end
		end)

		it("knows the arch-only newer syscalls where they exist",
			function()
			assert.are.equal(335, core.syscall_number("x86_64",
				"uretprobe"))
			assert.are.equal(X32_BIT | 335, core.syscall_number("x32",
				"uretprobe"))
			assert.are.equal(258, core.syscall_number("riscv64",
				"riscv_hwprobe"))
			assert.is_nil(core.syscall_number("aarch64", "uretprobe"))
		end)

		it("carries the x32 bit in x32 numbers", function()
			assert.are.equal(X32_BIT | 0, core.syscall_number("x32",
				"read"))
			assert.are.equal(0, core.syscall_number("x86_64", "read"))
		end)

		it("returns nil for a name the arch lacks", function()
			assert.is_nil(core.syscall_number("aarch64", "open"))
			assert.is_nil(core.syscall_number("x86_64", "nosuchcall"))
			assert.is_nil(core.syscall_number("i386", "__NR_read"))
		end)

		it("leaves out the headers' bookkeeping macros", function()
			for _, arch in ipairs(core.arches()) do
				for _, name in ipairs { "syscalls",
					"arch_specific_syscall", "SYSCALL_BASE" } do
					assert.is_nil(core.syscall_number(arch, name))
				end
			end
		end)

		it("raises on an unknown arch", function()
			assert.has_error(function()
				core.syscall_number("foo", "read")
			end, "unknown arch 'foo'")
		end)
	end)

	describe("syscall_name", function()
		it("round-trips with syscall_number on every arch", function()
			for _, arch in ipairs(core.arches()) do
				for _, name in ipairs(core.syscall_names(arch)) do
					local nr = core.syscall_number(arch, name)
					local back = core.syscall_name(arch, nr)
					assert.are.equal(nr,
						core.syscall_number(arch, back))
				end
			end
		end)

		it("returns nil for a number the table lacks", function()
			assert.is_nil(core.syscall_name("x86_64", 100000))
			assert.is_nil(core.syscall_name("x86_64", -1))
			assert.is_nil(core.syscall_name("x86_64", 1 << 40))
		end)

		it("names x86_64 and x32 numbers apart", function()
			assert.are.equal("read", core.syscall_name("x86_64", 0))
			assert.is_nil(core.syscall_name("x32", 0))
			assert.are.equal("read", core.syscall_name("x32", X32_BIT))
		end)

		it("raises on an unknown arch", function()
			assert.has_error(function() core.syscall_name("foo", 0) end,
				"unknown arch 'foo'")
		end)
	end)

	describe("syscall_names", function()
		it("lists each arch's names sorted and without repeats",
			function()
			for _, arch in ipairs(core.arches()) do
				local names = core.syscall_names(arch)
				assert.is_true(#names > 300)
				for i = 2, #names do
					assert.is_true(names[i - 1] < names[i])
				end
			end
		end)

		it("raises on an unknown arch", function()
			assert.has_error(function() core.syscall_names("foo") end,
				"unknown arch 'foo'")
		end)
	end)

	describe("arg_bits", function()
		it("gives the widths the kernel's signatures declare", function()
			local cases = {
				{ "x86_64", "ioctl", 0, 32 },   -- unsigned int fd
				{ "x86_64", "ioctl", 1, 32 },   -- unsigned int cmd
				{ "x86_64", "ioctl", 2, 64 },   -- unsigned long arg
				{ "x86_64", "socket", 2, 32 },  -- int protocol
				{ "x86_64", "personality", 0, 32 },
				{ "x86_64", "openat", 0, 32 },  -- int dfd
				{ "x86_64", "openat", 1, 64 },  -- const char *
				{ "x86_64", "openat", 2, 32 },  -- int flags
				{ "x86_64", "openat", 3, 32 },  -- umode_t mode
				{ "x86_64", "kill", 0, 32 },    -- pid_t
				{ "x86_64", "kill", 1, 32 },    -- int sig
				{ "x86_64", "mmap", 2, 64 },    -- unsigned long prot
				{ "x86_64", "mmap", 4, 32 },    -- fd, fget()'s int
				{ "x86_64", "write", 2, 64 },   -- size_t
				{ "x86_64", "prctl", 1, 64 },   -- unsigned long
				{ "x86_64", "setsockopt", 4, 32 }, -- int optlen
				{ "aarch64", "openat", 2, 32 },
				{ "riscv64", "clone", 0, 32 },  -- lower_32_bits
				{ "x32", "kill", 1, 32 },
				{ "x32", "write", 2, 64 },
			}
			for _, c in ipairs(cases) do
				assert.are.equal(c[4], core.arg_bits(c[1], c[2], c[3]),
					("%s %s arg %d"):format(c[1], c[2], c[3]))
			end
		end)

		it("is 32 for every argument on a 32-bit arch", function()
			assert.are.equal(32, core.arg_bits("i386", "mmap", 1))
			assert.are.equal(32, core.arg_bits("arm", "write", 2))
		end)

		it("is 64 for a syscall it does not know", function()
			assert.are.equal(64, core.arg_bits("x86_64", "nosuch", 0))
		end)

		it("raises on an argument index outside 0..5", function()
			assert.has_error(function()
				core.arg_bits("x86_64", "read", 6)
			end, "argument index 6 out of range (0..5)")
		end)

		it("raises on an unknown arch", function()
			assert.has_error(function()
				core.arg_bits("foo", "read", 0)
			end, "unknown arch 'foo'")
		end)
	end)
end)

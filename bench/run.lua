-- The benchmark of issue 3: our compiler beside libseccomp on the same
-- policies, in the same process.  `make bench` runs it from the repo
-- root, after `make` and `make helpers` (build/helpers/lsc.so is
-- libseccomp's side).
--
--    lua5.4 bench/run.lua [REPS]        (compile time: best of REPS, 30)
--
-- For Docker's default profile (imported for x86_64, i386 and x32) and
-- every profile in profiles/, a table: program length, mean and worst
-- instructions executed over every x86_64 number with zero arguments (our
-- simulator runs both programs), how many x86_64 numbers the kernel's
-- action cache can skip the program for, and the compile time; each
-- beside libseccomp's (SCMP_FLTATR_CTL_OPTIMIZE = 2) with the ratio.
-- Then the issue's targets for Docker's profile, PASS or FAIL each; the
-- exit status is 1 when one fails, 2 when libseccomp is missing.

package.path = "lua/?.lua;lua/?/init.lua;spec/?.lua;./?.lua;"
	.. package.path
package.cpath = "build/?.so;build/helpers/?.so;" .. package.cpath

local core = require "seccomp.core"
local oci = require "seccomp.oci"
local profile = require "sandbox.profile"
local oracle = require "support.oracle"
local measure = require "bench.measure"

local REPS = math.tointeger(tonumber(arg[1] or "")) or 30
local ARCH = "x86_64"
local DOCKER_PATHS = { "../shared/testdata/docker-default.json",
	"/work/shared/testdata/docker-default.json" }

-- name, how the ratio must compare with the bound, the bound.
local TARGETS = {
	{ "length", "length", "<=", 0.4 },
	{ "mean executed", "mean", "<=", 0.7 },
	{ "worst executed", "worst", "<=", 1.0 },
	{ "cache skips", "skips", ">=", 1.0 },
	{ "compile time", "compile_us", "<=", 0.01 },
}

local function read(path)
	local f = io.open(path, "rb")
	if not f then return nil end
	local text = f:read("a")
	f:close()
	return text
end

local function first_line(path, pattern)
	for line in io.lines(path) do
		local v = line:match(pattern)
		if v then return v end
	end
end

local function cpu()
	local model = first_line("/proc/cpuinfo", "^model name%s*:%s*(.-)%s*$")
	local n = 0
	for line in io.lines("/proc/cpuinfo") do
		if line:match("^processor%s*:") then n = n + 1 end
	end
	return ("%s, %d CPUs"):format(model or "unknown", n)
end

local function header(lsc_version)
	local info = core.arch_info(ARCH)
	local lines = {
		"luasandbox benchmark: our compiler beside libseccomp, same "
			.. "policy and process",
		"  command:    make bench   (runs: lua5.4 bench/run.lua)",
		"  kernel:     " .. (read("/proc/sys/kernel/osrelease") or "?")
			:gsub("%s+$", "") .. "   (uname -r)",
		"  cpu:        " .. cpu(),
		"  libseccomp: " .. (lsc_version and lsc_version
			.. ", SCMP_FLTATR_CTL_OPTIMIZE=2 (binary tree)"
			or "not available (build/helpers/lsc.so)"),
		("  executed:   our simulator, every %s number 0..%d, "
			.. "arguments zero"):format(ARCH, info.max_nr),
		("  cache:      %s numbers 0..%d the kernel's action cache "
			.. "skips"):format(ARCH, info.max_nr),
		("  compile:    best of %d (us): spec table / parsed policy to "
			.. "raw program"):format(REPS),
	}
	print(table.concat(lines, "\n"))
end

--------------------------------------------------------------------------
-- Policies
--------------------------------------------------------------------------

-- "x86_64+i386+x32", or "6 arches" where that would not fit.
local function arches_note(spec)
	local names = table.concat(spec.arches, "+")
	if #names > 16 then return #spec.arches .. " arches" end
	return names
end

local function docker_case()
	for _, path in ipairs(DOCKER_PATHS) do
		local text = read(path)
		if text then
			local p = oci.import(text, { arches = { "x86_64", "i386",
				"x32" } })
			local spec = p:marshal()
			return { name = "docker-default", note = arches_note(spec),
				spec = spec }
		end
	end
	return { name = "docker-default", skipped = "no " .. DOCKER_PATHS[1] }
end

local function profile_cases(list)
	local dir = io.popen("ls profiles/*.lua 2>/dev/null")
	for path in dir:lines() do
		local name = path:match("([^/]+)%.lua$")
		local ok, p = pcall(profile.load, path)
		local case = { name = name }
		if ok then
			case.spec = p:marshal()
			case.note = arches_note(case.spec)
		else
			case.skipped = tostring(p)
		end
		list[#list + 1] = case
	end
	dir:close()
	return list
end

--------------------------------------------------------------------------
-- Measuring
--------------------------------------------------------------------------

local function measure_ours(spec, clock)
	local filter = core.compile(spec)
	local m = measure.program(filter:bytes(), ARCH)
	m.compile_us = measure.best_ns(function() core.compile(spec) end,
		REPS, clock) / 1000
	return m
end

local function measure_lsc(spec)
	local bytes, ns, refused = oracle.compile(spec, { reps = REPS })
	local m = measure.program(bytes, ARCH)
	m.compile_us = ns / 1000
	m.refused = #refused
	return m
end

local ROWS = {
	{ "length (instructions)", "length", "%d" },
	{ "mean executed", "mean", "%.2f" },
	{ "worst executed", "worst", "%d" },
	{ "cache skips", "skips", "%d" },
	{ "compile time (us)", "compile_us", "%.1f" },
}

local function ratio(ours, theirs)
	if not theirs or theirs == 0 then return nil end
	return ours / theirs
end

local function print_case(case)
	if case.skipped then
		print(("%-18s skipped: %s"):format(case.name, case.skipped))
		return
	end
	for i, row in ipairs(ROWS) do
		local left = i == 1 and case.name
			or i == 2 and "(" .. case.note .. ")" or ""
		local ours = case.ours[row[2]]
		local theirs = case.lsc and case.lsc[row[2]]
		local r = ratio(ours, theirs)
		print(("%-18s %-22s %10s %11s %7s"):format(left, row[1],
			row[3]:format(ours),
			theirs and row[3]:format(theirs) or "-",
			r and ("%.3f"):format(r) or "-"))
	end
	if case.lsc and case.lsc.refused > 0 then
		print(("%-18s libseccomp refused %d rule lines: not the same "
			.. "policy"):format("", case.lsc.refused))
	end
end

--------------------------------------------------------------------------
-- Targets
--------------------------------------------------------------------------

local function check_targets(case)
	print()
	print(("targets for %s (issue 3), ours / libseccomp:"):format(
		case.name))
	local failed = 0
	for _, t in ipairs(TARGETS) do
		local name, key, how, bound = t[1], t[2], t[3], t[4]
		local r = ratio(case.ours[key], case.lsc[key])
		local pass = r and (how == "<=" and r <= bound
			or how == ">=" and r >= bound)
		if not pass then failed = failed + 1 end
		print(("  %s  %-15s %8.3fx %s %.2fx"):format(pass and "PASS"
			or "FAIL", name, r or 0 / 0, how, bound))
	end
	print(("%d of %d targets met"):format(#TARGETS - failed, #TARGETS))
	return failed == 0
end

local function main()
	local available = oracle.available()
	local lsc = available and oracle.lib()
	header(lsc and lsc.version())
	local clock = lsc and lsc.now_ns or function()
		return math.floor(os.clock() * 1e9)
	end
	local cases = profile_cases({ docker_case() })
	print()
	print(("%-18s %-22s %10s %11s %7s"):format("policy", "metric", "ours",
		"libseccomp", "ratio"))
	for _, case in ipairs(cases) do
		if case.spec then
			case.ours = measure_ours(case.spec, clock)
			case.lsc = lsc and measure_lsc(case.spec)
		end
		print_case(case)
	end
	local docker = cases[1]
	if not lsc or not docker.spec then
		print("\ntargets not checked: "
			.. (lsc and "no Docker profile" or "no libseccomp"))
		os.exit(2)
	end
	os.exit(check_targets(docker) and 0 or 1)
end

main()

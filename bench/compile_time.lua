-- Compile time of core.compile on a few policies, best of several runs,
-- and the bytes of each filter, so that a change to the compiler can be
-- shown to emit the same programs (cmp the files of two runs).
--
--    lua5.4 bench/compile_time.lua [OUTDIR]      (from the repo root)
--
-- Each line: the policy, its rule and instruction counts, the best time
-- of core.compile(spec) with the spec table built beforehand (so what is
-- timed is marshal.c, the compiler and the verifier), and the best time of
-- policy:marshal() alone, the Lua side that builds that table.  With
-- OUTDIR, filter:bytes() goes to OUTDIR/NAME.bpf.

package.path = "lua/?.lua;lua/?/init.lua;spec/?.lua;" .. package.path
package.cpath = "build/?.so;" .. package.cpath

local core = require "seccomp.core"
local oci = require "seccomp.oci"
local profile = require "sandbox.profile"

local DOCKER = "/work/shared/testdata/docker-default.json"
local ALL_ARCHES = { "x86_64", "i386", "x32", "aarch64", "arm", "riscv64" }
local ALLOW, ERRNO, KILL = 0x7fff0000, 0x00050000, 0x80000000
local SAMPLES, MIN_BATCH_SECONDS = 15, 0.002

local outdir = arg[1]

local function read(path)
	local f = assert(io.open(path, "rb"))
	local text = f:read("a")
	f:close()
	return text
end

local function write(path, bytes)
	local f = assert(io.open(path, "wb"))
	f:write(bytes)
	f:close()
end

-- Runs fn in batches long enough for os.clock; the best batch's time per
-- call, in microseconds.
local function best_time(fn)
	local batch, best = 1, math.huge
	repeat
		local t0 = os.clock()
		for _ = 1, batch do fn() end
		local spent = os.clock() - t0
		if spent >= MIN_BATCH_SECONDS then break end
		batch = batch * 2
	until false
	for _ = 1, SAMPLES do
		local t0 = os.clock()
		for _ = 1, batch do fn() end
		best = math.min(best, (os.clock() - t0) / batch)
	end
	return best * 1e6
end

local function docker(arches)
	local policy = oci.import(read(DOCKER), { arches = arches })
	return policy
end

-- 300 rules on random x86_64 syscalls, most of them conditional, with
-- every operator and a few unconditional rules between: the same policy on
-- every run (fixed seed).
local function random_spec()
	local ops = { "eq", "ne", "lt", "le", "gt", "ge", "masked_eq" }
	local actions = { ALLOW, ERRNO | 1, ERRNO | 13, KILL, 0x7ffc0000 }
	local names = core.syscall_names("x86_64")
	local rules = {}
	math.randomseed(20240601)
	local function compare()
		local op = ops[math.random(#ops)]
		local value = math.random(0, 3) == 0
			and math.random(0, 0x7fffffff) << 32 | math.random(0, 99)
			or math.random(0, 4096)
		return { arg = math.random(0, 5), op = op, value = value,
			mask = op == "masked_eq" and (value | 0xff) or nil }
	end
	for i = 1, 300 do
		local clauses
		if i % 7 ~= 0 then
			clauses = {}
			for c = 1, math.random(1, 2) do
				clauses[c] = {}
				for k = 1, math.random(1, 2) do
					clauses[c][k] = compare()
				end
			end
		end
		rules[i] = { syscall = names[math.random(1, 120)],
			action = actions[math.random(#actions)], origin = i,
			clauses = clauses }
	end
	return { arches = { "x86_64" }, default = ERRNO | 1, rules = rules }
end

-- name, policy (or nil), spec table
local function cases()
	local list = {}
	local function add(name, policy, spec)
		list[#list + 1] = { name = name, policy = policy,
			spec = spec or policy:marshal() }
	end
	add("docker-x86", docker({ "x86_64", "i386", "x32" }))
	add("docker-all", docker(ALL_ARCHES))
	local dir = io.popen("ls profiles/*.lua 2>/dev/null")
	for path in dir:lines() do
		local ok, policy = pcall(profile.load, path)
		if ok then
			add(path:match("([^/]+)%.lua$"), policy)
		else
			io.stderr:write(("skipped %s: %s\n"):format(path,
				tostring(policy)))
		end
	end
	dir:close()
	add("random-300", nil, random_spec())
	return list
end

local function main()
	if outdir then os.execute("mkdir -p '" .. outdir .. "'") end
	print(("%-16s %6s %6s %12s %14s"):format("policy", "rules", "insns",
		"compile µs", "marshal() µs"))
	for _, case in ipairs(cases()) do
		local spec, filter = case.spec, core.compile(case.spec)
		local compile_us = best_time(function() core.compile(spec) end)
		local marshal_us = case.policy and
			best_time(function() case.policy:marshal() end)
		print(("%-16s %6d %6d %12.1f %14s"):format(case.name,
			#spec.rules, filter:length(), compile_us,
			marshal_us and ("%.1f"):format(marshal_us) or "-"))
		if outdir then
			write(outdir .. "/" .. case.name .. ".bpf", filter:bytes())
		end
	end
end

main()

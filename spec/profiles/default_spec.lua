-- profiles/default.lua against Docker's default seccomp profile, which
-- it is written to match: both compiled by our compiler, their decisions
-- compared on every x86_64 syscall number with zero arguments, on every
-- syscall of the other five arches, and at the argument values that
-- Docker's conditions (and ours) turn on.  Then the profile runs real
-- workloads, x86_64 and i386, in the kernel.  Docker's profile is read
-- from shared/testdata beside the checkout; without it (or without
-- seccomp.oci) the comparisons are pending.
local sandbox = require "support.sandbox"
local profile = require "sandbox.profile"
local core = require "seccomp.core"
local constants = require "seccomp.constants"
local json = require "dkjson"

local PROFILE = sandbox.root .. "/profiles/default.lua"
local C = constants.values

-- Which arches Docker's filter covers together: on an x86_64 host its
-- arch-specific entries for amd64, x32 and x86 all apply, and so on.
local FAMILY = {
	x86_64 = { "x86_64", "i386", "x32" }, i386 = { "x86_64", "i386", "x32" },
	x32 = { "x86_64", "i386", "x32" }, aarch64 = { "aarch64", "arm" },
	arm = { "aarch64", "arm" }, riscv64 = { "riscv64" },
}

local docker_text = sandbox.testdata("docker-default.json")
local has_oci, oci = pcall(require, "seccomp.oci")

-- Docker's policy for arch's family, or nil (and the spec pending).
local function docker(arch)
	if not has_oci then
		pending("seccomp.oci is not there to import Docker's profile")
	elseif not docker_text then
		pending("shared/testdata/docker-default.json is absent")
	else
		return oci.import(docker_text, { arches = FAMILY[arch] })
	end
end

local function mine()
	return profile.load(PROFILE)
end

-- "name(args): ours vs Docker's" for each input the filters disagree on.
local function disagreements(ours, theirs, inputs)
	local out = {}
	for _, input in ipairs(inputs) do
		local x, y = ours:eval(input), theirs:eval(input)
		if x ~= y then
			out[#out + 1] = ("%s(%s): %s vs Docker's %s"):format(
				core.syscall_name(input.arch, input.nr) or input.nr,
				table.concat(input.args, ", "), core.action_name(x),
				core.action_name(y))
		end
	end
	return out
end

local ZEROS = { 0, 0, 0, 0, 0, 0 }

-- Arguments for a syscall whose answer must not depend on them.
local ARGS = { ZEROS, { -1, -1, -1, -1, -1, -1 },
	{ 1, 2, 0x7fffffff, 0x80000000, 0x100000000, 0xdeadbeefcafe } }

-- Every constant a rule of either policy compares with, its neighbours,
-- and the single bits of its masks, in the argument it is compared with.
local function probes(name, ...)
	local out = {}
	for i = 1, select("#", ...) do
		for _, r in ipairs(select(i, ...):describe().rules) do
			for _, clause in ipairs(r.syscall == name and r.condition
				and r.condition.clauses or {}) do
				for _, cmp in ipairs(clause) do
					local values = { cmp.value, cmp.value + 1, cmp.value - 1 }
					for bit = 0, 63 do
						if (cmp.mask or 0) >> bit & 1 == 1 then
							values[#values + 1] = 1 << bit
						end
					end
					for _, v in ipairs(values) do
						local args = { 0, 0, 0, 0, 0, 0 }
						args[cmp.arg + 1] = v
						out[#out + 1] = args
					end
				end
			end
		end
	end
	return out
end

-- Runs argv under the profile, for 30 s at most.
local function run(argv)
	local words = { "timeout -k 5 30", sandbox.quote(sandbox.binary),
		sandbox.quote(PROFILE), "--" }
	for _, a in ipairs(argv) do words[#words + 1] = sandbox.quote(a) end
	return sandbox.sh(table.concat(words, " ") .. " </dev/null")
end

local function call(arch, name, ...)
	local args = { ... }
	for i, a in ipairs(args) do args[i] = ("%d"):format(a) end
	local nr = assert(core.syscall_number(arch, name), name)
	return #args == 0 and tostring(nr) or nr .. ":" .. table.concat(args, ",")
end

local function present(path, why)
	local f = io.open(path)
	if f then f:close() end
	if not f then pending(why .. ": " .. path) end
	return f ~= nil
end

describe("profiles/default.lua", function()
	describe("against Docker's default profile", function()
		it("decides every x86_64 syscall number as Docker does, with "
			.. "zero arguments", function()
			local theirs = docker("x86_64")
			if not theirs then return end
			local inputs = {}
			for nr = 0, core.arch_info("x86_64").max_nr do
				inputs[#inputs + 1] = { arch = "x86_64", nr = nr, args = ZEROS }
			end
			local differ = disagreements(mine():compile(), theirs:compile(),
				inputs)
			assert.are.same({}, differ)
		end)

		it("allows what Docker allows unconditionally and refuses what "
			.. "it never names, whatever the arguments", function()
			if not docker("x86_64") then return end
			local always, named = {}, {}
			for _, entry in ipairs(json.decode(docker_text).syscalls) do
				local inc = entry.includes or {}
				local x86 = not inc.arches
				for _, a in ipairs(inc.arches or {}) do
					x86 = x86 or a == "amd64" or a == "x86" or a == "x32"
				end
				for _, name in ipairs(entry.names) do
					named[name] = true
					if x86 and not inc.caps and not entry.args
						and not entry.excludes
						and entry.action == "SCMP_ACT_ALLOW" then
						always[name] = true
					end
				end
			end
			local ours, checked = mine():compile(), 0
			for _, name in ipairs(core.syscall_names("x86_64")) do
				local expected = always[name] and "allow"
					or not named[name] and "errno(1)"
				for _, args in ipairs(expected and ARGS or {}) do
					assert.are.equal(expected, core.action_name(ours:eval({
						arch = "x86_64", syscall = name, args = args })),
						name)
					checked = checked + 1
				end
			end
			assert.is_true(checked > 300 * #ARGS)
		end)

		for _, arch in ipairs(core.arches()) do
			it("decides every syscall of " .. arch .. " as Docker does, "
				.. "at every argument value its conditions turn on",
				function()
				local theirs = docker(arch)
				if not theirs then return end
				local ours = mine()
				local inputs = {}
				for _, name in ipairs(core.syscall_names(arch)) do
					local nr = core.syscall_number(arch, name)
					inputs[#inputs + 1] = { arch = arch, nr = nr, args = ZEROS }
					for _, args in ipairs(probes(name, ours, theirs)) do
						inputs[#inputs + 1] = { arch = arch, nr = nr,
							args = args }
					end
				end
				assert.are.same({}, disagreements(ours:compile(),
					theirs:compile(), inputs))
			end)
		end
	end)

	describe("in the kernel", function()
		it("runs a shell, its tools and python3", function()
			if not present("/usr/bin/python3", "no python3") then return end
			local out, err, status = run({ "/bin/sh", "-c", [[
				export LC_ALL=C PATH=/usr/bin:/bin
				d=$(mktemp -d) && cd "$d" && printf 'b\na\n' > f &&
				sort f | tr '\n' ' ' && ls && cd / && rm -r "$d" &&
				/usr/bin/python3 -c 'import json; print(json.dumps([1]))'
			]] })
			assert.are.equal("", err)
			assert.are.equal(0, status)
			assert.are.equal("a b f\n[1]\n", out)
		end)

		it("refuses on x86_64 what Docker refuses, with EPERM", function()
			if not present(sandbox.try, "make helpers builds") then
				return
			end
			local A = "x86_64"
			local out, err, status = run({ sandbox.try,
				call(A, "mount"), call(A, "unshare", C.CLONE_NEWUSER),
				call(A, "keyctl"), call(A, "bpf"), call(A, "reboot"),
				call(A, "init_module"), call(A, "io_uring_setup", 1, 0),
				call(A, "socket", C.AF_ALG, C.SOCK_SEQPACKET, 0),
				call(A, "personality", 0x0400000),
				call(A, "clone", C.CLONE_NEWUSER | C.SIGCHLD),
				call(A, "clone3"),
				call(A, "socket", C.AF_INET, C.SOCK_STREAM, 0),
				call(A, "personality", 0xffffffff), call(A, "getpid") })
			assert.are.equal(0, status, err)
			local r = sandbox.results(out)
			for i = 1, 10 do assert.are.equal("EPERM", r[i].result, i) end
			assert.are.equal("ENOSYS", r[11].result)
			for i = 12, 14 do assert.are.equal("ok", r[i].result, i) end
		end)

		it("refuses on i386 too, through the same filter", function()
			if not present(sandbox.try32, "make helpers builds") then
				return
			end
			local A = "i386"
			local out, err, status = run({ sandbox.try32, call(A, "mount"),
				call(A, "unshare", C.CLONE_NEWUSER), call(A, "keyctl"),
				call(A, "getpid"), call(A, "getuid32") })
			assert.are.equal(0, status, err)
			local r = sandbox.results(out)
			for i = 1, 3 do assert.are.equal("EPERM", r[i].result, i) end
			for i = 4, 5 do assert.are.equal("ok", r[i].result, i) end
		end)
	end)
end)

-- Filters in the real kernel, across ABIs and actions: an i386 process
-- (IA32 emulation), x32 syscall numbers, every action's effect, and the
-- 32-bit argument rule that stops the upper-half bypass.
local sandbox = require "support.sandbox"
local core = require "seccomp.core"

local function nr(arch, name) return core.syscall_number(arch, name) end

local function run(source, binary, calls)
	local argv = { binary }
	for _, c in ipairs(calls) do argv[#argv + 1] = tostring(c) end
	local out, err, status = sandbox.run(sandbox.profile(source), argv)
	return sandbox.results(out), status, err
end

local ALLOW_ALL = 'return seccomp.policy():default("allow")'

describe("filters in the kernel", function()
	describe("an i386 process", function()
		it("is refused before launch when i386 is not a target", function()
			local _, status, err = run(ALLOW_ALL, sandbox.try32,
				{ nr("i386", "getpid") })
			assert.are.equal(125, status)
			assert.matches("is an i386 program, and the profile does not "
				.. "target i386", err)
		end)

		it("is killed as a foreign arch when it starts behind a shell",
			function()
			local _, _, status = sandbox.run(sandbox.profile(ALLOW_ALL),
				{ "sh", "-c", 'exec "$0" ' .. nr("i386", "getpid"),
				sandbox.try32 })
			assert.are.equal(159, status)
		end)

		it("is decided by i386 numbers when i386 is a target", function()
			local r, status = run([[
				return seccomp.policy():default("allow")
					:arches { "x86_64", "i386" }
					:errno(EACCES, "getppid")
			]], sandbox.try32, { nr("i386", "getpid"), nr("i386", "getppid") })
			assert.are.equal(0, status)
			assert.are.equal("ok", r[1].result)
			assert.are.equal("EACCES", r[2].result)
		end)

		it("has socketcall sub-calls decided like the direct calls, and "
			.. "refused when a condition cannot be read", function()
			local socket, socketcall = nr("i386", "socket"),
				nr("i386", "socketcall")
			local r = run([[
				return seccomp.policy():default("allow")
					:arches { "x86_64", "i386" }
					:deny("socket", "arg0 != AF_UNIX")
			]], sandbox.try32, {
				socket .. ":1,1,0", socket .. ":2,1,0",
				socketcall .. ":1,0",
			})
			assert.are.equal("ok", r[1].result)
			assert.are.equal("EPERM", r[2].result)
			-- SYS_SOCKET through socketcall: the family sits behind a
			-- pointer, so the conditional deny applies (fail closed)
			assert.are.equal("EPERM", r[3].result)
		end)
	end)

	describe("--explain", function()
		it("takes an arch prefix for another target arch", function()
			local profile = sandbox.profile([[
				return seccomp.policy():default("allow")
					:arches { "x86_64", "i386" }
					:errno(EACCES, "getppid")
			]])
			local out, _, status = sandbox.run(profile, nil,
				{ "--explain", "i386:getppid()" })
			assert.are.equal(0, status)
			assert.matches("^getppid%(%) on i386: errno%(13%)\n", out)
			local _, err = sandbox.run(profile, nil,
				{ "--explain", "arm:getppid()" })
			assert.matches("'arm' is not a target arch", err)
		end)
	end)

	describe("x32 syscall numbers", function()
		local X32_GETPID = nr("x32", "getpid")

		it("are killed as a foreign arch when x32 is not a target",
			function()
			local r, status = run(ALLOW_ALL, sandbox.try,
				{ nr("x86_64", "getpid"), X32_GETPID })
			assert.are.equal(159, status)
			assert.are.equal(1, #r)
		end)

		it("are decided by x32 rules when x32 is a target", function()
			local r, status = run([[
				return seccomp.policy():default("allow")
					:arches { "x86_64", "x32" }
					:errno(EACCES, "getpid")
			]], sandbox.try, { X32_GETPID })
			assert.are.equal(0, status)
			assert.are.equal("EACCES", r[1].result)
		end)

		it("pass an allowing x32 filter to the kernel, which answers "
			.. "ENOSYS on a kernel without the x32 ABI", function()
			local r = run([[
				return seccomp.policy():default("allow")
					:arches { "x86_64", "x32" }
			]], sandbox.try, { X32_GETPID })
			assert.are.equal("ENOSYS", r[1].result)
		end)
	end)

	describe("each action", function()
		local GETPPID = nr("x86_64", "getppid")
		local function with(rule)
			return run('return seccomp.policy():default("allow"):rule('
				.. rule .. ', "getppid")', sandbox.try,
				{ nr("x86_64", "getpid"), GETPPID })
		end

		it("allow lets the call run", function()
			local r, status = with('"allow"')
			assert.are.same({ 0, "ok" }, { status, r[2].result })
		end)

		it("errno fails it with the number", function()
			local r = with('seccomp.errno(EXDEV)')
			assert.are.equal("EXDEV", r[2].result)
		end)

		it("log lets it run", function()
			local r = with('"log"')
			assert.are.equal("ok", r[2].result)
		end)

		it("trace fails it with ENOSYS when no tracer is attached",
			function()
			local r = with('seccomp.trace(1)')
			assert.are.equal("ENOSYS", r[2].result)
		end)

		for _, kind in ipairs({ "kill_process", "kill_thread", "trap" }) do
			it(kind .. " ends the process with SIGSYS (159)", function()
				local r, status = with('"' .. kind .. '"')
				assert.are.equal(159, status)
				assert.are.equal(1, #r)
			end)
		end
	end)

	describe("a 32-bit argument", function()
		it("cannot slip past a rule by setting its upper half", function()
			local ioctl = nr("x86_64", "ioctl")
			local r = run([[
				return seccomp.policy():default("allow")
					:deny("ioctl", "arg1 == TIOCSTI")
			]], sandbox.try, {
				ioctl .. ":0,0x5412",
				ioctl .. ":0,0x100005412",
				ioctl .. ":0,0x5413",
			})
			assert.are.equal("EPERM", r[1].result)
			assert.are.equal("EPERM", r[2].result)
			assert.are_not.equal("EPERM", r[3].result)
		end)
	end)
end)

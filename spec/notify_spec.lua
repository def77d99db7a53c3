-- The user-notification supervisor: notify rules hand syscalls to the
-- launcher, where the profile's supervise function answers them, in the
-- real kernel with real workloads.
local sandbox = require "support.sandbox"
local core = require "seccomp.core"
local seccomp = require "seccomp"
local supervise = require "sandbox.supervise"

local nr = sandbox.nr
local GETPID, GETPPID = nr("getpid"), nr("getppid")

local try = sandbox.try_under

describe("sandbox.supervise", function()
	describe("a notify rule with a supervise function", function()
		it("fails the call with the errno the function returns", function()
			local out, err, status = try([[
				return seccomp.policy():default("allow"):notify "getppid"
					:supervise(function() return seccomp.errno(EACCES) end)
			]], { GETPID, GETPPID })
			assert.are.equal("", err)
			assert.are.equal(0, status)
			local r = sandbox.results(out)
			assert.are.equal("ok", r[1].result)
			assert.are.equal("EACCES", r[2].result)
		end)

		it("takes the errno as the name \"errno\" and a number", function()
			local out, _, status = try([[
				return seccomp.policy():default("allow"):notify "getppid"
					:supervise(function() return "errno", EXDEV end)
			]], { GETPPID })
			assert.are.equal(0, status)
			assert.are.equal("EXDEV", sandbox.results(out)[1].result)
		end)

		it("lets the call run when the function returns \"allow\"",
			function()
			local out, err, status = try([[
				return seccomp.policy():default("allow"):notify "getppid"
					:supervise(function() return "allow" end)
			]], { GETPPID })
			assert.are.equal("", err)
			assert.are.equal(0, status)
			assert.are.equal("ok", sandbox.results(out)[1].result)
		end)

		it("passes the caller's pid, arch, syscall, number and arguments",
			function()
			-- The answer encodes what the function saw: EXDEV (18) only
			-- when every field is right, then the first argument as errno.
			local out, _, status = try([[
				return seccomp.policy():default("allow"):notify "getppid"
					:supervise(function(call)
						local f = io.open("/proc/" .. call.pid .. "/comm")
						local comm = f and f:read("l")
						if f then f:close() end
						if comm == "try" and call.arch == "x86_64"
							and call.syscall == "getppid" and call.nr == 110
							and call.args[2] == -1 and call.args[6] == 6
							and #call.args == 6 then
							return seccomp.errno(call.args[1])
						end
						return seccomp.errno(EPERM)
					end)
			]], { "--pid", GETPPID .. ":18,-1,0,0,0,6" })
			assert.are.equal(0, status)
			assert.are.equal("EXDEV", sandbox.results(out)[1].result)
		end)

		it("fails the call with EPERM when the function raises, naming the "
			.. "profile line, and goes on", function()
			local path = sandbox.profile([[
				return seccomp.policy():default("allow"):notify "getppid"
					:supervise(function()
						error("no decision today")
					end)
			]])
			local out, err, status = sandbox.run(path,
				{ sandbox.try, GETPPID, GETPID, GETPPID })
			assert.are.equal(0, status)
			local r = sandbox.results(out)
			assert.are.same({ "EPERM", "ok", "EPERM" },
				{ r[1].result, r[2].result, r[3].result })
			local line = "luasandbox: supervise: " .. path .. ":3: "
				.. "no decision today\n"
			assert.are.equal(line .. line, err)
		end)

		it("fails the call with EPERM when the function returns no action",
			function()
			local out, err, status = try([[
				return seccomp.policy():default("allow"):notify "getppid"
					:supervise(function() end)
			]], { GETPPID })
			assert.are.equal(0, status)
			assert.are.equal("EPERM", sandbox.results(out)[1].result)
			assert.matches("^luasandbox: supervise: [^\n]+:2: the supervise "
				.. "function must return an action, not nil\n$", err)
		end)

		it("is kept by a policy that includes the supervised one",
			function()
			local out, _, status = try([[
				local base = seccomp.policy():notify "getppid"
					:supervise(function() return seccomp.errno(EACCES) end)
				return seccomp.policy():default("allow"):include(base)
			]], { GETPPID })
			assert.are.equal(0, status)
			assert.are.equal("EACCES", sandbox.results(out)[1].result)
		end)
	end)

	describe("a notify rule without a supervise function", function()
		it("lets the call run, silently", function()
			local out, err, status = try([[
				return seccomp.policy():default("allow"):notify "getppid"
			]], { GETPPID })
			assert.are.equal("", err)
			assert.are.equal(0, status)
			assert.are.equal("ok", sandbox.results(out)[1].result)
		end)

		it("logs each call with -v", function()
			local out, err, status = try([[
				return seccomp.policy():default("allow"):notify "getppid"
			]], { "--pid", GETPPID .. ":7" }, { "-v" })
			assert.are.equal(0, status)
			local pid = assert(out:match("^(%d+)\n"))
			assert.truthy(err:find(("luasandbox: notify: pid %s: getppid("
				.. "0x7, 0x0, 0x0, 0x0, 0x0, 0x0)\n"):format(pid), 1, true))
		end)
	end)

	describe("the launch", function()
		it("starts a workload whose profile notifies read: the launcher's "
			.. "own one-byte read before execve is not the profile's",
			function()
			-- Every one-byte read fails, as the launcher's would if the
			-- supervisor did not let it through; sh's read builtin reads
			-- one byte at a time.
			local out, err, status = sandbox.run(sandbox.profile([[
				return seccomp.policy():default("allow"):notify "read"
					:supervise(function(call)
						if call.args[3] == 1 then
							return seccomp.errno(EACCES)
						end
						return "allow"
					end)
			]]), { "sh", "-c", "read x < /etc/passwd; echo status $?" })
			assert.are.equal("", err)
			assert.are.equal(0, status)
			assert.are.equal("status 1\n", out)
		end)

		it("supervises a workload whose every syscall is notified",
			function()
			local out, err, status = sandbox.run(sandbox.profile([[
				return seccomp.policy():default("notify"):newer("notify")
			]]), { "sh", "-c", "ls / | wc -l" })
			local plain = sandbox.sh("ls / | wc -l")
			assert.are.equal("", err)
			assert.are.equal(0, status)
			assert.are.equal(plain, out)
		end)

		it("keeps the exit statuses: a kill after a notify ends with 159",
			function()
			local out, _, status = try([[
				return seccomp.policy():default("allow"):notify "getpid"
					:kill "getppid"
			]], { GETPID, GETPPID, GETPID })
			assert.are.equal(159, status)
			assert.are.equal(1, #sandbox.results(out))
		end)

		it("returns the workload's own exit status", function()
			local _, _, status = sandbox.run(sandbox.profile([[
				return seccomp.policy():default("allow"):notify "exit_group"
			]]), { "sh", "-c", "exit 7" })
			assert.are.equal(7, status)
		end)

		it("reports an execve that fails under supervision: 126",
			function()
			local path = os.tmpname()
			local f = assert(io.open(path, "wb"))
			f:write("\0\0\0\0not a program\n")
			f:close()
			os.execute("chmod +x " .. sandbox.quote(path))
			local _, err, status = sandbox.run(sandbox.profile([[
				return seccomp.policy():default("allow")
					:notify { "execve", "write", "exit_group" }
			]]), { path })
			os.remove(path)
			assert.are.equal(126, status)
			assert.matches("^luasandbox: cannot execute '[^\n]+': Exec "
				.. "format error\n$", err)
		end)

		it("forwards a terminating signal to a supervised workload",
			function()
			local profile = sandbox.profile([[
				return seccomp.policy():default("allow")
					:notify { "clock_nanosleep", "nanosleep" }
			]])
			local _, _, status = sandbox.sh(("%s %s -- sleep 30 & "
				.. "sleep 0.5; kill -TERM $!; wait $!")
				:format(sandbox.quote(sandbox.binary), sandbox.quote(profile)))
			assert.are.equal(143, status)
		end)

		it("gives the workload no listener descriptor", function()
			local out, _, status = sandbox.run(sandbox.profile([[
				return seccomp.policy():default("allow"):notify "getppid"
			]]), { "sh", "-c", "ls -l /proc/self/fd/ | grep -c seccomp" })
			assert.are.equal(1, status)   -- grep found nothing
			assert.are.equal("0\n", out)
		end)
	end)

	describe("answer", function()
		it("lets the call run for \"allow\" and the allow action", function()
			assert.is_true(supervise.answer("allow"))
			assert.is_true(supervise.answer(seccomp.allow_action))
		end)

		it("gives the errno of an errno action or name", function()
			assert.are.equal(13, supervise.answer(seccomp.errno(13)))
			assert.are.equal(18, supervise.answer("errno", 18))
			assert.are.equal(0, supervise.answer(seccomp.errno(0)))
		end)

		it("reads \"errno\" alone as EPERM", function()
			assert.are.equal(1, supervise.answer("errno"))
		end)

		it("answers EPERM for every other action", function()
			assert.are.equal(1, supervise.answer("kill"))
			assert.are.equal(1, supervise.answer(seccomp.log))
			assert.are.equal(1, supervise.answer(seccomp.trap(3)))
		end)

		it("refuses what is no action, saying why", function()
			local a, why = supervise.answer(nil)
			assert.is_nil(a)
			assert.are.equal("the supervise function must return an action, "
				.. "not nil", why)
			a, why = supervise.answer("alow")
			assert.is_nil(a)
			assert.matches("unknown action 'alow'", why)
		end)
	end)

	describe("format", function()
		it("writes a call as its name and six hex arguments", function()
			assert.are.equal("openat(0xffffffffffffff9c, 0x10, 0x0, 0x0, "
				.. "0x0, 0x0)", supervise.format({ syscall = "openat",
				arch = core.native_arch(), nr = 257,
				args = { -100, 16, 0, 0, 0, 0 } }))
		end)

		it("names a foreign arch, and a number the tables lack", function()
			assert.are.equal("i386 syscall 999(0x0, 0x0, 0x0, 0x0, 0x0, 0x0)",
				supervise.format({ arch = "i386", nr = 999,
				args = { 0, 0, 0, 0, 0, 0 } }))
		end)
	end)
end)

describe("policy:supervise", function()
	it("refuses what is not a function, naming the profile line",
		function()
		local ok, err = pcall(function()
			return seccomp.policy():supervise("allow")
		end)
		assert.is_false(ok)
		assert.matches("notify_spec.lua:%d+: supervise function must be a "
			.. "function, not string", err)
	end)

	it("leaves its receiver unchanged", function()
		local p = seccomp.policy()
		local fn = function() return "allow" end
		local q = p:supervise(fn)
		assert.is_nil(p:describe().supervise)
		assert.are.equal(fn, q:describe().supervise)
	end)

	it("is inherited by include when the includer has none", function()
		local mine = function() return "allow" end
		local theirs = function() return "errno", 1 end
		local base = seccomp.policy():supervise(theirs)
		assert.are.equal(theirs,
			seccomp.policy():include(base):describe().supervise)
		assert.are.equal(mine, seccomp.policy():supervise(mine)
			:include(base):describe().supervise)
	end)
end)

describe("core.notifies", function()
	it("tells whether a filter can return user_notif", function()
		assert.is_true(core.notifies(seccomp.policy():default("allow")
			:notify("openat"):compile()))
		assert.is_false(core.notifies(seccomp.policy():default("allow")
			:deny("openat"):compile()))
	end)

	it("raises on a value that is no filter", function()
		assert.has_error(function() core.notifies({}) end)
	end)
end)

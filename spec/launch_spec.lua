-- The launcher, end to end in the real kernel: profiles become filters
-- that the workload runs under, and every failure before execve stops the
-- launch with status 125 and a one-line message naming the profile line.
local sandbox = require "support.sandbox"

local nr = sandbox.nr
local GETPID, GETPPID = nr("getpid"), nr("getppid")

local try = sandbox.try_under

describe("luasandbox", function()
	describe("running a workload", function()
		it("lets an allowed syscall succeed and fails a denied one with "
			.. "EPERM", function()
			local out, _, status = try([[
				return seccomp.policy():default("allow"):deny { "getppid" }
			]], { GETPID, GETPPID })
			local r = sandbox.results(out)
			assert.are.equal(0, status)
			assert.are.same({ nr = GETPID, result = "ok" }, r[1])
			assert.are.same({ nr = GETPPID, result = "EPERM" }, r[2])
		end)

		it("fails a syscall with the errno the profile chose", function()
			local out, _, status = try([[
				return seccomp.policy():default("allow")
					:errno(EACCES, "getppid")
			]], { GETPPID })
			assert.are.equal(0, status)
			assert.are.equal("EACCES", sandbox.results(out)[1].result)
		end)

		it("ends the workload with SIGSYS, status 159, on a kill action",
			function()
			local out, _, status = try([[
				return seccomp.policy():default("allow"):kill { "getppid" }
			]], { GETPID, GETPPID, GETPID })
			assert.are.equal(159, status)
			assert.are.equal(1, #sandbox.results(out))
		end)

		it("returns the workload's own exit status", function()
			local _, _, status = sandbox.run(sandbox.profile(
				'return seccomp.policy():default("allow")'),
				{ "sh", "-c", "exit 7" })
			assert.are.equal(7, status)
		end)

		it("returns 128+N when the workload dies of signal N", function()
			local _, _, status = sandbox.run(sandbox.profile(
				'return seccomp.policy():default("allow")'),
				{ "sh", "-c", "kill -TERM $$" })
			assert.are.equal(143, status)
		end)

		it("runs a real program under an allow list", function()
			local out, err, status = sandbox.run(sandbox.profile([[
				return seccomp.allow {
					"execve", "brk", "arch_prctl", "mmap", "munmap",
					"mprotect", "openat", "newfstatat", "fstat", "close",
					"read", "pread64", "write", "exit_group", "access",
					"set_tid_address", "set_robust_list", "rseq",
					"prlimit64", "getrandom", "futex", "ioctl", "lseek",
					"rt_sigaction", "rt_sigprocmask", "fadvise64",
				}
			]]), { "/bin/echo", "hello" })
			assert.are.equal("", err)
			assert.are.equal(0, status)
			assert.are.equal("hello\n", out)
		end)
	end)

	describe("failing closed", function()
		local marker

		before_each(function()
			marker = os.tmpname()
			os.remove(marker)
		end)

		local function never_ran()
			local f = io.open(marker)
			if f then f:close() end
			return f == nil
		end

		it("stops at a profile with a syntax error: 125, file:line",
			function()
			local path = sandbox.profile("return seccomp.allow {\n\"read\" +\n")
			local _, err, status = sandbox.run(path, { "touch", marker })
			assert.are.equal(125, status)
			assert.truthy(never_ran())
			assert.matches("^luasandbox: [^\n]*" .. path:match("[^/]+$")
				:gsub("%p", "%%%0") .. ":%d+: ", err)
			assert.are.equal(1, select(2, err:gsub("\n", "")))
		end)

		it("names the profile line of an unknown syscall and suggests "
			.. "near names", function()
			local path = sandbox.profile(
				"local p = seccomp.policy()\nreturn p:allow { \"opne\" }\n")
			local _, err, status = sandbox.run(path, { "touch", marker })
			assert.are.equal(125, status)
			assert.truthy(never_ran())
			assert.matches(":2: unknown syscall 'opne' %(did you mean "
				.. "'open'", err)
		end)

		it("stops when the profile returns no policy", function()
			local _, err, status = sandbox.run(sandbox.profile("return 42"),
				{ "touch", marker })
			assert.are.equal(125, status)
			assert.truthy(never_ran())
			assert.matches("must return a policy, not number", err)
		end)

		it("stops when the ready hook fails, naming the hook's line",
			function()
			local _, err, status = sandbox.run(sandbox.profile([[
				return seccomp.policy():default("allow")
					:ready(function(child)
						error("refusing to start")
					end)
			]]), { "touch", marker })
			assert.are.equal(125, status)
			assert.truthy(never_ran())
			assert.matches(":3: refusing to start", err)
		end)

		it("stops when the filter would refuse the workload's execve",
			function()
			local _, err, status = sandbox.run(sandbox.profile(
				'return seccomp.allow { "read" }'), { "touch", marker })
			assert.are.equal(125, status)
			assert.truthy(never_ran())
			assert.matches("'execve'", err)
		end)

		it("answers 127 for a command that is not found", function()
			local _, err, status = sandbox.run(sandbox.profile(
				'return seccomp.policy():default("allow")'),
				{ "no-such-command-here" })
			assert.are.equal(127, status)
			assert.are.equal(
				"luasandbox: 'no-such-command-here': command not found\n", err)
		end)

		it("answers 126 for a command that is not executable", function()
			local path = os.tmpname()
			local _, _, status = sandbox.run(sandbox.profile(
				'return seccomp.policy():default("allow")'), { path })
			os.remove(path)
			assert.are.equal(126, status)
		end)

		it("explains each step and its cost with -v, and is quiet without",
			function()
			local profile = sandbox.profile(
				'return seccomp.policy():default("allow")')
			local _, err = sandbox.run(profile, { "true" }, { "-v" })
			assert.matches("luasandbox: loaded '.-' in %d+ us\n", err)
			assert.matches("luasandbox: compiled %d+ instructions in %d+ us\n",
				err)
			assert.matches("luasandbox: command 'true' is '/[^']*true'\n", err)
			assert.matches("luasandbox: child %d+: checkpoint ran in %d+ us\n",
				err)
			assert.matches("luasandbox: workload ended with status 0\n", err)
			local _, quiet = sandbox.run(profile, { "true" })
			assert.are.equal("", quiet)
		end)

		it("names an unknown option, then the synopsis", function()
			local _, err, status = sandbox.sh(sandbox.quote(sandbox.binary)
				.. " --frobnicate x.lua")
			assert.are.equal(125, status)
			assert.matches("^luasandbox: unknown option '%-%-frobnicate'\n"
				.. "usage: luasandbox", err)
		end)
	end)

	describe("the child", function()
		it("gets no descriptor the launcher opened", function()
			-- What the caller hands luasandbox passes through; a file the
			-- profile opened (and so the launcher) must not.
			local plain = sandbox.sh("ls /proc/self/fd")
			local out, _, status = sandbox.run(sandbox.profile([[
				LEAK = io.open("/etc/hostname")
				return seccomp.policy():default("allow")
			]]), { "ls", "/proc/self/fd" })
			assert.are.equal(0, status)
			assert.are.equal(plain, out)
		end)

		it("does not outlive a launcher killed with SIGKILL", function()
			local profile = sandbox.profile(
				'return seccomp.policy():default("allow")')
			local out = sandbox.sh(("%s %s -- sh -c 'echo $$; exec sleep 30'"
				.. " & sleep 0.5; kill -KILL $!; sleep 0.3; echo end")
				:format(sandbox.quote(sandbox.binary), sandbox.quote(profile)))
			local pid = assert(out:match("^(%d+)\n"))
			assert.is_false(sandbox.alive_after(pid, 2))
		end)

		it("receives the terminating signals the launcher gets", function()
			local profile = sandbox.profile(
				'return seccomp.policy():default("allow")')
			local _, _, status = sandbox.sh(("%s %s -- sleep 30 & "
				.. "sleep 0.5; kill -TERM $!; wait $!")
				:format(sandbox.quote(sandbox.binary), sandbox.quote(profile)))
			assert.are.equal(143, status)
		end)
	end)
end)

-- The ready(child) hook and its verbs, acting on the real child before
-- execve; a failing verb stops the launch with 125, naming the verb.
local sandbox = require "support.sandbox"

local function hook(body, argv)
	local source = ([[
		return seccomp.policy():default("allow"):ready(function(child)
			%s
		end)
	]]):format(body)
	return sandbox.run(sandbox.profile(source), argv)
end

describe("the ready(child) hook", function()
	it("runs with the default filter installed last when it installs "
		.. "none, no_new_privs set", function()
		local out, _, status = hook("child:chdir('/')",
			{ "grep", "-E", "^(NoNewPrivs|Seccomp):", "/proc/self/status" })
		assert.are.equal(0, status)
		assert.are.equal("NoNewPrivs:\t1\nSeccomp:\t2\n", out)
	end)

	it("stacks the filters it installs", function()
		local out, _, status = hook([[
			child:no_new_privs()
			child:install(child.policy:errno(EACCES, "getppid"))
			child:install(seccomp.policy():default("allow")
				:errno(EXDEV, "getpid"))
		]], { sandbox.try, "39", "110" })
		assert.are.equal(0, status)
		local r = sandbox.results(out)
		assert.are.equal("EXDEV", r[1].result)
		assert.are.equal("EACCES", r[2].result)
	end)

	describe("verbs", function()
		it("chdir sets the working directory", function()
			local out = hook("child:chdir('/usr/share')", { "pwd" })
			assert.are.equal("/usr/share\n", out)
		end)

		it("clearenv empties the environment but what it keeps, and "
			.. "setenv sets", function()
			local out = hook([[
				child:clearenv { "PATH" }
				child:setenv("GREETING", "hello")
			]], { "env" })
			local lines = {}
			for line in out:gmatch("[^\n]+") do lines[#lines + 1] = line end
			table.sort(lines)
			assert.are.equal(2, #lines)
			assert.are.equal("GREETING=hello", lines[1])
			assert.matches("^PATH=", lines[2])
		end)

		it("rlimit sets a resource limit", function()
			local out = hook('child:rlimit("nofile", 64)',
				{ "sh", "-c", "ulimit -n" })
			assert.are.equal("64\n", out)
		end)

		it("groups, group and user switch identity", function()
			local out = hook([[
				child:groups { "nogroup" }
				child:group "nogroup"
				child:user "nobody"
			]], { "id" })
			assert.are.equal(
				"uid=65534(nobody) gid=65534(nogroup) groups=65534(nogroup)\n",
				out)
		end)

		it("drop_caps empties the bounding set", function()
			local out = hook('child:drop_caps "all"',
				{ "grep", "-E", "^Cap(Bnd|Eff):", "/proc/self/status" })
			assert.are.equal("CapEff:\t0000000000000000\n"
				.. "CapBnd:\t0000000000000000\n", out)
		end)

		it("drop_caps takes capability names", function()
			local out = hook('child:drop_caps { "CAP_SYS_ADMIN", "net_raw" }',
				{ "grep", "^CapBnd:", "/proc/self/status" })
			local mask = math.tointeger(tonumber(out:match("(%x+)\n$"), 16))
			assert.are.equal(0, mask & (1 << 21))
			assert.are.equal(0, mask & (1 << 13))
			assert.are_not.equal(0, mask & 1)
		end)

		it("close_fds closes descriptors the caller passed in", function()
			local profile = sandbox.profile([[
				return seccomp.policy():default("allow")
					:ready(function(child) child:close_fds() end)
			]])
			local out = sandbox.sh(("%s %s -- ls /proc/self/fd 7</etc/hostname")
				:format(sandbox.quote(sandbox.binary), sandbox.quote(profile)))
			assert.is_nil(out:match("\n7\n"))
			local kept = sandbox.sh(("%s %s -- ls /proc/self/fd 7</etc/hostname")
				:format(sandbox.quote(sandbox.binary),
				sandbox.quote(sandbox.profile(
					'return seccomp.policy():default("allow")'))))
			assert.matches("\n7\n", kept)
		end)
	end)

	describe("a failing verb", function()
		it("stops the launch with 125, naming the verb, the call and the "
			.. "profile line", function()
			local marker = os.tmpname()
			os.remove(marker)
			local _, err, status = hook('\n\t\t\tchild:chdir("/no/such/dir")',
				{ "touch", marker })
			assert.are.equal(125, status)
			assert.is_nil(io.open(marker))
			assert.matches(":3: chdir: '/no/such/dir': No such file or "
				.. "directory\n$", err)
		end)

		it("names the verb and the argument of a wrong type", function()
			local _, err, status = hook('child:rlimit("nofile", "many")',
				{ "true" })
			assert.are.equal(125, status)
			assert.matches(":2: bad argument #2 to 'rlimit' %(number "
				.. "expected, got string%)", err)
		end)

		it("rejects an unknown capability", function()
			local _, err, status = hook('child:drop_caps { "CAP_FLY" }',
				{ "true" })
			assert.are.equal(125, status)
			assert.matches("unknown capability 'CAP_FLY'", err)
		end)
	end)
end)

-- Profiles as scripts: what is in scope, composition with require, and
-- the errors a person can act on.
local profile = require "sandbox.profile"
local action = require "seccomp.action"

local function dir()
	local d = os.tmpname()
	os.remove(d)
	assert(os.execute("mkdir -p " .. d))
	return d
end

local function write(path, text)
	local f = assert(io.open(path, "w"))
	f:write(text)
	f:close()
	return path
end

local function decide(p, name, args)
	return action.from_value((p:compile():eval {
		arch = "x86_64", syscall = name, args = args or {} }))
end

describe("sandbox.profile", function()
	describe("load", function()
		it("puts seccomp, conditions, errno names and constants in scope",
			function()
			local d = dir()
			local p = profile.load(write(d .. "/p.lua", [[
				return seccomp.allow { "read" }
					:errno(EACCES, "socket", any(arg(0):eq(AF_INET),
						all(arg(0):eq(AF_INET6))))
			]]))
			assert.are.equal("errno(13)", tostring(decide(p, "socket", { 2 })))
			assert.are.equal("kill_process",
				tostring(decide(p, "socket", { 1 })))
		end)

		it("finds a required profile in the profile's own folder, and "
			.. "extending it leaves the base unchanged", function()
			local d = dir()
			write(d .. "/base.lua",
				'return seccomp.policy():default("allow"):deny "ptrace"')
			local p = profile.load(write(d .. "/child.lua", [[
				local base = require "base"
				CHILD = base:deny "mount"
				return CHILD
			]]))
			local base = profile.load(d .. "/base.lua")
			assert.are.equal("errno(1)", tostring(decide(p, "mount")))
			assert.are.equal("errno(1)", tostring(decide(p, "ptrace")))
			assert.are.equal("allow", tostring(decide(base, "mount")))
		end)

		it("finds profiles in LUASANDBOX_PATH and the shipped folder",
			function()
			-- busted runs each spec file in one process: the variable is
			-- read at load time, so point it at a folder through a
			-- child lua5.4 instead of changing this process's environment
			local lib = dir()
			write(lib .. "/extra.lua",
				'return seccomp.policy():default("allow"):kill "reboot"')
			local d = dir()
			local path = write(d .. "/p.lua", [[
				return require("extra"):include(require("no-network"))
			]])
			local cmd = ("cd %s && LUASANDBOX_PATH=%s ./luasandbox "
				.. "--explain 'socket(AF_INET, 0, 0)' %s"):format(
				require("support.sandbox").root, lib, path)
			local p = assert(io.popen(cmd))
			local out = p:read("a")
			assert.is_true(p:close())
			assert.matches("errno%(1%)", out)
			assert.matches("no%-network%.lua", out)
		end)

		it("reports a missing profile with the folders it searched",
			function()
			local d = dir()
			local ok, err = pcall(profile.load, write(d .. "/p.lua",
				'return require "nowhere-to-be-found"'))
			assert.is_false(ok)
			assert.matches("p%.lua:1: profile 'nowhere%-to%-be%-found' not "
				.. "found in " .. d:gsub("%p", "%%%0"), err)
		end)

		it("reports a cycle of requires", function()
			local d = dir()
			write(d .. "/a.lua", 'return require "b"')
			write(d .. "/b.lua", 'return require "a"')
			local ok, err = pcall(profile.load, d .. "/a.lua")
			assert.is_false(ok)
			assert.matches("profile cycle: .*a%.lua %-> .*b%.lua %-> .*a%.lua",
				err)
		end)

		it("says what a profile returned when it is not a policy",
			function()
			local d = dir()
			local ok, err = pcall(profile.load, write(d .. "/p.lua",
				"return {}"))
			assert.is_false(ok)
			assert.matches("must return a policy, not table", err)
		end)

		it("names the profile line of a wrong argument type", function()
			local d = dir()
			local ok, err = pcall(profile.load, write(d .. "/p.lua",
				'local p = seccomp.policy()\nreturn p:allow(42)\n'))
			assert.is_false(ok)
			assert.matches("p%.lua:2: syscalls must be a name or a list of "
				.. "names, not number", err)
		end)
	end)
end)

-- `make install`: the installed luasandbox, Lua modules and profiles
-- find each other, away from the checkout.
local sandbox = require "support.sandbox"

describe("make install", function()
	local dest, prefix

	setup(function()
		dest = os.tmpname()
		os.remove(dest)
		prefix = dest .. "/usr/local"
		local _, err, status = sandbox.sh(("make -s -C %s install "
			.. "DESTDIR=%s PREFIX=/usr/local"):format(
			sandbox.quote(sandbox.root), sandbox.quote(dest)))
		assert(status == 0, err)
	end)

	teardown(function()
		sandbox.sh("rm -rf " .. sandbox.quote(dest))
	end)

	it("installs a luasandbox that runs a shipped profile", function()
		local out, err, status = sandbox.sh(("cd / && %s/bin/luasandbox "
			.. "--check %s/share/luasandbox/profiles/no-network.lua")
			:format(prefix, prefix))
		assert.are.equal(0, status, err)
		assert.matches("no%-network%.lua: ok", out)
	end)

	it("installs Lua modules that plain lua5.4 can require", function()
		local out, err, status = sandbox.sh(("cd / && LUA_PATH='%s/share/"
			.. "lua/5.4/?.lua;%s/share/lua/5.4/?/init.lua;;' LUA_CPATH='%s/"
			.. "lib/lua/5.4/?.so;;' lua5.4 -e 'local s = require \"seccomp\"; "
			.. "print(s.allow { \"read\" }:compile():length() > 0)'")
			:format(prefix, prefix, prefix))
		assert.are.equal(0, status, err)
		assert.are.equal("true\n", out)
	end)

	it("lets a profile anywhere require a shipped one", function()
		local profile = sandbox.profile(
			'return require("no-network"):kill { "ptrace" }')
		local out, err, status = sandbox.sh(("cd / && %s/bin/luasandbox "
			.. "%s -- /bin/echo installed"):format(prefix,
			sandbox.quote(profile)))
		assert.are.equal(0, status, err)
		assert.are.equal("installed\n", out)
	end)
end)

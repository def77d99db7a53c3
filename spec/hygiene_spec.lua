-- The Lua code's hygiene: luacheck clean, and no module adds a global.
local sandbox = require "support.sandbox"

local function modules()
	local list = {}
	local p = assert(io.popen("cd " .. sandbox.quote(sandbox.root)
		.. " && ls lua/seccomp/*.lua lua/sandbox/*.lua"))
	for path in p:lines() do
		local name = path:match("^lua/(.*)%.lua$"):gsub("/", ".")
		list[#list + 1] = (name:gsub("%.init$", ""))
	end
	p:close()
	return list
end

describe("the Lua modules", function()
	it("pass luacheck with no warning", function()
		local out, _, status = sandbox.sh("cd " .. sandbox.quote(sandbox.root)
			.. " && luacheck -q --formatter plain lua spec profiles tools "
			.. "bench seccomp.lua")
		assert.are.equal("", out)
		assert.are.equal(0, status)
	end)

	for _, name in ipairs(modules()) do
		it(name .. " adds no global when required", function()
			local script = ([[
				package.path = "lua/?.lua;lua/?/init.lua;" .. package.path
				package.cpath = "build/?.so;" .. package.cpath
				local before = {}
				for k in pairs(_G) do before[k] = true end
				require %q
				for k in pairs(_G) do
					if not before[k] then io.write(k, " ") end
				end
			]]):format(name)
			local out, err, status = sandbox.sh("cd "
				.. sandbox.quote(sandbox.root) .. " && lua5.4 -e "
				.. sandbox.quote(script))
			assert.are.equal(0, status, err)
			assert.are.equal("", out)
		end)
	end
end)

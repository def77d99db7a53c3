-- README's examples are real: every ```lua block that starts with a
-- `-- NAME.lua` line is a profile, written into a scratch folder under
-- that name and loaded; every ```console block is run there line by line
-- (`$ ` lines are commands, the lines after them the expected stdout).
local sandbox = require "support.sandbox"
local profile = require "sandbox.profile"

local function read_readme()
	local f = assert(io.open(sandbox.root .. "/README.md"))
	local text = f:read("a")
	f:close()
	return text
end

-- The fenced blocks of kind ("lua", "console"), in order.
local function blocks(text, kind)
	local found = {}
	for body in text:gmatch("\n```" .. kind .. "\n(.-)\n```") do
		found[#found + 1] = body
	end
	return found
end

local function commands(body)
	local list = {}
	for line in (body .. "\n"):gmatch("(.-)\n") do
		local command = line:match("^%$ (.*)")
		if command then
			list[#list + 1] = { command = command, expected = "" }
		elseif #list > 0 then
			list[#list].expected = list[#list].expected .. line .. "\n"
		end
	end
	return list
end

describe("README", function()
	local text = read_readme()
	local dir = os.tmpname()
	os.remove(dir)
	assert(os.execute("mkdir -p " .. dir))

	local profiles = {}
	for _, body in ipairs(blocks(text, "lua")) do
		local name = body:match("^%-%- ([%w_%-]+%.lua)")
		if name then
			local f = assert(io.open(dir .. "/" .. name, "w"))
			f:write(body, "\n")
			f:close()
			profiles[#profiles + 1] = name
		end
	end

	it("has profile examples", function()
		assert.is_true(#profiles >= 5)
	end)

	for _, name in ipairs(profiles) do
		it("example " .. name .. " loads as a profile", function()
			assert.is_true(require("seccomp").is_policy(
				profile.load(dir .. "/" .. name)))
		end)
	end

	for _, body in ipairs(blocks(text, "console")) do
		for _, c in ipairs(commands(body)) do
			it("example `" .. c.command .. "` prints what README says",
				function()
				local command = c.command
					:gsub("%./luasandbox", sandbox.quote(sandbox.binary))
					:gsub("^lua5%.4", "LUA_INIT= lua5.4 -e 'package.path="
						.. "\"" .. sandbox.root .. "/?.lua;\" .. package.path'")
				local out, err = sandbox.sh(("cd %s && %s"):format(
					sandbox.quote(dir), command))
				assert.are.equal(c.expected, out, err)
			end)
		end
	end
end)

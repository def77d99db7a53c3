-- The shipped profiles' headers against tools/count-allowed.lua: each
-- says "Allows N of the x86_64 syscalls (Docker's default: M)", N must
-- be what the tool counts for it and M what it counts for Docker's
-- default profile, and the workload profiles stay within half of M.
local sandbox = require "support.sandbox"

local TOOL = sandbox.root .. "/tools/count-allowed.lua"
local WORKLOADS = { "strict", "shell", "python3", "fileserver" }

local function docker_path()
	return sandbox.testdata_path("docker-default.json")
end

local function profiles()
	local list = {}
	local p = assert(io.popen("ls " .. sandbox.quote(sandbox.root)
		.. "/profiles/*.lua"))
	for path in p:lines() do list[#list + 1] = path end
	p:close()
	return list
end

-- The numbers N and M of a profile's header line, which may wrap.
local function header(path)
	local f = assert(io.open(path, "r"))
	local lines = {}
	for line in f:lines() do
		if not line:match("^%-%-") then break end
		lines[#lines + 1] = line:gsub("^%-%-%s?", "")
	end
	f:close()
	local text = table.concat(lines, " "):gsub("%s+", " ")
	local n, m = text:match("Allows (%d+) of the x86_64 syscalls "
		.. "%(Docker's default: (%d+)%)")
	return math.tointeger(tonumber(n)), math.tointeger(tonumber(m))
end

-- The tool's counts: path -> N.
local function count(args)
	local words = { "lua5.4", sandbox.quote(TOOL) }
	for _, a in ipairs(args) do words[#words + 1] = sandbox.quote(a) end
	local out, err, status = sandbox.sh(table.concat(words, " "))
	assert.are.equal(0, status, err)
	local counts = {}
	for n, path in out:gmatch("(%d+)\t([^\n]+)\n") do
		counts[path] = math.tointeger(tonumber(n))
	end
	return counts
end

describe("the shipped profiles", function()
	local paths = profiles()

	it("each state in their header how many x86_64 syscalls they allow, "
		.. "as tools/count-allowed.lua counts", function()
		local counts = count(paths)
		for _, path in ipairs(paths) do
			local n = header(path)
			assert.is_not_nil(n, path .. " has no 'Allows N of the x86_64 "
				.. "syscalls (Docker's default: M)' line")
			assert.are.equal(counts[path], n, path)
		end
	end)

	it("each quote Docker's count as the tool counts it", function()
		local docker = docker_path()
		if not docker then
			pending("shared/testdata/docker-default.json is absent")
			return
		end
		local m = count({ "--oci", docker })[docker]
		for _, path in ipairs(paths) do
			assert.are.equal(m, select(2, header(path)), path)
		end
	end)

	it("allow at most half of what Docker's default allows, for the "
		.. "workload profiles", function()
		local docker = docker_path()
		if not docker then
			pending("shared/testdata/docker-default.json is absent")
			return
		end
		local args = { "--oci", docker }
		for _, name in ipairs(WORKLOADS) do
			args[#args + 1] = sandbox.root .. "/profiles/" .. name .. ".lua"
		end
		local counts = count(args)
		local half = counts[docker] // 2
		for _, name in ipairs(WORKLOADS) do
			local path = sandbox.root .. "/profiles/" .. name .. ".lua"
			assert.is_true(counts[path] <= half, ("%s allows %d, more "
				.. "than %d"):format(name, counts[path], half))
		end
	end)
end)

describe("tools/count-allowed.lua", function()
	local function profile_count(source)
		local path = sandbox.profile(source)
		local n = count({ path })[path]
		os.remove(path)
		return n
	end

	it("counts a syscall allowed for some argument values", function()
		assert.are.equal(2, profile_count([[
			return seccomp.allow { "execve" }
				:allow("socket", "arg0 == AF_UNIX")
		]]))
		assert.are.equal(2, profile_count([[
			return seccomp.allow { "execve" }
				:allow("mmap", "arg2 & PROT_EXEC == 0 && arg1 > 10")
		]]))
	end)

	it("counts one a conditional deny leaves allowed by default",
		function()
		local path = sandbox.profile([[
			return seccomp.policy():default "allow"
				:deny("socket", "arg0 != AF_UNIX")
				:deny "ptrace"
		]])
		local names = {}
		local out = sandbox.sh("lua5.4 " .. sandbox.quote(TOOL) .. " --list "
			.. sandbox.quote(path))
		os.remove(path)
		for name in out:gmatch("([%w_]+)\t") do names[name] = true end
		assert.is_true(names.socket)
		assert.is_nil(names.ptrace)
		assert.is_true(names.read)
	end)

	it("does not count an allow that a later deny takes back", function()
		assert.are.equal(1, profile_count([[
			return seccomp.allow { "execve", "getpid" }:deny "getpid"
		]]))
	end)

	it("exits 2 with its usage when given nothing to count", function()
		local _, err, status = sandbox.sh("lua5.4 " .. sandbox.quote(TOOL))
		assert.are.equal(2, status)
		assert.matches("^usage: count%-allowed%.lua", err)
	end)
end)

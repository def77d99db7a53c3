-- luasandbox --learn: a real workload runs with every syscall notified,
-- and the profile written from what it did runs the same workload.
local sandbox = require "support.sandbox"
local learn = require "sandbox.learn"
local profile = require "sandbox.profile"

-- Runs `luasandbox [options] --learn out -- argv...`.
local function learn_run(out, argv, options)
	local words = { sandbox.quote(sandbox.binary) }
	for _, o in ipairs(options or {}) do words[#words + 1] = sandbox.quote(o) end
	words[#words + 1] = "--learn"
	words[#words + 1] = sandbox.quote(out)
	words[#words + 1] = "--"
	for _, a in ipairs(argv) do words[#words + 1] = sandbox.quote(a) end
	return sandbox.sh(table.concat(words, " "))
end

local function slurp(path)
	local f = io.open(path, "r")
	if not f then return nil end
	local s = f:read("a")
	f:close()
	return s
end

describe("sandbox.learn", function()
	local out_path

	before_each(function()
		out_path = os.tmpname() .. ".lua"
	end)

	after_each(function()
		os.remove(out_path)
	end)

	describe("luasandbox --learn", function()
		local function learns(argv)
			local words = {}
			for i, a in ipairs(argv) do words[i] = sandbox.quote(a) end
			local plain = sandbox.sh(table.concat(words, " "))
			local out, err, status = learn_run(out_path, argv)
			assert.are.equal("", err)
			assert.are.equal(0, status)
			assert.are.equal(plain, out)
			local text = assert(slurp(out_path))
			assert.matches("\nreturn seccomp%.allow {\n", text)
			out, err, status = sandbox.run(out_path, argv)
			assert.are.equal("", err)
			assert.are.equal(0, status)
			assert.are.equal(plain, out)
			return text
		end

		it("writes a profile under which /bin/echo runs again", function()
			local text = learns({ "/bin/echo", "hi" })
			assert.matches('"execve",', text)
			assert.matches('"write",', text)
		end)

		it("writes a profile under which a shell pipeline runs again",
			function()
			local text = learns({ "sh", "-c", "ls / | wc -l" })
			assert.matches('"pipe2?",', text)
			assert.matches('"wait4",', text)
		end)

		it("writes a profile that refuses what the run did not do",
			function()
			local _, _, status = learn_run(out_path,
				{ sandbox.try, "39" })
			assert.are.equal(0, status)
			local out = sandbox.run(out_path, { sandbox.try, "39", "110" })
			local r = sandbox.results(out)
			assert.are.equal("ok", r[1].result)
			assert.are.equal("EPERM", r[2].result)
		end)

		it("exits with the workload's status and still writes the profile",
			function()
			local _, _, status = learn_run(out_path, { "sh", "-c", "exit 3" })
			assert.are.equal(3, status)
			assert.matches("exited with status 3%.", assert(slurp(out_path)))
		end)

		it("answers 127 for a missing command and writes nothing",
			function()
			local _, err, status = learn_run(out_path,
				{ "no-such-command-here" })
			assert.are.equal(127, status)
			assert.are.equal(
				"luasandbox: 'no-such-command-here': command not found\n", err)
			assert.is_nil(slurp(out_path))
		end)

		it("logs each new syscall once with -v", function()
			local _, err, status = learn_run(out_path, { "/bin/true" },
				{ "-v" })
			assert.are.equal(0, status)
			local _, count = err:gsub("luasandbox: learn: pid %d+: execve\n",
				"")
			assert.are.equal(1, count)
		end)

		it("takes no profile", function()
			local _, err, status = sandbox.sh(("%s --learn %s x.lua -- true")
				:format(sandbox.quote(sandbox.binary),
				sandbox.quote(out_path)))
			assert.are.equal(125, status)
			assert.matches("^luasandbox: unexpected 'x.lua' %(%-%-learn takes "
				.. "no profile", err)
		end)

		it("needs a command", function()
			local _, err, status = sandbox.sh(("%s --learn %s --")
				:format(sandbox.quote(sandbox.binary),
				sandbox.quote(out_path)))
			assert.are.equal(125, status)
			assert.matches("^luasandbox: no command given\n", err)
		end)
	end)

	describe("text", function()
		local names = { "brk", "close", "execve", "exit_group", "openat",
			"read" }
		local info = { argv = { "/bin/echo", "it's", "a\nb" }, status = 0,
			date = "2024-01-02 03:04:05 UTC" }

		it("lists the names four a line, then fails the rest with EPERM",
			function()
			local text = learn.text(names, info)
			assert.matches('\nreturn seccomp%.allow {\n'
				.. '\t"brk", "close", "execve", "exit_group",\n'
				.. '\t"openat", "read",\n'
				.. '}:default%("errno", EPERM%)\n$', text)
		end)

		it("says in its header comment the command, date and count",
			function()
			local text = learn.text(names, info)
			assert.truthy(text:find("--   /bin/echo 'it'\\''s' 'a\\010b'\n",
				1, true))
			assert.truthy(text:find("2024-01-02 03:04:05 UTC", 1, true))
			assert.truthy(text:find("6 distinct syscalls", 1, true))
		end)

		it("is a profile that loads and allows exactly the names",
			function()
			local path = os.tmpname() .. ".lua"
			local f = assert(io.open(path, "w"))
			f:write(learn.text(names, info))
			f:close()
			local ok, policy = pcall(profile.load, path)
			os.remove(path)
			assert.is_true(ok, policy)
			local d = policy:describe()
			assert.are.equal(#names, #d.rules)
			assert.are.equal("errno(1)", tostring(d.default))
		end)
	end)

	describe("recorder", function()
		it("records each name once and the numbers the tables lack",
			function()
			local r = learn.recorder()
			assert.is_true(r:record({ pid = 1, syscall = "read", nr = 0 }))
			r:record({ pid = 1, syscall = "brk", nr = 12 })
			r:record({ pid = 2, syscall = "read", nr = 0 })
			r:record({ pid = 2, nr = 999 })
			assert.are.same({ "brk", "read" }, r:names())
			assert.are.same({ 999 }, r:unknown())
		end)

		it("writes no profile when it recorded nothing", function()
			assert.is_nil(learn.recorder():profile({ argv = { "true" } }))
		end)
	end)
end)

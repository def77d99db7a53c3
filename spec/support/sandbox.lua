--- Spec helpers: run the luasandbox binary on a profile and collect what
-- it printed and how it ended.
local M = {}

-- The checkout, as an absolute path (busted loads this file by a path
-- relative to the directory it runs in).
local function checkout_root()
	local source = debug.getinfo(1, "S").source
	local dir = source:match("^@(.*)/spec/support/[^/]*$") or "."
	if dir:sub(1, 1) ~= "/" then
		dir = (os.getenv("PWD") or ".") .. (dir == "." and "" or "/" .. dir)
	end
	return dir
end

M.root = checkout_root()
M.binary = M.root .. "/luasandbox"
M.try = M.root .. "/build/helpers/try"
M.try32 = M.root .. "/build/helpers/try32"

--- Quotes s for /bin/sh.
function M.quote(s)
	return "'" .. tostring(s):gsub("'", "'\\''") .. "'"
end

local function slurp(path)
	local f = assert(io.open(path, "r"))
	local s = f:read("a")
	f:close()
	return s
end

--- Writes source to a fresh temporary profile file and returns its path.
function M.profile(source)
	local path = os.tmpname() .. ".lua"
	local f = assert(io.open(path, "w"))
	f:write(source)
	f:close()
	return path
end

--- Runs a shell command; returns stdout, stderr and the exit status
-- (128+N for signal N, as a shell reports it).
function M.sh(command)
	local err_path = os.tmpname()
	local p = assert(io.popen(command .. " 2>" .. err_path, "r"))
	local out = p:read("a")
	local _, how, code = p:close()
	local err = slurp(err_path)
	os.remove(err_path)
	if how == "signal" then code = 128 + code end
	return out, err, code
end

--- Runs `luasandbox [options] PROFILE -- argv...`.
-- @tparam string profile a profile's path
-- @tparam table argv the command and its arguments
-- @tparam[opt] table options luasandbox's options, before the profile
function M.run(profile, argv, options)
	local words = { M.quote(M.binary) }
	for _, o in ipairs(options or {}) do words[#words + 1] = M.quote(o) end
	words[#words + 1] = M.quote(profile)
	if argv then
		words[#words + 1] = "--"
		for _, a in ipairs(argv) do words[#words + 1] = M.quote(a) end
	end
	return M.sh(table.concat(words, " "))
end

-- The state letter of process pid, or nil when it is gone.
local function state(pid)
	local f = io.open("/proc/" .. pid .. "/stat")
	if not f then return nil end
	local stat = f:read("a")
	f:close()
	return stat:match("^%d+ %b() (%a)")
end

--- True when process pid still runs (a zombie does not) after waiting up
-- to seconds for it to end.
function M.alive_after(pid, seconds)
	for _ = 1, seconds * 10 do
		local s = state(pid)
		if s == nil or s == "Z" then return false end
		os.execute("sleep 0.1")
	end
	return true
end

--- The path of a file of ../shared/testdata (beside the checkout), or
-- nil when it is absent: specs that read it say they skipped instead.
function M.testdata_path(name)
	for _, dir in ipairs({ M.root .. "/../shared/testdata",
		"/work/shared/testdata" }) do
		local path = dir .. "/" .. name
		local f = io.open(path, "r")
		if f then
			f:close()
			return path
		end
	end
end

--- The text of a testdata file and its path, or nil.
function M.testdata(name)
	local path = M.testdata_path(name)
	if not path then return nil end
	local f = assert(io.open(path, "r"))
	local text = f:read("a")
	f:close()
	return text, path
end

--- A fresh private folder; remove it with `M.remove(dir)`.
function M.tempdir()
	local dir = os.tmpname()
	os.remove(dir)
	assert(os.execute("mkdir -m 700 " .. M.quote(dir)))
	return dir
end

--- Removes a folder and what it holds.
function M.remove(dir)
	os.execute("rm -rf " .. M.quote(dir))
end

--- The x86_64 number of syscall name.
function M.nr(name)
	return assert(require("seccomp.core").syscall_number("x86_64", name),
		name)
end

--- try's CALL argument for an x86_64 syscall: "NR" or "NR:A0,A1,...".
function M.call(name, ...)
	local args = { ... }
	if #args == 0 then return tostring(M.nr(name)) end
	for i, a in ipairs(args) do args[i] = ("%d"):format(a) end
	return M.nr(name) .. ":" .. table.concat(args, ",")
end

--- Runs build/helpers/try with calls (a list of CALL strings or
-- numbers) under a profile written from source.
function M.try_under(source, calls, options)
	local argv = { M.try }
	for _, c in ipairs(calls) do argv[#argv + 1] = tostring(c) end
	return M.run(M.profile(source), argv, options)
end

--- Parses try's output into { [nr] = "ok" | "EPERM" | ... } in call
-- order: a list of { nr = , result = }.
function M.results(out)
	local list = {}
	for nr, kind, rest in out:gmatch("(%d+) (%a+) (%S+)\n") do
		list[#list + 1] = { nr = tonumber(nr),
			result = kind == "ok" and "ok" or rest }
	end
	return list
end

return M

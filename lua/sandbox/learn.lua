--- Learning a profile: `luasandbox --learn OUT.lua -- COMMAND` runs
-- COMMAND under a filter that hands every syscall of the native arch to
-- the supervisor (a foreign arch is killed), records each distinct
-- syscall name, lets every call run, and writes a profile that allows
-- what the run made and fails anything else with EPERM.
--
-- A run sees only the calls that run made: an error path, another
-- option or another input may need more.  Read the profile before use.
-- @module sandbox.learn
local seccomp = require "seccomp"

local M = {}

--- The learning policy: every syscall the tables know, and every newer
-- one, is notified.
-- @treturn Policy
function M.policy()
	return seccomp.policy():default("notify"):newer("notify")
end

local Recorder = {}
Recorder.__index = Recorder

--- A new recorder.
-- @tparam[opt] table options `{ verbose = n }`: above 0, the first call
-- of each syscall is logged as `luasandbox: learn: pid N: openat`
-- @treturn Recorder with `record`, `names`, `unknown` and `profile`
function M.recorder(options)
	return setmetatable({
		seen = {}, numbers = {},
		verbose = options and (options.verbose or 0) > 0,
	}, Recorder)
end

--- Records one notified call.
-- @tparam table call `{ pid =, arch =, syscall =, nr = }`
-- @treturn boolean true: the call runs
function Recorder:record(call)
	local name = call.syscall
	if name and not self.seen[name] then
		self.seen[name] = true
		if self.verbose then
			io.stderr:write(("luasandbox: learn: pid %d: %s\n"):format(
				call.pid, name))
		end
	elseif not name then
		self.numbers[call.nr] = true
	end
	return true
end

local function sorted_keys(t)
	local list = {}
	for k in pairs(t) do list[#list + 1] = k end
	table.sort(list)
	return list
end

--- The syscall names recorded, sorted.
function Recorder:names()
	return sorted_keys(self.seen)
end

--- The numbers recorded that the tables do not name, sorted.
function Recorder:unknown()
	return sorted_keys(self.numbers)
end

--- The learned profile's text (see `M.text`), or nil when no call was
-- recorded: the command never started.
function Recorder:profile(info)
	if next(self.seen) == nil and next(self.numbers) == nil then return nil end
	local copy = {}
	for k, v in pairs(info) do copy[k] = v end
	copy.unknown = copy.unknown or self:unknown()
	return M.text(self:names(), copy)
end

-- One word of the command, quoted for sh when it needs it, and with no
-- control character left to end the comment line.
local function shell_word(word)
	word = word:gsub("%c", function(c)
		return ("\\%03d"):format(c:byte())
	end)
	if word ~= "" and not word:find("[^%w%-_./=:,+@%%]") then
		return word
	end
	return "'" .. word:gsub("'", "'\\''") .. "'"
end

local function command_line(argv)
	local words = {}
	for i, w in ipairs(argv) do words[i] = shell_word(w) end
	return table.concat(words, " ")
end

local function header(names, info)
	local lines = {
		("-- Learned by luasandbox --learn on %s from"):format(
			info.date or os.date("!%Y-%m-%d %H:%M:%S UTC")),
		"--   " .. command_line(info.argv),
		("-- which made %d distinct syscalls and exited with status %d.")
			:format(#names, info.status or 0),
		"-- A run sees only the calls that run made: review before use.",
	}
	if info.unknown and #info.unknown > 0 then
		local nrs = {}
		for i, nr in ipairs(info.unknown) do nrs[i] = tostring(nr) end
		lines[#lines + 1] = "-- Numbers the tables do not name (left to the "
			.. "newer action): " .. table.concat(nrs, ", ")
	end
	return lines
end

--- A profile script that allows names and fails every other syscall with
-- EPERM.
-- @tparam table names syscall names, sorted
-- @tparam table info `{ argv = { command... }, status = n, date = "...",
-- unknown = { numbers } }`; date defaults to now, in UTC
-- @treturn string the script, four names a line
function M.text(names, info)
	local lines = header(names, info)
	lines[#lines + 1] = "return seccomp.allow {"
	for i = 1, #names, 4 do
		local row = {}
		for j = i, math.min(i + 3, #names) do
			row[#row + 1] = ("%q,"):format(names[j])
		end
		lines[#lines + 1] = "\t" .. table.concat(row, " ")
	end
	lines[#lines + 1] = '}:default("errno", EPERM)'
	return table.concat(lines, "\n") .. "\n"
end

--- What the launcher needs to learn: the policy to run the command
-- under, the decide function for its supervisor, and the recorder.
-- @tparam[opt] integer verbose luasandbox's -v count
-- @treturn Policy the learning policy
-- @treturn function decide(call) -> true
-- @treturn Recorder
function M.start(verbose)
	local recorder = M.recorder({ verbose = verbose })
	return M.policy(), function(call)
		return recorder:record(call)
	end, recorder
end

return M

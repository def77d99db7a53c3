--- Where a profile went wrong: the file and line of the nearest caller
-- outside luasandbox's own Lua modules, so that every message points at the
-- profile line a person wrote rather than at library internals.
-- @module seccomp.blame
local M = {}

-- Library code is every module beside this one (lua/seccomp/, and
-- lua/sandbox/ next to it), known by where this file was loaded from, so
-- that even the first lines of a module, run by require, count as library.
local library_root = debug.getinfo(1, "S").source
	:match("^@(.*)/seccomp/blame%.lua$")

local extra_files = {}

-- The line hook asks is_library about every line that runs: its answers
-- are kept here.
local library_sources = {}

--- Marks the calling file as library code too, skipped by `where`.
function M.register()
	local info = debug.getinfo(2, "S")
	extra_files[info.source] = true
	library_sources[info.source] = true
end

local function classify(source)
	if source:sub(1, 1) == "=" or extra_files[source] then return true end
	if not library_root then return false end
	local prefix = "@" .. library_root .. "/"
	return source:sub(1, #prefix) == prefix and
		(source:find("/seccomp/", #prefix, true) == #prefix or
		source:find("/sandbox/", #prefix, true) == #prefix)
end

local function is_library(source)
	local known = library_sources[source]
	if known == nil then
		known = classify(source)
		library_sources[source] = known
	end
	return known
end

-- The last two lines of profile code that ran, kept by `follow`'s line
-- hook.  Lua reports a call in a multi-line chain at the line where the
-- whole expression starts:
--
--    return seccomp.policy()          -- every call below reports this line
--      :default "allow"
--      :deny("socket", "arg0 != AF_UNIX")
--
-- but the arguments run at their own line just before the call, so the
-- line before the call's is the better answer when it is further down.  A
-- tail call (`return p:allow {...}`) leaves no frame at all, and then
-- these two lines are all there is.
local last, before_last

local function remember(_, line)
	local info = debug.getinfo(2, "S")
	if not is_library(info.source) then
		before_last = last
		last = { src = info.short_src, line = line }
	end
end

--- Runs fn(...) while keeping track of the last lines of non-library code
-- that ran, for `where` to fall back on.
function M.follow(fn, ...)
	local old_hook, old_mask, old_count = debug.gethook()
	local saved_last, saved_before = last, before_last
	debug.sethook(remember, "l")
	local results = table.pack(pcall(fn, ...))
	debug.sethook(old_hook, old_mask, old_count)
	last, before_last = saved_last, saved_before
	if not results[1] then error(results[2], 0) end
	return table.unpack(results, 2, results.n)
end

-- The line of a call that reported line `line` of src, given the lines
-- that ran last.
local function refine(src, line)
	if last and last.src == src and last.line == line and before_last
		and before_last.src == src and before_last.line > line then
		return before_last.line
	end
	return line
end

--- The "file:line" of the nearest caller outside the library.
-- @treturn string location, or "?" when there is none
function M.where()
	local level = 2
	while true do
		local info = debug.getinfo(level, "Slf")
		-- Below `follow` lies whatever loaded the profile, never the
		-- profile itself: past it, the last profile lines are the answer.
		if not info or info.func == M.follow then
			if not last then return "?" end
			return last.src .. ":" .. refine(last.src, last.line)
		end
		if not is_library(info.source) and info.currentline > 0 then
			local file = info.short_src
			return file .. ":" .. refine(file, info.currentline)
		end
		level = level + 1
	end
end

--- Raises msg prefixed with the blamed location.
-- @tparam string msg lowercase, no final period
-- @raise always
function M.error(msg)
	error(M.where() .. ": " .. msg, 0)
end

--- Checks a value's type, blaming the caller.
-- @tparam string what the argument's name, for the message
-- @param value the value
-- @tparam string expected a type name
-- @return value
function M.check_type(what, value, expected)
	if type(value) ~= expected then
		M.error(("%s must be a %s, not %s"):format(what, expected,
			type(value)))
	end
	return value
end

return M

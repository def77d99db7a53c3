--- Where a profile went wrong: the file and line of the nearest caller
-- outside luasandbox's own Lua modules, so that every message points at the
-- profile line a person wrote rather than at library internals.
-- @module seccomp.blame
local M = {}

local library_files = {}

--- Marks the calling module's file as library code, skipped by `where`.
function M.register()
	local info = debug.getinfo(2, "S")
	library_files[info.source] = true
end

M.register()

local function is_library(source)
	return library_files[source] or source:sub(1, 1) == "="
end

-- The last profile line that ran, kept by `follow`'s line hook: a tail
-- call such as `return p:allow { ... }` leaves no frame of the profile on
-- the stack, and this is then the best location there is.
local last_line

--- Runs fn(...) while keeping track of the last line of non-library code
-- that ran, for `where` to fall back on.
function M.follow(fn, ...)
	local old_hook, old_mask, old_count = debug.gethook()
	local saved = last_line
	debug.sethook(function(_, line)
		local info = debug.getinfo(2, "S")
		if not is_library(info.source) then
			last_line = info.short_src .. ":" .. line
		end
	end, "l")
	local results = table.pack(pcall(fn, ...))
	debug.sethook(old_hook, old_mask, old_count)
	last_line = saved
	if not results[1] then error(results[2], 0) end
	return table.unpack(results, 2, results.n)
end

--- The "file:line" of the nearest caller outside the library.
-- @treturn string location, or "?" when there is none
function M.where()
	local level = 2
	while true do
		local info = debug.getinfo(level, "Slf")
		-- Below `follow` lies whatever loaded the profile, never the
		-- profile itself: past it, the last profile line is the answer.
		if not info or info.func == M.follow then
			return last_line or "?"
		end
		if not is_library(info.source) and info.currentline > 0 then
			local file = info.short_src
			return file .. ":" .. info.currentline
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

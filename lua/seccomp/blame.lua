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

--- The "file:line" of the nearest caller outside the library.
-- @treturn string location, or "?" when there is none
function M.where()
	local level = 2
	while true do
		local info = debug.getinfo(level, "Sl")
		if not info then
			return "?"
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

--- Syscall names: checked against the tables of every arch, with the
-- nearest known names suggested for a misspelt one.
-- @module seccomp.names
local core = require "seccomp.core"
local blame = require "seccomp.blame"
local nearest = require "seccomp.nearest"

blame.register()

local M = {}

local known       -- name -> true, over every arch's table
local sorted      -- the same names, sorted

local function load_tables()
	if known then return end
	known, sorted = {}, {}
	for _, arch in ipairs(core.arches()) do
		for _, name in ipairs(core.syscall_names(arch)) do
			if not known[name] then
				known[name] = true
				sorted[#sorted + 1] = name
			end
		end
	end
	table.sort(sorted)
end

--- True when some arch's table knows name.
function M.known(name)
	load_tables()
	return known[name] == true
end

--- Every syscall name some arch knows, sorted.
function M.all()
	load_tables()
	return table.move(sorted, 1, #sorted, 1, {})
end

--- The known names nearest to name: at most three, closest first.
function M.suggest(name)
	load_tables()
	return nearest.among(sorted, name, math.min(3, math.max(2, #name // 3)))
end

--- Raises the profile-blaming error for an unknown name.
function M.unknown(name)
	blame.error(("unknown syscall '%s'%s"):format(name,
		nearest.hint(M.suggest(name))))
end

--- Checks name, raising a suggestion when no arch knows it.
-- @treturn string name
function M.check(name)
	if type(name) ~= "string" then
		blame.error("a syscall name must be a string, not " .. type(name))
	end
	if not M.known(name) then M.unknown(name) end
	return name
end

return M

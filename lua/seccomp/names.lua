--- Syscall names: checked against the tables of every arch, with the
-- nearest known names suggested for a misspelt one.
-- @module seccomp.names
local core = require "seccomp.core"
local blame = require "seccomp.blame"

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

-- Edit distance counting a swap of two neighbours as one edit ("opne" is
-- one from "open"), with an early exit once it exceeds limit.
local function distance(a, b, limit)
	if math.abs(#a - #b) > limit then return limit + 1 end
	local d = {}
	for i = 0, #a do d[i] = { [0] = i } end
	for j = 0, #b do d[0][j] = j end
	for i = 1, #a do
		local best = math.huge
		for j = 1, #b do
			local cost = a:byte(i) == b:byte(j) and 0 or 1
			local v = math.min(d[i - 1][j] + 1, d[i][j - 1] + 1,
				d[i - 1][j - 1] + cost)
			if i > 1 and j > 1 and a:byte(i) == b:byte(j - 1)
				and a:byte(i - 1) == b:byte(j) then
				v = math.min(v, d[i - 2][j - 2] + 1)
			end
			d[i][j] = v
			best = math.min(best, v)
		end
		if best > limit then return limit + 1 end
	end
	return d[#a][#b]
end

--- The known names nearest to name: at most three, closest first.
function M.suggest(name)
	load_tables()
	local limit = math.min(3, math.max(2, #name // 3))
	local found = {}
	for _, candidate in ipairs(sorted) do
		local d = distance(name, candidate, limit)
		if d <= limit then
			found[#found + 1] = { name = candidate, d = d }
		end
	end
	table.sort(found, function(x, y)
		if x.d ~= y.d then return x.d < y.d end
		return x.name < y.name
	end)
	local names = {}
	for i = 1, math.min(3, #found) do names[i] = found[i].name end
	return names
end

--- Raises the profile-blaming error for an unknown name.
function M.unknown(name)
	local near = M.suggest(name)
	local hint = ""
	if #near > 0 then
		hint = " (did you mean '" .. table.concat(near, "', '") .. "'?)"
	end
	blame.error(("unknown syscall '%s'%s"):format(name, hint))
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

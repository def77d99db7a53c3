--- The nearest names to a misspelt one, for "did you mean" hints.
-- @module seccomp.nearest
local M = {}

--- Edit distance between a and b, counting a swap of two neighbours as
-- one edit ("opne" is one from "open"); stops early, returning limit + 1,
-- once the distance is sure to exceed limit.
function M.distance(a, b, limit)
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

--- The candidates within limit edits of name: at most three, closest
-- first, ties in name order.
-- @tparam table candidates a list of names
-- @tparam string name the misspelt name
-- @tparam integer limit the most edits a suggestion may be away
-- @tparam[opt] function closeness(candidate) a distance to take instead
-- when it is smaller (e.g. 1 for a name that contains the other)
-- @treturn table names
function M.among(candidates, name, limit, closeness)
	local found = {}
	for _, candidate in ipairs(candidates) do
		local d = M.distance(name, candidate, limit)
		if closeness then d = math.min(d, closeness(candidate)) end
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

--- The hint to add to a message: " (did you mean 'a', 'b'?)" or "".
function M.hint(names)
	if #names == 0 then return "" end
	return " (did you mean '" .. table.concat(names, "', '") .. "'?)"
end

return M

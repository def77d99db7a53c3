--- Conditions on syscall arguments, as values.
-- A condition is an OR of clauses; a clause is an AND of comparisons of
-- one 64-bit argument against a constant:
--
--    arg(0):eq(AF_UNIX)                      -- arg0 == AF_UNIX
--    any(arg(0):eq(AF_UNIX), arg(0):eq(AF_INET))
--    all(arg(2):masked_eq(PROT_EXEC, 0), arg(1):le(4096))
--
-- Comparisons are unsigned.  Where the kernel reads an argument as 32 bits
-- (an int, or any argument on a 32-bit arch) only the low halves of the
-- argument and of the constant are compared.
-- @module seccomp.condition
local blame = require "seccomp.blame"

blame.register()

local M = {}

local Condition = {}
Condition.__index = Condition

local operators = {
	eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">=",
	masked_eq = "&==",
}
M.operators = operators

local function freeze(clauses)
	return setmetatable({ clauses = clauses }, Condition)
end

--- True when v is a condition value.
function M.is(v)
	return getmetatable(v) == Condition
end

local function check_integer(what, v)
	if math.type(v) ~= "integer" then
		blame.error(("%s must be an integer, not %s"):format(what,
			math.type(v) or type(v)))
	end
	return v
end

--- One comparison, as a condition of one clause.
-- @tparam integer arg argument index 0..5
-- @tparam string op eq, ne, lt, le, gt, ge or masked_eq
-- @tparam integer value the constant (64-bit)
-- @tparam[opt] integer mask for masked_eq
-- @treturn table condition
function M.compare(arg, op, value, mask)
	check_integer("argument index", arg)
	if arg < 0 or arg > 5 then
		blame.error(("argument index must be 0..5, not %d"):format(arg))
	end
	if not operators[op] then
		blame.error(("unknown comparison '%s'"):format(tostring(op)))
	end
	check_integer(op .. "'s value", value)
	if op == "masked_eq" then
		check_integer("masked_eq's mask", mask)
	end
	local cmp = { arg = arg, op = op, value = value, mask = mask }
	return freeze({ { cmp } })
end

local Arg = {}
Arg.__index = Arg

for op in pairs(operators) do
	if op ~= "masked_eq" then
		Arg[op] = function(self, value)
			return M.compare(self.index, op, value)
		end
	end
end

--- (arg & mask) == value.
function Arg:masked_eq(mask, value)
	return M.compare(self.index, "masked_eq", value, mask)
end

--- A syscall argument, to compare: `arg(1):eq(0)`.
-- @tparam integer index 0..5
function M.arg(index)
	check_integer("argument index", index)
	if index < 0 or index > 5 then
		blame.error(("argument index must be 0..5, not %d"):format(index))
	end
	return setmetatable({ index = index }, Arg)
end

local function check_condition(v, i)
	if not M.is(v) then
		blame.error(("condition %d must be a condition, not %s")
			:format(i, type(v)))
	end
	return v
end

--- Holds when any of the conditions holds.
function M.any(...)
	local clauses = {}
	for i = 1, select("#", ...) do
		local c = check_condition(select(i, ...), i)
		for _, clause in ipairs(c.clauses) do
			clauses[#clauses + 1] = clause
		end
	end
	return freeze(clauses)
end

--- Holds when all of the conditions hold (the clauses' cross product).
function M.all(...)
	local clauses = { {} }
	for i = 1, select("#", ...) do
		local c = check_condition(select(i, ...), i)
		local product = {}
		for _, left in ipairs(clauses) do
			for _, right in ipairs(c.clauses) do
				local joined = table.move(left, 1, #left, 1, {})
				table.move(right, 1, #right, #joined + 1, joined)
				product[#product + 1] = joined
			end
		end
		clauses = product
	end
	return freeze(clauses)
end

local function format_compare(cmp)
	local v = ("0x%x"):format(cmp.value)
	if cmp.op == "masked_eq" then
		return ("arg%d & 0x%x == %s"):format(cmp.arg, cmp.mask, v)
	end
	return ("arg%d %s %s"):format(cmp.arg, operators[cmp.op], v)
end

function Condition:__tostring()
	local parts = {}
	for _, clause in ipairs(self.clauses) do
		local terms = {}
		for _, cmp in ipairs(clause) do
			terms[#terms + 1] = format_compare(cmp)
		end
		parts[#parts + 1] = table.concat(terms, " && ")
	end
	return table.concat(parts, " || ")
end

return M

--- Conditions written as strings, parsed with LPeg:
--
--    "arg0 == AF_UNIX || arg0 == AF_INET"
--    "arg2 & PROT_EXEC == 0"
--    "arg1 <= 4096 && (arg0 == 1 || arg0 == 2)"
--
-- Operands are `argN` (0..5) on the left and a constant on the right: a
-- decimal, hexadecimal (0x) or octal (0o) integer, a negative decimal, a
-- symbolic constant (AF_*, O_*, EPERM, ...), or several joined with `|`.
-- `&&` binds tighter than `||`; parentheses group.  A syntax error names
-- the column.
-- @module seccomp.parse
local lpeg = require "lpeg"
local condition = require "seccomp.condition"
local constants = require "seccomp.constants"
local blame = require "seccomp.blame"

blame.register()

local M = {}

local P, R, S, C, Ct, Cp, V =
	lpeg.P, lpeg.R, lpeg.S, lpeg.C, lpeg.Ct, lpeg.Cp, lpeg.V

local space = S(" \t\n") ^ 0

-- The farthest position a token was tried at: where a syntax error is.
local farthest = 0

local function reach(_, position)
	if position > farthest then farthest = position end
	return true
end

local function token(p) return lpeg.Cmt(P(true), reach) * p * space end

local ops = { ["=="] = "eq", ["!="] = "ne", ["<="] = "le", [">="] = "ge",
	["<"] = "lt", [">"] = "gt" }

local function lookup(name)
	local v = constants.values[name] or constants.errno[name]
	return v or { unknown = name }
end

local digit = R("09")
local hex = P("0x") * (R("09", "af", "AF") ^ 1 / function(h)
	return math.tointeger(tonumber(h, 16))
end)
local octal = P("0o") * (R("07") ^ 1 / function(o)
	return math.tointeger(tonumber(o, 8))
end)
local decimal = C(P("-") ^ -1 * digit ^ 1) / math.tointeger
local symbol = C(R("AZ", "az", "__") * R("AZ", "az", "09", "__") ^ 0)
	/ lookup
local atom = token(hex + octal + decimal + symbol)
local value = Ct(atom * (token("|") * atom) ^ 0)

local arg = token(P("arg") * C(R("05")) * -R("09", "az", "AZ", "__")
	/ tonumber)
local compare_op = token(C(P("==") + "!=" + "<=" + ">=" + "<" + ">"))
local compare = Ct(Cp() * arg * compare_op * value) / function(t)
	return { at = t[1], arg = t[2], op = ops[t[3]], value = t[4] }
end
local masked = Ct(Cp() * arg * token("&") * value * token("==") * value)
	/ function(t)
		return { at = t[1], arg = t[2], op = "masked_eq", mask = t[3],
			value = t[4] }
	end

local grammar = P({
	"expr",
	expr = space * V("any") * -1,
	any = Ct(V("all") * (token("||") * V("all")) ^ 0)
		/ function(t) return { any = t } end,
	all = Ct(V("term") * (token("&&") * V("term")) ^ 0)
		/ function(t) return { all = t } end,
	term = masked + compare + token("(") * V("any") * token(")"),
})

-- ORs the parts of a `A | B` constant, rejecting unknown names.
local function fold(parts, text)
	local v = 0
	for _, p in ipairs(parts) do
		if type(p) == "table" then
			blame.error(("unknown constant '%s' in condition \"%s\"")
				:format(p.unknown, text))
		end
		v = v | p
	end
	return v
end

local function build(node, text)
	if node.any then
		local parts = {}
		for i, n in ipairs(node.any) do parts[i] = build(n, text) end
		return condition.any(table.unpack(parts))
	elseif node.all then
		local parts = {}
		for i, n in ipairs(node.all) do parts[i] = build(n, text) end
		return condition.all(table.unpack(parts))
	end
	local mask = node.mask and fold(node.mask, text)
	return condition.compare(node.arg, node.op, fold(node.value, text), mask)
end

--- Parses a condition string.
-- @tparam string text the condition
-- @treturn table a condition value
-- @raise "file:line: condition: syntax error at column N: ..."
function M.condition(text)
	blame.check_type("condition", text, "string")
	farthest = 0
	local tree = lpeg.match(grammar, text)
	if not tree then
		local column = farthest
		blame.error(("syntax error in condition \"%s\" at column %d")
			:format(text, column))
	end
	return build(tree, text)
end

return M

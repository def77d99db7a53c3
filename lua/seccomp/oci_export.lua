--- Writes a Policy as OCI / Docker seccomp JSON (seccomp.oci.export).
--
-- runc gives all entries for one syscall the same weight: it cannot say
-- "this rule, then that one where its condition holds".  So each
-- syscall's rules are first reduced to rules of one action, in the cases
-- where that changes no decision:
--
-- * the last unconditional rule shadows every earlier rule: they go;
-- * an unconditional rule with the default action is the default: it
--   goes, and the conditional rules after it stand on the default;
-- * conditional rules at the front with the action beneath them (the
--   default, or the unconditional rule's) change nothing: they go;
-- * what is left must share one action A.  Beneath it is the default, or
--   an unconditional rule of action B; then B holds where no rule of A
--   does, which the JSON says as B under the negated conditions, when
--   each negated clause compares each argument once (masked_eq has no
--   negation in OCI).  A is written out unless it is the default.
--
-- Anything else raises, naming the syscall and the rules' origins.  Then
-- each clause of a condition becomes an entry of its own, and entries of
-- the same action and clause are merged into one list of names.
-- @module seccomp.oci_export
local dkjson = require "dkjson"
local condition = require "seccomp.condition"
local oci = require "seccomp.oci"
local blame = require "seccomp.blame"

blame.register()

local M = {}

-- More clauses than this from one negation is a sign the policy wants a
-- different shape, not an OCI entry per clause.
local MAX_NEGATED_CLAUSES = 64

--------------------------------------------------------------------------
-- Reducing one syscall's rules
--------------------------------------------------------------------------

local function unconditional(r)
	if r.condition == nil then return true end
	for _, clause in ipairs(r.condition.clauses) do
		if #clause == 0 then return true end
	end
	return false
end

local function describe_rule(r)
	local where = r.condition and " where " .. tostring(r.condition) or ""
	return ("%s (%s%s)"):format(r.origin, tostring(r.action), where)
end

local function conflict(name, rules, why)
	local lines = {}
	for i, r in ipairs(rules) do lines[i] = describe_rule(r) end
	error(("oci export: syscall '%s': %s: %s"):format(name, why,
		table.concat(lines, ", ")), 0)
end

local negated = { eq = "ne", ne = "eq", lt = "ge", ge = "lt", le = "gt",
	gt = "le" }

local function compares_one_arg_twice(clause)
	local seen = {}
	for _, cmp in ipairs(clause) do
		if seen[cmp.arg] then return true end
		seen[cmp.arg] = true
	end
	return false
end

-- NOT (OR of the rules' clauses) = AND over clauses of (OR over their
-- comparisons, each negated), or nil when OCI cannot state it.
local function negate(rules)
	local terms, size = {}, 1
	for _, r in ipairs(rules) do
		for _, clause in ipairs(r.condition.clauses) do
			local alternatives = {}
			for _, cmp in ipairs(clause) do
				if not negated[cmp.op] then return nil end
				alternatives[#alternatives + 1] =
					condition.compare(cmp.arg, negated[cmp.op], cmp.value)
			end
			size = size * #alternatives
			if size > MAX_NEGATED_CLAUSES then return nil end
			terms[#terms + 1] = condition.any(table.unpack(alternatives))
		end
	end
	local result = condition.all(table.unpack(terms))
	for _, clause in ipairs(result.clauses) do
		if compares_one_arg_twice(clause) then return nil end
	end
	return result
end

-- The rules that decide, after the last unconditional one.
local function split(list, default)
	local last
	for i, r in ipairs(list) do
		if unconditional(r) then last = i end
	end
	local base = last and list[last]
	local rest = table.move(list, (last or 0) + 1, #list, 1, {})
	if base and base.action == default then base = nil end
	local floor = base and base.action or default
	while rest[1] and rest[1].action == floor do table.remove(rest, 1) end
	return base, rest
end

-- One syscall's rules (in policy order) as a list of { action, condition
-- or nil, rule } that OCI can state without order.
local function reduce(name, list, default)
	local base, rest = split(list, default)
	if #rest == 0 then
		return base and { { base.action, nil, base } } or {}
	end
	local deciding = table.move(rest, 1, #rest, base and 2 or 1,
		{ base })
	local act = rest[1].action
	for _, r in ipairs(rest) do
		if r.action ~= act then
			conflict(name, deciding, "rules with different actions "
				.. "whose order OCI cannot express")
		end
	end
	local out = {}
	if act ~= default then
		for _, r in ipairs(rest) do out[#out + 1] = { act, r.condition, r } end
	end
	if base then
		local cond = negate(rest)
		if not cond then
			conflict(name, deciding, "an unconditional rule overridden "
				.. "where a condition holds, which OCI cannot express")
		end
		out[#out + 1] = { base.action, cond, base }
	end
	return out
end

--------------------------------------------------------------------------
-- Entries
--------------------------------------------------------------------------

local function json_action(a, rule)
	if a.kind == "trap" and a.data ~= 0 then
		error(("oci export: %s has no OCI form (SCMP_ACT_TRAP carries no "
			.. "data)%s"):format(tostring(a), rule and ": "
			.. describe_rule(rule) or ""), 0)
	end
	local ret = (a.kind == "errno" or a.kind == "trace") and a.data or nil
	return oci.action_to_json[a.kind], ret
end

local array_mt = { __jsontype = "array" }

local function json_args(clause)
	local args = setmetatable({}, array_mt)
	for i, cmp in ipairs(clause) do
		local masked = cmp.op == "masked_eq"
		args[i] = { index = cmp.arg,
			value = masked and cmp.mask or cmp.value,
			valueTwo = masked and cmp.value or 0,
			op = oci.op_to_json[cmp.op] }
	end
	return args
end

-- One clause's grouping key, after checking that runc reads it as an AND.
local function clause_key(name, clause, rule)
	local parts, seen = {}, {}
	for i, cmp in ipairs(clause) do
		if seen[cmp.arg] then
			conflict(name, { rule }, ("a clause compares arg%d twice, which "
				.. "runc reads as an OR"):format(cmp.arg))
		end
		seen[cmp.arg] = true
		parts[i] = ("%d %s %d %d"):format(cmp.arg, cmp.op, cmp.value,
			cmp.mask or 0)
	end
	return table.concat(parts, ",")
end

-- Adds name to the entry for (act, clause), made on first sight.
local function add_to_entry(state, name, act, clause, rule)
	local key = ("%d|%s"):format(act.value,
		clause and clause_key(name, clause, rule) or "")
	local entry = state.by_key[key]
	if not entry then
		local json, ret = json_action(act, rule)
		entry = { names = setmetatable({}, array_mt), action = json,
			errnoRet = ret, args = clause and json_args(clause) or nil,
			seen = {} }
		state.by_key[key] = entry
		state.entries[#state.entries + 1] = entry
	end
	if not entry.seen[name] then
		entry.seen[name] = true
		entry.names[#entry.names + 1] = name
	end
end

local function rules_by_syscall(rules)
	local order, by = {}, {}
	for _, r in ipairs(rules) do
		if not by[r.syscall] then
			by[r.syscall] = {}
			order[#order + 1] = r.syscall
		end
		table.insert(by[r.syscall], r)
	end
	return order, by
end

local function build_entries(d)
	local state = { by_key = {}, entries = setmetatable({}, array_mt) }
	local order, by = rules_by_syscall(d.rules)
	for _, name in ipairs(order) do
		for _, item in ipairs(reduce(name, by[name], d.default)) do
			local act, cond, rule = item[1], item[2], item[3]
			if not cond then
				add_to_entry(state, name, act, nil, rule)
			end
			for _, clause in ipairs(cond and cond.clauses or {}) do
				add_to_entry(state, name, act, clause, rule)
			end
		end
	end
	for _, entry in ipairs(state.entries) do entry.seen = nil end
	return state.entries
end

--------------------------------------------------------------------------
-- Writing JSON
--------------------------------------------------------------------------

local key_order = { "defaultAction", "defaultErrnoRet", "architectures",
	"syscalls", "names", "action", "errnoRet", "args", "index", "value",
	"valueTwo", "op" }

local write

-- Arrays of scalars go on one line when short, as Docker writes "args".
local function write_container(v, indent, out)
	local inner = indent .. "\t"
	local items = {}
	if getmetatable(v) == array_mt then
		for i, x in ipairs(v) do items[i] = inner .. write(x, inner) end
		out[#out + 1] = #items == 0 and "[]"
			or "[\n" .. table.concat(items, ",\n") .. "\n" .. indent .. "]"
		return
	end
	for _, k in ipairs(key_order) do
		if v[k] ~= nil then
			items[#items + 1] = inner .. dkjson.quotestring(k) .. ": "
				.. write(v[k], inner)
		end
	end
	out[#out + 1] = "{\n" .. table.concat(items, ",\n") .. "\n" .. indent
		.. "}"
end

-- JSON text for v: strings, integers (written unsigned: conditions hold
-- 64-bit values in Lua's signed integers), arrays and objects.
function write(v, indent)
	if type(v) == "string" then return dkjson.quotestring(v) end
	if math.type(v) == "integer" then return ("%u"):format(v) end
	local out = {}
	write_container(v, indent, out)
	return out[1]
end

--- See seccomp.oci.export.
function M.export(p)
	local d = p:describe()
	local json, ret = json_action(d.default)
	local arches = setmetatable({}, array_mt)
	for i, a in ipairs(d.arches) do arches[i] = oci.arch_to_json[a] end
	local doc = {
		defaultAction = json, defaultErrnoRet = ret,
		architectures = arches, syscalls = build_entries(d),
	}
	return write(doc, "") .. "\n"
end

return M

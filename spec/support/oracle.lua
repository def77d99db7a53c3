--- libseccomp beside our compiler, in the same process: the table
-- core.compile takes, written in lsc_policy.h's line format and compiled
-- by build/helpers/lsc.so (spec/helpers/lsc_lua.c).  Test-only.
--
--    local oracle = require "support.oracle"
--    if oracle.available() then
--       local bytes, ns = oracle.compile(spec, { reps = 20 })
--    end
--
-- What the line format cannot say is left out: the action for numbers
-- above our tables (spec.newer; libseccomp answers with the default), and
-- precedence (libseccomp gives every rule for a syscall the same weight).
-- @module support.oracle
local M = {}

-- libseccomp's arch names where ours differ.
local ARCH_NAME = { i386 = "x86" }

local MAX_COMPARES = 6       -- LSC_MAX_CMPS

local lsc, why_not

local function load_lsc()
	if lsc or why_not then return lsc end
	local path = package.searchpath("lsc",
		"build/helpers/?.so;" .. package.cpath)
	if not path then
		why_not = "needs build/helpers/lsc.so (libseccomp-dev, then "
			.. "`make helpers`)"
		return nil
	end
	local open, err = package.loadlib(path, "luaopen_lsc")
	if not open then
		why_not = "cannot load " .. path .. ": " .. tostring(err)
		return nil
	end
	lsc = open()
	return lsc
end

--- Whether libseccomp can be used here.
-- @treturn boolean
-- @treturn string|nil why not
function M.available()
	return load_lsc() ~= nil, why_not
end

--- The lsc.so module itself (compile, knows, syscall_number, version,
-- now_ns).
-- @raise when it is not available
function M.lib()
	return load_lsc() or error("libseccomp oracle: " .. why_not, 2)
end

--- libseccomp's name for one of our arches.
function M.arch_name(arch)
	return ARCH_NAME[arch] or arch
end

local function hex(v)
	return ("0x%x"):format(v)
end

local function compare_words(cmp)
	if cmp.op == "masked_eq" then
		return ("%d masked_eq %s %s"):format(cmp.arg, hex(cmp.value),
			hex(cmp.mask))
	end
	return ("%d %s %s"):format(cmp.arg, cmp.op, hex(cmp.value))
end

-- One line per clause: libseccomp ORs separate rules of one action.
-- from[line] is the rule each line came from.
local function rule_lines(rule, out, from)
	local head = ("rule %s %s"):format(hex(rule.action), rule.syscall)
	if not rule.clauses or #rule.clauses == 0 then
		out[#out + 1] = head
		from[#out] = rule
		return
	end
	for _, clause in ipairs(rule.clauses) do
		if #clause > MAX_COMPARES then
			error(("%s: a clause of %d comparisons (at most %d)"):format(
				rule.syscall, #clause, MAX_COMPARES), 3)
		end
		local words = { head }
		for i, cmp in ipairs(clause) do words[i + 1] = compare_words(cmp) end
		out[#out + 1] = table.concat(words, " ")
		from[#out] = rule
	end
end

--- The spec in lsc_policy.h's line format.
-- @tparam table spec what core.compile takes
-- @tparam[opt] function knows name -> boolean: the syscall names the
-- oracle can take (default: all); a rule on another name is left out
-- @treturn string the policy text
-- @treturn table the names left out, each once, in rule order
-- @treturn table the rule of spec each rule line came from, by line
-- number
function M.lines(spec, knows)
	local out, skipped, seen, from = {}, {}, {}, {}
	for _, arch in ipairs(spec.arches) do
		out[#out + 1] = "arch " .. M.arch_name(arch)
	end
	out[#out + 1] = "default " .. hex(spec.default)
	if spec.bad_arch then
		out[#out + 1] = "badarch " .. hex(spec.bad_arch)
	end
	for _, rule in ipairs(spec.rules) do
		if not knows or knows(rule.syscall) then
			rule_lines(rule, out, from)
		elseif not seen[rule.syscall] then
			seen[rule.syscall] = true
			skipped[#skipped + 1] = rule.syscall
		end
	end
	out[#out + 1] = ""
	return table.concat(out, "\n"), skipped, from
end

--- Compiles spec with libseccomp.
-- @tparam table spec what core.compile takes
-- @tparam[opt] table options `reps` (timed passes, default 1) and
-- `optimize_tree` (default true: SCMP_FLTATR_CTL_OPTIMIZE = 2)
-- @treturn string the raw program
-- @treturn integer the best timed pass in nanoseconds
-- @treturn table what libseccomp refused: { message = "line 7:
-- Permission denied", rule = the spec's rule or nil (the bad-arch
-- action) }, ...
-- @treturn table the syscall names libseccomp does not know, left out
-- @raise when the oracle is not available or refuses the whole policy
function M.compile(spec, options)
	local lib = M.lib()
	options = options or {}
	local text, skipped, from = M.lines(spec, lib.knows)
	local tree = options.optimize_tree
	if tree == nil then tree = true end
	local bytes, ns, refused = lib.compile(text,
		{ optimize_tree = tree, reps = options.reps or 1 })
	for i, message in ipairs(refused) do
		local line = tonumber(message:match("^line (%d+):"))
		refused[i] = { message = message, rule = from[line] }
	end
	return bytes, ns, refused, skipped
end

return M

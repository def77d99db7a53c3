--- Reads OCI / Docker seccomp JSON into a Policy (seccomp.oci.import).
--
-- Each entry of "syscalls" becomes one rule call, in file order, when it
-- applies: every include holds and no exclude does.  Includes and excludes
-- name capabilities (held: options.caps), arches and a minKernel.  Docker
-- checks an entry's arches against the one arch it runs on; a policy here
-- has one rule set for all its target arches, so an arch list holds when
-- it names any target arch.  For the targets that go together (x86_64,
-- i386, x32; aarch64, arm) this is what Docker does on the first of them.
-- Docker's "archMap" (which sub-arches go with the host's) is not read:
-- the caller names the targets, or the JSON's "architectures" does.
--
-- Our precedence is "a later rule wins where its condition holds".  Docker
-- gives every entry for one syscall the same action (its clone3 entries,
-- errno(ENOSYS) and allow, are set apart by CAP_SYS_ADMIN), so file order
-- decides nothing there.  Where a profile does give one syscall two
-- actions under conditions that can both hold, libseccomp's answer is its
-- own; we keep file order, so the later entry wins.
-- @module seccomp.oci_import
local core = require "seccomp.core"
local policy = require "seccomp.policy"
local action = require "seccomp.action"
local condition = require "seccomp.condition"
local names = require "seccomp.names"
local oci = require "seccomp.oci"
local json = require "seccomp.oci_json"
local blame = require "seccomp.blame"

blame.register()

local M = {}

--------------------------------------------------------------------------
-- Actions and conditions
--------------------------------------------------------------------------

local data_limit = { errno = 4095, trace = 0xffff }

-- The action an SCMP_ACT_* name and its errnoRet stand for.  runc
-- answers EPERM for SCMP_ACT_ERRNO and SCMP_ACT_TRACE without errnoRet.
local function to_action(ctx, path, name, ret, ret_path)
	json.expect(ctx, path, name, "string")
	local kind = oci.action_from_json[name]
	if not kind then
		ctx.fail(path, ("unknown action '%s'"):format(name))
	end
	local limit = data_limit[kind]
	if ret ~= nil then
		if not limit then
			ctx.fail(ret_path, ("'%s' takes no errnoRet"):format(name))
		end
		json.small_int(ctx, ret_path, ret, 0, limit)
	end
	if limit then return action.new(kind, ret or 1) end
	return action.new(kind)
end

local compare_keys = { index = true, value = true, valueTwo = true,
	op = true }

-- One element of "args" as a one-clause condition.  For MASKED_EQ,
-- "value" is the mask and "valueTwo" the value to compare with.
local function to_compare(ctx, path, a)
	json.expect(ctx, path, a, "object")
	json.check_keys(ctx, path, a, compare_keys)
	local index = json.small_int(ctx, path .. ".index", a.index, 0, 5)
	local value = json.u64(ctx, path .. ".value", a.value)
	local two = a.valueTwo == nil and 0
		or json.u64(ctx, path .. ".valueTwo", a.valueTwo)
	json.expect(ctx, path .. ".op", a.op, "string")
	local op = oci.op_from_json[a.op]
	if not op then
		ctx.fail(path .. ".op", ("unknown operator '%s'"):format(a.op))
	end
	if op == "masked_eq" then
		return condition.compare(index, op, two, value), index
	end
	return condition.compare(index, op, value), index
end

-- An entry's "args" as a condition, or nil for none.  runc ANDs the
-- comparisons, except when two of them name one argument: then it adds
-- each as a rule of its own, an OR, and so do we.
local function to_condition(ctx, path, args)
	if args == nil then return nil end
	json.expect(ctx, path, args, "array")
	if #args == 0 then return nil end
	local parts, seen, repeated = {}, {}, false
	for i = 1, #args do
		local c, index = to_compare(ctx, ("%s[%d]"):format(path, i - 1),
			args[i])
		repeated = repeated or seen[index] ~= nil
		seen[index] = true
		parts[i] = c
	end
	if repeated then return condition.any(table.unpack(parts)) end
	return condition.all(table.unpack(parts))
end

--------------------------------------------------------------------------
-- Includes and excludes
--------------------------------------------------------------------------

local filter_keys = { caps = true, arches = true, minKernel = true }

-- "6.1.0-13-amd64" -> { 6, 1, 0 }, or nil when it does not start with
-- "major.minor".
local function parse_version(s)
	if type(s) ~= "string" or not s:find("^%d+%.%d+") then return nil end
	local parts = {}
	for n in s:match("^[%d%.]+"):gmatch("%d+") do
		parts[#parts + 1] = tonumber(n)
	end
	return parts
end

local function check_filter(ctx, path, f)
	if f == nil then return end
	json.expect(ctx, path, f, "object")
	json.check_keys(ctx, path, f, filter_keys)
	json.string_list(ctx, path .. ".caps", f.caps)
	json.string_list(ctx, path .. ".arches", f.arches)
	if f.minKernel ~= nil then
		json.expect(ctx, path .. ".minKernel", f.minKernel, "string")
		if not parse_version(f.minKernel) then
			ctx.fail(path .. ".minKernel", ("'%s' is not a kernel version")
				:format(f.minKernel))
		end
	end
end

local function names_a_target(ctx, list)
	for _, a in ipairs(list) do
		local ours = oci.arch_from_json[a]
		if ours and ctx.targets[ours] then return true end
	end
	return false
end

local function kernel_at_least(ctx, min)
	if not ctx.kernel then return true end
	local want = parse_version(min)
	for i = 1, math.max(#want, #ctx.kernel) do
		local have, need = ctx.kernel[i] or 0, want[i] or 0
		if have ~= need then return have > need end
	end
	return true
end

local function includes_hold(ctx, f)
	if f == nil then return true end
	for _, cap in ipairs(f.caps or {}) do
		if not ctx.caps[cap] then return false end
	end
	if f.arches and not names_a_target(ctx, f.arches) then return false end
	return f.minKernel == nil or kernel_at_least(ctx, f.minKernel)
end

local function excludes_hold(ctx, f)
	if f == nil then return false end
	for _, cap in ipairs(f.caps or {}) do
		if ctx.caps[cap] then return true end
	end
	if f.arches and names_a_target(ctx, f.arches) then return true end
	return f.minKernel ~= nil and kernel_at_least(ctx, f.minKernel)
end

--------------------------------------------------------------------------
-- Entries
--------------------------------------------------------------------------

-- Adds the rule with origin "SOURCE:LINE", the line of the JSON where the
-- entry starts.  blame.where() names the nearest caller outside the
-- library, so the call is made from a chunk named after the JSON and
-- padded to that line; it must not be a tail call, or its frame would be
-- gone by then.
local function add_rule(ctx, p, line, act, list, cond)
	local code = ("\n"):rep((line or 1) - 1)
		.. "local p, a, l, c = ...; local r = p:rule(a, l, c); return r"
	local chunk = assert(load(code, "@" .. ctx.source, "t", {}))
	return chunk(p, act, list, cond)
end

-- The entry's syscall names ("names", or the older "name").
local function entry_names(ctx, path, e)
	if e.name ~= nil then
		if e.names ~= nil then
			ctx.fail(path, "'name' and 'names' cannot both be given")
		end
		json.expect(ctx, path .. ".name", e.name, "string")
		return { e.name }
	end
	if e.names == nil then ctx.fail(path .. ".names", "missing") end
	return json.string_list(ctx, path .. ".names", e.names)
end

-- True when the compiler can place name on some target arch: in a
-- syscall table, or else (socketcall and ipc sub-calls) as the compiler
-- itself answers for a one-rule policy.
local function on_targets(ctx, name)
	local cached = ctx.placeable[name]
	if cached ~= nil then return cached end
	local found = false
	for a in pairs(ctx.targets) do
		found = found or core.syscall_number(a, name) ~= nil
	end
	if not found then
		local allow = action.allow.value
		found = pcall(core.compile, { arches = ctx.target_list,
			default = allow, bad_arch = allow, newer = allow,
			rules = { { syscall = name, action = allow } } })
	end
	ctx.placeable[name] = found
	return found
end

-- The names the target arches know.  Names no arch of ours knows go to
-- ctx.skipped; names only other arches of ours know are left out (the
-- compiler would refuse them, and Docker's runc skips them too).
local function known_names(ctx, list)
	local known = {}
	for _, name in ipairs(list) do
		if not names.known(name) then
			if not ctx.skipped_set[name] then
				ctx.skipped_set[name] = true
				ctx.skipped[#ctx.skipped + 1] = name
			end
		elseif on_targets(ctx, name) then
			known[#known + 1] = name
		end
	end
	return known
end

local entry_keys = { names = true, name = true, action = true,
	errnoRet = true, args = true, includes = true, excludes = true,
	comment = true }

-- The policy with entry i of "syscalls" added, when it applies.
local function import_entry(ctx, p, i, e)
	local path = ("syscalls[%d]"):format(i - 1)
	json.expect(ctx, path, e, "object")
	json.check_keys(ctx, path, e, entry_keys)
	local list = entry_names(ctx, path, e)
	local act = to_action(ctx, path .. ".action", e.action, e.errnoRet,
		path .. ".errnoRet")
	local cond = to_condition(ctx, path .. ".args", e.args)
	check_filter(ctx, path .. ".includes", e.includes)
	check_filter(ctx, path .. ".excludes", e.excludes)
	if not includes_hold(ctx, e.includes)
		or excludes_hold(ctx, e.excludes) then
		return p
	end
	local known = known_names(ctx, list)
	if #known == 0 then return p end
	return add_rule(ctx, p, ctx.lines[i], act, known, cond)
end

--------------------------------------------------------------------------
-- The document
--------------------------------------------------------------------------

local option_keys = { arches = true, caps = true, kernel = true,
	source = true }

local function check_options(options)
	blame.check_type("options", options, "table")
	for k in pairs(options) do
		if not option_keys[k] then
			blame.error(("oci.import: unknown option '%s'"):format(
				tostring(k)))
		end
	end
	if options.kernel ~= nil and not parse_version(options.kernel) then
		blame.error(("oci.import: kernel '%s' is not a version such as "
			.. "'6.1'"):format(tostring(options.kernel)))
	end
	if options.caps ~= nil then
		blame.check_type("caps", options.caps, "table")
	end
	if options.source ~= nil then
		blame.check_type("source", options.source, "string")
	end
end

-- A set of capability names from a set or a list.
local function cap_set(caps)
	local set = {}
	for k, v in pairs(caps or {}) do
		if math.type(k) == "integer" then set[v] = true
		elseif v then set[k] = true end
	end
	return set
end

-- The target arches: the option, else the JSON's own that we know, else
-- the native arch.
local function target_arches(ctx, options, doc)
	if options.arches then return options.arches end
	local listed = json.string_list(ctx, "architectures", doc.architectures)
	local ours = {}
	for _, a in ipairs(listed or {}) do
		local name = oci.arch_from_json[a]
		if name then ours[#ours + 1] = name end
	end
	if #ours == 0 then return { core.native_arch() } end
	return ours
end

local function new_context(options)
	local prefix = options.source and options.source .. ": " or ""
	return {
		source = options.source or "oci-json",
		caps = cap_set(options.caps),
		kernel = options.kernel and parse_version(options.kernel),
		skipped = {}, skipped_set = {}, placeable = {},
		fail = function(path, msg)
			error(prefix .. (path and path .. ": " or "") .. msg, 0)
		end,
	}
end

--- See seccomp.oci.import.
function M.import(json_text, options)
	blame.check_type("json_text", json_text, "string")
	options = options or {}
	check_options(options)
	local ctx = new_context(options)
	local doc, lines = json.decode(json_text)
	if not doc then ctx.fail(nil, "invalid JSON: " .. lines) end
	json.expect(ctx, "(root)", doc, "object")
	ctx.lines = lines
	local p = policy.empty():arches(target_arches(ctx, options, doc))
	ctx.target_list, ctx.targets = p:describe().arches, {}
	for _, a in ipairs(ctx.target_list) do ctx.targets[a] = true end
	if doc.defaultAction == nil then ctx.fail("defaultAction", "missing") end
	p = p:default(to_action(ctx, "defaultAction", doc.defaultAction,
		doc.defaultErrnoRet, "defaultErrnoRet"))
	local syscalls = doc.syscalls
	if syscalls ~= nil then json.expect(ctx, "syscalls", syscalls, "array") end
	for i = 1, syscalls and #syscalls or 0 do
		p = import_entry(ctx, p, i, syscalls[i])
	end
	return p, ctx.skipped
end

return M

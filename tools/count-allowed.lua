--- Counts the x86_64 syscalls a profile allows: the number every shipped
-- profile states in its header ("Allows N of the x86_64 syscalls").
--
--    lua5.4 tools/count-allowed.lua PROFILE...        # "N<TAB>PROFILE"
--    lua5.4 tools/count-allowed.lua --oci FILE.json   # "N<TAB>FILE.json"
--    lua5.4 tools/count-allowed.lua --list PROFILE    # "NAME<TAB>PROFILE"
--
-- Profiles and `--oci` files mix freely; `--list` prints the allowed
-- names, sorted, instead of their number.
--
-- A syscall counts when the compiled filter lets it run (allow or log)
-- for some argument values.  The values tried: every argument zero, then
-- for each clause of each of its rules, arguments that satisfy the
-- clause, and arguments that fail each of its comparisons.  So
-- `:allow("socket", "arg0 == AF_UNIX")` counts socket, and so does
-- `:default "allow" :deny("socket", "arg0 != AF_UNIX")`, while an allow
-- rule that a later unconditional deny overrides counts nothing.  The
-- filter is compiled for x86_64 whatever the host: a profile whose
-- arches leave x86_64 out is counted as if they named it alone.  An OCI
-- profile is imported for x86_64 with no capabilities and every
-- minKernel holding, as Docker runs it on a current kernel.
-- Needs build/seccomp/core.so (`make`).
local root = arg and arg[0] and arg[0]:match("^(.*)/tools/[^/]*$") or "."
package.path = ("%s/lua/?.lua;%s/lua/?/init.lua;%s"):format(root, root,
	package.path)
package.cpath = ("%s/build/?.so;%s"):format(root, package.cpath)

local core = require "seccomp.core"
local action = require "seccomp.action"

local ARCH = "x86_64"

-- Whether value v passes one comparison, unsigned as the filter compares.
local function passes(cmp, v)
	local op, c = cmp.op, cmp.value
	if op == "masked_eq" then return v & cmp.mask == c end
	if op == "eq" then return v == c end
	if op == "ne" then return v ~= c end
	if op == "lt" then return math.ult(v, c) end
	if op == "le" then return v == c or math.ult(v, c) end
	if op == "gt" then return math.ult(c, v) end
	return v == c or math.ult(c, v)
end

-- A value of one argument that passes every comparison in list, or nil:
-- the answer, if any, is zero or next to one of the constants.
local function witness_value(list)
	local candidates = { 0 }
	for _, cmp in ipairs(list) do
		local c = cmp.value
		table.move({ c, c + 1, c - 1 }, 1, 3, #candidates + 1, candidates)
	end
	for _, v in ipairs(candidates) do
		local ok = true
		for _, cmp in ipairs(list) do ok = ok and passes(cmp, v) end
		if ok then return v end
	end
end

-- Arguments that satisfy a clause (an AND of comparisons), or nil.
local function witness(clause)
	local by_arg = {}
	for _, cmp in ipairs(clause) do
		by_arg[cmp.arg] = by_arg[cmp.arg] or {}
		table.insert(by_arg[cmp.arg], cmp)
	end
	local args = { 0, 0, 0, 0, 0, 0 }
	for index, list in pairs(by_arg) do
		local v = witness_value(list)
		if v == nil then return nil end
		args[index + 1] = v
	end
	return args
end

-- A value that fails cmp, or nil.
local function failing_value(cmp)
	local c = cmp.value
	for _, v in ipairs({ 0, c, c + 1, c - 1, ~0 }) do
		if not passes(cmp, v) then return v end
	end
end

-- The argument lists one clause suggests: one that satisfies it, and for
-- each comparison, zeros but for a value that fails it.
local function clause_trials(clause, list)
	list[#list + 1] = witness(clause)
	for _, cmp in ipairs(clause) do
		local v = failing_value(cmp)
		if v then
			local args = { 0, 0, 0, 0, 0, 0 }
			args[cmp.arg + 1] = v
			list[#list + 1] = args
		end
	end
end

-- For each syscall name, the argument lists to try beyond all zeros:
-- those the clauses of its rules suggest.
local function trials(policy)
	local by_name = {}
	for _, r in ipairs(policy:describe().rules) do
		if r.condition then
			local list = by_name[r.syscall] or {}
			by_name[r.syscall] = list
			for _, clause in ipairs(r.condition.clauses) do
				clause_trials(clause, list)
			end
		end
	end
	return by_name
end

local function permitted(filter, name, args)
	local value = filter:eval({ arch = ARCH, syscall = name, args = args })
	return action.permits(action.from_value(value))
end

--- The sorted names of the x86_64 syscalls that policy allows.
local function allowed_names(policy)
	local d = policy:describe()
	local targets_x86_64 = false
	for _, a in ipairs(d.arches) do
		targets_x86_64 = targets_x86_64 or a == ARCH
	end
	if not targets_x86_64 then policy = policy:arches { ARCH } end
	local filter, tries, names = policy:compile(), trials(policy), {}
	for _, name in ipairs(core.syscall_names(ARCH)) do
		local ok = permitted(filter, name, { 0, 0, 0, 0, 0, 0 })
		for _, args in ipairs(tries[name] or {}) do
			ok = ok or permitted(filter, name, args)
		end
		if ok then names[#names + 1] = name end
	end
	return names
end

local function load_profile(path)
	return require("sandbox.profile").load(path)
end

local function load_oci(path)
	local f = assert(io.open(path, "r"))
	local text = f:read("a")
	f:close()
	return (require("seccomp.oci").import(text, { arches = { ARCH },
		source = path }))
end

local function usage()
	io.stderr:write("usage: count-allowed.lua [--list] PROFILE... "
		.. "[--oci FILE.json]...\n")
	os.exit(2)
end

-- The files to count, each with its loader, and whether to list names.
local function parse(argv)
	local jobs, list, i = {}, false, 1
	while i <= #argv do
		if argv[i] == "--list" then
			list = true
		elseif argv[i] == "--oci" then
			if not argv[i + 1] then usage() end
			i = i + 1
			jobs[#jobs + 1] = { path = argv[i], load = load_oci }
		else
			jobs[#jobs + 1] = { path = argv[i], load = load_profile }
		end
		i = i + 1
	end
	if #jobs == 0 then usage() end
	return jobs, list
end

local function main(argv)
	local jobs, list = parse(argv)
	for _, job in ipairs(jobs) do
		local names = allowed_names(job.load(job.path))
		if list then
			for _, name in ipairs(names) do
				print(("%s\t%s"):format(name, job.path))
			end
		else
			print(("%d\t%s"):format(#names, job.path))
		end
	end
end

local ok, err = pcall(main, arg)
if not ok then
	io.stderr:write("count-allowed: ", tostring(err), "\n")
	os.exit(1)
end

--- The ready(child) checkpoint: runs in the forked child, after fork and
-- before execve.  The profile's hook (set with `policy:ready(fn)`) gets a
-- child object whose methods act on the child; without a hook, or when the
-- hook installs no filter, the launcher sets no_new_privs and installs the
-- profile's policy as the very last step before execve, so the workload
-- never runs unfiltered and nothing of luasandbox's runs under the filter.
-- A hook that installs a filter itself runs the rest of its own code under
-- it: install last.
--
--    return seccomp.allow { ... }:ready(function(child)
--      child:no_new_privs()
--      child:install(child.policy)
--    end)
-- @module sandbox.checkpoint
local core = require "seccomp.core"
local blame = require "seccomp.blame"
local seccomp = require "seccomp"

blame.register()

local M = {}

local Child = {}
Child.__index = Child

-- Runs a verb, blaming the hook's line for its failure.
local function act(verb, ...)
	local ok, err = pcall(core.verbs[verb], ...)
	if not ok then
		-- a C function reached through a table has no name of its own
		-- in Lua's argument errors: give it the verb's
		blame.error((tostring(err):gsub("to '%?'", "to '" .. verb .. "'")))
	end
end

--- Sets no_new_privs: no execve can grant privileges from here on.
function Child:no_new_privs()
	act("no_new_privs")
	self.nnp = true
end

--- Installs a filter (a Policy or a compiled Filter).  Filters stack:
-- every installed filter decides, and the strictest answer wins.
function Child:install(what)
	local filter = what
	if seccomp.is_policy(what) then filter = what:compile() end
	act("install", filter)
	self.installed = self.installed + 1
end

-- The id of a user or group name from /etc/passwd or /etc/group (field
-- 3); a number is taken as it is.
local function id_of(what, file, v)
	if math.type(v) == "integer" then return v end
	if type(v) ~= "string" then
		blame.error(("%s must be a name or a number, not %s"):format(what,
			type(v)))
	end
	for line in io.lines(file) do
		local name, id = line:match("^([^:]*):[^:]*:(%d+):")
		if name == v then return math.tointeger(id) end
	end
	blame.error(("unknown %s '%s' (not in %s)"):format(what, v, file))
end

--- Switches to user u (name or uid): real, effective and saved ids.
-- Call it last among the identity verbs: it gives up the right to the
-- others.
function Child:user(u)
	act("uid", id_of("user", "/etc/passwd", u))
end

--- Switches to group g (name or gid).
function Child:group(g)
	act("gid", id_of("group", "/etc/group", g))
end

--- Sets the supplementary groups (names or gids); `{}` clears them.
function Child:groups(list)
	blame.check_type("groups", list, "table")
	local ids = {}
	for i, g in ipairs(list) do ids[i] = id_of("group", "/etc/group", g) end
	act("groups", ids)
end

--- Drops capabilities from the bounding set ("all", or a list of names
-- such as "CAP_SYS_ADMIN" or "net_raw") and empties the ambient and
-- inheritable sets.
function Child:drop_caps(list)
	if list == "all" then list = { "all" } end
	blame.check_type("capabilities", list, "table")
	for _, cap in ipairs(list) do act("drop_cap", cap) end
end

--- Sets a resource limit: `child:rlimit("nofile", 64)`, or soft and hard;
-- a negative value means unlimited.
function Child:rlimit(name, soft, hard)
	act("rlimit", name, soft, hard)
end

--- Changes the working directory.
function Child:chdir(path)
	act("chdir", path)
end

--- Sets (or, with nil, unsets) an environment variable.
function Child:setenv(name, value)
	act("setenv", name, value)
end

--- Empties the environment, but for the names listed in keep.
function Child:clearenv(keep)
	local kept = {}
	for _, name in ipairs(keep or {}) do kept[name] = os.getenv(name) end
	act("clearenv")
	for name, value in pairs(kept) do act("setenv", name, value) end
end

--- Closes at execve every descriptor above 2 but those in keep.
function Child:close_fds(keep)
	act("close_fds", keep or {})
end

--- Runs the checkpoint for policy.
-- @tparam Policy policy the profile's policy
-- @tparam table info { path = resolved command, argv = { ... } }
-- @return the Filter the launcher must install last, right before
-- execve, after setting no_new_privs; nil when the hook installed its own
-- @raise "file:line: verb: call: reason" when a verb fails
function M.run(policy, info)
	local child = setmetatable({
		policy = policy, path = info.path, argv = info.argv,
		installed = 0, nnp = false,
	}, Child)
	local hook = policy:ready_hook()
	if hook then hook(child) end
	if child.installed == 0 then
		return policy:compile()
	end
end

return M

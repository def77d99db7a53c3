--- The ready(child) checkpoint: runs in the forked child, after fork and
-- before execve.  The profile's hook (set with `policy:ready(fn)`) gets a
-- child object whose methods act on the child; without a hook, or when the
-- hook installs no filter, the child sets no_new_privs and installs the
-- profile's policy, so the workload never runs unfiltered.
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
	if not ok then blame.error(tostring(err)) end
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

--- Runs the checkpoint for policy.
-- @tparam Policy policy the profile's policy
-- @tparam table info { path = resolved command, argv = { ... } }
-- @raise "file:line: verb: call: reason" when a verb fails
function M.run(policy, info)
	local child = setmetatable({
		policy = policy, path = info.path, argv = info.argv,
		installed = 0, nnp = false,
	}, Child)
	local hook = policy:ready_hook()
	if hook then hook(child) end
	if child.installed == 0 then
		child:no_new_privs()
		child:install(policy)
	end
	return child.installed
end

return M

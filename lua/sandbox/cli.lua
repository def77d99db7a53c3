--- The Lua half of the command line: what --check, --dump and the launch
-- checks print, given a loaded policy and its compiled filter.  src/main.c
-- parses the options and calls these.
-- @module sandbox.cli
local core = require "seccomp.core"
local action = require "seccomp.action"

local M = {}

--- The one-paragraph summary --check prints.
function M.summary(path, policy, filter)
	local d = policy:describe()
	local lines = {
		("%s: ok"):format(path),
		("  arches: %s"):format(table.concat(d.arches, ", ")),
		("  rules: %d"):format(#d.rules),
		("  default: %s, bad arch: %s, newer syscalls: %s"):format(
			tostring(d.default), tostring(d.bad_arch), tostring(d.newer)),
		("  filter: %d instructions"):format(filter:length()),
	}
	return table.concat(lines, "\n") .. "\n"
end

--- The --explain report for one call.
function M.explain(call, policy, filter)
	return require("sandbox.explain").report(call, policy, filter)
end

--- The --dump listing.
function M.dump(_, _, filter)
	return filter:dump()
end

--- The --export report: the policy as OCI / Docker JSON.
function M.export(_, policy)
	return require("seccomp.oci").export(policy) .. "\n"
end

--- The --import output: a profile script equivalent to an OCI / Docker
-- seccomp profile.
function M.import(path)
	local f, err = io.open(path, "r")
	if not f then error("cannot read " .. err, 0) end
	local text = f:read("a")
	f:close()
	local oci = require "seccomp.oci"
	local policy, skipped = oci.import(text, { source = path })
	return oci.to_profile(policy, skipped, path)
end

--- Fails when the filter would refuse the workload's own execve on the
-- native arch: a launch that could never start is a profile error.
-- @treturn nil|string a message when execve is refused
function M.exec_refusal(path, filter)
	local arch = core.native_arch()
	for _, name in ipairs({ "execve" }) do
		local value = filter:eval({ arch = arch, syscall = name })
		local a = action.from_value(value)
		if not action.permits(a) and a.kind ~= "user_notif"
			and a.kind ~= "trace" then
			return ("%s: the filter answers %s to '%s', so no command can "
				.. "start under it (allow execve)"):format(path,
				tostring(a), name)
		end
	end
end

return M

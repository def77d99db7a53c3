--- The Lua half of the command line: what --check, --dump and the launch
-- checks print, given a loaded policy and its compiled filter.  The C
-- half (src/main.c, src/cli/) parses the options and calls these.
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
-- native arch: a launch that could never start is a profile error.  A
-- supervisor (user_notif) or a tracer (trace) may still let it through.
-- @treturn nil|string a message when execve is refused
function M.exec_refusal(path, filter)
	local value = filter:eval({ arch = core.native_arch(),
		syscall = "execve" })
	local a = action.from_value(value)
	local may_run = action.permits(a) or a.kind == "user_notif"
		or a.kind == "trace"
	if not may_run then
		return ("%s: the filter answers %s to 'execve', so no command can "
			.. "start under it (allow execve)"):format(path, tostring(a))
	end
end

return M

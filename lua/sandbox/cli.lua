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

-- ELF machine numbers (e_machine) of the arches we know.
local elf_machines = { [3] = "i386", [62] = "x86_64", [183] = "aarch64",
	[40] = "arm", [243] = "riscv64" }

--- The arch of the ELF program at path, or nil when it is no ELF file
-- (a script, say) or its machine is not one of ours.  An ELF32 x86-64
-- program is x32.
function M.elf_arch(path)
	local f = io.open(path, "rb")
	if not f then return nil end
	local header = f:read(20)
	f:close()
	if not header or #header < 20 or header:sub(1, 4) ~= "\127ELF" then
		return nil
	end
	local class = header:byte(5)
	local machine = string.unpack("<I2", header, 19)
	local arch = elf_machines[machine]
	if arch == "x86_64" and class == 1 then return "x32" end
	return arch
end

-- The target arches policy lacks for the program at command.
local function foreign_program(command, policy)
	local arch = M.elf_arch(command)
	if not arch then return nil end
	for _, a in ipairs(policy:describe().arches) do
		if a == arch then return nil end
	end
	return arch
end

--- Fails when the launch could never start: the command is a program of
-- an arch the policy does not target (its first syscall would meet the
-- bad-arch action), or the filter would refuse the workload's own execve
-- on the native arch.  A supervisor (user_notif) or a tracer (trace) may
-- still let execve through.
-- @treturn nil|string a message when the launch cannot start
function M.exec_refusal(path, filter, command, policy)
	local foreign = command and policy and foreign_program(command, policy)
	if foreign then
		local hint = path == "--learn" and "--learn records the native arch "
			.. "only" or "add it with :arches { ... }"
		return ("%s: '%s' is an %s program, and the profile does not "
			.. "target %s (%s)"):format(path, command, foreign, foreign,
			hint)
	end
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

--- OCI / Docker seccomp profiles: the JSON that runc, crun, Docker and
-- Podman read (`"defaultAction"`, `"syscalls"`, ...).
--
--    local oci = require "seccomp.oci"
--    local p, skipped = oci.import(text, { arches = { "x86_64" } })
--    local json = oci.export(p)
--    print(oci.to_profile(p, skipped, "docker-default.json"))
--
-- What the JSON cannot say, and so export leaves out:
--
-- * the bad-arch action (`p:bad_arch`): runc takes its own; an imported
--   policy gets our default, kill_process;
-- * the action for syscalls newer than our tables (`p:newer`): runc
--   answers ENOSYS for those, as our default does;
-- * trap data: SCMP_ACT_TRAP carries none, so trap(n) with n > 0 is an
--   error, and an imported trap is trap(0);
-- * precedence between rules with different actions for one syscall:
--   runc gives every entry for a syscall the same weight, so export keeps
--   only what it can state without order (see seccomp.oci_export) and
--   raises, naming the rules, otherwise;
-- * two comparisons of one argument in one clause: runc reads the args of
--   such an entry as an OR, so import does too, and export refuses the
--   clause.
--
-- Where the two sides name things, the tables below translate.  The work
-- is in seccomp.oci_import (with seccomp.oci_json, the JSON reading),
-- seccomp.oci_export and seccomp.oci_profile.
-- @module seccomp.oci
local blame = require "seccomp.blame"

blame.register()

local M = {}

--- Our arch names by the JSON's: SCMP_ARCH_* in "architectures", and the
-- Go-style names Docker writes in an entry's includes and excludes.
M.arch_from_json = {
	SCMP_ARCH_X86_64 = "x86_64", SCMP_ARCH_X86 = "i386",
	SCMP_ARCH_X32 = "x32", SCMP_ARCH_AARCH64 = "aarch64",
	SCMP_ARCH_ARM = "arm", SCMP_ARCH_RISCV64 = "riscv64",
	amd64 = "x86_64", x86_64 = "x86_64", x86 = "i386", ["386"] = "i386",
	i386 = "i386", x32 = "x32", arm64 = "aarch64", aarch64 = "aarch64",
	arm = "arm", riscv64 = "riscv64",
}

--- The SCMP_ARCH_* name of each of our arches.
M.arch_to_json = {
	x86_64 = "SCMP_ARCH_X86_64", i386 = "SCMP_ARCH_X86",
	x32 = "SCMP_ARCH_X32", aarch64 = "SCMP_ARCH_AARCH64",
	arm = "SCMP_ARCH_ARM", riscv64 = "SCMP_ARCH_RISCV64",
}

--- Our action kinds by SCMP_ACT_* name.  libseccomp's SCMP_ACT_KILL is
-- SECCOMP_RET_KILL_THREAD.
M.action_from_json = {
	SCMP_ACT_ALLOW = "allow", SCMP_ACT_ERRNO = "errno",
	SCMP_ACT_KILL = "kill_thread", SCMP_ACT_KILL_THREAD = "kill_thread",
	SCMP_ACT_KILL_PROCESS = "kill_process", SCMP_ACT_TRAP = "trap",
	SCMP_ACT_TRACE = "trace", SCMP_ACT_LOG = "log",
	SCMP_ACT_NOTIFY = "user_notif",
}

--- The SCMP_ACT_* name of each action kind.
M.action_to_json = {
	allow = "SCMP_ACT_ALLOW", errno = "SCMP_ACT_ERRNO",
	kill_thread = "SCMP_ACT_KILL_THREAD",
	kill_process = "SCMP_ACT_KILL_PROCESS", trap = "SCMP_ACT_TRAP",
	trace = "SCMP_ACT_TRACE", log = "SCMP_ACT_LOG",
	user_notif = "SCMP_ACT_NOTIFY",
}

--- Our comparison operators by SCMP_CMP_* name.
M.op_from_json = {
	SCMP_CMP_EQ = "eq", SCMP_CMP_NE = "ne", SCMP_CMP_LT = "lt",
	SCMP_CMP_LE = "le", SCMP_CMP_GT = "gt", SCMP_CMP_GE = "ge",
	SCMP_CMP_MASKED_EQ = "masked_eq",
}

--- The SCMP_CMP_* name of each operator.
M.op_to_json = {}
for json, ours in pairs(M.op_from_json) do M.op_to_json[ours] = json end

--- Reads an OCI / Docker seccomp profile.
-- @tparam string json_text the JSON
-- @tparam[opt] table options `arches` (our names; default: the JSON's
-- "architectures" that we know, else the native arch), `caps` (a set or
-- list of capability names the container holds; default none), `kernel`
-- (a version such as "6.1" for minKernel; default: every minKernel
-- holds), `source` (a name for rule origins and messages, such as the
-- file's path)
-- @treturn Policy the policy
-- @treturn table the syscall names no arch of ours knows, skipped
-- @raise "syscalls[12].args[0].op: unknown operator 'SCMP_CMP_FOO'"
-- @usage local p, skipped = oci.import(text, { caps = { "CAP_SYS_ADMIN" } })
function M.import(json_text, options)
	return require("seccomp.oci_import").import(json_text, options)
end

--- Writes a policy as OCI / Docker seccomp JSON.
-- @tparam Policy policy the policy
-- @treturn string the JSON text
-- @raise when the policy's precedence or an action has no OCI form,
-- naming the syscall and the rules' origins
function M.export(policy)
	return require("seccomp.oci_export").export(policy)
end

--- Writes a policy as the text of a profile script that returns an equal
-- policy (what `luasandbox --import FILE.json` prints).
-- @tparam Policy policy the policy, usually an imported one
-- @tparam[opt] table skipped names to list in a comment
-- @tparam[opt] string source where the policy came from, for the header
-- @treturn string Lua source
function M.to_profile(policy, skipped, source)
	return require("seccomp.oci_profile").to_profile(policy, skipped, source)
end

return M

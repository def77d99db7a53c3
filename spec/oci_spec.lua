-- OCI / Docker seccomp JSON: import, export and the profile script
-- written from an import, judged through the compiled filters in our
-- simulator.  Docker's default profile is read from shared/testdata,
-- beside the checkout; the specs that need it are pending without it.
local seccomp = require "seccomp"
local oci = require "seccomp.oci"
local core = require "seccomp.core"
local action = require "seccomp.action"
local names = require "seccomp.names"

local EPERM, ENOSYS = 1, 38
local ALLOW = action.allow.value
local function errno(n) return action.new("errno", n).value end

local CLONE_NEWNS, CLONE_NEWUSER, SIGCHLD = 0x20000, 0x10000000, 17
local CLONE_THREAD_FLAGS = 0x3d0f00     -- what pthread_create passes
local AF_INET, AF_ALG, AF_VSOCK, AF_NETLINK = 2, 38, 40, 16

local docker_text = require("support.sandbox").testdata(
	"docker-default.json")

-- The Docker profile imported with options, or nil (and the spec
-- pending) when the file is absent.
local function docker(options)
	if not docker_text then
		pending("shared/testdata/docker-default.json is absent")
		return nil
	end
	return oci.import(docker_text, options)
end

local function decide(p, name, args, arch)
	return (p:compile():eval { arch = arch or "x86_64", syscall = name,
		args = args or {} })
end

-- Argument vectors that tell two policies apart on a syscall: zeros, all
-- ones, and each constant of either policy's conditions (and its
-- neighbours) in the argument it is compared with.
local function probes(conditions)
	local out = { {}, { -1, -1, -1, -1, -1, -1 } }
	for _, c in ipairs(conditions) do
		for _, clause in ipairs(c.clauses) do
			for _, cmp in ipairs(clause) do
				for _, v in ipairs({ cmp.value, cmp.value + 1, cmp.value - 1,
					cmp.mask or 0, ~(cmp.mask or 0) }) do
					local args = { 0, 0, 0, 0, 0, 0 }
					args[cmp.arg + 1] = v
					out[#out + 1] = args
				end
			end
		end
	end
	return out
end

local function conditions_by_syscall(...)
	local by = {}
	for i = 1, select("#", ...) do
		for _, r in ipairs(select(i, ...):describe().rules) do
			by[r.syscall] = by[r.syscall] or {}
			if r.condition then table.insert(by[r.syscall], r.condition) end
		end
	end
	return by
end

-- The first x86_64 syscall on which a and b decide differently, as a
-- message, or nil when they agree on every one.
local function differ(a, b)
	local fa, fb = a:compile(), b:compile()
	local by = conditions_by_syscall(a, b)
	for _, name in ipairs(core.syscall_names("x86_64")) do
		local nr = core.syscall_number("x86_64", name)
		for _, args in ipairs(probes(by[name] or {})) do
			local input = { arch = "x86_64", nr = nr, args = args }
			local x, y = fa:eval(input), fb:eval(input)
			if x ~= y then
				return ("%s(%s): %s vs %s"):format(name,
					table.concat(args, ", "), core.action_name(x),
					core.action_name(y))
			end
		end
	end
	return nil
end

local function json_with(entries, extra)
	return ('{ "defaultAction": "SCMP_ACT_ERRNO", %s"syscalls": [ %s ] }')
		:format(extra or "", table.concat(entries, ", "))
end

local function import_error(text, options)
	local ok, err = pcall(oci.import, text, options)
	assert.is_false(ok)
	return err
end

describe("seccomp.oci", function()
	describe("import", function()
		it("allows what Docker's default profile allows", function()
			local p = docker()
			if not p then return end
			for _, name in ipairs({ "read", "write", "openat", "execve",
				"exit_group", "futex", "mmap", "arch_prctl",
				"rt_sigreturn" }) do
				assert.are.equal(ALLOW, decide(p, name), name)
			end
		end)

		it("denies with EPERM what it leaves to its default", function()
			local p = docker()
			if not p then return end
			for _, name in ipairs({ "mount", "umount2", "reboot", "kexec_load",
				"bpf", "unshare", "setns", "init_module", "open_by_handle_at",
				"perf_event_open", "iopl", "settimeofday" }) do
				assert.are.equal(errno(EPERM), decide(p, name), name)
			end
		end)

		it("allows clone without namespace flags only", function()
			local p = docker()
			if not p then return end
			assert.are.equal(ALLOW, decide(p, "clone", { SIGCHLD }))
			assert.are.equal(ALLOW, decide(p, "clone", { CLONE_THREAD_FLAGS }))
			assert.are.equal(errno(EPERM),
				decide(p, "clone", { CLONE_NEWUSER | SIGCHLD }))
			assert.are.equal(errno(EPERM), decide(p, "clone", { CLONE_NEWNS }))
			assert.are.equal(errno(ENOSYS), decide(p, "clone3"))
		end)

		it("allows the personalities Docker lists and no other", function()
			local p = docker()
			if not p then return end
			for _, persona in ipairs({ 0, 8, 0x20000, 0x20008, 0xffffffff }) do
				assert.are.equal(ALLOW, decide(p, "personality", { persona }))
			end
			assert.are.equal(errno(EPERM),
				decide(p, "personality", { 0x0040000 }))
		end)

		it("allows socket for every family but AF_ALG and AF_VSOCK",
			function()
			local p = docker()
			if not p then return end
			assert.are.equal(ALLOW, decide(p, "socket", { AF_INET }))
			assert.are.equal(ALLOW, decide(p, "socket", { AF_NETLINK }))
			assert.are.equal(errno(EPERM), decide(p, "socket", { AF_ALG }))
			assert.are.equal(errno(EPERM), decide(p, "socket", { AF_VSOCK }))
			assert.are.equal(ALLOW, decide(p, "socket", { AF_VSOCK + 1 }))
		end)

		it("keeps arch-restricted entries to the arches they name",
			function()
			local p = docker({ arches = { "i386" } })
			if not p then return end
			assert.are.equal(errno(EPERM),
				decide(p, "arch_prctl", nil, "i386"))
			assert.are.equal(ALLOW, decide(p, "modify_ldt", nil, "i386"))
			local arm = docker({ arches = { "aarch64", "arm" } })
			assert.are.equal(ALLOW, decide(arm, "cacheflush", nil, "arm"))
			for _, r in ipairs(docker():describe().rules) do
				assert.are_not.equal("cacheflush", r.syscall)
			end
		end)

		it("applies entries for the capabilities the container holds",
			function()
			local p = docker({ caps = { CAP_SYS_ADMIN = true } })
			if not p then return end
			assert.are.equal(ALLOW, decide(p, "mount"))
			assert.are.equal(ALLOW, decide(p, "clone", { CLONE_NEWUSER }))
			assert.are.equal(ALLOW, decide(p, "clone3"))
			assert.are.equal(errno(EPERM), decide(p, "reboot"))
			local boot = docker({ caps = { "CAP_SYS_BOOT" } })
			assert.are.equal(ALLOW, decide(boot, "reboot"))
		end)

		it("checks minKernel against the kernel given", function()
			local old = docker({ kernel = "4.4.0-21-generic" })
			if not old then return end
			assert.are.equal(errno(EPERM), decide(old, "ptrace"))
			assert.are.equal(ALLOW, decide(docker({ kernel = "6.1" }),
				"ptrace"))
			assert.are.equal(ALLOW, decide(docker(), "ptrace"))
		end)

		it("compiles Docker's profile for x86_64, i386 and x32", function()
			local p = docker({ arches = { "x86_64", "i386", "x32" } })
			if not p then return end
			assert.are.same({ "x86_64", "i386", "x32" },
				p:describe().arches)
			assert.are.equal(ALLOW, decide(p, "read", nil, "i386"))
			assert.are.equal(ALLOW, decide(p, "read", nil, "x32"))
			assert.are.equal(errno(EPERM), decide(p, "mount", nil, "i386"))
		end)

		it("skips only names that no arch of ours knows", function()
			local p, skipped = docker({ arches = { "x86_64", "i386", "x32" },
				caps = { "CAP_SYS_ADMIN", "CAP_SYS_BOOT" } })
			if not p then return end
			for _, name in ipairs(skipped) do
				assert.is_false(names.known(name), name)
			end
			local q, made_up = oci.import(json_with({
				'{ "names": [ "read", "spu_run", "chown32", "no_such_call" ],'
				.. ' "action": "SCMP_ACT_ALLOW" }' }))
			assert.are.same({ "spu_run", "no_such_call" }, made_up)
			assert.are.equal(ALLOW, decide(q, "read"))
		end)

		it("names each rule's origin after the JSON line", function()
			local text = '{\n"defaultAction": "SCMP_ACT_ALLOW",\n'
				.. '"syscalls": [\n{ "names": ["read"],\n'
				.. '  "action": "SCMP_ACT_KILL" },\n'
				.. '{ "names": ["write"], "action": "SCMP_ACT_LOG" }\n]\n}'
			local rules = oci.import(text, { source = "t.json" })
				:describe().rules
			assert.are.equal("t.json:4", rules[1].origin)
			assert.are.equal("t.json:6", rules[2].origin)
		end)

		it("reads each action and its errnoRet", function()
			local p = oci.import(json_with({
				'{ "names": ["read"], "action": "SCMP_ACT_ERRNO",'
					.. ' "errnoRet": 13 }',
				'{ "names": ["write"], "action": "SCMP_ACT_TRACE",'
					.. ' "errnoRet": 7 }',
				'{ "names": ["close"], "action": "SCMP_ACT_KILL" }',
				'{ "names": ["dup"], "action": "SCMP_ACT_KILL_PROCESS" }',
				'{ "names": ["dup2"], "action": "SCMP_ACT_TRAP" }',
				'{ "names": ["dup3"], "action": "SCMP_ACT_LOG" }',
				'{ "names": ["pipe"], "action": "SCMP_ACT_NOTIFY" }',
				'{ "names": ["pipe2"], "action": "SCMP_ACT_ERRNO" }',
			}, '"defaultErrnoRet": 38, '))
			assert.are.equal(errno(13), decide(p, "read"))
			assert.are.equal(seccomp.trace(7).value, decide(p, "write"))
			assert.are.equal(seccomp.kill_thread.value, decide(p, "close"))
			assert.are.equal(seccomp.kill_process.value, decide(p, "dup"))
			assert.are.equal(seccomp.trap(0).value, decide(p, "dup2"))
			assert.are.equal(seccomp.log.value, decide(p, "dup3"))
			assert.are.equal(seccomp.user_notif.value, decide(p, "pipe"))
			assert.are.equal(errno(EPERM), decide(p, "pipe2"))
			assert.are.equal(errno(ENOSYS), decide(p, "open"))
		end)

		it("ANDs args on different arguments and reads MASKED_EQ's value "
			.. "as the mask", function()
			local p = oci.import(json_with({ '{ "names": ["mmap"], '
				.. '"action": "SCMP_ACT_ALLOW", "args": ['
				.. '{ "index": 2, "value": 4, "valueTwo": 0, '
				.. '"op": "SCMP_CMP_MASKED_EQ" },'
				.. '{ "index": 1, "value": 4096, "op": "SCMP_CMP_LE" } ] }' }))
			assert.are.equal(ALLOW, decide(p, "mmap", { 0, 4096, 3 }))
			assert.are.equal(errno(EPERM), decide(p, "mmap", { 0, 4096, 7 }))
			assert.are.equal(errno(EPERM), decide(p, "mmap", { 0, 4097, 3 }))
		end)

		it("ORs args that name one argument, as runc does", function()
			local p = oci.import(json_with({ '{ "names": ["socket"], '
				.. '"action": "SCMP_ACT_ALLOW", "args": ['
				.. '{ "index": 0, "value": 1, "op": "SCMP_CMP_EQ" },'
				.. '{ "index": 0, "value": 2, "op": "SCMP_CMP_EQ" } ] }' }))
			assert.are.equal(ALLOW, decide(p, "socket", { 1 }))
			assert.are.equal(ALLOW, decide(p, "socket", { 2 }))
			assert.are.equal(errno(EPERM), decide(p, "socket", { 3 }))
		end)

		it("keeps every bit of values past 2^63", function()
			local p = oci.import(json_with({ '{ "names": ["lseek"], '
				.. '"action": "SCMP_ACT_ALLOW", "args": [ { "index": 1, '
				.. '"value": 18446744073709551615, "op": "SCMP_CMP_EQ" } ] }'
			}))
			assert.are.equal(ALLOW, decide(p, "lseek", { 0, -1 }))
			assert.are.equal(errno(EPERM), decide(p, "lseek", { 0, -2 }))
		end)

		it("takes its arches from the JSON's when not told", function()
			local p = oci.import('{ "defaultAction": "SCMP_ACT_ALLOW", '
				.. '"architectures": [ "SCMP_ARCH_X86_64", "SCMP_ARCH_X86", '
				.. '"SCMP_ARCH_PPC64LE" ] }')
			assert.are.same({ "x86_64", "i386" }, p:describe().arches)
		end)

		it("names the JSON path of what it cannot read", function()
			local cases = {
				{ json_with({ '{ "names": ["read"], "action": "SCMP_ACT_ALLOW",'
					.. ' "args": [ { "index": 0, "value": 1, '
					.. '"op": "SCMP_CMP_FOO" } ] }' }),
					"^syscalls%[0%]%.args%[0%]%.op: unknown operator "
					.. "'SCMP_CMP_FOO'$" },
				{ json_with({
					'{ "names": ["read"], "action": "SCMP_ACT_ALLOW" }',
					'{ "names": ["write"], "action": "SCMP_ACT_BOOM" }' }),
					"^syscalls%[1%]%.action: unknown action 'SCMP_ACT_BOOM'$" },
				{ json_with({ '{ "names": ["read", 7], '
					.. '"action": "SCMP_ACT_ALLOW" }' }),
					"^syscalls%[0%]%.names%[1%]: expected a string, "
					.. "not number" },
				{ json_with({ '{ "names": ["read"], "action": "SCMP_ACT_ALLOW",'
					.. ' "args": [ { "index": 6, "value": 1, '
					.. '"op": "SCMP_CMP_EQ" } ] }' }),
					"^syscalls%[0%]%.args%[0%]%.index: 6 is not an "
					.. "integer 0..5" },
				{ json_with({ '{ "names": ["read"], "action": "SCMP_ACT_ALLOW",'
					.. ' "includes": { "kernel": "5.0" } }' }),
					"^syscalls%[0%]%.includes%.kernel: unknown field" },
				{ '{ "syscalls": [] }', "^defaultAction: missing" },
				{ '{ "defaultAction": "SCMP_ACT_ERRNO", "syscalls": {} }',
					"^syscalls: expected an array, not object" },
				{ '{ "defaultAction": "SCMP_ACT_ALLOW", "syscalls": [ ',
					"^invalid JSON: " },
			}
			for _, case in ipairs(cases) do
				assert.matches(case[2], import_error(case[1]))
			end
			assert.matches("^f%.json: defaultAction: missing",
				import_error("{}", { source = "f.json" }))
		end)

		it("rejects an unknown option", function()
			assert.matches("unknown option 'arch'",
				import_error('{ "defaultAction": "SCMP_ACT_ALLOW" }',
					{ arch = "x86_64" }))
		end)
	end)

	describe("export", function()
		local function round_trip(p)
			local q = oci.import(oci.export(p))
			assert.is_nil(differ(p, q))
			return q
		end

		it("round-trips Docker's profile on every x86_64 syscall",
			function()
			local p = docker()
			if not p then return end
			round_trip(p)
			round_trip(docker({ caps = { CAP_SYS_ADMIN = true } }))
		end)

		it("writes the default, the arches and entries grouped by action "
			.. "and condition", function()
			local p = seccomp.policy():default("errno", 13)
				:arches { "x86_64", "i386" }
				:allow { "read", "write" }
				:allow("socket", "arg0 == 1 || arg0 == 2")
				:allow("close")
			local doc = require("dkjson").decode(oci.export(p))
			assert.are.equal("SCMP_ACT_ERRNO", doc.defaultAction)
			assert.are.equal(13, doc.defaultErrnoRet)
			assert.are.same({ "SCMP_ARCH_X86_64", "SCMP_ARCH_X86" },
				doc.architectures)
			assert.are.equal(3, #doc.syscalls)
			assert.are.same({ "read", "write", "close" }, doc.syscalls[1].names)
			assert.are.same({ { index = 0, value = 2, valueTwo = 0,
				op = "SCMP_CMP_EQ" } }, doc.syscalls[3].args)
		end)

		it("round-trips conditions, masks and 64-bit constants", function()
			round_trip(seccomp.policy():default("allow")
				:deny("socket", "arg0 != AF_UNIX")
				:kill { "ptrace" })
			round_trip(seccomp.policy():default("errno", 1)
				:allow("mmap", "arg2 & PROT_EXEC == 0 && arg1 <= 4096")
				:allow("lseek", "arg1 >= 0x8000000000000000")
				:allow("mprotect", "arg0 & 0xffffffff00000000 == 0x0")
				:errno(13, "openat", "arg2 == 0x1 || arg3 == 0x2"))
		end)

		it("round-trips every action", function()
			round_trip(seccomp.policy():default("kill_thread")
				:rule(seccomp.trace(5), "write")
				:log("read"):notify("openat"):trap("close")
				:errno(22, "dup"):kill("dup2")
				:rule("kill_thread", "dup3"):allow("exit_group"))
		end)

		it("drops rules a later unconditional rule shadows, and merges "
			.. "rules of one action", function()
			local p = seccomp.policy():default("errno", 1)
				:allow("socket", "arg0 == 1")
				:kill("socket")
				:allow("read", "arg0 == 0")
				:allow("read", "arg0 == 1")
				:deny("write"):allow("write", "arg0 == 1")
			local doc = require("dkjson").decode(oci.export(p))
			assert.are.equal(3, #doc.syscalls)
			assert.are.same({ "socket" }, doc.syscalls[1].names)
			assert.are.equal("SCMP_ACT_KILL_PROCESS", doc.syscalls[1].action)
			assert.is_nil(doc.syscalls[1].args)
			assert.are.same({ "read", "write" }, doc.syscalls[3].names)
			round_trip(p)
		end)

		it("negates the conditions of default-action rules over an "
			.. "unconditional one", function()
			local p = seccomp.allow { "read", "socket" }
				:kill("socket", "arg0 == 16")
			local q = round_trip(p)
			assert.are.equal(ALLOW, decide(q, "socket", { 2 }))
			assert.are.equal(seccomp.kill_process.value,
				decide(q, "socket", { 16 }))
		end)

		it("refuses precedence it cannot express, naming the rules",
			function()
			local p = seccomp.policy():default("errno", 1)
				:allow("socket", "arg0 == 1")
				:kill("socket", "arg1 == 2")
			local ok, err = pcall(oci.export, p)
			assert.is_false(ok)
			assert.matches("syscall 'socket'", err)
			assert.matches("oci_spec%.lua:%d+ %(allow where arg0 == 0x1%)", err)
			assert.matches("oci_spec%.lua:%d+ %(kill_process where", err)
			local masked = seccomp.allow { "mmap" }
				:deny("mmap", "arg2 & PROT_EXEC == PROT_EXEC")
			assert.has_error(function() oci.export(masked) end)
		end)

		it("refuses what OCI has no field for", function()
			assert.has_error(function()
				oci.export(seccomp.policy():trap("read"):rule(seccomp.trap(3),
					"write"))
			end)
			local twice = seccomp.policy():allow("read",
				"arg0 >= 5 && arg0 <= 10")
			local ok, err = pcall(oci.export, twice)
			assert.is_false(ok)
			assert.matches("compares arg0 twice", err)
		end)
	end)

	describe("to_profile", function()
		local profile = require "sandbox.profile"

		local function load_text(text)
			local path = os.tmpname() .. ".lua"
			local f = assert(io.open(path, "w"))
			f:write(text)
			f:close()
			local ok, p = pcall(profile.load, path)
			os.remove(path)
			assert(ok, p)
			return p
		end

		it("writes a profile that decides as Docker's import does",
			function()
			local p, skipped = docker({ caps = { "CAP_SYS_PTRACE" } })
			if not p then return end
			local text = oci.to_profile(p, skipped, "docker-default.json")
			assert.is_nil(differ(p, load_text(text)))
			assert.matches("^%-%- Imported by luasandbox", text)
			assert.matches('\n\t:allow%("clone", '
				.. '"arg0 & 0x7e020000 == 0x0"%)', text)
			assert.matches('\n\t:allow {\n\t\t"accept", "accept4", "access", '
				.. '"adjtimex",\n', text)
		end)

		it("keeps lines within 80 columns and lists skipped names",
			function()
			local p = seccomp.policy():default("allow")
				:arches { "x86_64", "i386" }
				:deny("socket", "arg0 == 0x10 || arg0 == 0x11 || arg0 == 0x12 "
					.. "|| arg0 == 0x13 || arg0 == 0x14 || arg0 == 0x15")
				:errno(13, { "openat", "open" }, "arg1 == 0x1")
				:rule(seccomp.trace(3), { "read", "write" })
				:bad_arch("errno", 1)
			local text = oci.to_profile(p,
				{ "spu_run", "sys_debug_setcontext" })
			for line in text:gmatch("[^\n]+") do
				assert.is_true(#line:gsub("\t", "        ") <= 80, line)
			end
			assert.matches("spu_run, sys_debug_setcontext", text)
			local q = load_text(text)
			assert.is_nil(differ(p, q))
			assert.are.same(p:describe().arches, q:describe().arches)
			assert.are.equal(p:describe().bad_arch, q:describe().bad_arch)
		end)
	end)

	describe("modules", function()
		it("add no globals", function()
			local before = {}
			for k in pairs(_G) do before[k] = true end
			for _, m in ipairs({ "seccomp.oci", "seccomp.oci_import",
				"seccomp.oci_json", "seccomp.oci_export",
				"seccomp.oci_profile" }) do
				package.loaded[m] = nil
				require(m)
			end
			for k in pairs(_G) do assert.is_true(before[k], k) end
		end)
	end)
end)

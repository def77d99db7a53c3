-- Syscall groups: their data, their expansion, and their use in a policy.
local groups = require "seccomp.groups"
local names = require "seccomp.names"
local seccomp = require "seccomp"
local action = require "seccomp.action"

local ALLOW = 0x7fff0000

-- The groups systemd's SystemCallFilter= users will look for by name.
local systemd_names = {
	"@aio", "@basic-io", "@chown", "@clock", "@cpu-emulation", "@debug",
	"@default", "@file-system", "@io-event", "@ipc", "@keyring",
	"@memlock", "@module", "@mount", "@network-io", "@obsolete", "@pkey",
	"@privileged", "@process", "@raw-io", "@reboot", "@resources",
	"@sandbox", "@setuid", "@signal", "@swap", "@sync", "@system-service",
	"@timer",
}

local function set_of(list)
	local set = {}
	for _, v in ipairs(list) do set[v] = true end
	return set
end

local function shared(a, b)
	local in_b, both = set_of(groups.members(b)), {}
	for _, name in ipairs(groups.members(a)) do
		if in_b[name] then both[#both + 1] = name end
	end
	return both
end

-- The message of the error fn raises.
local function raised(fn, ...)
	local ok, err = pcall(fn, ...)
	assert.is_false(ok, "expected an error")
	return tostring(err)
end

describe("seccomp.groups", function()
	describe("names", function()
		it("lists every group sorted, systemd's names among them",
			function()
			local list = groups.names()
			local sorted = table.move(list, 1, #list, 1, {})
			table.sort(sorted)
			assert.are.same(sorted, list)
			local have = set_of(list)
			for _, name in ipairs(systemd_names) do
				assert.is_true(have[name], name)
			end
			assert.is_true(have["@memory"])
			for _, name in ipairs(list) do
				assert.matches("^@[%l%d-]+$", name)
			end
		end)
	end)

	describe("describe", function()
		it("gives every group one lowercase line, no final period",
			function()
			for _, name in ipairs(groups.names()) do
				local about = groups.describe(name)
				assert.is_string(about, name)
				assert.matches("^%l", about, 1, name)
				assert.is_nil(about:find("\n"), name)
				assert.is_nil(about:find("%.$"), name)
			end
		end)

		it("raises for an unknown group", function()
			assert.matches("unknown syscall group '@nope'",
				raised(groups.describe, "@nope"))
		end)
	end)

	describe("direct", function()
		it("returns the group's own entries, nested groups unexpanded",
			function()
			local own = set_of(groups.direct("@system-service"))
			assert.is_true(own["@basic-io"])
			assert.is_true(own["ioctl"])
			assert.is_nil(own["read"])
		end)

		it("returns a fresh list", function()
			local list = groups.direct("@swap")
			list[#list + 1] = "reboot"
			assert.is_nil(set_of(groups.direct("@swap"))["reboot"])
		end)
	end)

	describe("members", function()
		it("names only syscalls some arch knows", function()
			for _, group in ipairs(groups.names()) do
				for _, name in ipairs(groups.members(group)) do
					assert.is_true(names.known(name),
						group .. ": " .. name)
				end
			end
		end)

		it("expands nested groups recursively", function()
			local service = set_of(groups.members "@system-service")
			for _, nested in ipairs({ "@basic-io", "@default",
					"@file-system", "@network-io", "@identity" }) do
				for _, name in ipairs(groups.members(nested)) do
					assert.is_true(service[name], nested .. " " .. name)
				end
			end
			-- three levels: @system-service > @default > @identity
			assert.is_true(service["getuid"])
			-- @privileged > @mount, @setuid
			local privileged = set_of(groups.members("@privileged"))
			assert.is_true(privileged["mount"])
			assert.is_true(privileged["setresuid"])
		end)

		it("returns sorted syscall names without duplicates or groups",
			function()
			for _, group in ipairs(groups.names()) do
				local list = groups.members(group)
				assert.is_true(#list > 0, group)
				for i, name in ipairs(list) do
					assert.is_nil(name:find("^@"), group)
					local previous = list[i - 1]
					if previous then
						assert.is_true(previous < name, group)
					end
				end
			end
		end)

		it("returns a fresh list the caller may change", function()
			local list = groups.members("@swap")
			list[1] = "reboot"
			assert.are.same({ "swapoff", "swapon" },
				groups.members("@swap"))
		end)

		it("holds the names of every arch side by side", function()
			local io = set_of(groups.members("@basic-io"))
			assert.is_true(io["lseek"] and io["_llseek"])
			local fs = set_of(groups.members("@file-system"))
			for _, name in ipairs({ "open", "openat", "stat",
					"stat64", "fcntl", "fcntl64" }) do
				assert.is_true(fs[name], name)
			end
			local ids = set_of(groups.members("@identity"))
			assert.is_true(ids["getuid"] and ids["getuid32"])
		end)

		it("raises naming the profile's line and the nearest group",
			function()
			local line = debug.getinfo(1, "l").currentline + 1
			local ok, err = pcall(groups.members, "@basicio")
			assert.is_false(ok)
			assert.are.equal(("spec/groups_spec.lua:%d: unknown "
				.. "syscall group '@basicio' (did you mean "
				.. "'@basic-io'?)"):format(line), err)
			assert.matches("did you mean '@network%-io'",
				raised(groups.members, "@network"))
		end)

		it("suggests nothing when no group is near", function()
			local err = raised(groups.members, "@zzzzzzzz")
			assert.matches("group '@zzzzzzzz'$", err)
		end)

		it("raises for a name that is not a string", function()
			assert.matches("must be a string, not nil",
				raised(groups.members, nil))
		end)
	end)

	describe("expand", function()
		it("detects groups that include each other", function()
			local defs = {
				["@a"] = { about = "a", "read", "@b" },
				["@b"] = { about = "b", "write", "@c" },
				["@c"] = { about = "c", "@a" },
			}
			assert.matches("cycle: @a %-> @b %-> @c %-> @a",
				raised(groups.expand, defs, "@a"))
			local self = { ["@s"] = { about = "s", "read", "@s" } }
			assert.matches("cycle: @s %-> @s",
				raised(groups.expand, self, "@s"))
		end)

		it("expands a group reached twice once", function()
			local defs = {
				["@top"] = { about = "t", "@left", "@right" },
				["@left"] = { about = "l", "@base", "read" },
				["@right"] = { about = "r", "@base", "write" },
				["@base"] = { about = "b", "close" },
			}
			assert.are.same({ "close", "read", "write" },
				groups.expand(defs, "@top"))
		end)

		it("names the group that names an unknown group", function()
			local defs = {
				["@outer"] = { about = "o", "@inner" },
				["@iner"] = { about = "i", "read" },
			}
			local err = raised(groups.expand, defs, "@outer")
			assert.matches("syscall group '@outer' names an unknown "
				.. "syscall group '@inner' %(did you mean '@iner'%?%)",
				err)
		end)
	end)

	describe("intent", function()
		it("keeps the privileged groups apart from @basic-io",
			function()
			for _, group in ipairs({ "@privileged", "@mount",
					"@module", "@reboot", "@swap", "@raw-io",
					"@debug" }) do
				assert.are.same({}, shared(group, "@basic-io"),
					group)
			end
		end)

		it("puts what every program starts with in @default", function()
			local default = set_of(groups.members("@default"))
			for _, name in ipairs({ "execve", "exit_group",
					"brk", "mmap", "mprotect", "openat", "read",
					"close", "arch_prctl", "set_tid_address",
					"rseq" }) do
				assert.is_true(default[name], name)
			end
			for _, name in ipairs({ "ptrace", "mount", "socket",
					"ioctl", "setuid" }) do
				assert.is_nil(default[name], name)
			end
		end)

		it("keeps mounts, reboots, modules and tracing out of "
			.. "@system-service", function()
			local service = set_of(groups.members "@system-service")
			for _, name in ipairs({ "mount", "umount2",
					"pivot_root", "reboot", "kexec_load",
					"init_module", "finit_module", "ptrace",
					"process_vm_writev", "iopl", "swapon",
					"settimeofday", "bpf", "socketcall", "ipc" }) do
				assert.is_nil(service[name], name)
			end
		end)
	end)

	describe("in a policy", function()
		local function decide(p, name, arch)
			return (p:compile():eval { arch = arch or "x86_64",
				syscall = name, args = {} })
		end

		it("allows a group's syscalls and no other", function()
			local p = seccomp.allow { "@basic-io" }
			assert.are.equal(ALLOW, decide(p, "read"))
			assert.are.equal(ALLOW, decide(p, "lseek"))
			assert.are.equal(action.kill_process.value,
				decide(p, "mount"))
			assert.are.equal(action.kill_process.value,
				decide(p, "openat"))
		end)

		it("mixes groups and names in one list", function()
			local p = seccomp.allow { "@basic-io", "openat" }
			assert.are.equal(ALLOW, decide(p, "openat"))
			assert.are.equal(ALLOW, decide(p, "write"))
			assert.are.equal(action.kill_process.value,
				decide(p, "open"))
		end)

		it("takes each arch's own names on every target arch",
			function()
			local p = seccomp.allow { "@basic-io", "@identity" }
				:arches { "x86_64", "i386", "x32", "aarch64",
					"arm", "riscv64" }
			assert.are.equal(ALLOW, decide(p, "_llseek", "i386"))
			assert.are.equal(ALLOW, decide(p, "getuid32", "arm"))
			assert.are.equal(ALLOW, decide(p, "lseek", "aarch64"))
			assert.are.equal(action.kill_process.value,
				decide(p, "mount", "riscv64"))
		end)

		it("blames the profile's line for an unknown group", function()
			local line = debug.getinfo(1, "l").currentline + 1
			local ok, err = pcall(seccomp.allow, { "read", "@basik-io" })
			assert.is_false(ok)
			assert.matches(("groups_spec.lua:%d: unknown syscall "
				.. "group '@basik%%-io'"):format(line), err)
		end)
	end)

	describe("require", function()
		it("adds no globals", function()
			local original = package.loaded["seccomp.groups"]
			local before = {}
			for k in pairs(_G) do before[k] = true end
			package.loaded["seccomp.groups"] = nil
			local ok, fresh = pcall(require, "seccomp.groups")
			package.loaded["seccomp.groups"] = original
			assert.is_true(ok, tostring(fresh))
			assert.is_table(fresh)
			for k in pairs(_G) do
				assert.is_true(before[k], "new global " .. k)
			end
		end)
	end)
end)

-- The Lua policy API: values, precedence, names, actions and conditions,
-- judged through the compiled filter in our simulator.
local seccomp = require "seccomp"
local action = require "seccomp.action"

local EPERM, EACCES, ENOSYS = 1, 13, 38
local ALLOW = action.allow.value
local function errno(n) return action.new("errno", n).value end

local function decide(p, name, args, arch)
	return (p:compile():eval { arch = arch or "x86_64", syscall = name,
		args = args or {} })
end

describe("seccomp", function()
	describe("allow", function()
		it("allows the names and kills on every other syscall", function()
			local p = seccomp.allow { "read", "write" }
			assert.are.equal(ALLOW, decide(p, "read"))
			assert.are.equal(action.kill_process.value, decide(p, "open"))
		end)
	end)

	describe("allow_list and deny_list", function()
		it("take the other action for what they do not name", function()
			local a = seccomp.allow_list({ "read" }, "errno", EACCES)
			assert.are.equal(errno(EACCES), decide(a, "write"))
			local d = seccomp.deny_list { "ptrace" }
			assert.are.equal(ALLOW, decide(d, "write"))
			assert.are.equal(errno(EPERM), decide(d, "ptrace"))
		end)
	end)

	describe("from_rules", function()
		it("builds rules from raw action, syscall pairs in order",
			function()
			local p = seccomp.from_rules({
				{ "allow", "read" },
				{ seccomp.errno(EACCES), "write" },
				{ "allow", "write" },
			}, "errno", EPERM)
			assert.are.equal(ALLOW, decide(p, "read"))
			assert.are.equal(ALLOW, decide(p, "write"))
			assert.are.equal(errno(EPERM), decide(p, "close"))
		end)
	end)

	describe("a policy", function()
		it("is a value: deriving leaves the base unchanged", function()
			local base = seccomp.allow { "read" }
			local more = base:allow { "write" }
			assert.are.equal(action.kill_process.value, decide(base, "write"))
			assert.are.equal(ALLOW, decide(more, "write"))
			assert.has_error(function() base.rules = {} end)
		end)

		it("lets a later rule win where its condition holds, and the "
			.. "earlier rules decide elsewhere", function()
			local p = seccomp.policy():default("errno", ENOSYS)
				:allow("socket")
				:deny("socket", seccomp.arg(0):eq(2))
			assert.are.equal(errno(EPERM), decide(p, "socket", { 2 }))
			assert.are.equal(ALLOW, decide(p, "socket", { 1 }))
			assert.are.equal(errno(ENOSYS), decide(p, "read"))
		end)

		it("gives syscalls newer than the tables errno(ENOSYS)", function()
			local p = seccomp.allow { "read" }
			local filter = p:compile()
			local max = require("seccomp.core").arch_info("x86_64").max_nr
			assert.are.equal(errno(ENOSYS),
				(filter:eval { arch = "x86_64", nr = max + 1 }))
		end)

		it("takes rules from an included policy after its own", function()
			local base = seccomp.policy():default("allow"):deny("write")
			local p = base:include(seccomp.policy():allow("write"))
			assert.are.equal(ALLOW, decide(p, "write"))
			assert.are.equal(errno(EPERM), decide(base, "write"))
		end)

		it("accepts `name = condition` entries", function()
			local p = seccomp.allow { "read", socket = "arg0 == AF_UNIX" }
			assert.are.equal(ALLOW, decide(p, "socket", { 1 }))
			assert.are.equal(action.kill_process.value,
				decide(p, "socket", { 2 }))
		end)
	end)

	describe("names", function()
		it("rejects a name no arch knows, with suggestions", function()
			local ok, err = pcall(seccomp.allow, { "opne" })
			assert.is_false(ok)
			assert.matches("unknown syscall 'opne' %(did you mean 'open'", err)
		end)

		it("skips a name missing on one target arch", function()
			-- open exists on x86_64 but not on aarch64
			local p = seccomp.allow { "open", "read" }
				:arches { "x86_64", "aarch64" }
			assert.are.equal(ALLOW, decide(p, "open"))
			assert.are.equal(ALLOW, decide(p, "read", nil, "aarch64"))
		end)
	end)

	describe("actions", function()
		it("encodes each action as the kernel reads it", function()
			assert.are.equal(0x7fff0000, action.allow.value)
			assert.are.equal(0x00050001, seccomp.errno(EPERM).value)
			assert.are.equal(0x80000000, seccomp.kill_process.value)
			assert.are.equal(0x00000000, seccomp.kill_thread.value)
			assert.are.equal(0x00030007, seccomp.trap(7).value)
			assert.are.equal(0x7ff00002, seccomp.trace(2).value)
			assert.are.equal(0x7ffc0000, seccomp.log.value)
			assert.are.equal(0x7fc00000, seccomp.user_notif.value)
		end)

		it("rejects an unknown action, naming it", function()
			assert.has_error(function()
				seccomp.policy():default("explode")
			end)
			local ok, err = pcall(seccomp.policy().default, seccomp.policy(),
				"errno", 99999)
			assert.is_false(ok)
			assert.matches("errno takes an integer 0..4095", err)
		end)
	end)

	describe("conditions", function()
		it("parse from strings the same as values", function()
			local a = tostring(require("seccomp.parse").condition(
				"arg2 & PROT_EXEC == 0 && arg1 <= 4096"))
			local b = tostring(seccomp.all(seccomp.arg(2):masked_eq(4, 0),
				seccomp.arg(1):le(4096)))
			assert.are.equal(b, a)
		end)

		it("point a syntax error at its column", function()
			local ok, err = pcall(require("seccomp.parse").condition,
				"arg0 === 1")
			assert.is_false(ok)
			assert.matches("at column 8", err)
		end)
	end)
end)

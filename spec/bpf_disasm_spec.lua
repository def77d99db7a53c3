-- Specs for filter:dump and core.action_name (src/bpf/disasm.c,
-- src/bpf/action.c): listings that speak of syscalls, arches and rules.

local core = require "seccomp.core"

local ALLOW, ERRNO = 0x7fff0000, 0x00050000

local function cmp(arg, op, value, mask)
	return { arg = arg, op = op, value = value, mask = mask }
end

local function dump(rules, fields)
	local spec = { arches = { "x86_64" }, default = ERRNO | 1,
		rules = rules }
	for k, v in pairs(fields or {}) do spec[k] = v end
	return core.compile(spec):dump()
end

local function lines(text)
	local list = {}
	for line in text:gmatch("[^\n]+") do list[#list + 1] = line end
	return list
end

describe("seccomp.core", function()
	describe("action_name", function()
		it("names each action as profiles write it", function()
			local names = {
				[0x7fff0000] = "allow", [0x80000000] = "kill_process",
				[0x00000000] = "kill_thread", [0x00030007] = "trap(7)",
				[0x00050001] = "errno(1)", [0x7ff0ffff] = "trace(65535)",
				[0x7ffc0000] = "log", [0x7fc00000] = "user_notif",
			}
			for value, name in pairs(names) do
				assert.equal(name, core.action_name(value))
			end
		end)

		it("gives the raw word of an action it cannot name", function()
			assert.equal("0x12340000", core.action_name(0x12340000))
			assert.equal("0x7fff0005", core.action_name(0x7fff0005))
		end)
	end)

	describe("dump", function()
		it("lists a small filter line by line", function()
			local text = dump({ { syscall = "read", action = ALLOW,
				origin = 42, clauses = { { cmp(0, "eq", 1) } } } })
			assert.equal(table.concat({
				"  0000  ld  arch",
				"  0001  jeq  #0xc000003e  L2  L14             ; x86_64",
				"L2:",
				"  0002  ld  nr",
				"  0003  jge  #0x1d8  L7  L4                   ; 472",
				"L4:",
				"  0004  jge  #0x1  L12  L5                    ; 1 write",
				"L5:",
				"  0005  ld  arg0.lo                           ; arg0 low "
					.. "half, 32-bit; rule #42",
				"  0006  jeq  #0x1  L11  L12                   ; arg0 low "
					.. "half, 32-bit; rule #42",
				"L7:",
				"  0007  jge  #0x80000000  L9  L8              ; 0x80000000",
				"L8:",
				"  0008  jge  #0x40000000  L14  L13            ; x32 0 read",
				"L9:",
				"  0009  jge  #0xc0000000  L10  L13            ; 0xc0000000",
				"L10:",
				"  0010  jge  #0xffffffff  L13  L14            ; 0xffffffff",
				"L11:",
				"  0011  ret  allow",
				"L12:",
				"  0012  ret  errno(1)",
				"L13:",
				"  0013  ret  errno(38)",
				"L14:",
				"  0014  ret  kill_process",
				"",
			}, "\n"), text)
		end)

		it("puts a label before each jump target and nowhere else",
			function()
			local text = dump({ { syscall = "mmap", action = ALLOW,
				clauses = { { cmp(1, "le", 0x100000005) } } } })
			local targets, labels = {}, {}
			for _, line in ipairs(lines(text)) do
				local at = line:match("^L(%d+):$")
				if at then labels[tonumber(at)] = true end
				for t in line:gmatch("  L(%d+)") do
					targets[tonumber(t)] = true
				end
			end
			assert.same(targets, labels)
		end)

		it("names both halves of a 64-bit argument", function()
			local text = dump({ { syscall = "mmap", action = ALLOW,
				clauses = { { cmp(1, "eq", 0x100000005) } } } })
			assert.matches("  ld  arg1%.hi +; arg1 high half, 64%-bit; "
				.. "rule #1\n", text)
			assert.matches("  ld  arg1%.lo +; arg1 low half, 64%-bit; "
				.. "rule #1\n", text)
			assert.matches("  jeq  #0x5  L%d+  L%d+ +; arg1 low half", text)
		end)

		it("names x32 numbers with the bit taken off", function()
			local text = dump({ { syscall = "getpid", action = ALLOW } },
				{ arches = { "x86_64", "x32" } })
			assert.matches("jge  #0x40000027  L%d+  L%d+ +; x32 39 getpid",
				text)
			assert.matches("jge  #0x27  L%d+  L%d+ +; 39 getpid", text)
		end)

		it("names the arches it tests", function()
			local text = dump({ { syscall = "getpid", action = ALLOW } },
				{ arches = { "x86_64", "i386", "aarch64" } })
			assert.matches("jeq  #0xc000003e .*; x86_64\n", text)
			assert.matches("jeq  #0x40000003 .*; i386\n", text)
			assert.matches("jeq  #0xc00000b7 .*; aarch64\n", text)
		end)

		it("marks trampolines", function()
			local rules = {}
			for i, name in ipairs(core.syscall_names("x86_64")) do
				if i > 300 then break end
				rules[i] = { syscall = name, action = ALLOW,
					clauses = { { cmp(1, "eq", i) } } }
			end
			assert.matches("  ja  L%d+ +; trampoline\n", dump(rules))
		end)
	end)
end)

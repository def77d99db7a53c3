--- gen-constants.lua: writes lua/seccomp/constants.lua, the symbolic
-- constants a profile may use in argument conditions, from this machine's
-- glibc and kernel headers.
--
-- Run from the repository root:
--
--     lua5.4 tools/gen-constants.lua
--
-- The values are those of x86_64, the arch the launcher is built for; the
-- flag and ioctl values below are the same on aarch64 and riscv64 (the
-- asm-generic ones) but some differ on other arches.  gcc finds the names
-- (`gcc -E -dM` over each group's headers) and a small host program
-- compiled from them prints the values, so every number is what a C
-- program on this machine would pass to the kernel.

local OUT = "lua/seccomp/constants.lua"

-- One group per family: the headers that define it, the name patterns to
-- keep, and names to leave out.  names_from, when set, limits the names
-- to those the listed headers define: the ioctl numbers need the structs
-- of asm/termbits.h and linux/serial.h to compile, but the termios flags
-- those headers define are not ioctls.
local GROUPS = {
	{ headers = { "errno.h" }, patterns = { "^E[A-Z0-9]+$" },
	  errno = true },
	{ headers = { "sys/socket.h" },
	  patterns = { "^AF_[A-Z0-9_]+$", "^SOCK_[A-Z0-9_]+$" } },
	{ headers = { "netinet/in.h" }, patterns = { "^IPPROTO_[A-Z0-9_]+$" } },
	{ headers = { "fcntl.h" },
	  patterns = { "^O_[A-Z0-9_]+$", "^AT_[A-Z0-9_]+$",
		       "^F_[A-Z0-9_]+$" } },
	{ headers = { "sys/mman.h" },
	  patterns = { "^PROT_[A-Z0-9_]+$", "^MAP_[A-Z0-9_]+$" } },
	{ headers = { "sched.h" }, patterns = { "^CLONE_[A-Z0-9_]+$" } },
	{ headers = { "asm/termbits.h", "linux/serial.h", "asm/ioctls.h" },
	  names_from = { "asm/ioctls.h" },
	  patterns = { "^TC[A-Z0-9]+$", "^TIOC[A-Z0-9]+$", "^FIO[A-Z0-9]+$" } },
	{ headers = { "sys/prctl.h" }, patterns = { "^PR_[A-Z0-9_]+$" } },
	{ headers = { "signal.h" }, patterns = { "^SIG[A-Z0-9]+$" },
	  -- Not signal numbers: SIGSTKSZ is a size, and glibc's SIGRTMIN and
	  -- SIGRTMAX are function calls whose value is only known at run
	  -- time (glibc keeps the first real-time signals for itself).
	  skip = { SIGSTKSZ = true, SIGRTMIN = true, SIGRTMAX = true } },
	{ headers = { "sys/mount.h" }, patterns = { "^MS_[A-Z0-9_]+$" } },
	{ headers = { "sys/resource.h" },
	  patterns = { "^RLIMIT_[A-Z0-9_]+$" } },
}

-- glibc defines O_LARGEFILE as 0 on 64-bit arches, where the kernel sets
-- the flag itself; the kernel's bit is what a filter would see when a
-- caller does pass it, so the table carries the kernel's value.
local KERNEL_VALUES = { O_LARGEFILE = "asm/fcntl.h" }

local generator = require("tools.generate").new("gen-constants")
local fail, write_file = generator.fail, generator.write_file

local function run(cmd)
	local p = assert(io.popen(cmd .. " 2>&1"))
	local out = p:read("a")
	return p:close(), out
end

local function includes(headers)
	local lines = { "#define _GNU_SOURCE 1\n" }
	for _, h in ipairs(headers) do
		lines[#lines + 1] = ("#include <%s>\n"):format(h)
	end
	return table.concat(lines)
end

-- The object-like macros the headers define, with their bodies.
local function macros(headers)
	local src = os.tmpname()
	write_file(src, includes(headers))
	local ok, out = run("gcc -x c -E -dM " .. src)
	os.remove(src)
	if not ok then fail("gcc -E failed:\n%s", out) end
	local found = {}
	for name, body in out:gmatch("#define ([%w_]+) ([^\n]*)") do
		found[name] = body
	end
	return found
end

local function matches(name, patterns)
	for _, p in ipairs(patterns) do
		if name:match(p) then return true end
	end
	return false
end

local function group_names(group)
	local defined = macros(group.names_from or group.headers)
	local skip = group.skip or {}
	local names, aliases = {}, {}
	for name, body in pairs(defined) do
		if matches(name, group.patterns) and not skip[name] then
			names[#names + 1] = name
			if defined[body] and body ~= name then
				aliases[name] = body
			end
		end
	end
	table.sort(names)
	return names, aliases
end

-- The C program: one line per name, so a compile error names its line.
-- __builtin_classify_type keeps out pointers (MAP_FAILED, SIG_DFL) and
-- anything else that is not an integer.
local function program(headers, names)
	local lines = { includes(headers), "#include <stdio.h>\n",
			"int main(void)\n{\n" }
	local first = #table.concat(lines):gsub("[^\n]", "") + 1
	local line = "\tif (__builtin_classify_type(%s) <= 4) "
		.. "printf(\"%s %%lld\\n\", (long long)(%s));\n"
	for _, name in ipairs(names) do
		lines[#lines + 1] = line:format(name, name, name)
	end
	lines[#lines + 1] = "\treturn 0;\n}\n"
	return table.concat(lines), first
end

-- Compiles and runs the program; a name whose line does not compile (a
-- macro that is not an expression) is dropped and the rest retried.
local function values(headers, names)
	local src, exe = os.tmpname() .. ".c", os.tmpname()
	for _ = 1, 20 do
		local text, first = program(headers, names)
		write_file(src, text)
		local ok, out = run(("gcc -w -o %s %s"):format(exe, src))
		if ok then break end
		local bad = {}
		for line in out:gmatch(":(%d+):%d+: error") do
			bad[names[tonumber(line) - first + 1] or ""] = true
		end
		if not next(bad) then fail("cannot compile:\n%s", out) end
		local kept = {}
		for _, n in ipairs(names) do
			if bad[n] then
				io.stderr:write("gen-constants: skipped ", n,
						": not an expression\n")
			else
				kept[#kept + 1] = n
			end
		end
		names = kept
	end
	local ok, out = run(exe)
	os.remove(src)
	os.remove(exe)
	if not ok then fail("the value printer failed:\n%s", out) end
	local found = {}
	for name, value in out:gmatch("([%w_]+) (%-?%d+)\n") do
		found[name] = math.tointeger(tonumber(value))
	end
	return found
end

local function add(into, name, value)
	if into[name] and into[name] ~= value then
		fail("%s is both %d and %d", name, into[name], value)
	end
	into[name] = value
end

-- The reverse map keeps one name per errno: not the aliases the headers
-- spell as another name (EWOULDBLOCK is EAGAIN, ENOTSUP is EOPNOTSUPP).
local function errno_names(errno, aliases)
	local names = {}
	for name, value in pairs(errno) do
		if not aliases[name] then
			if names[value] then
				fail("errno %d is %s and %s", value,
				     names[value], name)
			end
			names[value] = name
		end
	end
	return names
end

local function collect()
	local t = { errno = {}, values = {}, aliases = {} }
	for _, group in ipairs(GROUPS) do
		local names, aliases = group_names(group)
		local into = group.errno and t.errno or t.values
		for name, value in pairs(values(group.headers, names)) do
			add(into, name, value)
		end
		if group.errno then t.aliases = aliases end
	end
	for name, header in pairs(KERNEL_VALUES) do
		t.values[name] = values({ header }, { name })[name]
	end
	t.errno_names = errno_names(t.errno, t.aliases)
	return t
end

local function sorted_keys(t)
	local keys = {}
	for k in pairs(t) do keys[#keys + 1] = k end
	table.sort(keys)
	return keys
end

local function emit_map(out, title, map, key_format)
	out[#out + 1] = "\t" .. title .. " = {\n"
	for _, k in ipairs(sorted_keys(map)) do
		out[#out + 1] = ("\t\t" .. key_format .. " = %s,\n"):format(k,
			type(map[k]) == "string" and ("%q"):format(map[k])
			or tostring(map[k]))
	end
	out[#out + 1] = "\t},\n"
end

local HEADER = [[
--- Symbolic constants for profile conditions: errno names, and the
-- flag, command and ioctl values of the syscalls profiles most often
-- restrict (AF_, SOCK_, IPPROTO_, O_, AT_, F_, PROT_, MAP_, CLONE_, TC*,
-- TIOC*, FIO*, PR_, SIG*, MS_, RLIMIT_).
--
-- Generated by `lua5.4 tools/gen-constants.lua` from the glibc and kernel
-- headers of the build machine, for x86_64, the native arch.  Do not edit
-- by hand.  O_LARGEFILE is the kernel's bit (glibc's is 0 on 64-bit).
--
-- @module seccomp.constants
-- @usage local constants = require "seccomp.constants"
-- assert(constants.values.AF_INET == 2)
-- assert(constants.errno_names[constants.errno.EPERM] == "EPERM")
return {
]]

local function main()
	local anchor = io.open("tools/gen-constants.lua")
	if not anchor then fail("run me from the repository root") end
	anchor:close()
	local t = collect()
	local out = { HEADER }
	emit_map(out, "errno", t.errno, "%s")
	emit_map(out, "errno_names", t.errno_names, "[%d]")
	emit_map(out, "values", t.values, "%s")
	out[#out + 1] = "}\n"
	write_file(OUT, table.concat(out))
	print(("%s: %d errno names, %d values"):format(OUT,
		#sorted_keys(t.errno), #sorted_keys(t.values)))
end

main()

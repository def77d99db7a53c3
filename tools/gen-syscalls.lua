--- gen-syscalls.lua: writes the syscall tables of src/arch/ from the kernel
-- UAPI headers that Debian ships (linux-libc-dev and the
-- linux-libc-dev-*-cross packages).
--
-- Run from the repository root:
--
--     lua5.4 tools/gen-syscalls.lua
--
-- It rewrites src/arch/syscalls_<arch>.c (one table per arch, sorted by
-- name for bsearch) and src/arch/syscalls.h (their sizes and highest
-- numbers).  gcc does the preprocessing, so the headers' own conditionals
-- (__ARCH_WANT_*, __BITS_PER_LONG, __ILP32__) decide which syscalls an arch
-- has; the generator only evaluates the expanded number expressions, which
-- are plain integer arithmetic such as (0x40000000 + 43).

local ROOT = "src/arch/"

-- The defines select the ABI inside the headers; -undef removes the host's
-- own predefined macros so nothing of x86_64 leaks into the cross arches.
-- The x86 arches share the host's headers: asm/ is in the multiarch folder,
-- linux/ in /usr/include.
local ARCHES = {
	{ name = "x86_64", sysroot = "/usr/include/x86_64-linux-gnu",
	  defines = { "__x86_64__", "__LP64__" } },
	{ name = "i386", sysroot = "/usr/include/x86_64-linux-gnu",
	  defines = { "__i386__" } },
	{ name = "x32", sysroot = "/usr/include/x86_64-linux-gnu",
	  defines = { "__x86_64__", "__ILP32__" }, base = 0x40000000 },
	{ name = "aarch64", sysroot = "/usr/aarch64-linux-gnu/include",
	  defines = { "__aarch64__", "__LP64__" } },
	{ name = "arm", sysroot = "/usr/arm-linux-gnueabihf/include",
	  defines = { "__arm__", "__ARM_EABI__" } },
	{ name = "riscv64", sysroot = "/usr/riscv64-linux-gnu/include",
	  defines = { "__riscv", "__riscv_xlen=64", "__LP64__",
		      "__SIZEOF_POINTER__=8" } },
}

-- Syscalls added after Linux 6.1, where Debian 12's headers stop.  Since
-- 4.20 new syscalls take one number on every arch (x32 adds its bit).
local NEWER = {
	{ "cachestat", 451 }, { "fchmodat2", 452 },
	{ "map_shadow_stack", 453 }, { "futex_wake", 454 },
	{ "futex_wait", 455 }, { "futex_requeue", 456 },
	{ "statmount", 457 }, { "listmount", 458 },
	{ "lsm_get_self_attr", 459 }, { "lsm_set_self_attr", 460 },
	{ "lsm_list_modules", 461 }, { "mseal", 462 },
	{ "setxattrat", 463 }, { "getxattrat", 464 },
	{ "listxattrat", 465 }, { "removexattrat", 466 },
	{ "open_tree_attr", 467 }, { "file_getattr", 468 },
	{ "file_setattr", 469 }, { "listns", 470 },
	{ "rseq_slice_yield", 471 },
}

-- Newer syscalls that only some arches have (numbers without x32's bit):
-- the x86 uprobe trampolines' calls and RISC-V's hwprobe (Linux 6.4).
local NEWER_ON = {
	x86_64 = { { "uretprobe", 335 }, { "uprobe", 336 } },
	x32 = { { "uretprobe", 335 }, { "uprobe", 336 } },
	riscv64 = { { "riscv_hwprobe", 258 } },
}

-- __NR_ macros that are bookkeeping, not syscalls.  Names with capitals
-- (__NR_SYSCALL_BASE, __NR_OABI_SYSCALL_BASE, __NR_SYSCALL_MASK) and the
-- __NR3264_ helpers never match the name pattern below.
local NOT_SYSCALLS = { syscalls = true, arch_specific_syscall = true }

local generator = require("tools.generate").new("gen-syscalls")
local fail, write_file = generator.fail, generator.write_file

local function shell_quote(s)
	return "'" .. s:gsub("'", "'\\''") .. "'"
end

-- Runs gcc's preprocessor over source with the arch's ABI defines and
-- returns its output.
local function preprocess(arch, source, flags)
	local path = os.tmpname()
	write_file(path, source)
	local cmd = { "gcc -x c -E -P -undef -nostdinc", flags,
		      "-I" .. shell_quote(arch.sysroot) }
	if arch.sysroot:match("^/usr/include/") then
		cmd[#cmd + 1] = "-I/usr/include"
	end
	for _, d in ipairs(arch.defines) do
		cmd[#cmd + 1] = "-D" .. shell_quote(d)
	end
	cmd[#cmd + 1] = shell_quote(path)
	local p = assert(io.popen(table.concat(cmd, " ")))
	local out = p:read("a")
	local ok = p:close()
	os.remove(path)
	if not ok then fail("gcc failed for %s", arch.name) end
	return out
end

local INCLUDES = "#include <asm/unistd.h>\n#include <linux/version.h>\n"

-- The syscall names an arch's headers define, and which of them are
-- aliases (a macro defined as another __NR_ macro, as arm's
-- sync_file_range2).  ARM's private calls (__ARM_NR_set_tls, ...) count
-- too: glibc calls set_tls at startup on arm.
local function macro_names(arch)
	local names, aliases, version = {}, {}, {}
	local out = preprocess(arch, INCLUDES, "-dM")
	for prefix, name, body in out:gmatch(
			"#define (__[A-Z_]*NR_)([%w_]+) ([^\n]*)") do
		if (prefix == "__NR_" or prefix == "__ARM_NR_")
				and name:match("^[a-z_][a-z0-9_]*$")
				and not NOT_SYSCALLS[name] then
			names[#names + 1] = { macro = prefix .. name,
					      name = name }
			aliases[name] = body:match("^__NR_([%w_]+)$")
		end
	end
	for key, value in out:gmatch("#define LINUX_VERSION_(%u+) (%d+)") do
		version[key] = value
	end
	return names, aliases, version
end

-- Evaluates an expanded number expression such as "(0 + 5)" or
-- "(0x40000000 + 43)".  Only digits, hex, + and parentheses may appear.
local function evaluate(name, expr)
	if not expr:match("^[%s%w%(%)%+]+$") or expr:match("[g-wyzG-WYZ_]")
	then
		fail("cannot evaluate __NR_%s = %s", name, expr)
	end
	local value = load("return " .. expr, "=" .. name, "t", {})()
	if math.type(value) ~= "integer" then
		fail("__NR_%s is not an integer: %s", name, expr)
	end
	return value
end

-- Asks gcc to expand every __NR_ macro, then evaluates the results.
local function header_syscalls(arch)
	local names, aliases, version = macro_names(arch)
	local lines = { INCLUDES }
	for _, n in ipairs(names) do
		lines[#lines + 1] = ("luasandbox_nr %s %s\n"):format(n.name,
								     n.macro)
	end
	local out = preprocess(arch, table.concat(lines), "")
	local nr = {}
	for name, expr in out:gmatch("luasandbox_nr ([%w_]+) ([^\n]+)") do
		nr[name] = evaluate(name, expr)
	end
	for _, n in ipairs(names) do
		if not nr[n.name] then fail("no value for %s", n.macro) end
	end
	return nr, aliases, version
end

-- Adds the syscalls newer than the headers; a header that already has one
-- must agree with the number listed here.
local function add_newer(arch, nr)
	local list = {}
	table.move(NEWER, 1, #NEWER, 1, list)
	for _, s in ipairs(NEWER_ON[arch.name] or {}) do
		list[#list + 1] = s
	end
	for _, s in ipairs(list) do
		local name, number = s[1], (arch.base or 0) + s[2]
		if nr[name] and nr[name] ~= number then
			fail("%s: header says %s = %d, list says %d",
			     arch.name, name, nr[name], number)
		end
		nr[name] = number
	end
end

-- Two names may share a number only when the headers say one is an alias.
local function check_unique(arch, nr, aliases)
	local seen = {}
	for name, number in pairs(nr) do
		local other = seen[number]
		if other and aliases[name] ~= other
				and aliases[other] ~= name then
			fail("%s: %s and %s share number %d", arch.name,
			     name, other, number)
		end
		seen[number] = name
	end
end

local function sorted_entries(nr)
	local entries = {}
	for name, number in pairs(nr) do
		entries[#entries + 1] = { name = name, nr = number }
	end
	table.sort(entries, function(a, b) return a.name < b.name end)
	return entries
end

-- The number as C source: x32 numbers and ARM's private calls keep their
-- base visible, so the table reads like the headers.
local function c_number(arch, number)
	if arch.base then
		return ("0x%08x + %d"):format(arch.base, number - arch.base)
	elseif number >= 0x0f0000 then
		return ("0x0f0000 + %d"):format(number - 0x0f0000)
	end
	return tostring(number)
end

local function upper(arch)
	return "ARCH_" .. arch.name:upper()
end

local function generated_by(version)
	return (" * Generated by `lua5.4 tools/gen-syscalls.lua` from the Linux"
		.. " %s.%s.%s UAPI\n"):format(version.MAJOR or "?",
					      version.PATCHLEVEL or "?",
					      version.SUBLEVEL or "?")
end

-- Emits one table file:
--
--     #include "arch/syscalls.h"
--
--     const struct arch_syscall arch_syscalls_x32[ARCH_X32_SYSCALL_COUNT] = {
--             { "accept", 0x40000000 + 43 },
--             ...
--     };
local function table_source(arch, entries, version)
	local out = {
		"/*\n",
		(" * syscalls_%s.c - the %s syscall table, sorted by name"
		 .. " for bsearch.\n"):format(arch.name, arch.name),
		" *\n",
		generated_by(version),
		(" * headers in %s (asm/unistd.h), plus the newer\n"):format(
			arch.sysroot),
		" * syscalls the generator lists.  Do not edit by hand.\n",
		" */\n",
		"#include \"arch/syscalls.h\"\n\n",
		("const struct arch_syscall arch_syscalls_%s[%s_SYSCALL_COUNT]"
		 .. " = {\n"):format(arch.name, upper(arch)),
	}
	for _, e in ipairs(entries) do
		out[#out + 1] = ("\t{ %q, %s },\n"):format(e.name,
							   c_number(arch, e.nr))
	end
	out[#out + 1] = "};\n"
	return table.concat(out)
end

local HEADER_TOP = [[
/*
 * syscalls.h - the generated syscall tables: their sizes, highest numbers
 * and names.  Only arch.c and the tables themselves include this file; the
 * rest of the program reads the tables through arch.h.
 *
 * Generated by `lua5.4 tools/gen-syscalls.lua` from the Linux UAPI
 * headers (versions and folders in syscalls_*.c).  Do not edit by hand.
 */
#ifndef LUASANDBOX_ARCH_SYSCALLS_H
#define LUASANDBOX_ARCH_SYSCALLS_H

#include "arch/arch.h"
]]

-- Emits syscalls.h, per arch:
--
--     #define ARCH_X86_64_SYSCALL_COUNT 385
--     #define ARCH_X86_64_MAX_NR 0x000001d7
--     extern const struct arch_syscall
--             arch_syscalls_x86_64[ARCH_X86_64_SYSCALL_COUNT];
local function header_source(results)
	local out = { HEADER_TOP }
	for _, r in ipairs(results) do
		local u = upper(r.arch)
		out[#out + 1] = ("\n#define %s_SYSCALL_COUNT %d\n"):format(
			u, #r.entries)
		out[#out + 1] = ("#define %s_MAX_NR 0x%08x\n"):format(u,
			r.max_nr)
		out[#out + 1] = ("extern const struct arch_syscall\n"
				 .. "\tarch_syscalls_%s[%s_SYSCALL_COUNT];\n"
				):format(r.arch.name, u)
	end
	out[#out + 1] = "\n#endif\n"
	return table.concat(out)
end

-- One arch: its table file, and the facts syscalls.h needs.
local function generate(arch)
	local nr, aliases, version = header_syscalls(arch)
	add_newer(arch, nr)
	check_unique(arch, nr, aliases)
	local entries, max_nr = sorted_entries(nr), 0
	for _, e in ipairs(entries) do
		max_nr = math.max(max_nr, e.nr)
	end
	write_file(ROOT .. "syscalls_" .. arch.name .. ".c",
		   table_source(arch, entries, version))
	print(("%-8s %4d syscalls, max nr 0x%x"):format(arch.name,
		#entries, max_nr))
	return { arch = arch, entries = entries, max_nr = max_nr }
end

local function main()
	local anchor = io.open(ROOT .. "arch.h")
	if not anchor then fail("run me from the repository root") end
	anchor:close()
	local results = {}
	for _, arch in ipairs(ARCHES) do
		results[#results + 1] = generate(arch)
	end
	write_file(ROOT .. "syscalls.h", header_source(results))
end

main()

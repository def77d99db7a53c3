-- Specs for the test-only helper programs of spec/helpers/, which
-- `make helpers` builds into build/helpers/: try, try32 and lsc-compile.
-- Other specs read their output, so its exact shape is pinned down here.

local HELPERS = "build/helpers/"

local BAD_CALLS = { "39:", "39:1,,2", "x", "-0x1", "39:1,2,3,4,5,6,7",
	"18446744073709551616" }

local BAD_LINES = { "arch vax", "rule 0x7fff0000", "rule 0 read 6 eq 1",
	"rule 0 read 0 masked_eq 1", "frob", "default 0" }

local AUDIT_ARCH_X86_64 = 0xc000003e
local AUDIT_ARCH_AARCH64 = 0xc00000b7

local function quote(s)
	return "'" .. (s:gsub("'", "'\\''")) .. "'"
end

local function exists(path)
	local f = io.open(path, "rb")
	if f then
		f:close()
	end
	return f ~= nil
end

local function helper(name)
	local path = HELPERS .. name
	if not exists(path) then
		error(path .. " is missing: run 'make helpers'", 2)
	end
	return path
end

-- Runs the shell command CMD; returns its stdout and its exit status.
local function run(cmd)
	local pipe = assert(io.popen(cmd))
	local out = pipe:read("a")
	local _, _, code = pipe:close()
	return out, code
end

local function lines(text)
	local t = {}
	for line in text:gmatch("[^\n]*") do
		t[#t + 1] = line
	end
	if t[#t] == "" then
		t[#t] = nil
	end
	return t
end

local function read_file(path)
	local f = assert(io.open(path, "rb"))
	local data = f:read("a")
	f:close()
	return data
end

local function write_file(path, data)
	local f = assert(io.open(path, "wb"))
	f:write(data)
	f:close()
end

local function temp_path()
	local path = os.tmpname()
	finally(function() os.remove(path) end)
	return path
end

-- lsc-compile's output ------------------------------------------------

-- "valid" or why not: whole instructions, at most 4096 of them, the
-- arch loaded first, every jump inside the program, a return last.
local function verdict(blob)
	if #blob == 0 or #blob % 8 ~= 0 or #blob > 8 * 4096 then
		return "bad length " .. #blob
	end
	local n = #blob // 8
	local code1, _, _, k1 = string.unpack("<I2BBI4", blob)
	if code1 ~= 0x20 or k1 ~= 4 then
		return "does not load seccomp_data.arch first"
	end
	for i = 1, n do
		local code, jt, jf, k = string.unpack("<I2BBI4", blob,
			8 * i - 7)
		local far = code & 0xf0 == 0 and k or math.max(jt, jf)
		if code & 7 == 5 and i + far >= n then
			return "jump out of the program at " .. i
		end
		if i == n and code & 7 ~= 6 then
			return "does not end with a return"
		end
	end
	return "valid"
end

local function arch_constants(blob)
	local seen = {}
	for pos = 1, #blob, 8 do
		local code, _, _, k = string.unpack("<I2BBI4", blob, pos)
		if code == 0x15 then
			seen[k] = true
		end
	end
	return seen
end

local POLICY = table.concat({
	"# a small policy",
	"arch x86_64",
	"arch x86",
	"default 0x00050001",
	"badarch 0x80000000",
	"rule 0x7fff0000 read",
	"rule 0x7fff0000 write 0 eq 1",
	"rule 0x7fff0000 write 0 eq 2",
	"rule 0x00050016 openat a2 masked_eq 0x40 0x40 1 ne 0",
	"",
}, "\n")

-- Compiles POLICY with OPTIONS; returns the program, stdout, stderr
-- and the exit status.
local function lsc(policy, options)
	local input, bpf, err = temp_path(), temp_path(), temp_path()
	write_file(input, policy)
	local out, code = run(helper("lsc-compile") .. " "
		.. (options or "") .. " -r 3 -o " .. bpf .. " <"
		.. input .. " 2>" .. err)
	return read_file(bpf), out, read_file(err), code
end

-- specs ---------------------------------------------------------------

describe("spec/helpers", function()
	-- try ---------------------------------------------------------------

	describe("try", function()
		it("prints 'NR ok RET' with the pid for getpid", function()
			local out, code = run(helper("try") .. " --pid 39")
			local t = lines(out)
			assert.are.equal(0, code)
			assert.matches("^%d+$", t[1])
			assert.are.same({ t[1], "39 ok " .. t[1] }, t)
		end)

		it("prints 'NR err NAME' with the errno's symbol", function()
			local out, code = run(helper("try") .. " 3:-1")
			assert.are.equal(0, code)
			assert.are.equal("3 err EBADF\n", out)
		end)

		it("makes the calls in order, one line each", function()
			local out = run(helper("try")
				.. " 3:-1 -1 3:-1,0,0,0,0,0")
			assert.are.same({ "3 err EBADF", "-1 err ENOSYS",
				"3 err EBADF" }, lines(out))
		end)

		it("reads hex numbers and echoes NR as written", function()
			local t = lines(run(helper("try")
				.. " --pid 0x27 3:0xffffffff"))
			assert.are.same(
				{ t[1], "0x27 ok " .. t[1], "3 err EBADF" }, t)
		end)

		it("refuses a malformed call before making any", function()
			for _, bad in ipairs(BAD_CALLS) do
				local out, code = run(helper("try")
					.. " 3:-1 " .. quote(bad)
					.. " 2>/dev/null")
				assert.are.equal(2, code, bad)
				assert.are.equal("", out, bad)
			end
		end)

		it("execs PATH with --exec", function()
			local try = helper("try")
			local out, code = run(try .. " --exec " .. try
				.. " 3:-1")
			assert.are.equal(0, code)
			assert.are.equal("3 err EBADF\n", out)
		end)

		it("reports a failed --exec as execve's error", function()
			local out, code = run(helper("try")
				.. " --exec /nonexistent/program")
			assert.are.equal(127, code)
			assert.are.equal("59 err ENOENT\n", out)
		end)
	end)

	-- try32 -------------------------------------------------------------

	describe("try32", function()
		it("is a 32-bit x86 executable", function()
			local head = read_file(helper("try32")):sub(1, 20)
			assert.are.equal("\127ELF", head:sub(1, 4))
			-- ELFCLASS32, then e_machine EM_386
			assert.are.equal(1, head:byte(5))
			assert.are.equal(3, string.unpack("<I2", head, 19))
		end)

		it("uses the i386 numbers: getpid 20, close 6", function()
			local out, code = run(helper("try32")
				.. " --pid 20 6:-1")
			local t = lines(out)
			assert.are.equal(0, code)
			assert.are.same(
				{ t[1], "20 ok " .. t[1], "6 err EBADF" }, t)
		end)

		it("takes 32-bit arguments only", function()
			local out = run(helper("try32") .. " 6:0xffffffff")
			assert.are.equal("6 err EBADF\n", out)
			local _, code = run(helper("try32")
				.. " 6:0x100000000 2>/dev/null")
			assert.are.equal(2, code)
		end)
	end)

	-- lsc-compile -----------------------------------------------------

	describe("lsc-compile", function()
		if not exists("/usr/include/seccomp.h") then
			pending("needs /usr/include/seccomp.h (libseccomp-dev)")
			return
		end

		it("writes a program of whole 8-byte instructions", function()
			local blob, _, err, code = lsc(POLICY)
			assert.are.equal(0, code)
			assert.are.equal("", err)
			assert.is_true(#blob > 0)
			assert.are.equal(0, #blob % 8)
			assert.are.equal("valid", verdict(blob))
		end)

		it("prints the compile time as 'compile_ns N'", function()
			local _, out = lsc(POLICY)
			assert.matches("^compile_ns %d+\n$", out)
		end)

		it("-t: writes an equally valid binary-tree program", function()
			local blob, out, err, code = lsc(POLICY, "-t")
			assert.are.equal(0, code)
			assert.are.equal("", err)
			assert.matches("^compile_ns %d+\n$", out)
			assert.are.equal("valid", verdict(blob))
		end)

		it("puts the first arch in place of the native one", function()
			local blob = lsc("arch aarch64\ndefault 0\n"
				.. "rule 0x7fff0000 openat\n")
			local arches = arch_constants(blob)
			assert.is_true(arches[AUDIT_ARCH_AARCH64])
			assert.is_nil(arches[AUDIT_ARCH_X86_64])
		end)

		it("warns about an unknown syscall and skips it", function()
			local blob, _, err, code = lsc(POLICY
				.. "rule 0x7fff0000 nosuchcall\n")
			assert.are.equal(0, code)
			assert.matches(
				"line 10: unknown syscall 'nosuchcall'", err)
			assert.are.equal("valid", verdict(blob))
		end)

		it("reports a rule libseccomp refuses and goes on", function()
			local blob, _, err, code = lsc(POLICY
				.. "rule 0x00050001 getpid\n")
			assert.are.equal(0, code)
			assert.matches(
				"^refused rule 0x00050001 getpid: ", err)
			assert.are.equal("valid", verdict(blob))
		end)

		it("names the line of a malformed directive", function()
			for _, bad in ipairs(BAD_LINES) do
				local _, out, err, code = lsc(POLICY
					.. bad .. "\n")
				assert.are.equal(1, code, bad)
				assert.are.equal("", out, bad)
				assert.matches(
					"^lsc%-compile: line 10: [^\n]+\n$",
					err)
			end
		end)
	end)
end)

-- profiles/strict.lua in the real kernel: a static program computes on
-- four threads under it, and every step outside computation is refused,
-- an open with EPERM, the rest by killing the program.  The program is
-- built here from the C source below with `gcc -static`; without a
-- static libc the specs are pending.
local sandbox = require "support.sandbox"
local profile = require "sandbox.profile"
local core = require "seccomp.core"
local action = require "seccomp.action"

local PROFILE = sandbox.root .. "/profiles/strict.lua"

-- compute [sum | open PATH | socket | fork | mmap-exec | exec PATH...]:
-- sum reads numbers from stdin and prints the sum of their squares,
-- added up by four threads; the other modes make one call outside the
-- envelope and print its outcome (flushed first: it may be the last).
local SOURCE = [[
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX 4096
#define THREADS 4

static long values[MAX], partial[THREADS];
static int count;

static void *add(void *arg)
{
	long k = (long)arg, s = 0;

	for (int i = (int)k; i < count; i += THREADS)
		s += values[i] * values[i];
	partial[k] = s;
	return NULL;
}

static int sum_squares(void)
{
	pthread_t t[THREADS];
	long s = 0;

	while (count < MAX && scanf("%ld", &values[count]) == 1)
		count++;
	for (long k = 0; k < THREADS; k++)
		if (pthread_create(&t[k], NULL, add, (void *)k) != 0)
			return 1;
	for (int k = 0; k < THREADS; k++) {
		pthread_join(t[k], NULL);
		s += partial[k];
	}
	printf("%d numbers, sum of squares %ld\n", count, s);
	return 0;
}

static void report(const char *what, int failed)
{
	printf("%s: %s\n", what, failed ? strerrorname_np(errno) : "ok");
	fflush(stdout);
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "sum";

	if (strcmp(mode, "sum") == 0)
		return sum_squares();
	printf("trying %s\n", mode);
	fflush(stdout);
	if (strcmp(mode, "open") == 0 && argc > 2)
		report("open", open(argv[2], O_RDONLY) < 0);
	else if (strcmp(mode, "socket") == 0)
		report("socket", socket(AF_INET, SOCK_STREAM, 0) < 0);
	else if (strcmp(mode, "fork") == 0)
		report("fork", fork() < 0);
	else if (strcmp(mode, "mmap-exec") == 0)
		report("mmap", mmap(NULL, 4096, PROT_READ | PROT_EXEC,
				    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) ==
			       MAP_FAILED);
	else if (strcmp(mode, "exec") == 0 && argc > 2) {
		execv(argv[2], argv + 2);
		report("exec", 1);
	}
	return 0;
}
]]

-- The built program's path, or nil and why not.
local function build()
	local dir = os.tmpname()
	os.remove(dir)
	assert(os.execute("mkdir -m 700 " .. sandbox.quote(dir)))
	local src, bin = dir .. "/compute.c", dir .. "/compute"
	local f = assert(io.open(src, "w"))
	f:write(SOURCE)
	f:close()
	local _, err, status = sandbox.sh(("gcc -std=gnu11 -O2 -static "
		.. "-pthread -o %s %s"):format(sandbox.quote(bin), sandbox.quote(src)))
	os.remove(src)
	if status ~= 0 then
		os.execute("rm -rf " .. sandbox.quote(dir))
		return nil, err
	end
	return bin, dir
end

-- Runs argv under the profile with input on stdin, for 30 s at most.
local function run(argv, input)
	local stdin = os.tmpname()
	local f = assert(io.open(stdin, "w"))
	f:write(input or "")
	f:close()
	local words = { "timeout -k 5 30", sandbox.quote(sandbox.binary),
		sandbox.quote(PROFILE), "--" }
	for _, a in ipairs(argv) do words[#words + 1] = sandbox.quote(a) end
	local out, err, status = sandbox.sh(table.concat(words, " ") .. " <"
		.. sandbox.quote(stdin))
	os.remove(stdin)
	return out, err, status
end

local function decision(name, args)
	local filter = profile.load(PROFILE):compile()
	local value = filter:eval({ arch = "x86_64", syscall = name,
		args = args or {} })
	return tostring(action.from_value(value))
end

describe("profiles/strict.lua", function()
	local bin, dir

	lazy_setup(function()
		bin, dir = build()
	end)

	lazy_teardown(function()
		if bin then os.execute("rm -rf " .. sandbox.quote(dir)) end
	end)

	local function program()
		if not bin then
			pending("cannot build a static program: " .. tostring(dir))
		end
		return bin
	end

	describe("running a static program", function()
		it("lets it read stdin, compute on four threads and write stdout",
			function()
			local path = program()
			if not path then return end
			local numbers = {}
			for i = 1, 1000 do numbers[i] = tostring(i) end
			local out, err, status = run({ path, "sum" },
				table.concat(numbers, "\n") .. "\n")
			assert.are.equal(0, status, err)
			-- 1^2 + ... + 1000^2 = 1000 * 1001 * 2001 / 6
			assert.are.equal("1000 numbers, sum of squares 333833500\n", out)
		end)

		it("fails an open with EPERM, and the program goes on", function()
			local path = program()
			if not path then return end
			local out, err, status = run({ path, "open", "/etc/hostname" })
			assert.are.equal(0, status, err)
			assert.are.equal("trying open\nopen: EPERM\n", out)
		end)
	end)

	describe("killing the program (SIGSYS, status 159)", function()
		for _, mode in ipairs({ "socket", "fork", "mmap-exec" }) do
			it("on " .. mode, function()
				local path = program()
				if not path then return end
				local out, _, status = run({ path, mode })
				assert.are.equal(159, status)
				assert.are.equal("trying " .. mode .. "\n", out)
			end)
		end

		it("when an exec'd dynamically linked program starts its loader",
			function()
			local path = program()
			if not path then return end
			local out, _, status = run({ path, "exec", "/bin/true" })
			assert.are.equal(159, status)
			assert.are.equal("trying exec\n", out)
		end)
	end)

	describe("the compiled filter", function()
		it("kills what a computation never needs", function()
			for _, name in ipairs({ "mount", "ptrace", "unshare", "setns",
				"bpf", "keyctl", "kill", "socketpair", "pipe2", "execveat",
				"init_module", "io_uring_setup" }) do
				assert.are.equal("kill_process", decision(name), name)
			end
		end)

		it("allows clone for a thread only, and answers clone3 ENOSYS",
			function()
			local c = require("seccomp.constants").values
			local thread = c.CLONE_VM | c.CLONE_FS | c.CLONE_FILES
				| c.CLONE_SIGHAND | c.CLONE_THREAD | c.CLONE_SYSVSEM
			assert.are.equal("allow", decision("clone", { thread }))
			assert.are.equal("kill_process",
				decision("clone", { c.SIGCHLD }))
			assert.are.equal("kill_process",
				decision("clone", { thread | c.CLONE_NEWNET }))
			assert.are.equal("errno(38)", decision("clone3"))
		end)

		it("reads the stack limit but never sets one", function()
			local RLIMIT_STACK = 3
			assert.are.equal("allow",
				decision("prlimit64", { 0, RLIMIT_STACK, 0, 0x1000 }))
			assert.are.equal("kill_process",
				decision("prlimit64", { 0, RLIMIT_STACK, 0x1000, 0 }))
		end)

		it("targets the native arch alone", function()
			local d = profile.load(PROFILE):describe()
			assert.are.same({ core.native_arch() }, d.arches)
		end)
	end)
end)

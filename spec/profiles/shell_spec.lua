-- profiles/shell.lua in the real kernel: dash runs a script of pipes,
-- redirections and coreutils in a temporary folder under it, and the
-- calls a shell has no business making fail with EPERM.
local sandbox = require "support.sandbox"
local profile = require "sandbox.profile"
local action = require "seccomp.action"
local constants = require "seccomp.constants"

local PROFILE = sandbox.root .. "/profiles/shell.lua"
local C = constants.values

local SCRIPT = [[
set -e
export LC_ALL=C PATH=/usr/bin:/bin
cd "$1"
mkdir -p work/sub
printf 'pear\napple\nfig\napple\n' > work/fruit
sort work/fruit | uniq -c | sort -rn | head -n 1 | tr -s ' '
wc -l < work/fruit
cat work/fruit work/fruit | sort -u | tr '\n' ' '
echo
ls work
echo one >> work/sub/log
echo two >> work/sub/log
cat < work/sub/log | wc -l
n=$(ls work | wc -l)
echo "entries: $n"
date -u -d @86400 +%F
{ echo to-stderr >&2; } 2> work/err
cat work/err
cp work/fruit work/sub/copy && cmp work/fruit work/sub/copy && echo same
rm -r work/sub
ls work
rm -r work
ls
echo done
]]

local EXPECTED = table.concat({
	" 2 apple", "4", "apple fig pear ", "fruit", "sub", "2", "entries: 2",
	"1970-01-02", "to-stderr", "same", "err", "fruit", "done", "",
}, "\n")

-- Runs argv under the profile, for 30 s at most.
local function run(argv)
	local words = { "timeout -k 5 30", sandbox.quote(sandbox.binary),
		sandbox.quote(PROFILE), "--" }
	for _, a in ipairs(argv) do words[#words + 1] = sandbox.quote(a) end
	return sandbox.sh(table.concat(words, " ") .. " </dev/null")
end

local call = sandbox.call

local function has_try()
	local f = io.open(sandbox.try)
	if f then f:close() end
	if not f then pending("make helpers builds " .. sandbox.try) end
	return f ~= nil
end

describe("profiles/shell.lua", function()
	local dir

	before_each(function()
		dir = sandbox.tempdir()
	end)

	after_each(function()
		sandbox.remove(dir)
	end)

	describe("running dash", function()
		it("runs a script of pipes, redirections and coreutils", function()
			local out, err, status = run({ "/bin/sh", "-c", SCRIPT, "sh",
				dir })
			assert.are.equal("", err)
			assert.are.equal(0, status)
			assert.are.equal(EXPECTED, out)
		end)

		it("returns the script's own exit status", function()
			local _, _, status = run({ "/bin/sh", "-c", "false || exit 3" })
			assert.are.equal(3, status)
		end)

		it("reads the clock", function()
			local out, _, status = run({ "/bin/sh", "-c", "date -u +%Y" })
			assert.are.equal(0, status)
			assert.are.equal(os.date("!%Y") .. "\n", out)
		end)
	end)

	describe("refusing with EPERM", function()
		it("a socket of any family, mount, ptrace, unshare and keyctl",
			function()
			if not has_try() then return end
			local out, err, status = run({ sandbox.try,
				call("socket", C.AF_INET, C.SOCK_STREAM, 0),
				call("socket", C.AF_UNIX, C.SOCK_STREAM, 0),
				call("mount"), call("ptrace"),
				call("unshare", C.CLONE_NEWUSER), call("keyctl"),
				call("getpid") })
			assert.are.equal(0, status, err)
			local r = sandbox.results(out)
			for i = 1, 6 do assert.are.equal("EPERM", r[i].result, i) end
			assert.are.equal("ok", r[7].result)
		end)

		it("TIOCSTI, which would type into the user's terminal", function()
			if not has_try() then return end
			local out, _, status = run({ sandbox.try,
				call("ioctl", 0, C.TIOCSTI, 0), call("ioctl", 0, C.FIONCLEX) })
			assert.are.equal(0, status)
			local r = sandbox.results(out)
			assert.are.equal("EPERM", r[1].result)
			assert.are.equal("ok", r[2].result)
		end)

		it("kill(-1, sig), which would signal every process", function()
			if not has_try() then return end
			local out, _, status = run({ sandbox.try, call("kill", -1, 0) })
			assert.are.equal(0, status)
			assert.are.equal("EPERM", sandbox.results(out)[1].result)
		end)
	end)

	describe("the compiled filter", function()
		local function decision(name, args)
			local filter = profile.load(PROFILE):compile()
			return tostring(action.from_value(filter:eval({
				arch = "x86_64", syscall = name, args = args or {} })))
		end

		it("lets the loader map code, which strict.lua refuses", function()
			assert.are.equal("allow",
				decision("mmap", { 0, 4096, C.PROT_READ | C.PROT_EXEC }))
		end)

		it("lets clone make processes and threads, not namespaces",
			function()
			assert.are.equal("allow", decision("clone", { C.SIGCHLD }))
			assert.are.equal("errno(1)",
				decision("clone", { C.SIGCHLD | C.CLONE_NEWUSER }))
			assert.are.equal("errno(38)", decision("clone3"))
		end)

		it("sets only its own resource limits", function()
			assert.are.equal("allow", decision("prlimit64", { 0, 7, 1 }))
			assert.are.equal("errno(1)", decision("prlimit64", { 1, 7, 1 }))
		end)
	end)
end)

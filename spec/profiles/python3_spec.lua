-- profiles/python3.lua in the real kernel: Debian's python3 runs an
-- ordinary script under it (json, re, hashlib, files in a temporary
-- folder, threads, asyncio, subprocess, AF_UNIX sockets), and a network
-- socket, or a privileged call, fails with EPERM.
local sandbox = require "support.sandbox"
local profile = require "sandbox.profile"
local action = require "seccomp.action"
local constants = require "seccomp.constants"

local PROFILE = sandbox.root .. "/profiles/python3.lua"
local PYTHON = "/usr/bin/python3"
local C = constants.values

local SCRIPT = [[
import asyncio, hashlib, json, os, re, shutil, socket, subprocess, sys
import tempfile, threading

d = sys.argv[1]
data = {"words": re.findall(r"\w+", "the quick brown fox"),
        "n": sum(range(1000))}
path = os.path.join(d, "data.json")
with open(path, "w") as f:
    json.dump(data, f)
os.makedirs(os.path.join(d, "sub", "dir"))
shutil.copy(path, os.path.join(d, "sub", "dir", "copy.json"))
with open(os.path.join(d, "sub", "dir", "copy.json")) as f:
    back = json.load(f)
print(back["words"][-1], back["n"], sorted(os.listdir(d)))
print(hashlib.sha256(b"abc").hexdigest()[:12])
with tempfile.TemporaryDirectory(dir=d) as t:
    with open(os.path.join(t, "x"), "w") as f:
        f.write("x")
shutil.rmtree(os.path.join(d, "sub"))
os.remove(path)
print(os.listdir(d))

out = subprocess.run(["/bin/sh", "-c", "echo $((6 * 7))"],
                     capture_output=True, text=True, check=True)
print("sh says", out.stdout.strip())

results = []
threads = [threading.Thread(target=lambda i=i: results.append(i * i))
           for i in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("threads", sorted(results))

async def main():
    await asyncio.sleep(0.01)
    return "done"
print("asyncio", asyncio.run(main()))

a, b = socket.socketpair()
a.sendall(b"ping")
print("socketpair", b.recv(4).decode())
server = socket.socket(socket.AF_UNIX)
server.bind(os.path.join(d, "sock"))
server.listen()
client = socket.socket(socket.AF_UNIX)
client.connect(os.path.join(d, "sock"))
conn, _ = server.accept()
client.sendall(b"pong")
print("unix", conn.recv(4).decode())

for family in (socket.AF_INET, socket.AF_INET6, socket.AF_NETLINK,
               socket.AF_PACKET):
    try:
        socket.socket(family, socket.SOCK_DGRAM)
        print(family.name, "allowed")
    except PermissionError as e:
        print(family.name, "refused", e.errno)
]]

local EXPECTED = table.concat({
	"fox 499500 ['data.json', 'sub']",
	"ba7816bf8f01",
	"[]",
	"sh says 42",
	"threads [0, 1, 4, 9]",
	"asyncio done",
	"socketpair ping",
	"unix pong",
	"AF_INET refused 1",
	"AF_INET6 refused 1",
	"AF_NETLINK refused 1",
	"AF_PACKET refused 1",
	"",
}, "\n")

-- Runs python3 with args under the profile, for 60 s at most.
local function python(args)
	local words = { "timeout -k 5 60", sandbox.quote(sandbox.binary),
		sandbox.quote(PROFILE), "--", PYTHON }
	for _, a in ipairs(args) do words[#words + 1] = sandbox.quote(a) end
	return sandbox.sh(table.concat(words, " ") .. " </dev/null")
end

local function has_python()
	local f = io.open(PYTHON)
	if f then f:close() end
	if not f then pending(PYTHON .. " is not installed") end
	return f ~= nil
end

describe("profiles/python3.lua", function()
	local dir

	before_each(function()
		dir = sandbox.tempdir()
	end)

	after_each(function()
		sandbox.remove(dir)
	end)

	describe("running python3", function()
		it("runs an ordinary script and refuses network sockets",
			function()
			if not has_python() then return end
			local out, err, status = python({ "-c", SCRIPT, dir })
			assert.are.equal("", err)
			assert.are.equal(0, status)
			assert.are.equal(EXPECTED, out)
		end)

		it("refuses privileged calls with EPERM", function()
			if not has_python() then return end
			local out, err, status = python({ "-c", [[
import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
for name, args in (("mount", (b"none", b"/mnt", b"tmpfs", 0, None)),
                   ("unshare", (0x10000000,)), ("chroot", (b"/",)),
                   ("ptrace", (0, 0, 0, 0)), ("syscall", (321, 0, 0, 0))):
    r = getattr(libc, name)(*args)
    print(name, r, os.strerror(ctypes.get_errno()))
]] })
			assert.are.equal(0, status, err)
			assert.are.equal(table.concat({
				"mount -1 Operation not permitted",
				"unshare -1 Operation not permitted",
				"chroot -1 Operation not permitted",
				"ptrace -1 Operation not permitted",
				"syscall -1 Operation not permitted", "" }, "\n"), out)
		end)
	end)

	describe("the compiled filter", function()
		it("allows a socket of the AF_UNIX family alone", function()
			local filter = profile.load(PROFILE):compile()
			for family, expected in pairs({ [C.AF_UNIX] = "allow",
				[C.AF_INET] = "errno(1)", [C.AF_INET6] = "errno(1)",
				[C.AF_NETLINK] = "errno(1)", [C.AF_PACKET] = "errno(1)" }) do
				local value = filter:eval({ arch = "x86_64",
					syscall = "socket", args = { family, C.SOCK_STREAM } })
				assert.are.equal(expected,
					tostring(action.from_value(value)), family)
			end
		end)

		it("refuses io_uring, which can make sockets of its own",
			function()
			local filter = profile.load(PROFILE):compile()
			local value = filter:eval({ arch = "x86_64",
				syscall = "io_uring_setup" })
			assert.are.equal("errno(1)", tostring(action.from_value(value)))
		end)
	end)
end)

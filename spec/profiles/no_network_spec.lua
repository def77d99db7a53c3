-- profiles/no-network.lua in the real kernel: a workload that works with
-- files and AF_UNIX sockets runs unchanged under it, and a socket of
-- any other family fails with EPERM.
local sandbox = require "support.sandbox"
local constants = require "seccomp.constants"

local PROFILE = sandbox.root .. "/profiles/no-network.lua"
local PYTHON = "/usr/bin/python3"
local C = constants.values

-- Runs argv under the profile, for 30 s at most.
local function run(argv)
	local words = { "timeout -k 5 30", sandbox.quote(sandbox.binary),
		sandbox.quote(PROFILE), "--" }
	for _, a in ipairs(argv) do words[#words + 1] = sandbox.quote(a) end
	return sandbox.sh(table.concat(words, " ") .. " </dev/null")
end

local function present(path, what)
	local f = io.open(path)
	if f then f:close() end
	if not f then pending(what .. " is missing: " .. path) end
	return f ~= nil
end

local call = sandbox.call

describe("profiles/no-network.lua", function()
	local dir

	before_each(function()
		dir = sandbox.tempdir()
	end)

	after_each(function()
		sandbox.remove(dir)
	end)

	it("runs a workload of files, a unix socket server and a client",
		function()
		if not present(PYTHON, "python3") then return end
		local out, err, status = run({ PYTHON, "-c", [[
import os, socket, sys, threading
d = sys.argv[1]
with open(os.path.join(d, "note"), "w") as f:
    f.write("written")
path = os.path.join(d, "sock")
server = socket.socket(socket.AF_UNIX)
server.bind(path)
server.listen()
def serve():
    conn, _ = server.accept()
    conn.sendall(open(os.path.join(d, "note")).read().encode())
    conn.close()
t = threading.Thread(target=serve)
t.start()
client = socket.socket(socket.AF_UNIX)
client.connect(path)
print("over unix:", client.recv(64).decode())
t.join()
for family in (socket.AF_INET, socket.AF_INET6):
    try:
        socket.socket(family, socket.SOCK_STREAM)
        print(family.name, "allowed")
    except PermissionError as e:
        print(family.name, "refused:", e.strerror)
]], dir })
		assert.are.equal(0, status, err)
		assert.are.equal("over unix: written\n"
			.. "AF_INET refused: Operation not permitted\n"
			.. "AF_INET6 refused: Operation not permitted\n", out)
	end)

	it("fails socket with EPERM for every family but AF_UNIX, and "
		.. "io_uring_setup", function()
		if not present(sandbox.try, "make helpers") then return end
		local out, err, status = run({ sandbox.try,
			call("socket", C.AF_UNIX, C.SOCK_STREAM, 0),
			call("socket", C.AF_INET, C.SOCK_STREAM, 0),
			call("socket", C.AF_INET6, C.SOCK_DGRAM, 0),
			call("socket", C.AF_NETLINK, C.SOCK_RAW, 0),
			call("socket", C.AF_PACKET, C.SOCK_RAW, 0),
			call("io_uring_setup", 1, 0) })
		assert.are.equal(0, status, err)
		local r = sandbox.results(out)
		assert.are.equal("ok", r[1].result)
		for i = 2, 6 do assert.are.equal("EPERM", r[i].result, i) end
	end)

	it("leaves a shell and its tools alone", function()
		local out, _, status = run({ "/bin/sh", "-c",
			"cd " .. sandbox.quote(dir) .. " && echo b > f && echo a >> f && "
			.. "sort f | tr '\\n' ' '" })
		assert.are.equal(0, status)
		assert.are.equal("a b ", out)
	end)
end)

-- profiles/fileserver.lua in the real kernel: `python3 -m http.server`
-- serves a folder on a free loopback port under it and a client outside
-- the sandbox fetches a file; a script under the same profile finds that
-- it can neither connect, nor write, nor start a process; --explain
-- shows the rules for what cannot be exercised live.  Only 127.0.0.1,
-- every wait bounded, the server always stopped.
local sandbox = require "support.sandbox"

local PROFILE = sandbox.root .. "/profiles/fileserver.lua"
local PYTHON = "/usr/bin/python3"

local function has_python()
	local f = io.open(PYTHON)
	if f then f:close() end
	if not f then pending(PYTHON .. " is not installed") end
	return f ~= nil
end

local function write(path, text)
	local f = assert(io.open(path, "wb"))
	f:write(text)
	f:close()
end

local function read(path)
	local f = io.open(path, "rb")
	if not f then return "" end
	local text = f:read("a")
	f:close()
	return text
end

-- A TCP port on 127.0.0.1 that nothing listened on a moment ago.
local function free_port()
	local out = sandbox.sh(PYTHON .. " -c 'import socket; s = socket."
		.. "socket(); s.bind((\"127.0.0.1\", 0)); print(s.getsockname()[1])'")
	return assert(math.tointeger(tonumber(out)), "no free port")
end

-- Fetches url from outside the sandbox, retrying while the server comes
-- up, for 10 s at most; returns the body, or nil and the last error.
local function fetch(url)
	local out, err, status = sandbox.sh(PYTHON .. " -c " .. sandbox.quote([[
import sys, time, urllib.request
deadline = time.monotonic() + 10
while True:
    try:
        body = urllib.request.urlopen(sys.argv[1], timeout=2).read()
        break
    except OSError as e:
        if time.monotonic() > deadline:
            sys.exit("cannot fetch: %s" % e)
        time.sleep(0.05)
sys.stdout.buffer.write(body)
]]) .. " " .. sandbox.quote(url))
	if status ~= 0 then return nil, err end
	return out
end

-- Starts the server on port under the profile, serving dir, logging to
-- log; `timeout` ends it after 60 s whatever happens to this spec.
-- Returns the pid to stop it with.
local function start(port, dir, log)
	local out = sandbox.sh(("timeout -k 5 60 %s %s -- %s -u -m http.server "
		.. "--bind 127.0.0.1 %d --directory %s </dev/null >%s 2>&1 & "
		.. "echo $!"):format(sandbox.quote(sandbox.binary),
		sandbox.quote(PROFILE), PYTHON, port, sandbox.quote(dir),
		sandbox.quote(log)))
	return assert(out:match("^(%d+)\n"), "no pid")
end

-- Whether process pid runs (a zombie does not).
local function running(pid)
	local stat = read("/proc/" .. pid .. "/stat")
	local state = stat:match("^%d+ %b() (%a)")
	return state ~= nil and state ~= "Z"
end

local function stop(pid)
	os.execute("kill -TERM " .. pid .. " 2>/dev/null")
	if sandbox.alive_after(pid, 5) then
		os.execute("kill -KILL " .. pid .. " 2>/dev/null")
	end
end

-- Starts the server on a free port, trying another if the one chosen
-- was taken in the meantime; waits 10 s at most for it to listen.
-- Returns its pid and port, or nil and its log.
local function serve(dir, log)
	for _ = 1, 3 do
		local port = free_port()
		local pid = start(port, dir, log)
		for _ = 1, 200 do
			if read(log):find("Serving HTTP", 1, true) then
				return pid, port
			end
			if not running(pid) then break end
			os.execute("sleep 0.05")
		end
		stop(pid)
	end
	return nil, read(log)
end

-- Runs a python3 script under the profile, for 30 s at most.
local function python(script, ...)
	local words = { "timeout -k 5 30", sandbox.quote(sandbox.binary),
		sandbox.quote(PROFILE), "--", PYTHON, "-c", sandbox.quote(script) }
	for _, a in ipairs({ ... }) do words[#words + 1] = sandbox.quote(a) end
	return sandbox.sh(table.concat(words, " ") .. " </dev/null")
end

local function explain(call)
	local out, err, status = sandbox.run(PROFILE, nil, { "--explain", call })
	assert.are.equal(0, status, err)
	return out
end

-- Bytes that only this run's file holds, every byte value among them.
local function content()
	local bytes = {}
	for i = 0, 255 do bytes[#bytes + 1] = string.char(i) end
	bytes[#bytes + 1] = ("%s %d\n"):format(os.tmpname(), os.time())
	return table.concat(bytes):rep(64)
end

describe("profiles/fileserver.lua", function()
	local dir

	before_each(function()
		dir = sandbox.tempdir()
		assert(os.execute("mkdir " .. sandbox.quote(dir .. "/www")))
	end)

	after_each(function()
		sandbox.remove(dir)
	end)

	describe("serving files", function()
		it("serves a file's exact bytes to a client on 127.0.0.1",
			function()
			if not has_python() then return end
			local body = content()
			write(dir .. "/www/data.bin", body)
			local log = dir .. "/server.log"
			local pid, port = serve(dir .. "/www", log)
			assert.is_not_nil(pid, port)
			finally(function() stop(pid) end)
			local got, err = fetch(("http://127.0.0.1:%d/data.bin")
				:format(port))
			assert.is_not_nil(got, err)
			assert.are.equal(#body, #got)
			assert.are.equal(body, got)
			assert.matches('"GET /data.bin HTTP/1.1" 200', read(log))
		end)
	end)

	describe("refusing with EPERM", function()
		it("a connection, a datagram, a unix socket, a write, a process",
			function()
			if not has_python() then return end
			write(dir .. "/www/keep", "kept")
			local out, err, status = python([[
import os, socket, subprocess, sys, threading
d = sys.argv[1]
listener = socket.socket()
listener.bind(("127.0.0.1", 0))
listener.listen()
port = listener.getsockname()[1]
t = threading.Thread(target=lambda: print("thread runs"))
t.start()
t.join()
tries = (
    ("connect", lambda: socket.create_connection(("127.0.0.1", port), 2)),
    ("udp", lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM)),
    ("unix", lambda: socket.socket(socket.AF_UNIX)),
    ("create", lambda: open(os.path.join(d, "new"), "w")),
    ("append", lambda: open(os.path.join(d, "keep"), "a")),
    ("remove", lambda: os.remove(os.path.join(d, "keep"))),
    ("mkdir", lambda: os.mkdir(os.path.join(d, "dir"))),
    ("shell", lambda: subprocess.run(["/bin/sh", "-c", "true"])),
    ("signal", lambda: os.kill(os.getppid(), 0)),
)
for name, attempt in tries:
    try:
        attempt()
        print(name, "allowed")
    except PermissionError:
        print(name, "refused")
print(open(os.path.join(d, "keep")).read())
]], dir .. "/www")
			assert.are.equal(0, status, err)
			assert.are.equal(table.concat({ "thread runs", "connect refused",
				"udp refused", "unix refused", "create refused",
				"append refused", "remove refused", "mkdir refused",
				"shell refused", "signal refused", "kept", "" }, "\n"), out)
		end)
	end)

	describe("the rules, as --explain shows them", function()
		it("refuses every way to reach out", function()
			for _, call in ipairs({ "connect(3, 0, 16)",
				"sendto(3, 0, 1, 0, 0x1000, 16)", "sendmsg(3, 0, 0)",
				"socket(AF_INET, SOCK_DGRAM, 0)",
				"socket(AF_INET6, SOCK_RAW, 0)", "socket(AF_UNIX, 1, 0)",
				"socket(AF_NETLINK, SOCK_STREAM, 0)" }) do
				assert.matches("^[^\n]*: errno%(1%)\n  decided by: [^\n]*"
					.. "fileserver%.lua:%d+", explain(call), 1)
			end
		end)

		it("allows a listening TCP socket and sending on a connection",
			function()
			for _, call in ipairs({
				"socket(AF_INET, SOCK_STREAM|SOCK_CLOEXEC, 0)",
				"socket(AF_INET6, SOCK_STREAM, 0)", "bind(3, 0, 16)",
				"listen(3, 5)", "accept4(3, 0, 0, SOCK_CLOEXEC)",
				"sendto(4, 0, 1, 0, 0, 0)" }) do
				assert.matches("^[^\n]*: allow\n", explain(call))
			end
		end)

		it("refuses a new process but allows a thread", function()
			assert.matches(": errno%(1%)\n", explain("clone(SIGCHLD)"))
			assert.matches(": errno%(1%)\n", explain("vfork()"))
			assert.matches(": allow\n", explain("clone(CLONE_VM|CLONE_FS|"
				.. "CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM)"))
		end)

		it("refuses opening a file for writing", function()
			for _, flags in ipairs({ "O_WRONLY", "O_RDWR",
				"O_RDONLY|O_CREAT", "O_RDONLY|O_TRUNC" }) do
				assert.matches(": errno%(1%)\n",
					explain("openat(AT_FDCWD, 0, " .. flags .. ")"), flags)
			end
			assert.matches(": allow\n",
				explain("openat(AT_FDCWD, 0, O_RDONLY|O_CLOEXEC)"))
		end)
	end)
end)

-- `--bpf FILE` writes the raw filter that bubblewrap reads with
-- `--seccomp FD`: a real consumer, in the real kernel.
local sandbox = require "support.sandbox"
local core = require "seccomp.core"

local function have_bwrap()
	local _, _, status = sandbox.sh("command -v bwrap")
	return status == 0
end

describe("--bpf", function()
	it("writes 8 bytes per instruction, as --check counts them", function()
		local path = os.tmpname()
		local profile = sandbox.root .. "/profiles/no-network.lua"
		local _, err, status = sandbox.run(profile, nil, { "--bpf", path })
		assert.are.equal(0, status, err)
		local f = assert(io.open(path, "rb"))
		local bytes = f:read("a")
		f:close()
		os.remove(path)
		local summary = sandbox.run(profile, nil, { "--check" })
		local count = tonumber(summary:match("filter: (%d+) instructions"))
		assert.are.equal(count * 8, #bytes)
		assert.is_true(core.verify(bytes))
	end)

	it("is a filter bwrap installs and the kernel enforces", function()
		if not have_bwrap() then
			pending("bubblewrap is not installed")
			return
		end
		local path = os.tmpname()
		local profile = sandbox.root .. "/profiles/no-network.lua"
		assert.are.equal(0, select(3, sandbox.run(profile, nil,
			{ "--bpf", path })))
		local socket = core.syscall_number("x86_64", "socket")
		local out, err, status = sandbox.sh(("bwrap --ro-bind / / --dev /dev "
			.. "--seccomp 9 %s %d:2,1,0 %d:1,1,0 9<%s"):format(
			sandbox.quote(sandbox.try), socket, socket, sandbox.quote(path)))
		os.remove(path)
		if status ~= 0 and err:match("bwrap:") then
			pending("bwrap cannot run here: " .. err)
			return
		end
		local r = sandbox.results(out)
		assert.are.equal("EPERM", r[1].result)
		assert.are.equal("ok", r[2].result)
	end)
end)

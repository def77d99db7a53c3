--- What the generators under tools/ share: failing with one line, and
-- writing a file whole.  They run from the repository root
-- (`lua5.4 tools/gen-syscalls.lua`), so `require "tools.generate"` finds
-- this file through package.path's "./?.lua".
local M = {}

--- A generator named name: its fail(fmt, ...) prints "name: message" and
-- exits 1; its write_file(path, text) writes or fails.
function M.new(name)
	local g = {}

	function g.fail(fmt, ...)
		io.stderr:write(name, ": ", fmt:format(...), "\n")
		os.exit(1)
	end

	function g.write_file(path, text)
		local f, err = io.open(path, "w")
		if not f then g.fail("%s", err) end
		f:write(text)
		f:close()
	end

	return g
end

return M

--- A busted output handler: busted's plain terminal output, then one
-- closing line `N passed, N failed, N skipped` that CI reads.  Errors
-- (a spec file that fails to load among them) count as failures, pending
-- specs as skipped.
local plain = require "busted.outputHandlers.plainTerminal"

return function(options)
	local busted = require "busted"
	local handler = plain(options)
	busted.subscribe({ "suite", "end" }, function()
		io.write(("%d passed, %d failed, %d skipped\n"):format(
			#handler.successes, #handler.failures + #handler.errors,
			#handler.pendings))
		io.flush()
		return nil, true
	end)
	return handler
end

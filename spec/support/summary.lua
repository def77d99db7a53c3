--- A busted output handler: busted's plain terminal output, then one
-- closing line `N passed, N failed, N skipped` that CI reads.  Errors count
-- as failures, pending specs as skipped.
local plain = require "busted.outputHandlers.plainTerminal"

return function(options)
	local handler = plain(options)
	local suite_end = handler.suiteEnd
	handler.suiteEnd = function(...)
		local results = table.pack(suite_end(...))
		io.write(("%d passed, %d failed, %d skipped\n"):format(
			#handler.successes, #handler.failures + #handler.errors,
			#handler.pendings))
		io.flush()
		return table.unpack(results, 1, results.n)
	end
	return handler
end

--- Lets `require "seccomp"` work from a checkout, with no install step:
-- puts the checkout's lua/ and build/ folders on the module paths, then
-- loads the real module from lua/seccomp/init.lua.
local here = (debug.getinfo(1, "S").source:match("^@(.*)[/\\]") or ".")
package.path = here .. "/lua/?.lua;" .. here .. "/lua/?/init.lua;"
	.. package.path
package.cpath = here .. "/build/?.so;" .. package.cpath
return require("seccomp.init")

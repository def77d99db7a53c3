-- luacheck: the whole tree is Lua 5.4 with 80 columns (a tab counts as
-- the 4 columns the sources are written with).
std = "lua54"
max_line_length = 80
tab_width = 4
self = false   -- methods need not use self

files["spec/"] = { std = "+busted" }

-- Profiles run with seccomp, the condition helpers, the errno names and
-- the constants in scope (see lua/sandbox/profile.lua).
files["profiles/"] = {
	read_globals = { "seccomp", "arg", "any", "all" },
	allow_defined_top = false,
	globals = {},
	ignore = { "113" },   -- upper-case constants: EPERM, AF_UNIX, ...
}

--- Loads profile scripts.  A profile is a Lua chunk that returns a Policy;
-- it runs in an environment where `seccomp`, the condition helpers (`arg`,
-- `any`, `all`), the errno names and the symbolic constants are in scope,
-- and where `require` also finds other profiles: in the profile's own
-- folder, then in each folder of LUASANDBOX_PATH (colon-separated), then
-- in the shipped profiles/ folder.
-- @module sandbox.profile
local seccomp = require "seccomp"
local constants = require "seccomp.constants"
local blame = require "seccomp.blame"

blame.register()

local M = {}

-- The shipped profiles: beside lua/ in a checkout, or in
-- PREFIX/share/luasandbox/profiles when installed.
local function shipped_dir()
	local src = debug.getinfo(1, "S").source:sub(2)
	local installed = src:match("^(.*)/lua/5%.4/sandbox/profile%.lua$")
	if installed then
		return installed .. "/luasandbox/profiles"
	end
	local root = src:match("^(.*)/lua/sandbox/profile%.lua$")
	return (root or ".") .. "/profiles"
end

M.shipped_dir = shipped_dir()

--- The folders searched for `require "name"`, in order.
function M.search_dirs(profile_path)
	local dirs = { profile_path:match("^(.*)/[^/]*$") or "." }
	for dir in (os.getenv("LUASANDBOX_PATH") or ""):gmatch("[^:]+") do
		dirs[#dirs + 1] = dir
	end
	dirs[#dirs + 1] = M.shipped_dir
	return dirs
end

local function find(name, dirs)
	local rel = name:gsub("%.", "/") .. ".lua"
	for _, dir in ipairs(dirs) do
		local path = dir .. "/" .. rel
		local f = io.open(path, "r")
		if f then
			f:close()
			return path
		end
	end
end

-- One load of a top-level profile: its cache and the chain being loaded,
-- for cycle detection.
local function new_session()
	return { loaded = {}, chain = {} }
end

local load_file

local function make_env(session, path)
	local env = {
		seccomp = seccomp,
		arg = seccomp.arg, any = seccomp.any, all = seccomp.all,
	}
	for k, v in pairs(constants.errno) do env[k] = v end
	for k, v in pairs(constants.values) do env[k] = v end
	env.require = function(name)
		if type(name) ~= "string" then
			blame.error("require needs a profile or module name")
		end
		local dirs = M.search_dirs(path)
		local found = find(name, dirs)
		if found then
			return load_file(session, found)
		end
		local ok, mod = pcall(require, name)
		if ok then return mod end
		blame.error(("profile '%s' not found in %s"):format(name,
			table.concat(dirs, ", ")))
	end
	return setmetatable(env, { __index = _G })
end

function load_file(session, path)
	if session.loaded[path] then
		return session.loaded[path]
	end
	for i, p in ipairs(session.chain) do
		if p == path then
			local cycle = table.move(session.chain, i, #session.chain, 1, {})
			cycle[#cycle + 1] = path
			error("profile cycle: " .. table.concat(cycle, " -> "), 0)
		end
	end
	local chunk, err = loadfile(path, "t", make_env(session, path))
	if not chunk then error(err, 0) end
	session.chain[#session.chain + 1] = path
	local result = blame.follow(chunk)
	session.chain[#session.chain] = nil
	if not seccomp.is_policy(result) then
		error(("%s: the profile must return a policy, not %s"):format(path,
			type(result)), 0)
	end
	session.loaded[path] = result
	return result
end

-- Loads what profiles use on demand (the name tables, the condition
-- parser, the groups) before a profile runs: under the line hook that
-- tracks profile lines, loading them would cost milliseconds.
local function warm_up()
	require("seccomp.names").known("read")
	require "seccomp.parse"
	require "seccomp.groups"
end

--- Loads the profile at path.
-- @tparam string path the profile script
-- @treturn Policy what the script returns
-- @raise "file:line: message" when the script, or a profile it requires,
-- fails or returns something other than a policy
function M.load(path)
	warm_up()
	return load_file(new_session(), path)
end

return M

--- Writes a policy as a profile script (seccomp.oci.to_profile): what
-- `luasandbox --import FILE.json` prints.
--
--    -- Imported from docker-default.json (OCI seccomp JSON).
--    return seccomp.policy()
--    	:default("errno", 1)
--    	:allow {
--    		"accept", "accept4", "access", "adjtimex",
--    	}
--    	:allow("personality", "arg0 == 0x0")
--
-- Rules keep their order, so the script's policy decides as this one
-- does; a run of rules with one action and one condition (or none) is
-- written as one call.
-- @module seccomp.oci_profile
local core = require "seccomp.core"
local action = require "seccomp.action"
local blame = require "seccomp.blame"

blame.register()

local M = {}

local WIDTH = 80
local TAB = 8       -- columns a tab takes, for WIDTH
local PER_LINE = 4  -- names per line in a list

local function quote(s)
	return ("%q"):format(s)
end

-- Words on lines of at most per_line words that fit in WIDTH after
-- indent (tabs) and a prefix of `lead` columns.
local function fill(words, indent, per_line, lead)
	local lines, line, count = {}, nil, 0
	local room = WIDTH - #indent * TAB - (lead or 0)
	for _, w in ipairs(words) do
		if line and (count == per_line or #line + 1 + #w > room) then
			lines[#lines + 1] = indent .. line
			line, count = nil, 0
		end
		line = line and line .. " " .. w or w
		count = count + 1
	end
	if line then lines[#lines + 1] = indent .. line end
	return lines
end

--------------------------------------------------------------------------
-- Actions
--------------------------------------------------------------------------

-- The method a rule of action a is written with, and the arguments that
-- come before the names.
local function method_for(a)
	if a.kind == "allow" then return "allow", "" end
	if a.kind == "errno" and a.data == 1 then return "deny", "" end
	if a.kind == "errno" then return "errno", a.data .. ", " end
	if a.kind == "kill_process" then return "kill", "" end
	if a.kind == "log" then return "log", "" end
	if a.kind == "user_notif" then return "notify", "" end
	if a.kind == "trap" and a.data == 0 then return "trap", "" end
	if a.kind == "trap" or a.kind == "trace" then
		return "rule", ("seccomp.%s(%d), "):format(a.kind, a.data)
	end
	return "rule", quote(a.kind) .. ", "
end

-- `("errno", 1)` or ` "allow"`: an action as arguments of :default.
local function action_args(a)
	if a.kind == "errno" or a.kind == "trap" or a.kind == "trace" then
		return ("(%s, %d)"):format(quote(a.kind), a.data)
	end
	return " " .. quote(a.kind)
end

--------------------------------------------------------------------------
-- Rules
--------------------------------------------------------------------------

-- Runs of rules with one action and one condition text.
local function runs(rules)
	local out, last = {}, nil
	for _, r in ipairs(rules) do
		local cond = r.condition and tostring(r.condition)
		if last and last.action == r.action and last.cond == cond then
			last.names[#last.names + 1] = r.syscall
		else
			last = { action = r.action, cond = cond, names = { r.syscall } }
			out[#out + 1] = last
		end
	end
	return out
end

-- A condition string, split after "||" into pieces joined with `..`
-- when it does not fit on one line.
local function condition_lines(cond, indent)
	local one = quote(cond)
	local room = WIDTH - #indent * TAB - #".. \"\")"
	if #one - 2 <= room then return { indent .. one } end
	local pieces, piece = {}, nil
	local parts = {}
	for part in (cond .. " || "):gmatch("(.-) || ") do
		parts[#parts + 1] = part
	end
	for i, part in ipairs(parts) do
		local text = part .. (i < #parts and " || " or "")
		if piece and #piece + #text > room then
			pieces[#pieces + 1] = piece
			piece = nil
		end
		piece = (piece or "") .. text
	end
	pieces[#pieces + 1] = piece
	local lines = {}
	for i, text in ipairs(pieces) do
		lines[i] = indent .. (i > 1 and ".. " or "") .. quote(text)
	end
	return lines
end

-- `{`, the quoted names 4 to a line at one more tab than indent, `}`.
local function names_block(quoted, indent)
	local words = {}
	for i, q in ipairs(quoted) do words[i] = q .. "," end
	local lines = { "{" }
	for _, l in ipairs(fill(words, indent .. "\t", PER_LINE)) do
		lines[#lines + 1] = l
	end
	lines[#lines + 1] = indent .. "}"
	return lines
end

-- The lines of one rule call, at one tab: on one line when it fits,
-- else with the names in a block and the condition after it.
local function call_lines(run)
	local method, pre = method_for(run.action)
	local head = "\t:" .. method
	local quoted = {}
	for i, n in ipairs(run.names) do quoted[i] = quote(n) end
	local list = #quoted == 1 and quoted[1]
		or "{ " .. table.concat(quoted, ", ") .. " }"
	local bare = pre == "" and not run.cond
	local one = bare and head .. " " .. list or ("%s(%s%s%s)"):format(head,
		pre, list, run.cond and ", " .. quote(run.cond) or "")
	if TAB + #one - 1 <= WIDTH then return { one } end
	local block = #quoted == 1 and { quoted[1] } or names_block(quoted, "\t")
	if bare then
		block[1] = head .. " " .. block[1]
		return block
	end
	block[1] = head .. "(" .. pre .. block[1]
	if run.cond then
		block[#block] = block[#block] .. ","
		for _, l in ipairs(condition_lines(run.cond, "\t\t")) do
			block[#block + 1] = l
		end
	end
	block[#block] = block[#block] .. ")"
	return block
end

--------------------------------------------------------------------------
-- The script
--------------------------------------------------------------------------

local function header(source, skipped)
	local lines = {
		"-- Imported by luasandbox --import from an OCI seccomp profile:",
		"-- " .. (source or "(JSON text)"),
		"-- Rules keep the JSON's order: a later rule wins where its "
			.. "condition holds.",
	}
	if skipped and #skipped > 0 then
		lines[#lines + 1] = "--"
		lines[#lines + 1] = "-- Skipped, since no arch of luasandbox's "
			.. "tables knows them:"
		local words = {}
		for i, n in ipairs(skipped) do
			words[i] = n .. (i < #skipped and "," or "")
		end
		for _, l in ipairs(fill(words, "", math.huge, 5)) do
			lines[#lines + 1] = "--   " .. l
		end
	end
	lines[#lines + 1] = ""
	return lines
end

-- The lines that set arches, default, bad-arch and newer actions, each
-- only when it differs from what seccomp.policy() starts with.
local function setting_lines(d)
	local lines = {}
	if #d.arches ~= 1 or d.arches[1] ~= core.native_arch() then
		local quoted = {}
		for i, a in ipairs(d.arches) do quoted[i] = quote(a) end
		lines[#lines + 1] = "\t:arches { " .. table.concat(quoted, ", ")
			.. " }"
	end
	lines[#lines + 1] = "\t:default" .. action_args(d.default)
	if d.bad_arch ~= action.kill_process then
		lines[#lines + 1] = "\t:bad_arch" .. action_args(d.bad_arch)
	end
	if d.newer ~= action.new("errno", 38) then
		lines[#lines + 1] = "\t:newer" .. action_args(d.newer)
	end
	return lines
end

--- See seccomp.oci.to_profile.
function M.to_profile(p, skipped, source)
	local d = p:describe()
	local lines = header(source, skipped)
	lines[#lines + 1] = "return seccomp.policy()"
	for _, l in ipairs(setting_lines(d)) do lines[#lines + 1] = l end
	for _, run in ipairs(runs(d.rules)) do
		for _, l in ipairs(call_lines(run)) do lines[#lines + 1] = l end
	end
	return table.concat(lines, "\n") .. "\n"
end

return M

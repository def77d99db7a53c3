--- Reading OCI seccomp JSON for seccomp.oci_import: dkjson's decoding,
-- with every bit of 64-bit integers and the line each "syscalls" entry
-- starts on, and type checks whose errors name the JSON path.
-- @module seccomp.oci_json
local dkjson = require "dkjson"
local blame = require "seccomp.blame"

blame.register()

local M = {}

-- dkjson rounds integers past 2^63 to floats; the prescan quotes them with
-- this prefix so that every bit of a 64-bit mask survives.
local BIG = "\0u64:"

--------------------------------------------------------------------------
-- Prescan
--------------------------------------------------------------------------

-- The position of the quote that closes the string opened at `at`.
local function string_end(text, at)
	local pos = at + 1
	while true do
		local q = text:find('["\\]', pos)
		if not q then return #text end
		if text:byte(q) == 34 then return q end
		pos = q + 2
	end
end

-- The end of the number token at `at`, and the text to decode in its
-- place: the token itself, or an integer past 2^63 quoted.
local function number_at(text, at)
	local e = select(2, text:find("^%-?%d*%.?%d*[eE]?[%+%-]?%d*", at))
	local token = text:sub(at, e)
	if not token:find("^%d+$") or math.type(tonumber(token)) ~= "float"
	then
		return e, token
	end
	return e, '"\\u0000u64:' .. token .. '"'
end

-- One pass over the JSON text outside of strings.  It notes the line of
-- each element of the top-level "syscalls" array, for rule origins, and
-- quotes integers too large for a Lua integer.
local function prescan(text)
	local out, lines, stack = {}, {}, {}
	local pos, line, copied, key = 1, 1, 1, nil
	while true do
		local at, _, c = text:find('([%[%]{}"\n%-%d])', pos)
		if not at then break end
		pos = at + 1
		if c == "\n" then
			line = line + 1
		elseif c == '"' then
			pos = string_end(text, at) + 1
			local s = text:sub(at + 1, pos - 2)
			line = line + select(2, s:gsub("\n", ""))
			if #stack == 1 then key = s end
		elseif c == "{" or c == "[" then
			if c == "{" and stack[#stack] == "syscalls" then
				lines[#lines + 1] = line
			end
			local array = c == "[" and #stack == 1 and key == "syscalls"
			stack[#stack + 1] = array and "syscalls" or c
		elseif c == "}" or c == "]" then
			stack[#stack] = nil
		else
			local e, replacement = number_at(text, at)
			out[#out + 1] = text:sub(copied, at - 1) .. replacement
			copied, pos = e + 1, e + 1
		end
	end
	out[#out + 1] = text:sub(copied)
	return table.concat(out), lines
end

--------------------------------------------------------------------------
-- Checking the decoded JSON: each check takes ctx, whose fail(path, msg)
-- raises
--------------------------------------------------------------------------

--- A decoded value's JSON type: "object", "array", "string", "number",
-- "boolean" or "null".
function M.type(v)
	if v == nil then return "null" end
	if type(v) == "table" then
		local mt = getmetatable(v)
		return mt and mt.__jsontype or "object"
	end
	if type(v) == "string" and v:sub(1, #BIG) == BIG then return "number" end
	return type(v)
end

--- Checks v's JSON type, failing at path.
-- @return v
function M.expect(ctx, path, v, wanted)
	local got = M.type(v)
	if got ~= wanted then
		ctx.fail(path, ("expected %s %s, not %s"):format(
			wanted == "array" and "an" or "a", wanted, got))
	end
	return v
end

--- Fails at the first field of object (sorted) that known lacks.
function M.check_keys(ctx, path, object, known)
	local unknown = {}
	for k in pairs(object) do
		if not known[k] then unknown[#unknown + 1] = tostring(k) end
	end
	if #unknown > 0 then
		table.sort(unknown)
		ctx.fail(path .. "." .. unknown[1], "unknown field")
	end
end

--- A list of strings, or nil when absent.
function M.string_list(ctx, path, v)
	if v == nil then return nil end
	M.expect(ctx, path, v, "array")
	for i = 1, #v do
		M.expect(ctx, ("%s[%d]"):format(path, i - 1), v[i], "string")
	end
	return v
end

--- A JSON number read as an unsigned 64-bit integer (wrapped into a Lua
-- integer, as conditions take it).
function M.u64(ctx, path, v)
	M.expect(ctx, path, v, "number")
	if math.type(v) == "integer" and v >= 0 then return v end
	if type(v) == "string" then
		local digits = v:sub(#BIG + 1)
		if #digits < 20 or (#digits == 20
			and digits <= "18446744073709551615") then
			local n = 0
			for d in digits:gmatch("%d") do n = n * 10 + tonumber(d) end
			return n
		end
	end
	ctx.fail(path, ("%s is not an unsigned 64-bit integer"):format(
		type(v) == "string" and v:sub(#BIG + 1) or tostring(v)))
end

--- A JSON integer in lo..hi.
function M.small_int(ctx, path, v, lo, hi)
	M.expect(ctx, path, v, "number")
	if math.type(v) ~= "integer" or v < lo or v > hi then
		ctx.fail(path, ("%s is not an integer %d..%d"):format(
			type(v) == "string" and v:sub(#BIG + 1) or tostring(v), lo, hi))
	end
	return v
end

--- Decodes JSON text.
-- @treturn table|nil the document, or nil
-- @treturn table|string the line each element of the top-level
-- "syscalls" array starts on, or dkjson's message
function M.decode(text)
	local quoted, lines = prescan(text)
	local doc, _, err = dkjson.decode(quoted)
	if err then return nil, err end
	return doc, lines
end

return M

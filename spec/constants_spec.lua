-- The generated constants module: a plain table of x86_64 values.

-- Loads a fresh copy, so the globals check sees a real first load.
local function load_fresh()
	package.loaded["seccomp.constants"] = nil
	return require "seccomp.constants"
end

describe("seccomp.constants", function()
	describe("errno", function()
		it("maps errno names to their numbers", function()
			local errno = load_fresh().errno
			assert.are.equal(1, errno.EPERM)
			assert.are.equal(13, errno.EACCES)
			assert.are.equal(38, errno.ENOSYS)
			assert.are.equal(133, errno.EHWPOISON)
			assert.are.equal(errno.EAGAIN, errno.EWOULDBLOCK)
		end)
	end)

	describe("errno_names", function()
		it("maps each number back to one canonical name", function()
			local c = load_fresh()
			assert.are.equal("EPERM", c.errno_names[1])
			assert.are.equal("EAGAIN", c.errno_names[11])
			assert.are.equal("EOPNOTSUPP", c.errno_names[95])
			for number, name in pairs(c.errno_names) do
				assert.are.equal(number, c.errno[name])
			end
		end)
	end)

	describe("values", function()
		it("holds the well-known values as integers", function()
			local v = load_fresh().values
			local expect = {
				AF_UNIX = 1, AF_INET = 2, AF_INET6 = 10,
				AF_NETLINK = 16, SOCK_STREAM = 1, SOCK_DGRAM = 2,
				SOCK_NONBLOCK = 0x800, SOCK_CLOEXEC = 0x80000,
				IPPROTO_TCP = 6, IPPROTO_UDP = 17,
				O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2,
				O_CREAT = 0x40, O_CLOEXEC = 0x80000,
				AT_FDCWD = -100, AT_EMPTY_PATH = 0x1000,
				PROT_EXEC = 4, MAP_ANONYMOUS = 0x20,
				CLONE_NEWUSER = 0x10000000,
				TCGETS = 0x5401, TIOCSTI = 0x5412,
				TIOCGWINSZ = 0x5413, FIONREAD = 0x541B,
				PR_SET_NO_NEW_PRIVS = 38, F_SETFL = 4,
				SIGKILL = 9, SIGSYS = 31, MS_BIND = 0x1000,
				RLIMIT_NOFILE = 7,
			}
			for name, value in pairs(expect) do
				assert.are.equal(value, v[name], name)
				assert.are.equal("integer", math.type(v[name]), name)
			end
		end)

		it("keeps errno names out of the values", function()
			local c = load_fresh()
			for name in pairs(c.errno) do
				assert.is_nil(c.values[name], name)
			end
		end)
	end)

	describe("require", function()
		it("adds no globals", function()
			local before = {}
			for k in pairs(_G) do before[k] = true end
			load_fresh()
			for k in pairs(_G) do
				assert.is_true(before[k], "new global " .. tostring(k))
			end
		end)
	end)
end)

-- fileserver.lua: a small static file server.
--
-- For `python3 -m http.server --bind 127.0.0.1 PORT --directory DIR`:
-- it listens on a TCP port, accepts connections, reads files and sends
-- them.  It cannot make an outgoing connection, send a datagram, write,
-- rename or remove a file, or start a process; each of those fails with
-- EPERM.
--
-- It takes python3.lua and narrows it: every rule below comes later than
-- python3's, so where its condition holds it wins.  That is how a deny
-- here takes back what python3 allowed, and an allow gives back a part
-- of what a deny before it took.
--
-- execve stays allowed, for the launcher's own exec (see strict.lua): a
-- program exec'd in the server's place keeps this filter, and so can
-- neither connect nor start a process.
--
-- What the filter cannot see, it cannot check: the address bind is
-- given (a pointer), so the port and the interface are the command
-- line's choice; and which files are read, so confine the file system
-- (a mount namespace, Landlock) to serve one folder and nothing else.
--
-- Allows 120 of the x86_64 syscalls (Docker's default: 308).

local python3 = require "python3"

-- Open flags in argument i that write: a write access mode, O_CREAT, or
-- O_TRUNC (which Linux honours even with O_RDONLY).  O_TMPFILE needs a
-- write access mode too.
local function for_writing(i)
	local flags = "arg" .. i
	return ("%s & O_WRONLY == O_WRONLY || %s & O_RDWR == O_RDWR"
		.. " || %s & O_CREAT == O_CREAT || %s & O_TRUNC == O_TRUNC")
		:format(flags, flags, flags, flags)
end

return python3
	-- Listening TCP sockets, over IPv4 or IPv6, and nothing else: no
	-- datagrams to send anywhere, no AF_UNIX socket to reach a local
	-- service.  (The low 4 bits of the type are the socket type, the
	-- others SOCK_NONBLOCK and SOCK_CLOEXEC.)
	:deny "socket"
	:allow("socket", "arg0 == AF_INET && arg1 & 0xf == SOCK_STREAM"
		.. " || arg0 == AF_INET6 && arg1 & 0xf == SOCK_STREAM")

	-- No outgoing connection: a connect, a TCP Fast Open sendto or
	-- sendmsg (which connect as they send), or a sendto to an address.
	-- send(2) on an accepted connection is sendto with no address.
	:deny { "connect", "sendmsg" }
	:deny("sendto", "arg4 != 0")

	-- Read only: no file opened for writing, created or truncated, and
	-- nothing renamed, linked, removed or changed.  (Python's attempt to
	-- write its bytecode cache fails, and it goes on without.)
	:deny("open", for_writing(1))
	:deny("openat", for_writing(2))
	:deny { "creat", "mkdir", "mkdirat", "rmdir", "unlink", "unlinkat",
		"rename", "renameat2", "link", "linkat", "symlink", "symlinkat",
		"chmod", "fchmod", "fchmodat", "fchown", "fchownat", "utimensat",
		"truncate", "ftruncate", "setxattr", "fsetxattr", "removexattr",
		"mknodat" }

	-- No new process, so no shell: threads only (each request runs in
	-- one), and no signal for another process.
	:deny("clone", arg(0):masked_eq(CLONE_THREAD, 0))
	:deny { "vfork", "kill" }

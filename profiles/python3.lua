-- python3.lua: Python 3 scripts, without the network.
--
-- For ordinary scripts: json, re, hashlib, file and directory work,
-- tempfile, threads, asyncio, and subprocess running the shell and its
-- tools.  Sockets of the AF_UNIX family work (socketpair, local servers
-- and clients, multiprocessing); a socket of any other family fails
-- with EPERM, which Python raises as PermissionError.  Mounts, tracing,
-- namespaces, keyrings, BPF and the rest of the privileged calls fail
-- with EPERM too.
--
-- It extends shell.lua, since subprocess runs programs the way a shell
-- does, with the event loops (epoll, eventfd), the socket calls (which
-- can act on no socket but an AF_UNIX one, a socketpair or one the
-- caller passed in) and shutil's sendfile.  An AF_UNIX socket reaches
-- whatever local service the user may reach (D-Bus, a container
-- engine's socket): the filter cannot see a socket's path; confine the
-- file system to narrow that.
--
-- Allows 148 of the x86_64 syscalls (Docker's default: 308).

local shell = require "shell"

return shell
	-- Sockets of the AF_UNIX family only; io_uring, which could make
	-- others (IORING_OP_SOCKET), is refused by the default.
	:allow("socket", "arg0 == AF_UNIX")
	:allow { "socketpair", "bind", "listen", "accept4",
		"connect", "getsockname", "getpeername", "getsockopt", "setsockopt",
		"sendto", "recvfrom", "sendmsg", "recvmsg", "shutdown" }

	-- asyncio's and selectors' event loops.
	:allow { "epoll_create1", "epoll_ctl", "epoll_wait", "eventfd2" }

	-- shutil.copyfile copies with sendfile.
	:allow "sendfile"

-- no-network.lua: everything but the network.
--
-- Every syscall is allowed except creating a socket of any family but
-- AF_UNIX, which fails with EPERM so that programs report "Operation not
-- permitted" rather than crash.  Unix sockets stay: local IPC (D-Bus,
-- syslog, nscd) is not the network.  With no way to make a network socket,
-- connect, bind and the rest have nothing to act on (a socket inherited
-- from the caller is the caller's choice).  io_uring is refused too, since
-- its IORING_OP_SOCKET makes sockets without the socket syscall.
--
-- On i386, socketcall(SYS_SOCKET) hides the family behind a pointer, so
-- every socket made through it is refused (fail closed).
--
-- Allows 382 of the x86_64 syscalls (Docker's default: 308): every one
-- but the three io_uring calls, socket counting as allowed since it is
-- for AF_UNIX.  It is the one shipped profile whose default is allow:
-- a way to take the network away from a program, not a sandbox.

return seccomp.policy()
	:default("allow")
	:deny("socket", "arg0 != AF_UNIX")
	:deny { "io_uring_setup", "io_uring_enter", "io_uring_register" }

-- shell.lua: a POSIX shell and the coreutils.
--
-- For scripts run by dash (/bin/sh) or bash with the usual tools: ls,
-- cat, sort, wc, grep, sed, awk, cp, mv, rm, mkdir, find, tar, gzip,
-- date, sleep.  They read and write files, start programs, connect them
-- with pipes and redirections, and wait for them.  No socket of any
-- family, no mount, no tracing, no namespace, no change of identity or of
-- the clock, no kernel keyring; a script that tries one gets EPERM.
--
-- It extends strict.lua (the computation core: memory, threads, clocks,
-- signals) with what a dynamically linked program and a shell need.
-- Where this profile and strict.lua both rule on a syscall, this one's
-- rule is later and wins where its condition holds: mmap may map code
-- here, since the loader must.
--
-- The files reachable are whatever the user may reach: run it in a
-- mount namespace, or under Landlock, to narrow them.  kill(2) can still
-- signal the user's other processes one by one; all of them at once
-- (pid -1) it cannot.
--
-- Allows 128 of the x86_64 syscalls (Docker's default: 308).

local strict = require "strict"

-- The namespace flags of clone (Docker's profile masks the same bits).
local NAMESPACES = CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS
	| CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET

return seccomp.policy()
	:default("errno", EPERM)
	:include(strict)

	-- The dynamic loader: find, open, map and protect the libraries.
	:allow { "mmap", "mprotect" }
	:allow { "open", "openat", "access", "faccessat2", "newfstatat",
		"statx", "readlink", "pread64" }

	-- Reading directories and file systems, moving around.
	:allow { "getdents64", "getcwd", "chdir", "fchdir", "statfs",
		"fstatfs", "fadvise64", "umask" }

	-- Changing files: create, link, rename, remove, set mode and times,
	-- truncate, flush, copy in the kernel (cp's copy_file_range, grep's
	-- splice as it drains its input).  tar calls creat itself; cp -p and
	-- cp -a keep owners (fchown to oneself) and set modes as ACLs
	-- (system.posix_acl_access, an extended attribute).
	:allow { "creat", "mkdir", "mkdirat", "rmdir", "unlink", "unlinkat",
		"rename", "renameat2", "link", "linkat", "symlink", "symlinkat",
		"chmod", "fchmod", "fchmodat", "fchown", "fchownat", "utimensat",
		"truncate", "ftruncate", "fsync", "fdatasync", "copy_file_range",
		"splice" }
	:allow { "getxattr", "lgetxattr", "fgetxattr", "llistxattr",
		"flistxattr", "setxattr", "fsetxattr", "removexattr" }

	-- mkfifo: mknodat with S_IFIFO (0o010000) in the S_IFMT bits
	-- (0o170000) of its mode; no device node, no socket file.
	:allow("mknodat", "arg2 & 0o170000 == 0o010000")

	-- Descriptors: duplicate them for redirections, connect programs
	-- with pipes, wait on several (poll, pselect6).
	:allow { "@basic-io", "fcntl", "pipe", "pipe2", "poll",
		"pselect6" }

	-- Terminals: the shell and ls ask about them (TCGETS, TIOCGWINSZ,
	-- TIOCGPGRP, ...), but TIOCSTI would push keystrokes into the
	-- terminal's input for the user's own shell to run, and TIOCLINUX
	-- can do as much on a virtual console.
	:allow "ioctl"
	:deny("ioctl", "arg1 == TIOCSTI || arg1 == TIOCLINUX")

	-- Processes: fork and exec, wait, signal, job control.  clone may not
	-- make namespaces; clone3 stays ENOSYS (see strict.lua).
	:allow { "vfork", "wait4", "setpgid", "times", "getrusage" }
	:allow("clone", arg(0):masked_eq(NAMESPACES, 0))
	:allow { "kill", "tgkill" }
	:deny("kill", "arg0 == -1")

	-- Who and where am I: ids, host name, load and memory (sort sizes
	-- its buffers by them), own resource limits (ulimit).
	:allow { "@identity", "uname", "sysinfo" }
	:allow("prlimit64", "arg0 == 0")

	-- Waiting for a signal (the shell's wait), handling a stack overflow
	-- (coreutils' sigaltstack), and timers (alarm, timeout).
	:allow { "rt_sigsuspend", "sigaltstack", "alarm", "setitimer",
		"timer_create", "timer_settime", "timer_delete" }

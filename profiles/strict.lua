-- strict.lua: computation only.
--
-- For a program that reads its input from the descriptors it inherits
-- (stdin, or a file its caller opened for it), computes, and writes its
-- answer to them: a solver, a codec, a judge's submission.  It may use
-- memory, threads, clocks, signals and futexes; it opens no file, makes
-- no socket, starts no process and maps no new code.
--
-- It fits a statically linked program (`gcc -static`, with glibc).  A
-- dynamically linked one cannot start, since its loader must open its
-- libraries; use shell.lua, which builds on this one, for those.
--
-- A syscall outside the envelope kills the process (SIGSYS, status 159),
-- but for the few that libc makes on its own and copes with failing:
-- those, and every open, fail with EPERM so that a program that merely
-- probes a file goes on computing.
--
-- Allows 36 of the x86_64 syscalls (Docker's default: 308).

-- The namespace flags of clone (the bits Docker's profile masks too).
local NAMESPACES = CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS
	| CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET

-- A clone flags word that makes a thread, never a process: the kernel
-- takes CLONE_THREAD only with CLONE_SIGHAND and CLONE_VM.
local THREAD_ONLY = arg(0):masked_eq(CLONE_THREAD | NAMESPACES,
	CLONE_THREAD)

return seccomp.policy()
	-- The launcher's own execve must pass.  The filter sees only its
	-- pointer arguments, so a later execve passes too, but it gains
	-- nothing: the new program runs under this same filter, where a
	-- dynamically linked one dies at its loader's first open and a
	-- static one can do no more than this one could.
	:allow "execve"
	:allow { "exit", "exit_group" }

	-- Descriptors already open: the only way in or out.
	:allow { "read", "readv", "write", "writev", "lseek", "fstat",
		"close" }

	-- Memory: anonymous, or a mapping of an inherited descriptor, but
	-- never executable, so no code arrives after exec.
	:allow({ "mmap", "mprotect" }, "arg2 & PROT_EXEC == 0")
	:allow { "brk", "munmap", "mremap", "madvise" }

	-- libc start-up: the thread pointer, the robust-futex list, the rseq
	-- area, and the stack limit, read (never set) to size the stack.
	:allow { "arch_prctl", "set_tid_address", "set_robust_list", "rseq" }
	:allow("prlimit64", "arg0 == 0 && arg2 == 0")

	-- Threads, their locks, and how many CPUs they may run on.  clone3
	-- passes its flags in memory the filter cannot read: ENOSYS makes
	-- glibc fall back to clone.
	:allow("clone", THREAD_ONLY)
	:errno(ENOSYS, "clone3")
	:allow { "futex", "sched_yield", "sched_getaffinity", "gettid" }

	-- Signal handlers and masks: for a fault, or for a signal from
	-- outside (the program cannot send one).
	:allow { "rt_sigaction", "rt_sigprocmask", "rt_sigreturn" }

	-- Clocks and sleeping (the vDSO answers most clock reads without a
	-- syscall), and randomness (malloc's tcache key, hash seeds).
	:allow { "clock_gettime", "clock_getres", "gettimeofday", "time",
		"clock_nanosleep", "nanosleep", "getrandom" }

	-- Refused, not fatal: glibc's static start-up reads /proc/self/exe
	-- (readlink), stdio asks what a stream is (newfstatat on its fd,
	-- then whether it is a terminal, an ioctl), and library code opens
	-- files of its own (locales, CPU counts) and copes when it cannot.
	:errno(EPERM, { "readlink", "newfstatat", "ioctl", "open",
		"openat" })

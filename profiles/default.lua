-- default.lua: an ordinary container workload, as Docker's default
-- seccomp profile sees one.
--
-- Everything a service, a build or a shell session in a container does
-- is allowed: files, processes, threads, signals, sockets, System V and
-- POSIX IPC, timers, asynchronous I/O, even ptrace (since Linux 4.8 a
-- tracer cannot use it to slip past seccomp).  What Docker grants only
-- to a container holding a capability (CAP_SYS_ADMIN, CAP_SYS_MODULE,
-- ...) fails with EPERM: mounts, namespaces (unshare, setns, clone with
-- a CLONE_NEW* flag), module loading, reboot and kexec, BPF, perf, the
-- kernel keyring, setting the clock, raw I/O, swap, quotas, syslog,
-- chroot.  So do io_uring, userfaultfd, personalities that weaken the
-- address space, and the calls no current program needs.  A syscall
-- newer than the tables gets ENOSYS, so libc falls back as it would on
-- an older kernel (runc answers such calls the same way).
--
-- Written from the intent of Docker's profile (moby's
-- profiles/seccomp/default.json), for the same six arches, with no
-- capability held; spec/profiles/default_spec.lua checks that the two
-- agree, syscall by syscall, on every arch.  Docker's arch-specific
-- entries are plain rules here: each of those syscalls exists only on
-- the arches its entry names.
--
-- Allows 308 of the x86_64 syscalls (Docker's default: 308).

-- The namespace flags that Docker refuses in clone's flags word.
local NAMESPACES = CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS
	| CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET

return seccomp.policy()
	:arches { "x86_64", "i386", "x32", "aarch64", "arm", "riscv64" }
	:default("errno", EPERM)

	-- Running programs and managing processes.
	:allow { "execve", "execveat", "exit", "exit_group", "fork", "vfork",
		"wait4", "waitid", "waitpid", "setpgid", "setsid", "getrusage",
		"times", "prctl", "restart_syscall" }
	:allow { "kill", "tkill", "tgkill", "rt_sigqueueinfo",
		"rt_tgsigqueueinfo", "pidfd_open", "pidfd_send_signal",
		"process_mrelease" }
	-- clone, but not into new namespaces.  clone3 passes its flags in
	-- memory the filter cannot read: ENOSYS, as Docker answers, makes
	-- glibc fall back to clone.
	:allow("clone", arg(0):masked_eq(NAMESPACES, 0))
	:errno(ENOSYS, "clone3")

	-- Signals.
	:allow { "rt_sigaction", "rt_sigprocmask", "rt_sigreturn",
		"rt_sigpending", "rt_sigsuspend", "rt_sigtimedwait",
		"rt_sigtimedwait_time64", "sigaltstack", "signalfd", "signalfd4",
		"sigprocmask", "sigreturn", "pause" }

	-- Memory: mapping, protecting, locking, protection keys.
	:allow { "brk", "mmap", "mmap2", "mprotect", "mremap", "munmap",
		"madvise", "mincore", "remap_file_pages", "mseal",
		"map_shadow_stack", "memfd_secret", "membarrier",
		"@memlock", "@pkey" }

	-- Threads: thread-local storage, futexes, restartable sequences,
	-- scheduling one's own threads.
	:allow { "arch_prctl", "modify_ldt", "set_thread_area",
		"get_thread_area", "set_tid_address", "set_robust_list",
		"get_robust_list", "rseq", "futex", "futex_time64",
		"futex_requeue", "futex_wait", "futex_waitv", "futex_wake" }
	:allow { "sched_yield", "sched_getaffinity", "sched_setaffinity",
		"sched_getattr", "sched_setattr", "sched_getparam",
		"sched_setparam", "sched_getscheduler", "sched_setscheduler",
		"sched_get_priority_max", "sched_get_priority_min",
		"sched_rr_get_interval", "sched_rr_get_interval_time64",
		"getpriority", "setpriority", "ioprio_get", "ioprio_set",
		"getcpu" }

	-- Files and directories: everything a process may do with the
	-- permissions it has.  mknod makes FIFOs; a device node needs
	-- CAP_MKNOD, which the kernel checks.
	:allow { "open", "openat", "openat2", "creat", "close", "access",
		"faccessat", "faccessat2", "stat", "stat64", "lstat", "lstat64",
		"fstat", "fstat64", "fstatat64", "newfstatat", "statx",
		"statfs", "statfs64", "fstatfs", "fstatfs64", "statmount",
		"listmount", "getdents", "getdents64", "getcwd", "chdir",
		"fchdir", "readlink", "readlinkat", "umask" }
	:allow { "mkdir", "mkdirat", "mknod", "mknodat", "rmdir", "unlink",
		"unlinkat", "rename", "renameat", "renameat2", "link", "linkat",
		"symlink", "symlinkat", "chmod", "fchmod", "fchmodat",
		"fchmodat2", "truncate", "truncate64", "ftruncate",
		"ftruncate64", "fallocate", "utime", "utimes", "utimensat",
		"utimensat_time64", "futimesat", "name_to_handle_at" }
	:allow { "fcntl", "fcntl64", "flock", "ioctl", "fadvise64",
		"fadvise64_64", "readahead", "cachestat" }
	:allow { "getxattr", "lgetxattr", "fgetxattr", "getxattrat",
		"listxattr", "llistxattr", "flistxattr", "listxattrat",
		"setxattr", "lsetxattr", "fsetxattr", "setxattrat",
		"removexattr", "lremovexattr", "fremovexattr", "removexattrat" }
	:allow { "inotify_init", "inotify_init1", "inotify_add_watch",
		"inotify_rm_watch", "fanotify_mark" }
	:allow { "@basic-io", "@chown", "@sync", "@zero-copy" }

	-- Waiting for descriptors, IPC, asynchronous I/O (not io_uring).
	:allow { "@io-event", "epoll_ctl_old", "epoll_wait_old", "@ipc" }
	:allow { "io_setup", "io_destroy", "io_submit", "io_cancel",
		"io_getevents", "io_pgetevents", "io_pgetevents_time64" }

	-- Sockets of every family but two: AF_ALG (the kernel's crypto API)
	-- and AF_VSOCK (the host's side of a virtual machine).  On i386,
	-- where libc makes sockets through socketcall(2) and the family
	-- hides behind a pointer, Docker allows socketcall whole, and so
	-- does this profile: those two families stay reachable there.
	:allow "@network-io"
	:deny("socket", "arg0 == AF_ALG || arg0 == AF_VSOCK")
	:allow { "socketcall", "ipc" }

	-- Clocks, sleeping, timers.  adjtimex and clock_adjtime read the
	-- clock's state; changing it needs CAP_SYS_TIME.
	:allow { "clock_gettime", "clock_gettime64", "clock_getres",
		"clock_getres_time64", "clock_nanosleep",
		"clock_nanosleep_time64", "nanosleep", "gettimeofday", "time",
		"adjtimex", "clock_adjtime", "clock_adjtime64", "@timer" }

	-- Identity and credentials: the kernel checks what a change needs.
	:allow { "@identity", "@setuid", "capget", "capset" }

	-- The system and one's own limits.
	:allow { "uname", "sysinfo", "getrandom", "getrlimit", "ugetrlimit",
		"setrlimit", "prlimit64", "riscv_hwprobe", "uretprobe" }

	-- Confining oneself further.
	:allow { "seccomp", "landlock_create_ruleset", "landlock_add_rule",
		"landlock_restrict_self" }

	-- Tracing: kernels since 4.8 keep ptrace from escaping seccomp, and
	-- the Yama and ptrace access rules still apply.
	:allow { "ptrace", "process_vm_readv", "process_vm_writev" }

	-- Execution domains: only the ones programs really ask for: the
	-- query (0xffffffff), PER_LINUX (0), PER_LINUX32 (8), UNAME26
	-- (0x20000) and PER_LINUX32 | UNAME26 (0x20008).  Others turn on
	-- READ_IMPLIES_EXEC or ADDR_NO_RANDOMIZE.
	:allow("personality", "arg0 == 0 || arg0 == 8 || arg0 == 0x20000"
		.. " || arg0 == 0x20008 || arg0 == 0xffffffff")

	-- What the 32-bit ARM and RISC-V ports need of their own.
	:allow { "arm_fadvise64_64", "arm_sync_file_range",
		"sync_file_range2", "breakpoint", "cacheflush", "set_tls",
		"riscv_flush_icache" }

--- Syscall groups: names like "@basic-io" that stand for a set of
-- syscalls wherever a syscall name is accepted.
--
--    seccomp.allow { "@default", "@file-system", "ioctl" }
--
-- The groups follow the sets of systemd's SystemCallFilter= where the two
-- share a name, so a unit's filter reads the same here; "@default" is
-- broader than systemd's (it also holds what the dynamic loader needs, so
-- that `seccomp.allow { "@default" }` runs a dynamically linked program)
-- and "@memory", "@identity" and "@zero-copy" are ours.
--
-- A group lists syscall names and other groups.  Names of every arch
-- appear side by side ("lseek" and "_llseek", "getuid" and "getuid32"):
-- a name some target arch lacks is skipped there, but every name must be
-- known to at least one arch, which `tools/check-groups.lua` verifies at
-- build time.  socketcall(2) and ipc(2) are in no group: the compiler
-- reaches their sub-calls through the names they multiplex ("socket",
-- "semop"), and allowing the multiplexer itself would allow them all.
--
-- doc/groups.md lists every group with its members.
-- @module seccomp.groups
local blame = require "seccomp.blame"
local nearest = require "seccomp.nearest"

blame.register()

local M = {}

-- Each group: `about`, its one-line description, and in its array part the
-- "@groups" and syscall names it holds, a line per concern.
local builtin = {
	["@aio"] = {
		about = "asynchronous I/O: AIO contexts and io_uring",
		"io_cancel", "io_destroy", "io_getevents", "io_pgetevents",
		"io_pgetevents_time64", "io_setup", "io_submit",
		"io_uring_enter", "io_uring_register", "io_uring_setup",
	},

	["@basic-io"] = {
		about = "reading, writing, seeking, duplicating and closing "
			.. "descriptors already open",
		"_llseek", "lseek",
		"close", "close_range",
		"dup", "dup2", "dup3",
		"pread64", "preadv", "preadv2", "read", "readv",
		"pwrite64", "pwritev", "pwritev2", "write", "writev",
	},

	["@chown"] = {
		about = "changing the owner and group of files",
		"chown", "chown32", "fchown", "fchown32", "fchownat",
		"lchown", "lchown32",
	},

	["@clock"] = {
		about = "setting the system clock",
		"adjtimex", "clock_adjtime", "clock_adjtime64",
		"clock_settime", "clock_settime64", "settimeofday", "stime",
	},

	["@cpu-emulation"] = {
		about = "running code of other CPU modes: x86 segments, vm86",
		"modify_ldt", "vm86", "vm86old",
	},

	["@debug"] = {
		about = "tracing, profiling and reaching into other processes",
		"breakpoint", "lookup_dcookie", "perf_event_open",
		"pidfd_getfd", "process_vm_readv", "process_vm_writev",
		"ptrace",
		"uprobe", "uretprobe",
	},

	["@default"] = {
		about = "what nearly every program needs: exec, the dynamic "
			.. "loader, libc and thread start-up, clocks, exit",
		"@basic-io", "@identity",
		"execve", "exit", "exit_group",
		"restart_syscall", "rt_sigreturn", "sigreturn",
		"rt_sigaction", "rt_sigprocmask", "sigaction", "sigprocmask",
		-- the loader: find, open, map and protect the libraries
		"access", "faccessat", "faccessat2",
		"fstat", "fstat64", "fstatat64", "newfstatat",
		"stat", "stat64", "statx",
		"open", "openat", "readlink", "readlinkat",
		"brk", "madvise", "mmap", "mmap2", "mprotect", "mremap",
		"munmap",
		-- thread-local storage, threads and their locks
		"arch_prctl", "get_thread_area", "set_thread_area",
		"get_tls", "set_tls",
		"cacheflush", "riscv_flush_icache", "riscv_hwprobe",
		"get_robust_list", "set_robust_list", "set_tid_address",
		"rseq", "rseq_slice_yield", "membarrier",
		"futex", "futex_requeue", "futex_time64", "futex_wait",
		"futex_waitv", "futex_wake",
		"sched_getaffinity", "sched_yield",
		"getrlimit", "prlimit64", "ugetrlimit",
		"getrandom",
		-- reading clocks and sleeping
		"clock_getres", "clock_getres_time64",
		"clock_gettime", "clock_gettime64", "gettimeofday", "time",
		"clock_nanosleep", "clock_nanosleep_time64", "nanosleep",
	},

	["@file-system"] = {
		about = "opening, creating, inspecting and changing files, "
			.. "directories and their attributes",
		"access", "faccessat", "faccessat2",
		"chdir", "fchdir", "getcwd",
		"chmod", "fchmod", "fchmodat", "fchmodat2", "umask",
		"close", "creat", "open", "openat", "openat2",
		"fcntl", "fcntl64", "flock",
		"fadvise64", "fadvise64_64", "arm_fadvise64_64", "readahead",
		"cachestat",
		"fallocate", "ftruncate", "ftruncate64", "truncate",
		"truncate64",
		"fstat", "fstat64", "fstatat64", "lstat", "lstat64",
		"newfstatat", "oldfstat", "oldlstat", "oldstat", "stat",
		"stat64", "statx",
		"fstatfs", "fstatfs64", "statfs", "statfs64",
		"listmount", "statmount",
		"getdents", "getdents64", "readdir",
		"inotify_add_watch", "inotify_init", "inotify_init1",
		"inotify_rm_watch",
		"link", "linkat", "symlink", "symlinkat",
		"readlink", "readlinkat",
		"mkdir", "mkdirat", "mknod", "mknodat", "rmdir",
		"rename", "renameat", "renameat2", "unlink", "unlinkat",
		"name_to_handle_at",
		"futimesat", "utime", "utimensat", "utimensat_time64", "utimes",
		"file_getattr", "file_setattr",
		"fgetxattr", "getxattr", "getxattrat", "lgetxattr",
		"flistxattr", "listxattr", "listxattrat", "llistxattr",
		"fremovexattr", "lremovexattr", "removexattr", "removexattrat",
		"fsetxattr", "lsetxattr", "setxattr", "setxattrat",
	},

	["@identity"] = {
		about = "reading the calling process's own ids: pid, tid, "
			.. "parent, process group, session, uids, gids and "
			.. "supplementary groups",
		"getpgid", "getpgrp", "getpid", "getppid", "getsid", "gettid",
		"getegid", "getegid32", "geteuid", "geteuid32",
		"getgid", "getgid32", "getuid", "getuid32",
		"getresgid", "getresgid32", "getresuid", "getresuid32",
		"getgroups", "getgroups32",
	},

	["@io-event"] = {
		about = "waiting for events on descriptors: select, poll, "
			.. "epoll, eventfd",
		"_newselect", "pselect6", "pselect6_time64", "select",
		"poll", "ppoll", "ppoll_time64",
		"epoll_create", "epoll_create1", "epoll_ctl", "epoll_pwait",
		"epoll_pwait2", "epoll_wait",
		"eventfd", "eventfd2",
	},

	["@ipc"] = {
		about = "inter-process communication: pipes, shared memory, "
			.. "System V and POSIX message queues and semaphores",
		"pipe", "pipe2", "memfd_create",
		"mq_getsetattr", "mq_notify", "mq_open", "mq_timedreceive",
		"mq_timedreceive_time64", "mq_timedsend", "mq_timedsend_time64",
		"mq_unlink",
		"msgctl", "msgget", "msgrcv", "msgsnd",
		"semctl", "semget", "semop", "semtimedop", "semtimedop_time64",
		"shmat", "shmctl", "shmdt", "shmget",
	},

	["@keyring"] = {
		about = "the kernel's key retention service",
		"add_key", "keyctl", "request_key",
	},

	["@memlock"] = {
		about = "locking memory into RAM",
		"mlock", "mlock2", "mlockall", "munlock", "munlockall",
	},

	["@memory"] = {
		about = "mapping, unmapping, protecting and advising on the "
			.. "process's own memory",
		"brk", "mmap", "mmap2", "mremap", "munmap", "remap_file_pages",
		"mprotect", "mseal", "map_shadow_stack",
		"madvise", "mincore", "msync",
		"get_mempolicy", "memfd_secret",
	},

	["@module"] = {
		about = "loading and unloading kernel modules",
		"delete_module", "finit_module", "init_module",
	},

	["@mount"] = {
		about = "mounting, unmounting and changing the root directory",
		"chroot", "pivot_root",
		"fsconfig", "fsmount", "fsopen", "fspick",
		"mount", "mount_setattr", "move_mount", "open_tree",
		"open_tree_attr", "umount", "umount2",
	},

	["@network-io"] = {
		about = "sockets: creating, connecting, sending and receiving",
		"socket", "socketpair",
		"accept", "accept4", "bind", "connect", "listen", "shutdown",
		"getpeername", "getsockname", "getsockopt", "setsockopt",
		"recv", "recvfrom", "recvmmsg", "recvmmsg_time64", "recvmsg",
		"send", "sendmmsg", "sendmsg", "sendto",
	},

	["@obsolete"] = {
		about = "calls removed from the kernel or never implemented",
		"_sysctl", "afs_syscall", "bdflush", "break", "create_module",
		"epoll_ctl_old", "epoll_wait_old", "ftime", "get_kernel_syms",
		"getpmsg", "gtty", "idle", "lock", "mpx", "nfsservctl", "prof",
		"profil", "putpmsg", "query_module", "security", "sgetmask",
		"ssetmask", "stty", "sysfs", "tuxcall", "ulimit", "uselib",
		"ustat", "usr26", "usr32", "vserver",
	},

	["@pkey"] = {
		about = "memory protection keys",
		"pkey_alloc", "pkey_free", "pkey_mprotect",
	},

	["@privileged"] = {
		about = "calls whose main use needs a capability",
		"@chown", "@clock", "@module", "@mount", "@raw-io", "@reboot",
		"@setuid", "@swap",
		"acct", "bpf", "capset", "fanotify_init", "fanotify_mark",
		"open_by_handle_at", "quotactl", "quotactl_fd",
		"setdomainname", "sethostname", "syslog", "vhangup",
	},

	["@process"] = {
		about = "creating, executing, signalling, waiting for and "
			.. "configuring processes and namespaces",
		"clone", "clone3", "fork", "vfork",
		"execve", "execveat",
		"kill", "pidfd_open", "pidfd_send_signal", "rt_sigqueueinfo",
		"rt_tgsigqueueinfo", "tgkill", "tkill",
		"wait4", "waitid", "waitpid",
		"capget", "prctl", "setpgid", "setsid",
		"getrusage", "times",
		"kcmp", "process_madvise", "process_mrelease",
		"listns", "setns", "unshare",
	},

	["@raw-io"] = {
		about = "direct access to I/O ports and PCI configuration",
		"ioperm", "iopl",
		"pciconfig_iobase", "pciconfig_read", "pciconfig_write",
	},

	["@reboot"] = {
		about = "rebooting and loading a new kernel",
		"kexec_file_load", "kexec_load", "reboot",
	},

	["@resources"] = {
		about = "changing resource limits, priorities, CPU affinity "
			.. "and NUMA placement",
		"prlimit64", "setrlimit",
		"ioprio_set", "nice", "setpriority",
		"sched_setaffinity", "sched_setattr", "sched_setparam",
		"sched_setscheduler",
		"mbind", "migrate_pages", "move_pages", "set_mempolicy",
		"set_mempolicy_home_node",
	},

	["@sandbox"] = {
		about = "confining the calling process: seccomp, Landlock and "
			.. "its own LSM attributes",
		"seccomp",
		"landlock_add_rule", "landlock_create_ruleset",
		"landlock_restrict_self",
		"lsm_get_self_attr", "lsm_list_modules", "lsm_set_self_attr",
	},

	["@setuid"] = {
		about = "changing user and group ids and supplementary groups",
		"setfsgid", "setfsgid32", "setfsuid", "setfsuid32",
		"setgid", "setgid32", "setuid", "setuid32",
		"setregid", "setregid32", "setresgid", "setresgid32",
		"setresuid", "setresuid32", "setreuid", "setreuid32",
		"setgroups", "setgroups32",
	},

	["@signal"] = {
		about = "handling, blocking and waiting for signals",
		"rt_sigaction", "sigaction", "signal",
		"rt_sigprocmask", "sigprocmask",
		"rt_sigpending", "sigpending",
		"rt_sigsuspend", "sigsuspend", "pause",
		"rt_sigtimedwait", "rt_sigtimedwait_time64",
		"rt_sigreturn", "sigreturn", "sigaltstack",
		"signalfd", "signalfd4",
	},

	["@swap"] = {
		about = "enabling and disabling swap devices",
		"swapoff", "swapon",
	},

	["@sync"] = {
		about = "flushing file data and memory maps to storage",
		"fdatasync", "fsync", "msync", "sync", "syncfs",
		"arm_sync_file_range", "sync_file_range", "sync_file_range2",
	},

	["@system-service"] = {
		about = "what an ordinary system service needs: no mounts, "
			.. "modules, reboots, raw I/O, tracing or clock "
			.. "changes",
		"@aio", "@basic-io", "@chown", "@default", "@file-system",
		"@identity", "@io-event", "@ipc", "@keyring", "@memlock",
		"@memory", "@network-io", "@pkey", "@process", "@resources",
		"@sandbox", "@setuid", "@signal", "@sync", "@timer",
		"@zero-copy",
		"getcpu", "getpriority", "ioprio_get", "sched_get_priority_max",
		"sched_get_priority_min", "sched_getattr", "sched_getparam",
		"sched_getscheduler", "sched_rr_get_interval",
		"sched_rr_get_interval_time64",
		"ioctl", "personality", "sysinfo", "userfaultfd",
		"oldolduname", "olduname", "uname",
	},

	["@timer"] = {
		about = "timers and alarms that signal or wake the process",
		"alarm", "getitimer", "setitimer",
		"timer_create", "timer_delete", "timer_getoverrun",
		"timer_gettime", "timer_gettime64", "timer_settime",
		"timer_settime64",
		"timerfd_create", "timerfd_gettime", "timerfd_gettime64",
		"timerfd_settime", "timerfd_settime64",
	},

	["@zero-copy"] = {
		about = "moving data between descriptors inside the kernel: "
			.. "sendfile, splice, copy_file_range",
		"copy_file_range", "sendfile", "sendfile64",
		"splice", "tee", "vmsplice",
	},
}

-- Levenshtein distance between two short strings.
-- The group names of definitions nearest to name, closest first: within
-- a third of its length in edits, or one containing the other ("@network"
-- for "@network-io").
local function suggest(definitions, name)
	local bare = name:gsub("^@", "")
	local candidates = {}
	for candidate in pairs(definitions) do
		candidates[#candidates + 1] = candidate
	end
	return nearest.among(candidates, name, math.max(1, #name // 3),
		function(candidate)
			local other = candidate:sub(2)
			local contains = #bare >= 3 and (other:find(bare, 1, true)
				or bare:find(other, 1, true))
			return contains and 1 or math.huge
		end)
end

local function unknown(definitions, name, context)
	blame.error(("%sunknown syscall group '%s'%s"):format(context or "",
		name, nearest.hint(suggest(definitions, name))))
end

local function lookup(definitions, name)
	blame.check_type("a syscall group name", name, "string")
	local def = definitions[name]
	if not def then unknown(definitions, name) end
	return def
end

-- Adds the syscalls of group name to set; path holds the groups being
-- expanded, outermost first, to catch a group that includes itself.
local function collect(definitions, name, set, path)
	for _, outer in ipairs(path) do
		if outer == name then
			path[#path + 1] = name
			blame.error("syscall groups include each other in a "
				.. "cycle: " .. table.concat(path, " -> "))
		end
	end
	local def = definitions[name]
	if not def then
		unknown(definitions, name, ("syscall group '%s' names an ")
			:format(path[#path]))
	end
	path[#path + 1] = name
	for _, entry in ipairs(def) do
		if entry:sub(1, 1) == "@" then
			collect(definitions, entry, set, path)
		else
			set[entry] = true
		end
	end
	path[#path] = nil
end

--- Expands a group of any table shaped like the built-in one, `{
-- ["@g"] = { about = "...", "read", "@h" } }`: members does so for the
-- built-in groups; tools and specs check other tables with it.
-- @tparam table definitions group name -> { about = string, entries... }
-- @tparam string name "@group"
-- @treturn {string,...} the sorted syscall names, nested groups expanded
-- @raise naming the profile's line for an unknown group (with the nearest
-- names) and for groups that include each other in a cycle
function M.expand(definitions, name)
	lookup(definitions, name)
	local set, list = {}, {}
	collect(definitions, name, set, {})
	for syscall in pairs(set) do list[#list + 1] = syscall end
	table.sort(list)
	return list
end

local cache = {}

--- The syscalls of a built-in group.
-- @tparam string name "@basic-io", ...
-- @treturn {string,...} sorted syscall names, nested groups expanded, a
-- fresh list the caller may change
-- @raise naming the profile's line when no group has that name
-- @usage groups.members "@sync" --> { "arm_sync_file_range", ... }
function M.members(name)
	cache[name] = cache[name] or M.expand(builtin, name)
	local list = cache[name]
	return table.move(list, 1, #list, 1, {})
end

--- The names of the built-in groups.
-- @treturn {string,...} sorted, each starting with "@"
function M.names()
	local list = {}
	for name in pairs(builtin) do list[#list + 1] = name end
	table.sort(list)
	return list
end

--- A group's one-line description.
-- @tparam string name "@basic-io", ...
-- @treturn string lowercase, no final period
-- @raise as members does for an unknown group
function M.describe(name)
	return lookup(builtin, name).about
end

--- A group's own entries, as written: syscall names and "@groups".
-- @tparam string name "@system-service", ...
-- @treturn {string,...} a fresh list in the group's order
-- @raise as members does for an unknown group
function M.direct(name)
	local def = lookup(builtin, name)
	return table.move(def, 1, #def, 1, {})
end

return M

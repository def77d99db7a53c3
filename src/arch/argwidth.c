/*
 * argwidth.c - how many bits of each syscall argument the kernel reads.
 *
 * A 64-bit kernel passes every argument in a 64-bit register, and
 * seccomp_data.args[] shows all 64 bits, but SYSCALL_DEFINEn casts each
 * one to its declared type before the syscall sees it.  An argument typed
 * int, unsigned int, u32, pid_t, uid_t, gid_t, key_t, key_serial_t,
 * clockid_t, timer_t, mqd_t, qid_t, rwf_t or an enum keeps only its low 32
 * bits; umode_t keeps 16 and is treated as 32 here (the filter's unit).
 * For such an argument a filter must compare the low half only: the high
 * half is whatever the caller left in the register, and comparing it
 * would let a caller dodge a rule the kernel would have applied.
 *
 * The table lists, per syscall, the indexes of its 32-bit arguments on
 * the 64-bit arches, from the signatures in the kernel's
 * include/linux/syscalls.h and SYSCALL_DEFINE sites (Linux 6.1 plus the
 * newer calls in tools/gen-syscalls.lua).  x86_64, aarch64 and riscv64
 * share them: a name means the same C signature on all three.  x32 is
 * given x86_64's widths; its compat entry points (numbers 512 and up)
 * narrow a few more unsigned long arguments, which this table does not
 * model, so a rule there compares those in full.
 *
 * A few unsigned long arguments are listed too because the kernel narrows
 * them at once: the fd of mmap and of the readv family goes to fget() or
 * fdget(), which take an unsigned int, and clone keeps lower_32_bits() of
 * its flags.  Everything not listed (pointers, sizes, offsets, longs,
 * unknown syscalls) is 64 bits.  On a 32-bit arch every argument is 32.
 */
#include <string.h>

#include "arch/arch.h"

struct narrow_args {
	const char *name;
	const char *args;      /* the 32-bit argument indexes, as digits */
};

static const struct narrow_args narrow[] = {
	{ "accept", "0" },           /* fd */
	{ "accept4", "03" },         /* fd, flags */
	{ "access", "1" },           /* mode */
	{ "add_key", "4" },          /* ringid */
	{ "alarm", "0" },            /* seconds */
	{ "arch_prctl", "0" },       /* option */
	{ "bind", "02" },            /* fd, addrlen */
	{ "bpf", "02" },             /* cmd, size */
	{ "cachestat", "03" },       /* fd, flags */
	{ "chmod", "1" },            /* mode */
	{ "chown", "12" },           /* user, group */
	{ "clock_adjtime", "0" },    /* which_clock */
	{ "clock_getres", "0" },     /* which_clock */
	{ "clock_gettime", "0" },    /* which_clock */
	{ "clock_nanosleep", "01" }, /* which_clock, flags */
	{ "clock_settime", "0" },    /* which_clock */
	{ "clone", "0" },            /* flags: cut to lower_32_bits() */
	{ "close", "0" },            /* fd */
	{ "close_range", "012" },    /* fd, max_fd, flags */
	{ "connect", "02" },         /* fd, addrlen */
	{ "copy_file_range", "025" }, /* fd_in, fd_out, flags */
	{ "creat", "1" },            /* mode */
	{ "delete_module", "1" },    /* flags */
	{ "dup", "0" },              /* fildes */
	{ "dup2", "01" },            /* oldfd, newfd */
	{ "dup3", "012" },           /* oldfd, newfd, flags */
	{ "epoll_create", "0" },     /* size */
	{ "epoll_create1", "0" },    /* flags */
	{ "epoll_ctl", "012" },      /* epfd, op, fd */
	{ "epoll_pwait", "023" },    /* epfd, maxevents, timeout */
	{ "epoll_pwait2", "02" },    /* epfd, maxevents */
	{ "epoll_wait", "023" },     /* epfd, maxevents, timeout */
	{ "eventfd", "0" },          /* count */
	{ "eventfd2", "01" },        /* count, flags */
	{ "execveat", "04" },        /* fd, flags */
	{ "exit", "0" },             /* error_code */
	{ "exit_group", "0" },       /* error_code */
	{ "faccessat", "02" },       /* dfd, mode */
	{ "faccessat2", "023" },     /* dfd, mode, flags */
	{ "fadvise64", "03" },       /* fd, advice */
	{ "fallocate", "01" },       /* fd, mode */
	{ "fanotify_init", "01" },   /* flags, event_f_flags */
	{ "fanotify_mark", "013" },  /* fanotify_fd, flags, dfd */
	{ "fchdir", "0" },           /* fd */
	{ "fchmod", "01" },          /* fd, mode */
	{ "fchmodat", "02" },        /* dfd, mode */
	{ "fchmodat2", "023" },      /* dfd, mode, flags */
	{ "fchown", "012" },         /* fd, user, group */
	{ "fchownat", "0234" },      /* dfd, user, group, flag */
	{ "fcntl", "01" },           /* fd, cmd */
	{ "fdatasync", "0" },        /* fd */
	{ "fgetxattr", "0" },        /* fd */
	{ "file_getattr", "04" },    /* dfd, at_flags */
	{ "file_setattr", "04" },    /* dfd, at_flags */
	{ "finit_module", "02" },    /* fd, flags */
	{ "flistxattr", "0" },       /* fd */
	{ "flock", "01" },           /* fd, cmd */
	{ "fremovexattr", "0" },     /* fd */
	{ "fsconfig", "014" },       /* fd, cmd, aux */
	{ "fsetxattr", "04" },       /* fd, flags */
	{ "fsmount", "012" },        /* fs_fd, flags, attr_flags */
	{ "fsopen", "1" },           /* flags */
	{ "fspick", "02" },          /* dfd, flags */
	{ "fstat", "0" },            /* fd */
	{ "fstatfs", "0" },          /* fd */
	{ "fsync", "0" },            /* fd */
	{ "ftruncate", "0" },        /* fd */
	{ "futex", "125" },          /* op, val, val3 */
	{ "futex_requeue", "123" },  /* flags, nr_wake, nr_requeue */
	{ "futex_wait", "35" },      /* flags, clockid */
	{ "futex_waitv", "124" },    /* nr_futexes, flags, clockid */
	{ "futex_wake", "23" },      /* nr, flags */
	{ "futimesat", "0" },        /* dfd */
	{ "get_robust_list", "0" },  /* pid */
	{ "getdents", "02" },        /* fd, count */
	{ "getdents64", "02" },      /* fd, count */
	{ "getgroups", "0" },        /* gidsetsize */
	{ "getitimer", "0" },        /* which */
	{ "getpeername", "0" },      /* fd */
	{ "getpgid", "0" },          /* pid */
	{ "getpriority", "01" },     /* which, who */
	{ "getrandom", "2" },        /* flags */
	{ "getrlimit", "0" },        /* resource */
	{ "getrusage", "0" },        /* who */
	{ "getsid", "0" },           /* pid */
	{ "getsockname", "0" },      /* fd */
	{ "getsockopt", "012" },     /* fd, level, optname */
	{ "getxattrat", "02" },      /* dfd, at_flags */
	{ "inotify_add_watch", "02" }, /* fd, mask */
	{ "inotify_init1", "0" },    /* flags */
	{ "inotify_rm_watch", "01" }, /* fd, wd */
	{ "io_setup", "0" },         /* nr_events */
	{ "io_uring_enter", "0123" }, /* fd, to_submit, min_complete, flags */
	{ "io_uring_register", "013" }, /* fd, opcode, nr_args */
	{ "io_uring_setup", "0" },   /* entries */
	{ "ioctl", "01" },           /* fd, cmd */
	{ "ioperm", "2" },           /* turn_on */
	{ "iopl", "0" },             /* level */
	{ "ioprio_get", "01" },      /* which, who */
	{ "ioprio_set", "012" },     /* which, who, ioprio */
	{ "kcmp", "012" },           /* pid1, pid2, type */
	{ "kexec_file_load", "01" }, /* kernel_fd, initrd_fd */
	{ "keyctl", "0" },           /* option */
	{ "kill", "01" },            /* pid, sig */
	{ "landlock_add_rule", "013" }, /* ruleset_fd, rule_type, flags */
	{ "landlock_create_ruleset", "2" }, /* flags */
	{ "landlock_restrict_self", "01" }, /* ruleset_fd, flags */
	{ "lchown", "12" },          /* user, group */
	{ "linkat", "024" },         /* olddfd, newdfd, flags */
	{ "listen", "01" },          /* fd, backlog */
	{ "listmount", "3" },        /* flags */
	{ "listns", "3" },           /* flags */
	{ "listxattrat", "02" },     /* dfd, at_flags */
	{ "lseek", "02" },           /* fd, whence */
	{ "lsetxattr", "4" },        /* flags */
	{ "lsm_get_self_attr", "03" }, /* attr, flags */
	{ "lsm_list_modules", "2" }, /* flags */
	{ "lsm_set_self_attr", "023" }, /* attr, size, flags */
	{ "madvise", "2" },          /* behavior */
	{ "map_shadow_stack", "2" }, /* flags */
	{ "mbind", "5" },            /* flags */
	{ "membarrier", "012" },     /* cmd, flags, cpu_id */
	{ "memfd_create", "1" },     /* flags */
	{ "memfd_secret", "0" },     /* flags */
	{ "migrate_pages", "0" },    /* pid */
	{ "mkdir", "1" },            /* mode */
	{ "mkdirat", "02" },         /* dfd, mode */
	{ "mknod", "12" },           /* mode, dev */
	{ "mknodat", "023" },        /* dfd, mode, dev */
	{ "mlock2", "2" },           /* flags */
	{ "mlockall", "0" },         /* flags */
	{ "mmap", "4" },             /* fd: fget() takes an unsigned int */
	{ "modify_ldt", "0" },       /* func */
	{ "mount_setattr", "02" },   /* dfd, flags */
	{ "move_mount", "024" },     /* from_dfd, to_dfd, flags */
	{ "move_pages", "05" },      /* pid, flags */
	{ "mq_getsetattr", "0" },    /* mqdes */
	{ "mq_notify", "0" },        /* mqdes */
	{ "mq_open", "12" },         /* oflag, mode */
	{ "mq_timedreceive", "0" },  /* mqdes */
	{ "mq_timedsend", "03" },    /* mqdes, msg_prio */
	{ "msgctl", "01" },          /* msqid, cmd */
	{ "msgget", "01" },          /* key, msgflg */
	{ "msgrcv", "04" },          /* msqid, msgflg */
	{ "msgsnd", "03" },          /* msqid, msgflg */
	{ "msync", "2" },            /* flags */
	{ "name_to_handle_at", "04" }, /* dfd, flag */
	{ "newfstatat", "03" },      /* dfd, flag */
	{ "open", "12" },            /* flags, mode */
	{ "open_by_handle_at", "02" }, /* mountdirfd, flags */
	{ "open_tree", "02" },       /* dfd, flags */
	{ "open_tree_attr", "02" },  /* dfd, flags */
	{ "openat", "023" },         /* dfd, flags, mode */
	{ "openat2", "0" },          /* dfd */
	{ "perf_event_open", "123" }, /* pid, cpu, group_fd */
	{ "personality", "0" },      /* personality */
	{ "pidfd_getfd", "012" },    /* pidfd, fd, flags */
	{ "pidfd_open", "01" },      /* pid, flags */
	{ "pidfd_send_signal", "013" }, /* pidfd, sig, flags */
	{ "pipe2", "1" },            /* flags */
	{ "pkey_free", "0" },        /* pkey */
	{ "pkey_mprotect", "3" },    /* pkey */
	{ "poll", "12" },            /* nfds, timeout_msecs */
	{ "ppoll", "1" },            /* nfds */
	{ "prctl", "0" },            /* option */
	{ "pread64", "0" },          /* fd */
	{ "preadv", "0" },           /* fd: fdget() takes an unsigned int */
	{ "preadv2", "05" },         /* fd (as preadv), flags */
	{ "prlimit64", "01" },       /* pid, resource */
	{ "process_madvise", "034" }, /* pidfd, behavior, flags */
	{ "process_mrelease", "01" }, /* pidfd, flags */
	{ "process_vm_readv", "0" }, /* pid */
	{ "process_vm_writev", "0" }, /* pid */
	{ "pselect6", "0" },         /* n */
	{ "pwrite64", "0" },         /* fd */
	{ "pwritev", "0" },          /* fd: fdget() takes an unsigned int */
	{ "pwritev2", "05" },        /* fd (as pwritev), flags */
	{ "quotactl", "02" },        /* cmd, id */
	{ "quotactl_fd", "012" },    /* fd, cmd, id */
	{ "read", "0" },             /* fd */
	{ "readahead", "0" },        /* fd */
	{ "readlink", "2" },         /* bufsiz */
	{ "readlinkat", "03" },      /* dfd, bufsiz */
	{ "readv", "0" },            /* fd: fdget() takes an unsigned int */
	{ "reboot", "012" },         /* magic1, magic2, cmd */
	{ "recvfrom", "03" },        /* fd, flags */
	{ "recvmmsg", "023" },       /* fd, vlen, flags */
	{ "recvmsg", "02" },         /* fd, flags */
	{ "removexattrat", "02" },   /* dfd, at_flags */
	{ "renameat", "02" },        /* olddfd, newdfd */
	{ "renameat2", "024" },      /* olddfd, newdfd, flags */
	{ "request_key", "3" },      /* destringid */
	{ "riscv_hwprobe", "4" },    /* flags */
	{ "rseq", "123" },           /* rseq_len, flags, sig */
	{ "rt_sigaction", "0" },     /* sig */
	{ "rt_sigprocmask", "0" },   /* how */
	{ "rt_sigqueueinfo", "01" }, /* pid, sig */
	{ "rt_tgsigqueueinfo", "012" }, /* tgid, pid, sig */
	{ "sched_get_priority_max", "0" }, /* policy */
	{ "sched_get_priority_min", "0" }, /* policy */
	{ "sched_getaffinity", "01" }, /* pid, len */
	{ "sched_getattr", "023" },  /* pid, usize, flags */
	{ "sched_getparam", "0" },   /* pid */
	{ "sched_getscheduler", "0" }, /* pid */
	{ "sched_rr_get_interval", "0" }, /* pid */
	{ "sched_setaffinity", "01" }, /* pid, len */
	{ "sched_setattr", "02" },   /* pid, flags */
	{ "sched_setparam", "0" },   /* pid */
	{ "sched_setscheduler", "01" }, /* pid, policy */
	{ "seccomp", "01" },         /* op, flags */
	{ "select", "0" },           /* n */
	{ "semctl", "012" },         /* semid, semnum, cmd */
	{ "semget", "012" },         /* key, nsems, semflg */
	{ "semop", "02" },           /* semid, nsops */
	{ "semtimedop", "02" },      /* semid, nsops */
	{ "sendfile", "01" },        /* out_fd, in_fd */
	{ "sendmmsg", "023" },       /* fd, vlen, flags */
	{ "sendmsg", "02" },         /* fd, flags */
	{ "sendto", "035" },         /* fd, flags, addr_len */
	{ "set_mempolicy", "0" },    /* mode */
	{ "setdomainname", "1" },    /* len */
	{ "setfsgid", "0" },         /* gid */
	{ "setfsuid", "0" },         /* uid */
	{ "setgid", "0" },           /* gid */
	{ "setgroups", "0" },        /* gidsetsize */
	{ "sethostname", "1" },      /* len */
	{ "setitimer", "0" },        /* which */
	{ "setns", "01" },           /* fd, flags */
	{ "setpgid", "01" },         /* pid, pgid */
	{ "setpriority", "012" },    /* which, who, niceval */
	{ "setregid", "01" },        /* rgid, egid */
	{ "setresgid", "012" },      /* rgid, egid, sgid */
	{ "setresuid", "012" },      /* ruid, euid, suid */
	{ "setreuid", "01" },        /* ruid, euid */
	{ "setrlimit", "0" },        /* resource */
	{ "setsockopt", "0124" },    /* fd, level, optname, optlen */
	{ "setuid", "0" },           /* uid */
	{ "setxattr", "4" },         /* flags */
	{ "setxattrat", "02" },      /* dfd, at_flags */
	{ "shmat", "02" },           /* shmid, shmflg */
	{ "shmctl", "01" },          /* shmid, cmd */
	{ "shmget", "02" },          /* key, shmflg */
	{ "shutdown", "01" },        /* fd, how */
	{ "signalfd", "0" },         /* ufd */
	{ "signalfd4", "03" },       /* ufd, flags */
	{ "socket", "012" },         /* family, type, protocol */
	{ "socketpair", "012" },     /* family, type, protocol */
	{ "splice", "025" },         /* fd_in, fd_out, flags */
	{ "statmount", "3" },        /* flags */
	{ "statx", "023" },          /* dfd, flags, mask */
	{ "swapon", "1" },           /* swap_flags */
	{ "symlinkat", "1" },        /* newdfd */
	{ "sync_file_range", "03" }, /* fd, flags */
	{ "syncfs", "0" },           /* fd */
	{ "sysfs", "0" },            /* option */
	{ "syslog", "02" },          /* type, len */
	{ "tee", "013" },            /* fdin, fdout, flags */
	{ "tgkill", "012" },         /* tgid, pid, sig */
	{ "timer_create", "0" },     /* which_clock */
	{ "timer_delete", "0" },     /* timer_id */
	{ "timer_getoverrun", "0" }, /* timer_id */
	{ "timer_gettime", "0" },    /* timer_id */
	{ "timer_settime", "01" },   /* timer_id, flags */
	{ "timerfd_create", "01" },  /* clockid, flags */
	{ "timerfd_gettime", "0" },  /* ufd */
	{ "timerfd_settime", "01" }, /* ufd, flags */
	{ "tkill", "01" },           /* pid, sig */
	{ "umask", "0" },            /* mask */
	{ "umount2", "1" },          /* flags */
	{ "unlinkat", "02" },        /* dfd, flag */
	{ "userfaultfd", "0" },      /* flags */
	{ "ustat", "0" },            /* dev */
	{ "utimensat", "03" },       /* dfd, flags */
	{ "vmsplice", "03" },        /* fd, flags */
	{ "wait4", "02" },           /* pid, options */
	{ "waitid", "013" },         /* which, upid, options */
	{ "write", "0" },            /* fd */
	{ "writev", "0" },           /* fd: fdget() takes an unsigned int */
};

#define NARROW_COUNT (sizeof(narrow) / sizeof(narrow[0]))

/* The table is short and read while compiling, not per syscall. */
static const char *narrow_args(const char *name)
{
	for (size_t i = 0; i < NARROW_COUNT; i++)
		if (strcmp(narrow[i].name, name) == 0)
			return narrow[i].args;
	return NULL;
}

unsigned arch_arg_bits(const struct arch_info *arch, const char *name,
		       unsigned arg)
{
	const char *args;

	if (arch->bits == 32)
		return 32;
	args = narrow_args(name);
	if (args == NULL || arg > 5)
		return 64;
	return strchr(args, (int)('0' + arg)) != NULL ? 32 : 64;
}

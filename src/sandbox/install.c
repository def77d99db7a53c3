/*
 * install.c - no_new_privs and seccomp(SECCOMP_SET_MODE_FILTER).
 *
 * The filter is installed with no flags beyond the listener request:
 * luasandbox is single-threaded at the checkpoint, so TSYNC has nothing to
 * synchronise, and SPEC_ALLOW would weaken the workload's defences.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/seccomp.h>

#include "sandbox/install.h"

int install_no_new_privs(char *msg, size_t size)
{
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
		snprintf(msg, size, "prctl(PR_SET_NO_NEW_PRIVS): %s",
			 strerror(errno));
		return -1;
	}
	return 0;
}

static const char *install_hint(int err)
{
	if (err == EACCES)
		return " (set no_new_privs first, or run with CAP_SYS_ADMIN)";
	if (err == EINVAL)
		return " (the kernel refused the program)";
	if (err == EBUSY)
		return " (another filter already has a listener)";
	return "";
}

int install_filter(const struct sock_filter *insns, size_t len,
		   int *listener, char *msg, size_t size)
{
	struct sock_fprog prog = {
		.len = (unsigned short)len,
		.filter = (struct sock_filter *)(uintptr_t)insns,
	};
	unsigned long flags = 0;

	if (len == 0 || len > BPF_MAXINSNS) {
		snprintf(msg, size, "cannot install a filter of %zu "
			 "instructions", len);
		return -1;
	}
	if (listener != NULL)
		flags |= SECCOMP_FILTER_FLAG_NEW_LISTENER;
	long r = syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog);
	if (r < 0) {
		int err = errno;
		snprintf(msg, size, "cannot install filter: seccomp("
			 "SECCOMP_SET_MODE_FILTER): %s%s", strerror(err),
			 install_hint(err));
		return -1;
	}
	if (listener != NULL)
		*listener = (int)r;
	return 0;
}

/*
 * identity.c - user, groups and capabilities of the child.
 *
 * Order matters, and the hook decides it: set groups and gid while still
 * privileged, uid last.  setres[ug]id set real, effective and saved ids
 * together so no way back remains.  Capabilities: for a root workload,
 * execve grants what the bounding set allows, so dropping from the
 * bounding set is what keeps a capability from the workload; the ambient
 * and inheritable sets are emptied so that nothing passes through execve
 * to a non-root workload either.
 */
#include <errno.h>
#include <grp.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/capability.h>

#include "sandbox/identity.h"

static int failed(char *msg, size_t size, const char *call)
{
	snprintf(msg, size, "%s: %s", call, strerror(errno));
	return -1;
}

int identity_set_groups(const gid_t *groups, size_t count, char *msg,
			size_t size)
{
	if (setgroups(count, groups) != 0)
		return failed(msg, size, "setgroups");
	return 0;
}

int identity_set_gid(gid_t gid, char *msg, size_t size)
{
	if (setresgid(gid, gid, gid) != 0)
		return failed(msg, size, "setresgid");
	return 0;
}

int identity_set_uid(uid_t uid, char *msg, size_t size)
{
	if (setresuid(uid, uid, uid) != 0)
		return failed(msg, size, "setresuid");
	return 0;
}

static const char *const cap_names[] = {
	"chown", "dac_override", "dac_read_search", "fowner", "fsetid",
	"kill", "setgid", "setuid", "setpcap", "linux_immutable",
	"net_bind_service", "net_broadcast", "net_admin", "net_raw",
	"ipc_lock", "ipc_owner", "sys_module", "sys_rawio", "sys_chroot",
	"sys_ptrace", "sys_pacct", "sys_admin", "sys_boot", "sys_nice",
	"sys_resource", "sys_time", "sys_tty_config", "mknod", "lease",
	"audit_write", "audit_control", "setfcap", "mac_override",
	"mac_admin", "syslog", "wake_alarm", "block_suspend", "audit_read",
	"perfmon", "bpf", "checkpoint_restore",
};
_Static_assert(sizeof(cap_names) / sizeof(cap_names[0]) ==
	       CAP_LAST_CAP + 1, "one name per capability");

int identity_cap_number(const char *name)
{
	if (strncasecmp(name, "CAP_", 4) == 0)
		name += 4;
	for (int i = 0; i <= CAP_LAST_CAP; i++)
		if (strcasecmp(name, cap_names[i]) == 0)
			return i;
	return -1;
}

/* The highest capability the running kernel knows. */
static int last_cap(void)
{
	int cap = CAP_LAST_CAP;

	while (prctl(PR_CAPBSET_READ, cap + 1, 0, 0, 0) >= 0)
		cap++;
	return cap;
}

int identity_drop_bounding(int cap, char *msg, size_t size)
{
	int first = cap < 0 ? 0 : cap;
	int last = cap < 0 ? last_cap() : cap;

	for (int c = first; c <= last; c++)
		if (prctl(PR_CAPBSET_DROP, c, 0, 0, 0) != 0)
			return failed(msg, size, "prctl(PR_CAPBSET_DROP)");
	return 0;
}

int identity_clear_inheritable(char *msg, size_t size)
{
	struct __user_cap_header_struct header = {
		.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0,
	};
	struct __user_cap_data_struct data[2];

	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0)
		return failed(msg, size, "prctl(PR_CAP_AMBIENT_CLEAR_ALL)");
	if (syscall(SYS_capget, &header, data) != 0)
		return failed(msg, size, "capget");
	data[0].inheritable = 0;
	data[1].inheritable = 0;
	if (syscall(SYS_capset, &header, data) != 0)
		return failed(msg, size, "capset");
	return 0;
}

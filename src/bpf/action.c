/*
 * action.c - names of SECCOMP_RET_* values, as profiles write them.
 */
#include <stdio.h>
#include <linux/seccomp.h>

#include "bpf/disasm.h"

struct action_kind {
	uint32_t base;
	const char *name;
	int has_data;          /* the low 16 bits mean something */
};

static const struct action_kind kinds[] = {
	{ SECCOMP_RET_KILL_PROCESS, "kill_process", 0 },
	{ SECCOMP_RET_KILL_THREAD, "kill_thread", 0 },
	{ SECCOMP_RET_TRAP, "trap", 1 },
	{ SECCOMP_RET_ERRNO, "errno", 1 },
	{ SECCOMP_RET_USER_NOTIF, "user_notif", 0 },
	{ SECCOMP_RET_TRACE, "trace", 1 },
	{ SECCOMP_RET_LOG, "log", 0 },
	{ SECCOMP_RET_ALLOW, "allow", 0 },
};

/* An unknown action, or data where the kind takes none: the raw word. */
void bpf_action_name(uint32_t action, char *buf, size_t size)
{
	uint32_t base = action & SECCOMP_RET_ACTION_FULL;
	uint32_t data = action & SECCOMP_RET_DATA;
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (kinds[i].base != base)
			continue;
		if (kinds[i].has_data)
			snprintf(buf, size, "%s(%u)", kinds[i].name, data);
		else if (data == 0)
			snprintf(buf, size, "%s", kinds[i].name);
		else
			break;
		return;
	}
	snprintf(buf, size, "0x%08x", action);
}

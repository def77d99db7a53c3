/*
 * multiplex.c - socketcall(2) and ipc(2): the old entry points through
 * which some 32-bit arches reach the socket and System V IPC calls.
 *
 * A filter that allows "socket" must also look at socketcall's first
 * argument on such an arch, because libc may use either path.  The
 * sub-call numbers are the SYS_* values of <linux/net.h> and the IPC call
 * numbers of the kernel's ipc/syscall.c; they are the same on every arch
 * that has the multiplexer.  Whether an arch has one is read from its
 * table: i386 has both, the other five arches neither.
 */
#include <string.h>

#include "arch/arch.h"

struct subcall {
	const char *name;
	int call;
};

static const struct subcall socketcalls[] = {
	{ "socket", 1 }, { "bind", 2 }, { "connect", 3 }, { "listen", 4 },
	{ "accept", 5 }, { "getsockname", 6 }, { "getpeername", 7 },
	{ "socketpair", 8 }, { "send", 9 }, { "recv", 10 },
	{ "sendto", 11 }, { "recvfrom", 12 }, { "shutdown", 13 },
	{ "setsockopt", 14 }, { "getsockopt", 15 }, { "sendmsg", 16 },
	{ "recvmsg", 17 }, { "accept4", 18 }, { "recvmmsg", 19 },
	{ "sendmmsg", 20 },
};

/*
 * ipc(2) reads the call from the low 16 bits of its first argument; the
 * high 16 bits carry a version, which a filter must mask off.
 */
static const struct subcall ipccalls[] = {
	{ "semop", 1 }, { "semget", 2 }, { "semctl", 3 },
	{ "semtimedop", 4 }, { "msgsnd", 11 }, { "msgrcv", 12 },
	{ "msgget", 13 }, { "msgctl", 14 }, { "shmat", 21 },
	{ "shmdt", 22 }, { "shmget", 23 }, { "shmctl", 24 },
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int subcall_find(const struct subcall *calls, size_t count,
			const char *name)
{
	for (size_t i = 0; i < count; i++)
		if (strcmp(calls[i].name, name) == 0)
			return calls[i].call;
	return -1;
}

int arch_socketcall_call(const struct arch_info *arch, const char *name)
{
	if (arch_syscall_nr(arch, "socketcall") < 0)
		return -1;
	return subcall_find(socketcalls, COUNT(socketcalls), name);
}

int arch_ipc_call(const struct arch_info *arch, const char *name)
{
	if (arch_syscall_nr(arch, "ipc") < 0)
		return -1;
	return subcall_find(ipccalls, COUNT(ipccalls), name);
}

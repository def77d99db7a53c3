/*
 * launch.h - fork, the checkpoint, execve, and the watch over the
 * workload.  Knows nothing of Lua: the checkpoint is a callback run in the
 * child, and its failure arrives in the parent as a one-line message.
 */
#ifndef LUASANDBOX_SANDBOX_LAUNCH_H
#define LUASANDBOX_SANDBOX_LAUNCH_H

#include <stddef.h>

#include "bpf/program.h"
#include "sandbox/notify.h"

/* Exit statuses of DESIGN.md's launcher contract. */
enum {
	LAUNCH_EXIT_FAILURE = 125,   /* luasandbox itself failed */
	LAUNCH_EXIT_NOEXEC = 126,    /* COMMAND is not executable */
	LAUNCH_EXIT_NOTFOUND = 127,  /* COMMAND was not found */
	LAUNCH_EXIT_SIGNAL = 128     /* + the signal's number */
};

/*
 * Runs in the child before execve; returns 0 with *filter set to the
 * filter launch_run installs last, after no_new_privs (NULL: none, the
 * checkpoint installed its own), or -1 with a one-line message in msg,
 * and the workload never runs.
 */
typedef int launch_checkpoint(void *ctx, const struct bpf_program **filter,
			      char *msg, size_t size);

struct launch {
	const char *path;            /* the resolved executable */
	char *const *argv;           /* argv[0] as the user wrote it */
	launch_checkpoint *ready;    /* the ready(child) hook */
	void *ctx;
	notify_decide *decide;       /* answers notified syscalls; NULL:
				      * every one runs */
	void *decide_ctx;
};

/*
 * Resolves name as execvp would (a name with a slash is taken as is).
 * Returns 0 with buf filled, or LAUNCH_EXIT_NOTFOUND / LAUNCH_EXIT_NOEXEC
 * with msg filled.
 */
int launch_resolve(const char *name, char *buf, size_t size, char *msg,
		   size_t msg_size);

/*
 * Forks, runs the checkpoint in the child, installs its filter, execs.
 * When the filter can return user_notif the parent takes the listener
 * and answers the notifications with decide until the child ends.  The
 * parent forwards terminating signals, waits, and returns the exit status
 * of the launcher contract; on a failure before execve it prints the
 * child's message.
 */
int launch_run(const struct launch *launch);

#endif

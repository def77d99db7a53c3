/*
 * notify.h - the user-notification supervisor: the parent's side of
 * SECCOMP_RET_USER_NOTIF.  It takes the child's listener with
 * pidfd_getfd, then answers each notified syscall with an errno or with
 * SECCOMP_USER_NOTIF_FLAG_CONTINUE.  Knows nothing of Lua: the decision
 * is a callback, as the checkpoint is for launch.c.
 */
#ifndef LUASANDBOX_SANDBOX_NOTIFY_H
#define LUASANDBOX_SANDBOX_NOTIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <linux/filter.h>
#include <linux/seccomp.h>

/* A decision that lets the syscall run (SECCOMP_USER_NOTIF_FLAG_CONTINUE). */
enum { NOTIFY_CONTINUE = -1 };

/*
 * Decides one notified syscall: returns NOTIFY_CONTINUE, or the errno
 * (0..4095) the syscall fails with; 0 makes it return 0 without running.
 * It may read /proc/PID of the caller: the answer is dropped when the
 * notification is no longer valid afterwards.
 */
typedef int notify_decide(void *ctx, const struct seccomp_notif *call);

/* What notify_serve returned for. */
enum notify_event {
	NOTIFY_ENDED,        /* the child ended */
	NOTIFY_WATCH         /* the watched descriptor became readable */
};

struct notify_session {
	int listener;
	pid_t child;                 /* the launched process */
	int sync_fd;                 /* its sync read's descriptor */
	bool sync_pending;           /* that read has not been answered */
	notify_decide *decide;       /* NULL: continue every call */
	void *ctx;
	struct seccomp_notif *call;  /* sized by SECCOMP_GET_NOTIF_SIZES */
	size_t call_size;
	struct seccomp_notif_resp *answer;
	size_t answer_size;
};

/* True when the program can return SECCOMP_RET_USER_NOTIF. */
bool notify_wanted(const struct sock_filter *insns, size_t len);

/*
 * Takes descriptor fd of the process behind pidfd once it is a seccomp
 * listener, retrying while the process lives.  Returns 0 with *listener
 * set; 1 when the process ended first (its report says why); -1 with
 * msg filled.
 */
int notify_acquire(int pidfd, int fd, int *listener, char *msg,
		   size_t size);

/*
 * Prepares a session on listener (which it then owns) for child, whose
 * one read of sync_fd before execve is luasandbox's own and always
 * continued.  Returns 0, or -1 with msg filled and listener closed.
 */
int notify_open(struct notify_session *s, int listener, pid_t child,
		int sync_fd, char *msg, size_t size);

/* Closes the listener and frees the buffers. */
void notify_close(struct notify_session *s);

/*
 * Answers notifications until the process behind pidfd ends or watch
 * (ignored when negative) becomes readable, which takes precedence.
 * Returns an enum notify_event, or -1 with msg filled.
 */
int notify_serve(struct notify_session *s, int pidfd, int watch,
		 char *msg, size_t size);

#endif

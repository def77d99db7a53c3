/*
 * notify.c - the user-notification supervisor.
 *
 * The listener is close-on-exec in the child, so the parent takes its
 * own copy with pidfd_getfd before the child may execve (launch.c has the
 * handshake).  Then, for each notification:
 *
 *   poll -> SECCOMP_IOCTL_NOTIF_RECV -> decide -> SECCOMP_IOCTL_NOTIF_ID_VALID
 *        -> SECCOMP_IOCTL_NOTIF_SEND: error = -errno, or FLAG_CONTINUE
 *
 * A notification whose caller died or was interrupted by a signal
 * vanishes (ENOENT from RECV, ID_VALID or SEND): the kernel re-notifies a
 * restarted call, so dropping it loses nothing.
 */
#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "arch/arch.h"
#include "sandbox/notify.h"

/*
 * How notify_acquire waits for the child's install, which takes a few
 * microseconds: first by yielding the CPU, then in 1 ms polls, 10 s in
 * all.
 */
enum { ACQUIRE_YIELDS = 200, ACQUIRE_POLLS = 10000 };

/* What readlink(2) shows for a listener in /proc/PID/fd. */
static const char listener_link[] = "anon_inode:seccomp notify";

__attribute__((format(printf, 3, 4)))
static int fail(char *msg, size_t size, const char *fmt, ...)
{
	va_list ap;
	int err = errno;
	size_t len;

	va_start(ap, fmt);
	vsnprintf(msg, size, fmt, ap);
	va_end(ap);
	len = strlen(msg);
	snprintf(msg + len, size - len, ": %s", strerror(err));
	return -1;
}

bool notify_wanted(const struct sock_filter *insns, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (BPF_CLASS(insns[i].code) != BPF_RET)
			continue;
		/* A return of A may be anything: ask for a listener. */
		if (BPF_RVAL(insns[i].code) != BPF_K)
			return true;
		if ((insns[i].k & SECCOMP_RET_ACTION_FULL) ==
		    SECCOMP_RET_USER_NOTIF)
			return true;
	}
	return false;
}

/* 1 when fd is a seccomp listener, 0 when not, -1 with errno set. */
static int is_listener(int fd)
{
	char path[64], target[sizeof(listener_link) + 1];

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	ssize_t n = readlink(path, target, sizeof(target) - 1);
	if (n < 0)
		return -1;
	target[n] = '\0';
	return strcmp(target, listener_link) == 0;
}

static int take_listener(int got, int fd, int *listener, char *msg,
			 size_t size)
{
	int r = is_listener(got);

	if (r == 1) {
		*listener = got;
		return 0;
	}
	if (r < 0)
		fail(msg, size, "cannot check the listener: readlink("
		     "/proc/self/fd/%d)", got);
	else
		snprintf(msg, size, "descriptor %d of the child is not a "
			 "seccomp listener", fd);
	close(got);
	return -1;
}

/* Waits a little for the process to end: 1 when it did, 0, -1. */
static int ended_meanwhile(int pidfd, int attempt)
{
	struct pollfd p = { .fd = pidfd, .events = POLLIN };
	int n = poll(&p, 1, attempt < ACQUIRE_YIELDS ? 0 : 1);

	if (n < 0)
		return errno == EINTR ? 0 : -1;
	if (n == 0 && attempt < ACQUIRE_YIELDS)
		sched_yield();
	return n > 0;
}

int notify_acquire(int pidfd, int fd, int *listener, char *msg,
		   size_t size)
{
	for (int i = 0; i < ACQUIRE_YIELDS + ACQUIRE_POLLS; i++) {
		int got = (int)syscall(SYS_pidfd_getfd, pidfd, fd, 0);

		if (got >= 0)
			return take_listener(got, fd, listener, msg, size);
		if (errno == ESRCH)
			return 1;
		if (errno != EBADF)
			return fail(msg, size, "cannot take the listener: "
				    "pidfd_getfd%s", errno == EPERM ?
				    " (ptrace access to the child refused)" :
				    "");
		int ended = ended_meanwhile(pidfd, i);
		if (ended != 0)
			return ended > 0 ? 1 : fail(msg, size, "poll(pidfd)");
	}
	snprintf(msg, size, "the child installed no filter in %d s",
		 ACQUIRE_POLLS / 1000);
	return -1;
}

static size_t at_least(size_t kernel, size_t ours)
{
	return kernel > ours ? kernel : ours;
}

int notify_open(struct notify_session *s, int listener, pid_t child,
		int sync_fd, char *msg, size_t size)
{
	struct seccomp_notif_sizes sizes;

	memset(s, 0, sizeof(*s));
	s->listener = listener;
	s->child = child;
	s->sync_fd = sync_fd;
	s->sync_pending = true;
	/* The kernel's structures may outgrow our headers' (see
	 * seccomp_unotify(2)): size the buffers by what it says. */
	if (syscall(SYS_seccomp, SECCOMP_GET_NOTIF_SIZES, 0, &sizes) != 0) {
		fail(msg, size, "seccomp(SECCOMP_GET_NOTIF_SIZES)");
		notify_close(s);
		return -1;
	}
	s->call_size = at_least(sizes.seccomp_notif, sizeof(*s->call));
	s->answer_size = at_least(sizes.seccomp_notif_resp,
				  sizeof(*s->answer));
	s->call = calloc(1, s->call_size);
	s->answer = calloc(1, s->answer_size);
	if (s->call == NULL || s->answer == NULL) {
		fail(msg, size, "cannot allocate the notification buffers");
		notify_close(s);
		return -1;
	}
	return 0;
}

void notify_close(struct notify_session *s)
{
	if (s->listener >= 0)
		close(s->listener);
	s->listener = -1;
	free(s->call);
	free(s->answer);
	s->call = NULL;
	s->answer = NULL;
}

/*
 * The child's one read of its sync descriptor, between install and
 * execve: luasandbox's own, answered before anything else of the child
 * can run, and only once.
 */
static bool is_sync_read(const struct notify_session *s)
{
	const struct seccomp_notif *c = s->call;

	return s->sync_pending && (pid_t)c->pid == s->child &&
	       c->data.arch == arch_native()->audit_arch &&
	       c->data.nr == SYS_read &&
	       c->data.args[0] == (uint64_t)s->sync_fd &&
	       c->data.args[2] == 1;
}

/* Asks the decide callback; a decision out of range fails closed. */
static int ask(struct notify_session *s)
{
	int verdict = s->decide(s->ctx, s->call);

	if (verdict < NOTIFY_CONTINUE || verdict > 4095)
		return EPERM;
	return verdict;
}

/* 1 when the notification still waits for its answer, 0, -1. */
static int still_valid(struct notify_session *s, char *msg, size_t size)
{
	uint64_t id = s->call->id;

	if (ioctl(s->listener, SECCOMP_IOCTL_NOTIF_ID_VALID, &id) == 0)
		return 1;
	if (errno == ENOENT)
		return 0;
	return fail(msg, size, "ioctl(SECCOMP_IOCTL_NOTIF_ID_VALID)");
}

static int send_answer(struct notify_session *s, int verdict, char *msg,
		       size_t size)
{
	memset(s->answer, 0, s->answer_size);
	s->answer->id = s->call->id;
	if (verdict == NOTIFY_CONTINUE)
		s->answer->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
	else
		s->answer->error = -verdict;
	if (ioctl(s->listener, SECCOMP_IOCTL_NOTIF_SEND, s->answer) == 0)
		return 0;
	if (errno == ENOENT)
		return 0;
	return fail(msg, size, "ioctl(SECCOMP_IOCTL_NOTIF_SEND)");
}

/* Receives, decides and answers one notification.  Returns 0 or -1. */
static int answer_one(struct notify_session *s, char *msg, size_t size)
{
	memset(s->call, 0, s->call_size);
	if (ioctl(s->listener, SECCOMP_IOCTL_NOTIF_RECV, s->call) != 0) {
		if (errno == EINTR || errno == ENOENT)
			return 0;
		return fail(msg, size, "ioctl(SECCOMP_IOCTL_NOTIF_RECV)");
	}
	int verdict = NOTIFY_CONTINUE;
	if (is_sync_read(s)) {
		s->sync_pending = false;
	} else if (s->decide != NULL) {
		verdict = ask(s);
		/* The decision may have read /proc/PID: it stands only if
		 * PID was still the caller meanwhile. */
		int valid = still_valid(s, msg, size);
		if (valid <= 0)
			return valid;
	}
	return send_answer(s, verdict, msg, size);
}

int notify_serve(struct notify_session *s, int pidfd, int watch,
		 char *msg, size_t size)
{
	struct pollfd fds[3] = {
		{ .fd = watch, .events = POLLIN },
		{ .fd = s->listener, .events = POLLIN },
		{ .fd = pidfd, .events = POLLIN },
	};

	for (;;) {
		if (poll(fds, 3, -1) < 0) {
			if (errno == EINTR)
				continue;
			return fail(msg, size, "poll(listener)");
		}
		if (fds[0].revents != 0)
			return NOTIFY_WATCH;
		if (fds[1].revents & POLLIN) {
			if (answer_one(s, msg, size) != 0)
				return -1;
			continue;
		}
		/* Hung up: no process uses the filter any more. */
		if (fds[1].revents != 0)
			fds[1].fd = -1;
		if (fds[2].revents != 0)
			return NOTIFY_ENDED;
	}
}

/*
 * fds.c - inherited descriptors, and marking or closing the rest.
 *
 * The launcher's own descriptors (the profile it read, pipes, anything a
 * profile opened with io.open, which cannot ask for O_CLOEXEC) must not
 * reach the workload.  Rather than trust every opener, the child marks
 * close-on-exec every descriptor that was not already open when main()
 * started.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sandbox/fds.h"

enum { FDS_NOTED_MAX = 1024 };

static int noted[FDS_NOTED_MAX];
static int noted_count;

static bool is_noted(int fd)
{
	for (int i = 0; i < noted_count; i++)
		if (noted[i] == fd)
			return true;
	return false;
}

static bool is_listed(int fd, const int *list, int count)
{
	for (int i = 0; i < count; i++)
		if (list[i] == fd)
			return true;
	return false;
}

/*
 * Calls visit(fd) for each open descriptor but the directory's own.
 * Returns 0, or -1 with errno set.
 */
static int each_open_fd(int (*visit)(int fd, void *ctx), void *ctx)
{
	DIR *dir = opendir("/proc/self/fd");
	struct dirent *entry;
	int status = 0;

	if (dir == NULL)
		return -1;
	while (status == 0 && (errno = 0, entry = readdir(dir)) != NULL) {
		char *end;
		long fd = strtol(entry->d_name, &end, 10);

		if (*end != '\0' || end == entry->d_name || fd == dirfd(dir))
			continue;
		status = visit((int)fd, ctx);
	}
	if (status == 0 && errno != 0)
		status = -1;
	int saved = errno;
	closedir(dir);
	errno = saved;
	return status;
}

static int note_one(int fd, void *ctx)
{
	(void)ctx;
	if (noted_count == FDS_NOTED_MAX) {
		errno = EMFILE;
		return -1;
	}
	noted[noted_count++] = fd;
	return 0;
}

int fds_note_inherited(void)
{
	noted_count = 0;
	return each_open_fd(note_one, NULL);
}

static int cloexec_one(int fd, void *ctx)
{
	(void)ctx;
	if (is_noted(fd))
		return 0;
	int flags = fcntl(fd, F_GETFD);
	if (flags < 0 || fcntl(fd, F_SETFD, flags | FD_CLOEXEC) < 0)
		return -1;
	return 0;
}

int fds_cloexec_own(void)
{
	return each_open_fd(cloexec_one, NULL);
}

struct close_request {
	int lowest;
	const int *keep;
	int count;
};

/*
 * Marks rather than closes: closing while reading /proc/self/fd would
 * pull descriptors from under the directory stream, and close-on-exec has
 * the same effect for the workload.
 */
static int close_one(int fd, void *ctx)
{
	const struct close_request *req = ctx;

	if (fd < req->lowest || is_listed(fd, req->keep, req->count))
		return 0;
	if (fcntl(fd, F_SETFD, FD_CLOEXEC) < 0)
		return -1;
	return 0;
}

int fds_close_from(int lowest, const int *keep, int count)
{
	struct close_request req = { lowest, keep, count };

	return each_open_fd(close_one, &req);
}

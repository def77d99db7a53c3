/*
 * fds.h - which file descriptors reach the workload.  The ones the caller
 * handed luasandbox pass through (unless a checkpoint verb closes them);
 * every one luasandbox opened itself is marked close-on-exec in the child.
 */
#ifndef LUASANDBOX_SANDBOX_FDS_H
#define LUASANDBOX_SANDBOX_FDS_H

/* Records the descriptors open now.  Returns 0, or -1 with errno set. */
int fds_note_inherited(void);

/*
 * In the child: marks close-on-exec every descriptor not noted as
 * inherited.  Returns 0, or -1 with errno set.
 */
int fds_cloexec_own(void);

/*
 * Closes at execve every descriptor from lowest up, except those listed
 * in keep (count entries): the workload never sees them.  Returns 0, or
 * -1 with errno set.
 */
int fds_close_from(int lowest, const int *keep, int count);

#endif

/*
 * identity.h - the checkpoint verbs that change who the child is: user,
 * group, supplementary groups, capabilities.  Each returns 0, or -1 with
 * msg naming the failing call and its error.
 */
#ifndef LUASANDBOX_SANDBOX_IDENTITY_H
#define LUASANDBOX_SANDBOX_IDENTITY_H

#include <stddef.h>
#include <sys/types.h>

int identity_set_groups(const gid_t *groups, size_t count, char *msg,
			size_t size);
int identity_set_gid(gid_t gid, char *msg, size_t size);
int identity_set_uid(uid_t uid, char *msg, size_t size);

/* The number of capability name ("CAP_SYS_ADMIN" or "sys_admin"), or -1. */
int identity_cap_number(const char *name);

/* Drops capability cap from the bounding set; cap -1 drops them all. */
int identity_drop_bounding(int cap, char *msg, size_t size);

/* Empties the ambient and inheritable sets, which survive execve. */
int identity_clear_inheritable(char *msg, size_t size);

#endif

/*
 * errno_name.h - symbolic names of errno values for the test helpers.
 */
#ifndef HELPERS_ERRNO_NAME_H
#define HELPERS_ERRNO_NAME_H

/* "EPERM" for EPERM; NULL for a value the table does not know. */
const char *errno_name(int err);

#endif

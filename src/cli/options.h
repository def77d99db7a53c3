/*
 * options.h - the command line of luasandbox.
 */
#ifndef LUASANDBOX_CLI_OPTIONS_H
#define LUASANDBOX_CLI_OPTIONS_H

#include <stdbool.h>

struct options {
	const char *profile;
	char **command;          /* NULL-terminated, after "--" */
	int command_argc;
	int verbose;
	bool check;              /* --check */
	bool dump;               /* --dump */
	const char *bpf_out;     /* --bpf FILE */
	const char *explain;     /* --explain 'CALL(ARGS)' */
	const char *export_as;   /* --export FORMAT: "oci" */
	const char *import;      /* --import FILE.json: needs no profile */
	const char *learn;       /* --learn OUT.lua: needs no profile */
};

/*
 * Parses argv.  Returns -1 when luasandbox should go on, else the exit
 * status to return at once (0 after --help or --version, 125 after a
 * usage error, which it prints).
 */
int options_parse(int argc, char **argv, struct options *opts);

/* True when an option asks for a report instead of a launch. */
bool options_reports(const struct options *opts);

#endif

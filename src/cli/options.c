/*
 * options.c - parses the command line with getopt_long.  Options stop at
 * the profile (or, with --learn, at "--"): everything after "--" is the
 * command, untouched.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli/message.h"
#include "cli/options.h"

#define LUASANDBOX_VERSION "0.1.0"

static const char synopsis[] =
	"usage: luasandbox [OPTIONS] PROFILE [-- COMMAND [ARG...]]\n"
	"       luasandbox [OPTIONS] --learn OUT.lua -- COMMAND [ARG...]\n";

static const char help[] =
	"Runs COMMAND inside the seccomp filter that the Lua script PROFILE\n"
	"describes.\n"
	"\n"
	"  -c, --check           load and compile PROFILE, print a summary\n"
	"  -d, --dump            print the filter's disassembly\n"
	"  -b, --bpf FILE        write the raw filter to FILE ('-': stdout),\n"
	"                        as bwrap --seccomp reads it\n"
	"  -e, --explain 'CALL(ARGS)'\n"
	"                        print the action for one syscall and the\n"
	"                        profile line that decided it\n"
	"  -x, --export oci      print the policy as OCI / Docker seccomp "
	"JSON\n"
	"  -i, --import FILE.json\n"
	"                        print a profile script equivalent to an OCI "
	"/\n"
	"                        Docker seccomp profile (no PROFILE needed)\n"
	"  -l, --learn OUT.lua   run COMMAND with every syscall allowed and\n"
	"                        recorded, then write to OUT.lua a profile\n"
	"                        that allows those (no PROFILE needed)\n"
	"  -v, --verbose         explain each step and its cost\n"
	"  -h, --help            print this help\n"
	"  -V, --version         print the version\n"
	"\n"
	"Exit status: COMMAND's own; 128+N when it dies of signal N; 125 when\n"
	"luasandbox fails; 126 when COMMAND cannot be executed; 127 when it\n"
	"is not found.\n";

static const struct option long_options[] = {
	{ "check", no_argument, NULL, 'c' },
	{ "dump", no_argument, NULL, 'd' },
	{ "bpf", required_argument, NULL, 'b' },
	{ "explain", required_argument, NULL, 'e' },
	{ "export", required_argument, NULL, 'x' },
	{ "import", required_argument, NULL, 'i' },
	{ "learn", required_argument, NULL, 'l' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 }
};

__attribute__((format(printf, 1, 2)))
static int usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	message_verror(fmt, ap);
	va_end(ap);
	fputs(synopsis, stderr);
	return 125;
}

/*
 * --learn OUT.lua -- COMMAND: getopt_long has consumed the "--" that
 * must come before the command (an OUT.lua of "--" is no output file).
 */
static int learn_command(int argc, char **argv, struct options *opts)
{
	if (options_reports(opts) || opts->import != NULL)
		return usage_error("--learn cannot be combined with a report "
				   "or --import");
	if (strcmp(opts->learn, "--") == 0 || opts->learn[0] == '\0')
		return usage_error("--learn needs an output file");
	if (optind < argc && strcmp(argv[optind - 1], "--") != 0)
		return usage_error("unexpected '%s' (--learn takes no profile; "
				   "put '--' before the command)",
				   argv[optind]);
	opts->command = argv + optind;
	opts->command_argc = argc - optind;
	if (opts->command_argc == 0)
		return usage_error("no command given");
	return -1;
}

/* Handles one option; returns -1 to go on, else an exit status. */
static int take_option(int c, char **argv, struct options *opts)
{
	switch (c) {
	case 'c': opts->check = true; return -1;
	case 'd': opts->dump = true; return -1;
	case 'b': opts->bpf_out = optarg; return -1;
	case 'e': opts->explain = optarg; return -1;
	case 'x': opts->export_as = optarg; return -1;
	case 'i': opts->import = optarg; return -1;
	case 'l': opts->learn = optarg; return -1;
	case 'v': opts->verbose++; return -1;
	case 'h': printf("%s\n%s", synopsis, help); return 0;
	case 'V': printf("luasandbox %s\n", LUASANDBOX_VERSION); return 0;
	case ':':
		return usage_error("option '%s' needs an argument",
				   argv[optind - 1]);
	default:
		return usage_error("unknown option '%s'", argv[optind - 1]);
	}
}

int options_parse(int argc, char **argv, struct options *opts)
{
	int c;

	memset(opts, 0, sizeof(*opts));
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:cdb:e:x:i:l:vhV", long_options,
				NULL)) != -1) {
		int status = take_option(c, argv, opts);
		if (status >= 0)
			return status;
	}
	if (opts->export_as != NULL && strcmp(opts->export_as, "oci") != 0)
		return usage_error("unknown export format '%s' (known: oci)",
				   opts->export_as);
	if (opts->learn != NULL)
		return learn_command(argc, argv, opts);
	if (opts->import != NULL && optind == argc)
		return -1;
	if (optind >= argc)
		return usage_error("no profile given");
	opts->profile = argv[optind++];
	if (optind < argc && strcmp(argv[optind], "--") == 0)
		optind++;
	else if (optind < argc)
		return usage_error("unexpected '%s' (put '--' before the "
				   "command)", argv[optind]);
	opts->command = argv + optind;
	opts->command_argc = argc - optind;
	if (opts->command_argc == 0 && !options_reports(opts))
		return usage_error("no command given");
	return -1;
}

bool options_reports(const struct options *opts)
{
	return opts->check || opts->dump || opts->bpf_out != NULL ||
	       opts->explain != NULL || opts->export_as != NULL;
}

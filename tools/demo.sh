#!/bin/sh
# The README's demonstration: a real workload under a shipped profile, one
# syscall allowed and one refused by the filter in the kernel.
set -u
cd "$(dirname "$0")/.."

show() {
	printf '\n$ %s\n' "$*"
	"$@"
	printf '(exit status %d)\n' "$?"
}

echo "== profiles/no-network.lua allows files, refuses sockets:"
show ./luasandbox profiles/no-network.lua -- python3 -c \
	'import socket; print(open("/etc/hostname").read().strip()); socket.socket()'

echo
echo "== the same, one raw syscall at a time (build/helpers/try NR:ARGS):"
show ./luasandbox profiles/no-network.lua -- \
	build/helpers/try 39 41:2,1,0
echo "(39 is getpid: allowed; 41 is socket(AF_INET, SOCK_STREAM): EPERM)"

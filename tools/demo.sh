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
show ./luasandbox profiles/no-network.lua -- \
	python3 -c 'print(open("/etc/os-release").readline().strip())
import socket
socket.socket(socket.AF_INET, socket.SOCK_STREAM)'

echo
echo "== the same refusal, seen as syscalls (strace-style):"
show ./luasandbox profiles/no-network.lua -- \
	build/helpers/try 39 41:2,1,0
echo "(39 is getpid: allowed; 41 is socket(AF_INET, SOCK_STREAM): EPERM)"

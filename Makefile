# luasandbox - plain make.  `make` builds the launcher and the Lua module,
# `make check` runs every spec, `make bench` the benchmarks.
# Toggles: ASAN=1 (AddressSanitizer + UBSan), DEBUG=1 (no optimisation).

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
LUADIR ?= $(PREFIX)/share/lua/5.4
CMODDIR ?= $(PREFIX)/lib/lua/5.4
DATADIR ?= $(PREFIX)/share/luasandbox
MANDIR ?= $(PREFIX)/share/man
DESTDIR ?=

CC ?= cc
LUA ?= lua5.4
BUSTED ?= busted
LUA_CFLAGS = $(shell pkg-config --cflags lua5.4 2>/dev/null || \
	echo -I/usr/include/lua5.4)
LUA_LIBS = $(shell pkg-config --libs lua5.4 2>/dev/null || echo -llua5.4)

WARNINGS = -Wall -Wextra -Werror -Wshadow -Wpointer-arith -Wcast-qual \
	-Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Wvla \
	-Wundef -Wwrite-strings
HARDENING = -fstack-protector-strong -fPIC -D_FORTIFY_SOURCE=2
OPT = -O2 -g
ifeq ($(DEBUG),1)
OPT = -O0 -g3
HARDENING = -fstack-protector-strong -fPIC
endif
ifeq ($(ASAN),1)
OPT += -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all
SAN_LDFLAGS = -fsanitize=address,undefined
# The module is loaded into an uninstrumented lua5.4, which needs the
# sanitizer runtimes preloaded; the sanitized launcher drops them again
# before it runs a workload.
LUA_ENV = LD_PRELOAD="$(shell $(CC) -print-file-name=libasan.so) \
	$(shell $(CC) -print-file-name=libubsan.so)" ASAN_OPTIONS=detect_leaks=0
endif

ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARNINGS) $(HARDENING) $(OPT) \
	-Isrc $(LUA_CFLAGS) $(CFLAGS)
ALL_LDFLAGS = -Wl,-z,relro,-z,now $(SAN_LDFLAGS) $(LDFLAGS)

# The module and the launcher share everything but the host and the CLI.
CORE_SRC = $(wildcard src/bpf/*.c src/arch/*.c src/sandbox/*.c) \
	$(filter-out src/lua/host%.c,$(wildcard src/lua/*.c))
HOST_SRC = $(wildcard src/lua/host*.c src/cli/*.c) src/main.c
CORE_OBJ = $(CORE_SRC:%.c=build/obj/%.o)
HOST_OBJ = $(HOST_SRC:%.c=build/obj/%.o)
TOOLS = $(patsubst tools/%.c,build/tools/%,$(wildcard tools/*.c))

all: luasandbox build/seccomp/core.so build/groups.checked

# A group member that no arch's table knows is a build error.
build/groups.checked: lua/seccomp/groups.lua build/seccomp/core.so \
		tools/check-groups.lua
	@$(LUA_ENV) $(LUA) tools/check-groups.lua
	@touch $@

luasandbox: $(CORE_OBJ) $(HOST_OBJ)
	$(CC) -pie $(ALL_LDFLAGS) -o $@ $^ $(LUA_LIBS) -lm -ldl

build/seccomp/core.so: $(CORE_OBJ)
	@mkdir -p $(@D)
	$(CC) -shared $(ALL_LDFLAGS) -o $@ $^

build/obj/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

-include $(CORE_OBJ:.o=.d) $(HOST_OBJ:.o=.d)

# Installs what the packages below lack, or prints the apt-get line.
deps:
	@tools/setup-deps

check: deps
	@$(MAKE) --no-print-directory all helpers
	@$(LUA_ENV) $(BUSTED) --lua=$(LUA)

helpers:
	@$(MAKE) --no-print-directory -C spec/helpers

demo: deps
	@$(MAKE) --no-print-directory all helpers
	@sh tools/demo.sh

bench: deps
	@$(MAKE) --no-print-directory all helpers
	@$(LUA) bench/run.lua

lint:
	luacheck -q lua spec profiles tools bench seccomp.lua

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LUADIR)/seccomp \
		$(DESTDIR)$(LUADIR)/sandbox $(DESTDIR)$(CMODDIR)/seccomp \
		$(DESTDIR)$(DATADIR)/profiles $(DESTDIR)$(MANDIR)/man1
	install -m 755 luasandbox $(DESTDIR)$(BINDIR)/luasandbox
	install -m 644 man/luasandbox.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 lua/seccomp/*.lua $(DESTDIR)$(LUADIR)/seccomp/
	install -m 644 $(wildcard lua/sandbox/*.lua) $(DESTDIR)$(LUADIR)/sandbox/
	install -m 755 build/seccomp/core.so $(DESTDIR)$(CMODDIR)/seccomp/
	install -m 644 profiles/*.lua $(DESTDIR)$(DATADIR)/profiles/

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/luasandbox \
		$(DESTDIR)$(MANDIR)/man1/luasandbox.1
	rm -rf $(DESTDIR)$(LUADIR)/seccomp $(DESTDIR)$(LUADIR)/sandbox \
		$(DESTDIR)$(CMODDIR)/seccomp $(DESTDIR)$(DATADIR)

clean:
	rm -rf build luasandbox
	@$(MAKE) --no-print-directory -C spec/helpers clean

.PHONY: all deps check helpers demo bench lint install uninstall clean

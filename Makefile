# plume — build, test, demo, bench.
#   make              build build/plume and the bundled plugins
#   make MODE=asan    ASan+UBSan build in build-asan/   (MODE=tsan, MODE=debug likewise)
#   make test         install missing Debian packages, then run the whole suite
#   make demo         build everything and run a bundled guest program under a bundled plugin
#   make bench        benchmarks against qemu-riscv64 and native (QUICK=1 for a smoke run)
#   make install      plume, the header and the pkg-config file under PREFIX (/usr/local)

comma := ,
MODE ?= release
PREFIX ?= /usr/local
CC ?= gcc
ifeq ($(MODE),release)
  B := build
  OPT := -O2 -g
else ifeq ($(MODE),debug)
  B := build-debug
  OPT := -O0 -g3
else ifeq ($(MODE),asan)
  B := build-asan
  OPT := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
else ifeq ($(MODE),tsan)
  B := build-tsan
  OPT := -O1 -g -fsanitize=thread
else
  $(error MODE must be release, debug, asan or tsan)
endif

GLIB_CFLAGS := $(shell pkg-config --cflags glib-2.0 gmodule-2.0 2>/dev/null)
# gmodule's pkg-config adds --export-dynamic, which would export every symbol: drop it so the
# dynamic list alone decides what plume exports.
GLIB_LIBS := $(filter-out -Wl$(comma)--export-dynamic,$(shell pkg-config --libs glib-2.0 gmodule-2.0 2>/dev/null))
CFLAGS_COMMON := -std=gnu11 $(OPT) -Wall -Wextra -Wno-unused-parameter -D_GNU_SOURCE -Iinclude -MMD -MP
CFLAGS += $(CFLAGS_COMMON)
LDLIBS := $(GLIB_LIBS) -lm -lpthread -ldl

SRCS := $(shell find src -name '*.c' | sort)
OBJS := $(SRCS:%.c=$(B)/%.o)
# glib is part of the plugin ABI and stays inside src/plugin/.
$(B)/src/plugin/%.o: CFLAGS += $(GLIB_CFLAGS)

.PHONY: all plume plugins test demo bench install clean fuzz
all: plume plugins

plume: $(B)/plume
$(B)/plume: $(OBJS) $(B)/plume.dynlist
	$(CC) $(CFLAGS) -o $@ $(OBJS) -Wl,--dynamic-list=$(B)/plume.dynlist $(LDLIBS)

# Export exactly the qemu_plugin_* API, generated from our header.
$(B)/plume.dynlist: include/qemu-plugin.h scripts/gen-dynlist.sh
	@mkdir -p $(@D)
	sh scripts/gen-dynlist.sh include/qemu-plugin.h > $@

$(B)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -c -o $@ $<

-include $(OBJS:.o=.d)
-include plugins/Makefile.inc
-include tests/Makefile.inc
-include bench/Makefile.inc

install: all
	install -D -m 755 $(B)/plume $(DESTDIR)$(PREFIX)/bin/plume
	install -D -m 644 include/qemu-plugin.h $(DESTDIR)$(PREFIX)/include/plume/qemu-plugin.h
	mkdir -p $(DESTDIR)$(PREFIX)/lib/pkgconfig
	sed -e 's|@PREFIX@|$(PREFIX)|g' scripts/plume-plugin.pc.in \
	    > $(DESTDIR)$(PREFIX)/lib/pkgconfig/plume-plugin.pc

clean:
	rm -rf build build-debug build-asan build-tsan

# make demo: everything built, then a bundled guest program under the bundled hotblocks plugin.
DEMO_CC := riscv64-linux-gnu-gcc
demo: deps
	$(MAKE) all
	@mkdir -p $(B)/demo
	$(DEMO_CC) -O2 -o $(B)/demo/primes demo/primes.c
	@echo "== plume $(B)/demo/primes (dynamically linked) with the hotblocks plugin =="
	$(B)/plume -d plugin -plugin $(B)/plugins/libhotblocks.so,n=8 $(B)/demo/primes
-include fuzz/Makefile.inc

# tlswiz — plain Makefile with named switches.
#   make            build ./tlswiz
#   make run        install deps if missing, build, open the TUI on the built-in lab
#   make test       install deps if missing, build, run unit + lab + TUI tests (Check)
#   make check-asan the same under ASan + UBSan
#   make deps       install the Debian packages (apt-get, as root)
#   make install    PREFIX=/usr/local DESTDIR=

PREFIX  ?= /usr/local
DESTDIR ?=
CC      ?= cc
O       ?= build
PKGS     = gnutls ncursesw jansson libcurl
# linked; libcurl is opened with dlopen() when first needed (src/http.c) so that a run
# that fetches nothing does not pay for loading it; captures are read by src/pcap.c (zlib)
LINK_PKGS = gnutls ncursesw jansson
CFLAGS  ?= -O2 -g
WFLAGS   = -std=c11 -Wall -Wextra -Werror -Wshadow -Wno-unused-parameter \
           -Wformat=2 -Wno-format-nonliteral -Wno-format-truncation \
           -Wno-missing-field-initializers
# clang (make fuzz) does not know every gcc warning switch above
ifneq ($(shell $(CC) --version 2>/dev/null | grep -c clang),0)
WFLAGS  += -Wno-unknown-warning-option
endif
CPPFLAGS += -D_GNU_SOURCE -Isrc -Iwizards -Iui
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(LINK_PKGS) 2>/dev/null)
LDLIBS  += $(PKG_LIBS) -ldl -lpthread -lm -lz
CHECK_CFLAGS := $(shell pkg-config --cflags check 2>/dev/null)
CHECK_LIBS   := $(shell pkg-config --libs check 2>/dev/null)

# Debian 12 packages; tmux for the TUI tests.
DEPS_BUILD = build-essential pkg-config libgnutls28-dev libncurses-dev check \
             libpcap-dev libjansson-dev libcurl4-gnutls-dev zlib1g-dev
DEPS_TEST  = tmux gnutls-bin nginx-light haproxy nftables iproute2 openssl python3 tshark
# the explain corpus (tests/explain): real clients and servers
DEPS_TEST += curl wget git python3 nodejs openjdk-17-jdk-headless golang-go apache2
# the configuration fixes proven on real servers (tests/lab/test_fixes.c)
DEPS_TEST += postfix dovecot-imapd lighttpd lighttpd-mod-openssl
DEPS_BENCH = testssl.sh sslscan time bc

LIB_SRC  = $(wildcard src/*.c) $(wildcard wizards/*.c) $(wildcard ui/*.c)
LIB_SRC := $(filter-out src/main.c,$(LIB_SRC))
LIB_OBJ  = $(LIB_SRC:%.c=$(O)/%.o)
TEST_SRC = $(wildcard tests/unit/*.c) $(wildcard tests/lab/*.c) $(wildcard tests/tui/*.c) \
           $(wildcard tests/fuzz/fuzz_*.c)
TEST_OBJ = $(TEST_SRC:%.c=$(O)/%.o)

all: $(O)/tlswiz
ifeq ($(O),build)
all: tlswiz
tlswiz: $(O)/tlswiz
	cp $< $@
endif

$(O)/tlswiz: $(O)/src/main.o $(O)/libtlswiz.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(O)/libtlswiz.a: $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(O)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(WFLAGS) $(CFLAGS) $(PKG_CFLAGS) $(CHECK_CFLAGS) -MMD -MP -c -o $@ $<

$(O)/tests-run: $(TEST_OBJ) $(O)/libtlswiz.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(CHECK_LIBS) $(LDLIBS) -lpcap

-include $(LIB_OBJ:.o=.d) $(TEST_OBJ:.o=.d) $(O)/src/main.d

# deps: install what is missing, once; explain clearly when we cannot.
deps:
	@./.ci/deps $(DEPS_BUILD) $(DEPS_TEST)

deps-bench:
	@./.ci/deps $(DEPS_BENCH)

# check-valgrind: diagnoses of the lab under valgrind (no leak, no memory error)
check-valgrind: deps
	@command -v valgrind >/dev/null || ./.ci/deps valgrind
	@$(MAKE) --no-print-directory all
	TLSWIZ_BIN=$(CURDIR)/$(O)/tlswiz sh tests/valgrind.sh

# bench: tlswiz vs sslscan vs testssl.sh on the same lab servers (never part of make test)
bench: deps deps-bench
	@$(MAKE) --no-print-directory all
	TLSWIZ_BIN=$(CURDIR)/$(O)/tlswiz bash tests/bench/run.sh

run: deps
	@$(MAKE) --no-print-directory all
	./tlswiz --lab

# The test binary holds every suite (unit, lab, tui); the last line is Check's summary.
test: deps
	@$(MAKE) --no-print-directory all $(O)/tests-run
	TLSWIZ_BIN=$(CURDIR)/$(O)/tlswiz ./$(O)/tests-run

test-unit test-lab test-tui: all $(O)/tests-run
	TLSWIZ_BIN=$(CURDIR)/$(O)/tlswiz TLSWIZ_TEST_KIND=$(@:test-%=%) ./$(O)/tests-run

ASAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
check-asan: deps
	@$(MAKE) --no-print-directory O=build-asan CFLAGS="$(ASAN_FLAGS)" LDFLAGS="$(ASAN_FLAGS)" \
	  build-asan/tlswiz build-asan/tests-run
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 CK_TIMEOUT_MULTIPLIER=2 \
	  TLSWIZ_BIN=$(CURDIR)/build-asan/tlswiz TLSWIZ_ASAN=1 ./build-asan/tests-run

# check-tsan: the whole suite (lab, TUI and every child tlswiz included) built with
# ThreadSanitizer. Every report of every process goes to build-tsan/tsan.*; any file there
# fails the target, so a race in a child the tests only read the output of still counts.
TSAN_FLAGS = -O1 -g -fsanitize=thread -fno-omit-frame-pointer
check-tsan: deps
	@$(MAKE) --no-print-directory O=build-tsan CFLAGS="$(TSAN_FLAGS)" LDFLAGS="$(TSAN_FLAGS)" \
	  build-tsan/tlswiz build-tsan/tests-run
	@rm -f build-tsan/tsan.*
	TSAN_OPTIONS="halt_on_error=0 exitcode=66 log_path=$(CURDIR)/build-tsan/tsan" CK_TIMEOUT_MULTIPLIER=2 \
	  TLSWIZ_BIN=$(CURDIR)/build-tsan/tlswiz TLSWIZ_TSAN=1 ./build-tsan/tests-run
	@if ls build-tsan/tsan.* >/dev/null 2>&1; then \
	  cat build-tsan/tsan.*; echo "check-tsan: ThreadSanitizer reports above ($$(ls build-tsan/tsan.* | wc -l) processes)"; exit 1; fi
	@echo "check-tsan: no ThreadSanitizer report"

# Coverage-guided fuzzing with libFuzzer (clang). FUZZ_TIME seconds per harness.
FUZZ_TIME ?= 60
FUZZERS = $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
fuzz: deps
	@./.ci/deps clang libclang-rt-dev
	@$(MAKE) --no-print-directory O=build-fuzz CC=clang \
	  CFLAGS="-O1 -g -fsanitize=fuzzer-no-link,address,undefined" build-fuzz/libtlswiz.a
	@for f in $(FUZZERS); do \
	  clang -O1 -g -fsanitize=fuzzer,address,undefined -DFUZZ_LIBFUZZER -D_GNU_SOURCE -Isrc \
	    $(PKG_CFLAGS) -o build-fuzz/fuzz_$$f tests/fuzz/fuzz_$$f.c build-fuzz/libtlswiz.a $(LDLIBS) || exit 1; \
	  mkdir -p build-fuzz/corpus-$$f; \
	  echo "fuzz $$f for $(FUZZ_TIME) s"; \
	  if ! ./build-fuzz/fuzz_$$f -max_total_time=$(FUZZ_TIME) -max_len=65536 -print_final_stats=1 \
	    build-fuzz/corpus-$$f $$(test -d tests/fuzz/corpus/$$f && echo tests/fuzz/corpus/$$f) >build-fuzz/fuzz_$$f.log 2>&1; then \
	    tail -40 build-fuzz/fuzz_$$f.log; echo "fuzz $$f FAILED (crash input saved in ./crash-*)"; exit 1; fi; \
	  tail -4 build-fuzz/fuzz_$$f.log; \
	done

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 0755 tlswiz $(DESTDIR)$(PREFIX)/bin/tlswiz
	install -m 0644 doc/tlswiz.1 $(DESTDIR)$(PREFIX)/share/man/man1/tlswiz.1
	install -m 0644 doc/tlswiz.bash-completion $(DESTDIR)$(PREFIX)/share/bash-completion/completions/tlswiz

clean:
	rm -rf build build-asan build-tsan build-fuzz tlswiz

.PHONY: all run test test-unit test-lab test-tui check-asan check-tsan check-valgrind deps deps-bench bench fuzz install clean

# redis-mini -- build, run, test, benchmark.
#
#   make              build src/redis-mini-server (jemalloc; MALLOC=libc for glibc)
#   make run          install what is missing, build, start on 127.0.0.1:6379
#   make test         install what is missing, build, run every test
#   make check-layers the include rules of src/ alone (tests/layering.tcl)
#   make sanitize     the test suite against an ASan+UBSan build
#   make test-durability  the AOF crash test: 100 SIGKILLs at random moments
#   make bench        redis-mini vs redis-server side by side (bench-quick: < 2 min)
#   make clean

MALLOC ?= jemalloc
CC ?= cc
OPT ?= -O2
CFLAGS_BASE = -std=gnu11 -D_GNU_SOURCE -Isrc $(OPT) -g -Wall -Wextra -Wshadow -Wstrict-prototypes -MMD -MP
LDLIBS_BASE = -lm -pthread

# liblzf (Debian's liblzf-dev, deps/install.sh build) compresses RDB
# strings; its .pc file points at /usr/include/liblzf, where lzf.h is.
LZF_CFLAGS := $(shell pkg-config --cflags liblzf 2>/dev/null)
LZF_LIBS := $(shell pkg-config --libs liblzf 2>/dev/null || echo -llzf)

ifeq ($(MALLOC),jemalloc)
  JEMALLOC_CFLAGS := $(shell pkg-config --cflags jemalloc 2>/dev/null)
  JEMALLOC_LIBS := $(shell pkg-config --libs jemalloc 2>/dev/null || echo -ljemalloc)
  CFLAGS_MALLOC = -DUSE_JEMALLOC $(JEMALLOC_CFLAGS)
  LDLIBS_MALLOC = $(JEMALLOC_LIBS)
endif

VARIANT ?= release
ifeq ($(VARIANT),sanitize)
  CFLAGS_VARIANT = -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
  LDFLAGS_VARIANT = -fsanitize=address,undefined
  # ASan brings its own allocator; jemalloc would hide what it checks.
  CFLAGS_MALLOC =
  LDLIBS_MALLOC =
endif

CFLAGS = $(CFLAGS_BASE) $(LZF_CFLAGS) $(CFLAGS_MALLOC) $(CFLAGS_VARIANT) $(EXTRA_CFLAGS)
LDFLAGS = $(LDFLAGS_VARIANT)
LDLIBS = $(LZF_LIBS) $(LDLIBS_MALLOC) $(LDLIBS_BASE)

# One build directory per variant and allocator, so switching MALLOC or
# VARIANT never mixes objects compiled with different flags.
ifeq ($(VARIANT)$(MALLOC),releaselibc)
  BUILD = build/release-libc
else
  BUILD = build/$(VARIANT)
endif
# Every .c under src/, one folder per layer (README.md, "Architecture").
SRC = $(shell find src -name '*.c' | sort)
MAIN_SRC = src/server/main.c
CORE_OBJ = $(patsubst src/%.c,$(BUILD)/%.o,$(filter-out $(MAIN_SRC),$(SRC)))
SERVER_OBJ = $(patsubst src/%.c,$(BUILD)/%.o,$(MAIN_SRC))
CORE_LIB = $(BUILD)/libredismini.a

ifeq ($(VARIANT),release)
  SERVER_BIN = src/redis-mini-server
  # src/redis-mini-server is relinked whenever it last came from another
  # build directory (e.g. after `make MALLOC=libc`).
  BIN_STAMP = build/.server-from-$(subst /,_,$(BUILD))
else
  SERVER_BIN = $(BUILD)/redis-mini-server
endif

UNIT_SRC = $(wildcard tests/unit/*.c)
UNIT_BIN = $(patsubst tests/unit/%.c,$(BUILD)/tests/unit/%,$(UNIT_SRC))
HIREDIS_SRC = $(wildcard tests/hiredis/*.c)
HIREDIS_BIN = $(patsubst tests/hiredis/%.c,$(BUILD)/tests/hiredis/%,$(HIREDIS_SRC))
HIREDIS_LIBS = $(shell pkg-config --libs hiredis 2>/dev/null || echo -lhiredis)

CONFIG ?= redis-mini.conf
TEST_ARGS ?=

.PHONY: all server tests run test check-layers test-durability sanitize bench bench-quick deps-run deps-test clean
.DEFAULT_GOAL := all

all: server

server: $(SERVER_BIN)

$(BUILD)/%.o: src/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(CORE_LIB): $(CORE_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(SERVER_BIN): $(SERVER_OBJ) $(CORE_LIB) $(BIN_STAMP)
	$(CC) $(LDFLAGS) -o $@ $(SERVER_OBJ) $(CORE_LIB) $(LDLIBS)

$(BIN_STAMP):
	@mkdir -p build
	@rm -f build/.server-from-*
	@touch $@

$(BUILD)/tests/unit/%: tests/unit/%.c $(CORE_LIB)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(CORE_LIB) $(LDLIBS)

$(BUILD)/tests/hiredis/%: tests/hiredis/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(HIREDIS_LIBS) $(LDLIBS_BASE)

tests: server $(UNIT_BIN) $(HIREDIS_BIN)

deps-run:
	@deps/install.sh run

deps-test:
	@deps/install.sh test

run: deps-run
	@$(MAKE) --no-print-directory server
	./$(SERVER_BIN) $(CONFIG)

# The test runner's last line is "N passed, N failed".
test: deps-test
	@$(MAKE) --no-print-directory tests
	@ulimit -n 20000 2>/dev/null || true; \
	tclsh tests/run.tcl --server $(SERVER_BIN) --unit-dir $(BUILD)/tests/unit \
	    --hiredis-dir $(BUILD)/tests/hiredis $(TEST_ARGS)

# The layer order and include rules of src/ (also part of `make test`).
check-layers:
	@tclsh tests/layering.tcl

# The crash test of tests/integration/aof_durability.tcl with 100 kills
# instead of the 3 of `make test` (AOF_CRASH_SEED=N repeats a run).
AOF_CRASH_CYCLES ?= 100
test-durability: deps-test
	@$(MAKE) --no-print-directory server
	@AOF_CRASH_CYCLES=$(AOF_CRASH_CYCLES) tclsh tests/run.tcl --server $(SERVER_BIN) \
	    --file aof_durability $(TEST_ARGS)

SANITIZE_BUILD = build/sanitize
sanitize: deps-test
	@$(MAKE) --no-print-directory VARIANT=sanitize tests
	@ulimit -n 20000 2>/dev/null || true; \
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	tclsh tests/run.tcl --server $(SANITIZE_BUILD)/redis-mini-server \
	    --unit-dir $(SANITIZE_BUILD)/tests/unit --hiredis-dir $(SANITIZE_BUILD)/tests/hiredis \
	    $(TEST_ARGS)

bench:
	-@deps/install.sh bench
	@$(MAKE) --no-print-directory server
	utils/bench.sh --mini $(SERVER_BIN)

bench-quick:
	-@deps/install.sh bench
	@$(MAKE) --no-print-directory server
	utils/bench.sh --quick --mini $(SERVER_BIN)

clean:
	rm -rf build src/redis-mini-server

-include $(shell find build -name '*.d' 2>/dev/null)

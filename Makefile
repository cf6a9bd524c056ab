# searchbench: one top-level Makefile builds servers, tools, benchmarks and tests.
#
#   make              build everything into bin/
#   make test         install missing packages, build, run every test (+ sanitizers)
#   make corpus       generate the default corpus under corpus/
#   make fuzz         run every fuzz target of tests/fuzz/ for FUZZ_S seconds (default 60)
#   make clean
#
# OUT and SANITIZE select a build flavour: the sanitizer passes of `make test`
# build into build/asan and build/tsan with the same rules.

OUT      ?= .
SANITIZE ?=
BIN      := $(OUT)/bin
OBJ      := $(if $(filter .,$(OUT)),build/default,$(OUT)/obj)

CC       ?= cc
PKGS     := libcjson
CFLAGS   := -std=gnu11 -Wall -Wextra -Werror -O2 -g -D_GNU_SOURCE \
            $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LDLIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread -lm
ifneq ($(SANITIZE),)
CFLAGS   += -fsanitize=$(SANITIZE) -fno-omit-frame-pointer
LDFLAGS  += -fsanitize=$(SANITIZE)
endif
# The fuzz flavour: UBSan stops at its first report, so libFuzzer saves the input.
ifneq ($(findstring fuzzer,$(SANITIZE)),)
CFLAGS   += -fno-sanitize-recover=undefined
endif

# servers/variants lists the variants in the order every table and figure uses.
VARIANTS := $(shell cat servers/variants)
ALL_VARIANTS := $(patsubst servers/%.c,%,$(wildcard servers/*.c))
# The io_uring driver (servers/core/ring*.c) is linked into searchserver-uring
# only, and so is liburing (pkg-config liburing).
RING_SRC := $(wildcard servers/core/ring*.c)
CORE_SRC := $(filter-out $(RING_SRC),$(wildcard servers/core/*.c))
CORE_OBJ := $(CORE_SRC:%.c=$(OBJ)/%.o)
# The results library: reading, checking and writing results files, their
# statistics and number formats. Every program that touches a results file
# links the archive, and so gets only the modules it calls.
RESULTS_LIB_SRC := $(wildcard bench/results/lib/*.c)
RESULTS_LIB := $(OBJ)/libresults.a
# machine.c reads the THP mode through servers/core/placement.c, whose memory
# placements fork_latency --memory also maps.
MACHINE_OBJ := $(OBJ)/bench/micro/machine.o $(OBJ)/servers/core/placement.o
MICRO_OBJ := $(OBJ)/bench/micro/microrun.o $(MACHINE_OBJ)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BIN)/%)

SERVERS  := $(VARIANTS:%=$(BIN)/searchserver-%)
TOOLS    := $(BIN)/gencorpus $(BIN)/subreaper $(BIN)/fork_latency $(BIN)/thread_latency $(BIN)/exec_target \
            $(BIN)/machine_info $(BIN)/jsonget $(BIN)/benchjson

TOOLS    += $(BIN)/compare-results $(BIN)/plotdata $(BIN)/report
TOOLS    += $(BIN)/delayline
TOOLS    += $(BIN)/nouring

all: $(SERVERS) $(TOOLS)

$(OBJ)/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Iservers/core -Ibench/micro -Ibench/results/lib -MMD -MP -c $< -o $@

# Objects, then archives: the linker takes from an archive only what the objects before it call.
define LINK
@mkdir -p $(@D)
$(CC) $(LDFLAGS) $(filter %.o,$^) $(filter %.a,$^) $(LDLIBS) $(LINK_MORE) -o $@
endef

$(RESULTS_LIB): $(RESULTS_LIB_SRC:%.c=$(OBJ)/%.o)
	rm -f $@ && $(AR) rcs $@ $^

# servers/variants as a C list, for the order in which resultset.c sorts the cases.
$(OBJ)/gen/variants.h: servers/variants
	@mkdir -p $(@D)
	{ echo '/* variants.h: made by the Makefile from servers/variants; do not edit. */'; \
	  echo "#define SERVER_VARIANTS $$(sed 's/.*/"&"/' servers/variants | paste -sd ,)"; } >$@
$(OBJ)/bench/results/lib/resultset.o: $(OBJ)/gen/variants.h
$(OBJ)/bench/results/lib/resultset.o: CFLAGS += -I$(OBJ)/gen

# A server writes its --stats file with the results library's atomic writer (atomicfile.h says why).
$(BIN)/searchserver-%: $(OBJ)/servers/%.o $(CORE_OBJ) $(OBJ)/bench/results/lib/atomicfile.o
	$(LINK)
$(BIN)/searchserver-uring: $(RING_SRC:%.c=$(OBJ)/%.o)
$(BIN)/searchserver-uring: LINK_MORE := $(shell pkg-config --libs liburing 2>/dev/null)
$(RING_SRC:%.c=$(OBJ)/%.o) $(OBJ)/servers/uring.o: CFLAGS += $(shell pkg-config --cflags liburing 2>/dev/null)

GENCORPUS_SRC := $(wildcard bench/corpus/gencorpus*.c)
$(BIN)/gencorpus: $(GENCORPUS_SRC:%.c=$(OBJ)/%.o)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) $^ -o $@

$(BIN)/subreaper: $(OBJ)/bench/load/subreaper.o
$(BIN)/delayline: $(OBJ)/bench/net/delayline.o
$(BIN)/nouring: $(OBJ)/tests/nouring.o
$(BIN)/subreaper $(BIN)/delayline $(BIN)/nouring:
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) $^ -o $@

$(BIN)/fork_latency $(BIN)/thread_latency: $(BIN)/%: $(OBJ)/bench/micro/%.o $(MICRO_OBJ) $(RESULTS_LIB)
	$(LINK)

$(BIN)/exec_target: $(OBJ)/bench/micro/exec_target.o
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) $^ -o $@

$(BIN)/machine_info: $(OBJ)/bench/micro/machine_info.o $(MACHINE_OBJ) $(RESULTS_LIB)
	$(LINK)

$(BIN)/jsonget: $(OBJ)/bench/results/jsonget.o $(RESULTS_LIB)
	$(LINK)

# benchjson writes env.json and micro.json, which record the machine (bench/micro/machine.c).
BENCHJSON_SRC := $(wildcard bench/results/record/benchjson*.c)
$(BIN)/benchjson: $(BENCHJSON_SRC:%.c=$(OBJ)/%.o) $(MACHINE_OBJ) $(RESULTS_LIB)
	$(LINK)

# Creation-latency microbenchmarks cross-checked with hyperfine (RESULTS_DIR, QUICK=1).
MICRO_TOOLS := $(BIN)/fork_latency $(BIN)/thread_latency $(BIN)/exec_target $(BIN)/jsonget $(BIN)/benchjson
micro: $(MICRO_TOOLS)
	@scripts/deps bench
	BIN=$(BIN) bench/micro/micro.sh

# Unit tests link cmocka and what they test: the core (which writes its stats
# file with the results library), or the results library alone.
RESULTS_TESTS := $(BIN)/test_samples $(BIN)/test_results $(BIN)/test_mwu $(BIN)/test_histogram $(BIN)/test_httperfout
RESULTS_TESTS += $(BIN)/test_hodges_lehmann
$(UNIT_BIN): LINK_MORE := -lcmocka
RESULTS_TESTS += $(BIN)/test_mdhtml
$(filter-out $(RESULTS_TESTS),$(UNIT_BIN)): $(BIN)/test_%: $(OBJ)/tests/unit/test_%.o $(CORE_OBJ) $(RESULTS_LIB)
	$(LINK)
$(RESULTS_TESTS): $(BIN)/test_%: $(OBJ)/tests/unit/test_%.o $(RESULTS_LIB)
	$(LINK)

$(BIN)/test_mwu: $(OBJ)/bench/results/compare/mwu.o
$(BIN)/test_http $(BIN)/test_http_errors $(BIN)/test_http_framing: $(OBJ)/tests/unit/http_check.o
$(BIN)/test_hodges_lehmann: $(OBJ)/bench/results/compare/hodges_lehmann.o $(OBJ)/bench/results/compare/mwu.o
$(BIN)/test_index $(BIN)/test_freeze: $(OBJ)/tests/unit/tmptree.o
$(OBJ)/tests/unit/test_mwu.o $(OBJ)/tests/unit/test_hodges_lehmann.o: CFLAGS += -Ibench/results/compare

unit: $(UNIT_BIN)

# Result directories: compare-results (A against B, as benchstat) and plotdata
# (JSON to the .dat files plots/*.gp read), in bench/results/.
COMPARE_SRC := $(wildcard bench/results/compare/*.c)
PLOTDATA_SRC := $(wildcard bench/results/plotdata/*.c)
$(OBJ)/bench/results/%.o: CFLAGS += -Ibench/results/compare
$(BIN)/compare-results: $(COMPARE_SRC:%.c=$(OBJ)/%.o) $(RESULTS_LIB)
	$(LINK)
$(BIN)/plotdata: $(PLOTDATA_SRC:%.c=$(OBJ)/%.o) $(RESULTS_LIB)
	$(LINK)
# report: a run's report.html (scripts/plot runs it after the figures and the deck).
$(BIN)/report: $(OBJ)/bench/results/report/report.o $(RESULTS_LIB)
	$(LINK)

# make plots [RUN=dir]: the figures of a result directory into dir/plots.
RUN ?= results/latest
plots: $(BIN)/plotdata $(BIN)/report
	BIN=$(BIN) scripts/plot $(RUN)

# make compare A=dir B=dir [FORMAT=csv] [METRIC=cpu] [PLOT=dir]: the comparison report on stdout.
compare: $(BIN)/compare-results
	@test -n "$(A)" -a -n "$(B)" || { echo "usage: make compare A=dir B=dir [FORMAT=csv] [METRIC=cpu] [PLOT=dir]" >&2; exit 2; }
	@$(BIN)/compare-results $(if $(FORMAT),--format $(FORMAT)) $(if $(METRIC),--metric $(METRIC)) \
	    $(if $(PLOT),--plot $(PLOT)) $(A) $(B)

CORPUS_DOCS ?= 2000
CORPUS_SEED ?= 42
corpus: corpus/.done
corpus/.done: $(BIN)/gencorpus
	rm -rf corpus
	$(BIN)/gencorpus --docs $(CORPUS_DOCS) --seed $(CORPUS_SEED) --out corpus
	touch $@

# make bench [QUICK=1] [VARIANTS=..] [WORKLOADS=..] [MODES=..] [CLIENTS=..] [DURATION=s] [REPS=n]:
# the whole benchmark into results/<host>-<UTC time>/ (bench/load/run.sh lists every setting;
# command-line variables reach it through the environment). Every server is built:
# VARIANTS picks the ones measured, and bench/load/run.sh rejects an unknown one.
bench:
	@scripts/deps bench
	@$(MAKE) --no-print-directory all corpus $(BIN)/plotdata VARIANTS="$(ALL_VARIANTS)"
	@BIN=$(BIN) bench/load/run.sh

# make aa [AA_DIR=dir] [VARIANTS=..] ...: the A/A check (scripts/aa): the same build measured twice
# and compared, the share of rows `~` and the median width of their 95% intervals.
aa:
	@scripts/deps bench
	@$(MAKE) --no-print-directory all corpus VARIANTS="$(ALL_VARIANTS)"
	@BIN=$(BIN) scripts/aa

# make overload [QUICK=1] [VARIANTS=..] [FRACTIONS=..] [RATES=..]: the open loop, httperf past each
# variant's capacity (make bench LOAD=open; bench/load/lib/overload.sh lists its settings).
overload:
	@$(MAKE) --no-print-directory bench LOAD=open

# make bench-fork [SIZES="2000 8000 32000"] [INDEX_MEMORY=...] [REPS=n]: what fork costs as the server's
# memory grows, with its index in each placement (bench/load/lib/forksweep.sh; about 10 minutes).
bench-fork:
	@$(MAKE) --no-print-directory bench SWEEP=fork

# Fuzzing (tests/fuzz/): libFuzzer targets built by clang with ASan + UBSan into
# build/fuzz/bin/. `make fuzz [FUZZ_S=600]` runs each from its seed corpus;
# `make test` runs each briefly (tests/fuzz.sh).
FUZZ_S       ?= 60
FUZZ_CC      := clang-14
FUZZ_TARGETS := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_FLAVOUR := OUT=build/fuzz CC=$(FUZZ_CC) SANITIZE=fuzzer-no-link,address,undefined

fuzz-build:
	@$(MAKE) --no-print-directory -s $(FUZZ_FLAVOUR) $(FUZZ_TARGETS:%=build/fuzz/bin/fuzz-%)

fuzz:
	@scripts/deps test
	@$(MAKE) --no-print-directory fuzz-build
	@tests/fuzz/run $(FUZZ_S) build/fuzz $(FUZZ_TARGETS)

$(BIN)/fuzz-%: $(OBJ)/tests/fuzz/fuzz_%.o $(OBJ)/tests/fuzz/scratch.o $(CORE_OBJ) $(RESULTS_LIB)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -fsanitize=fuzzer $(filter %.o,$^) $(filter %.a,$^) $(LDLIBS) -o $@

# fuzz-results runs the result tools' own main()s, renamed, so that libFuzzer's stays the program's.
TOOL_MAINS := bench/results/plotdata/plotdata.c bench/results/compare/compare-results.c bench/results/record/benchjson.c
$(OBJ)/tool-mains/%.o: %.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -Ibench/results/lib -Ibench/results/compare -Ibench/micro -Dmain=$(subst -,_,$(notdir $*))_main -MMD -MP -c $< -o $@
$(BIN)/fuzz-results: $(TOOL_MAINS:%.c=$(OBJ)/tool-mains/%.o) $(filter-out $(TOOL_MAINS:%.c=$(OBJ)/%.o), \
    $(PLOTDATA_SRC:%.c=$(OBJ)/%.o) $(COMPARE_SRC:%.c=$(OBJ)/%.o) $(BENCHJSON_SRC:%.c=$(OBJ)/%.o)) \
    $(MACHINE_OBJ)

deps:
	@scripts/deps $(DEPS_FOR)

test:
	@scripts/deps test
	@$(MAKE) --no-print-directory -j$$(nproc) all unit
	@tests/run

clean:
	rm -rf bin build corpus

# Keep the objects a chain of rules made: without this, make deletes them as
# intermediate files after a build started from `make bench`, and the next
# build compiles everything again.
.SECONDARY:
.PHONY: all unit corpus deps test clean micro
.PHONY: plots compare bench overload bench-fork fuzz fuzz-build aa
-include $(shell find build $(OBJ) -name '*.d' 2>/dev/null)

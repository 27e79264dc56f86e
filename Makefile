# memstall: which tasks stall in the kernel's memory allocator, how long, why.
#
#   make deps      install Debian build/test dependencies (only when missing)
#   make           build .output/memstall, fully static (copy it to any host)
#   make static    the same (kept as the documented name)
#   make run       deps + build + start the main view, memstall top (as root)
#   make test      unit, live and VM tests; ends with "N passed, N failed, N skipped"
#   make install   PREFIX=/usr/local: binary, reclaimtop link, man pages,
#                  bash/zsh completion, contrib/ (make uninstall removes them)
#   make man       man pages (scdoc) in .output/man/man8
#   make deb       Debian package .output/deb/memstall_*_<arch>.deb (debhelper),
#                  checked by lintian; make deb-arm64 cross-builds the arm64 one
#   make arm64     the static binary cross-built for arm64 in .output/arm64
#   make format / make lint
#   V=1            show commands

OUTPUT ?= .output
ARCH ?= $(shell uname -m | sed -e 's/x86_64/x86/' -e 's/aarch64/arm64/')
PREFIX ?= /usr/local
CLANG ?= clang
BPFTOOL ?= bpftool
CC ?= gcc

ifeq ($(V),1)
Q =
msg =
else
Q = @
msg = @printf '  %-8s %s\n' "$(1)" "$(2)";
endif

VMLINUX_DIR := vmlinux/$(ARCH)
INCLUDES := -I$(OUTPUT) -Ibpf -Iuser -I$(VMLINUX_DIR)
CFLAGS ?= -O2 -g
CFLAGS += -std=gnu11 -Wall -Wextra -Werror -Wno-missing-field-initializers \
	  -D_GNU_SOURCE $(INCLUDES)
BPF_CFLAGS := -g -O2 -target bpf -D__TARGET_ARCH_$(ARCH) -Wall -Werror \
	      -Wno-unused-function $(INCLUDES)

# One fully static binary: it runs on hosts without (or with another) libbpf,
# and maps far fewer pages than a dynamic build (lower peak and steady RSS).
# user stacks (memstall stacks --user): elfutils' libdwfl (libdw before libelf)
LIBS := -lbpf -ldw -lelf -lz -lzstd -llzma -lbz2 -ltraceevent -lncursesw -ltinfo
# memstall export: HTTP (libmicrohttpd, TLS through GnuTLS and its static
# dependencies; Debian has no static p11-kit: user/net/nop11.c), the web
# config (libyaml) and bcrypt (libcrypt)
LIBS += -lmicrohttpd -lgnutls -lhogweed -lnettle -lgmp -ltasn1 -lidn2 -lunistring \
	-lyaml -lcrypt -lpthread
# memstall report: the heatmap's colour scale (log1p), column widths (ceil)
LIBS += -lm
# user/kernel/parload.c: libbpf's program loads, handed to threads
PARLOAD_WRAP := -Wl,--wrap=bpf_prog_load -Wl,--wrap=bpf_prog_bind_map
P11_CFLAGS := $(shell pkg-config --cflags p11-kit-1 2>/dev/null || echo -I/usr/include/p11-kit-1)

# user/ is grouped by layer (ARCHITECTURE.md): one folder level below it
USER_DIRS := $(sort $(dir $(wildcard user/*/*.c)))
USER_SRCS := $(sort $(wildcard user/*/*.c))
TOOL_SRCS := $(sort $(wildcard tools/*.c))
WL_SRCS := $(sort $(wildcard tests/workloads/wl_*.c))
USER_OBJS := $(patsubst %.c,$(OUTPUT)/%.o,$(USER_SRCS))
TOOL_OBJS := $(patsubst %.c,$(OUTPUT)/%.o,$(TOOL_SRCS))
WL_BINS := $(patsubst tests/workloads/wl_%.c,$(OUTPUT)/memstall-wl-%,$(WL_SRCS))
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(patsubst tests/unit/%.c,$(OUTPUT)/tests/%,$(UNIT_SRCS))
# bpf/: memstall.h (kernel/user types), core_fixes.bpf.h and the parts of the
# one object, bpf/<concern>.bpf.h, all included by bpf/memstall.bpf.c
BPF_HDRS := $(wildcard bpf/*.h)
HDRS := $(BPF_HDRS) $(wildcard user/*/*.h) $(wildcard tools/*.h)

.PHONY: all static run test test-unit test-live test-vm test-pkg deps install uninstall man deb \
	deb-arm64 arm64 clean format lint check-format bench fuzz
.DELETE_ON_ERROR:

all: $(OUTPUT)/memstall $(WL_BINS)

$(OUTPUT) $(OUTPUT)/tools $(OUTPUT)/tests:
	$(Q)mkdir -p $@

# Two builds of one source linked into one object: the second (MS_LEAN) the
# stall stream's programs with the knobs it leaves off compiled out, for a
# cheaper verification (bpf/memstall.bpf.c)
$(OUTPUT)/memstall.bpf.o: bpf/memstall.bpf.c $(BPF_HDRS) $(VMLINUX_DIR)/vmlinux.h | $(OUTPUT)
	$(call msg,BPF,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@.tmp
	$(Q)$(CLANG) $(BPF_CFLAGS) -DMS_LEAN -c $< -o $@.lean.tmp
	$(Q)$(BPFTOOL) gen object $@ $@.tmp $@.lean.tmp
	$(Q)rm -f $@.tmp $@.lean.tmp

$(OUTPUT)/memstall.skel.h: $(OUTPUT)/memstall.bpf.o
	$(call msg,GEN-SKEL,$@)
	$(Q)$(BPFTOOL) gen skeleton $< name memstall_bpf > $@

# The build's identity (user/output/version.c): rewritten only when it changes,
# so a rebuild relinks nothing new unless the version or the day moved on.
MS_VERSION := $(shell scripts/version.sh)
MS_BUILD_DATE := $(shell date -u -d "@$${SOURCE_DATE_EPOCH:-$$(date +%s)}" +%F)
.PHONY: FORCE
$(OUTPUT)/ms_version_gen.h: FORCE | $(OUTPUT)
	$(Q)printf '#define MS_VERSION "%s"\n#define MS_BUILD_DATE "%s"\n' \
		'$(MS_VERSION)' '$(MS_BUILD_DATE)' >$@.new
	$(Q)cmp -s $@.new $@ && rm -f $@.new || mv $@.new $@

$(OUTPUT)/user/output/version.o: $(OUTPUT)/ms_version_gen.h

$(OUTPUT)/user/%.o: user/%.c $(HDRS) $(OUTPUT)/memstall.skel.h
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

$(OUTPUT)/user/net/nop11.o: CFLAGS += $(P11_CFLAGS)

$(OUTPUT)/tools/%.o: tools/%.c $(HDRS) $(OUTPUT)/memstall.skel.h | $(OUTPUT)/tools
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

# libtraceevent.a mentions dlopen (plugins, never loaded here): the linker's
# warning about it is filtered out.
$(OUTPUT)/memstall: $(USER_OBJS) $(TOOL_OBJS) Makefile
	$(call msg,BINARY,$@)
	$(Q)st=0; $(CC) $(CFLAGS) -static $(filter %.o,$^) $(LIBS) $(PARLOAD_WRAP) -o $@.tmp 2>$@.log || st=$$?; \
		grep -v -e "in function .load_plugin" -e "Using 'dlopen' in statically" \
			-e "in function ._gnutls_find_config_path" -e "in function .__libdwfl_debuginfod_init" -e "Using 'getpwuid_r' in statically" \
			$@.log >&2; \
		rm -f $@.log; [ $$st -eq 0 ] && mv $@.tmp $@
	$(Q)ln -sf memstall $(OUTPUT)/reclaimtop

static: $(OUTPUT)/memstall

# a known call chain for memstall stacks: frame pointers, nothing inlined
$(OUTPUT)/memstall-wl-stack: CFLAGS += -fno-omit-frame-pointer -fno-inline -fno-inline-functions-called-once -fno-optimize-sibling-calls -fno-shrink-wrap

$(OUTPUT)/memstall-wl-%: tests/workloads/wl_%.c tests/workloads/wl_common.h | $(OUTPUT)
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) -static $< -o $@

# ---- tests ----
# (unit tests link dynamically: the real p11-kit, not the static build's stand-in)
UNIT_LIB_OBJS := $(filter-out %/nop11.o,$(USER_OBJS))

# test equipment the unit tests and benches link: memstall-wl-stack --chain
# as a child (tests/unit/test_stacks.c, bench/stacks_sym.c)
TEST_HELPER_OBJS := $(OUTPUT)/testlib/stack_chain.o

$(OUTPUT)/testlib/%.o: tests/workloads/%.c tests/workloads/%.h | $(OUTPUT)
	$(call msg,CC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)$(CC) $(CFLAGS) -c $< -o $@

$(OUTPUT)/tests/%: tests/unit/%.c $(UNIT_LIB_OBJS) $(TEST_HELPER_OBJS) $(HDRS) | $(OUTPUT)/tests
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) -Itests/unit -Itests/workloads $< $(UNIT_LIB_OBJS) $(TEST_HELPER_OBJS) \
		$(LIBS) $(PARLOAD_WRAP) -lcmocka -ljson-c -lm -o $@

# The arm64 build is part of the VM suite (tests/vm/scenarios/1x-arm64-*);
# without the cross compiler (make deps installs it) those scenarios skip.
CROSS_ARM64 := $(if $(shell command -v aarch64-linux-gnu-gcc),arm64)

test: all $(UNIT_BINS) man $(CROSS_ARM64)
	$(Q)tests/run.sh all

test-unit: $(UNIT_BINS)
	$(Q)tests/run.sh unit

test-live: all
	$(Q)tests/run.sh live

test-vm: all $(CROSS_ARM64)
	$(Q)tests/run.sh vm

# man pages, completion, make install, the .deb (built by the test if missing)
test-pkg: all man
	$(Q)tests/run.sh pkg

$(OUTPUT)/bench-empty.bpf.o: bench/empty.bpf.c $(VMLINUX_DIR)/vmlinux.h | $(OUTPUT)
	$(call msg,BPF,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

# the parts of a hist-mode handler, one program each (bench/RESULTS.md)
$(OUTPUT)/bench-micro.bpf.o: bench/micro.bpf.c $(BPF_HDRS) $(VMLINUX_DIR)/vmlinux.h | $(OUTPUT)
	$(call msg,BPF,$@)
	$(Q)$(CLANG) $(BPF_CFLAGS) -c $< -o $@

$(OUTPUT)/bench-empty: bench/empty_load.c | $(OUTPUT)
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) -static $< $(LIBS) -o $@

# per-program verification time of the BPF object (bench/RESULTS.md)
$(OUTPUT)/bench-verify: bench/verify.c | $(OUTPUT)
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) -static $< $(LIBS) -o $@

# bench/export.sh: fills a running exporter's histogram map
$(OUTPUT)/bench-export-fill: bench/export_fill.c bpf/memstall.h | $(OUTPUT)
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) -static $< $(LIBS) -o $@

# bench/RESULTS.md: memstall stacks' symbolization of 10,000 distinct stacks
$(OUTPUT)/bench-stacks-sym: bench/stacks_sym.c $(UNIT_LIB_OBJS) $(TEST_HELPER_OBJS) $(HDRS) \
			   | $(OUTPUT)
	$(call msg,CC,$@)
	$(Q)$(CC) $(CFLAGS) -Itests/workloads $< $(UNIT_LIB_OBJS) $(TEST_HELPER_OBJS) $(LIBS) \
		$(PARLOAD_WRAP) -o $@

bench: all $(OUTPUT)/bench-empty $(OUTPUT)/bench-empty.bpf.o $(OUTPUT)/bench-export-fill \
	$(OUTPUT)/bench-verify $(OUTPUT)/bench-stacks-sym
	$(Q)bench/startup.sh
	$(Q)python3 bench/cost.py

# ---- fuzzing (libFuzzer via clang, ASan + UBSan) ----
# make fuzz FUZZ_SECONDS=N runs each target N seconds; new inputs are kept
# in fuzz/corpus-run/ (git-ignored), the seeds are the fixture logs and trees.
FUZZ_SECONDS ?= 60
FUZZ_CFLAGS := -g -O1 -std=gnu11 -D_GNU_SOURCE -fsanitize=fuzzer,address,undefined \
	       -fno-sanitize-recover=undefined -Iuser -Ibpf -I$(OUTPUT)
FUZZ_LIB := $(wildcard user/logs/klog*.c user/logs/explain*.c) \
	    $(addprefix user/,logs/finding.c model/frag.c model/gfp.c output/json.c \
	    output/sink.c base/util.c host/procfs.c base/diag.c model/cgid.c host/cgmem.c)
FUZZ_BINS := $(OUTPUT)/fuzz/fuzz_explain $(OUTPUT)/fuzz/fuzz_procfs $(OUTPUT)/fuzz/fuzz_webcfg \
	     $(OUTPUT)/fuzz/fuzz_cgid $(OUTPUT)/fuzz/fuzz_bundle

# memstall report's inputs: a bundle's JSON lines and its tar
$(OUTPUT)/fuzz/fuzz_bundle: fuzz/fuzz_bundle.c user/base/jparse.c user/host/bundle_read.c \
		user/base/diag.c user/base/util.c $(HDRS) | $(OUTPUT)
	$(call msg,FUZZ-CC,$@)
	$(Q)mkdir -p $(OUTPUT)/fuzz
	$(Q)$(CLANG) $(FUZZ_CFLAGS) $< user/base/jparse.c user/host/bundle_read.c user/base/diag.c \
		user/base/util.c -lz -o $@

# memstall export's outside inputs: web config YAML, Accept header, label values
$(OUTPUT)/fuzz/fuzz_webcfg: fuzz/fuzz_webcfg.c user/net/webcfg.c user/output/prom.c user/base/diag.c \
		user/base/util.c $(HDRS) | $(OUTPUT)
	$(call msg,FUZZ-CC,$@)
	$(Q)mkdir -p $(OUTPUT)/fuzz
	$(Q)$(CLANG) $(FUZZ_CFLAGS) $< user/net/webcfg.c user/output/prom.c user/base/diag.c \
		user/base/util.c -lyaml -lcrypt -lnettle -o $@

$(OUTPUT)/fuzz/fuzz_%: fuzz/fuzz_%.c $(FUZZ_LIB) $(HDRS) | $(OUTPUT)
	$(call msg,FUZZ-CC,$@)
	$(Q)mkdir -p $(OUTPUT)/fuzz
	$(Q)$(CLANG) $(FUZZ_CFLAGS) $< $(FUZZ_LIB) -lbpf -lelf -lz -ltraceevent -o $@

fuzz: $(FUZZ_BINS)
	$(Q)mkdir -p fuzz/corpus-run/explain fuzz/corpus-run/procfs fuzz/corpus-run/procfs-seeds \
		fuzz/corpus-run/webcfg fuzz/corpus-run/cgid fuzz/corpus-run/bundle
	$(Q)for f in tests/fixtures/roots/*/proc/zoneinfo tests/fixtures/roots/*/proc/buddyinfo \
		tests/fixtures/roots/*/proc/vmstat tests/fixtures/roots/*/proc/pressure/memory \
		tests/fixtures/roots/*/proc/meminfo; do \
		[ -f "$$f" ] && cp "$$f" fuzz/corpus-run/procfs-seeds/$$(echo "$$f" | tr / _); done; true
	$(Q)for t in explain procfs webcfg cgid bundle; do \
		seeds="tests/fixtures/logs tests/fixtures/logs/corpus"; [ $$t = procfs ] && seeds=fuzz/corpus-run/procfs-seeds; \
		[ $$t = webcfg ] && seeds=fuzz/seeds-webcfg; \
		[ $$t = cgid ] && seeds=tests/fixtures/cgid; \
		[ $$t = bundle ] && seeds=tests/fixtures/bundle; \
		echo "fuzz_$$t: $(FUZZ_SECONDS) s"; \
		$(OUTPUT)/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 \
			-max_len=65536 -timeout=10 -artifact_prefix=fuzz/corpus-run/$$t- \
			fuzz/corpus-run/$$t $$seeds >fuzz/corpus-run/$$t.log 2>&1 || \
			{ tail -40 fuzz/corpus-run/$$t.log; exit 1; }; \
		grep -E "stat::number_of_executed_units|stat::peak_rss_mb" fuzz/corpus-run/$$t.log; \
	done

# ---- setup ----
deps:
	$(Q)scripts/deps.sh

run: deps
	$(Q)$(MAKE) --no-print-directory all
	$(Q)exec $(OUTPUT)/memstall top

# ---- man pages, completion, install, packages ----
MAN_SRCS := $(sort $(wildcard man/*.8.scd))
MAN_PAGES := $(patsubst man/%.scd,$(OUTPUT)/man/man8/%,$(MAN_SRCS)) $(OUTPUT)/man/man8/reclaimtop.8

$(OUTPUT)/man/man8/%.8: man/%.8.scd
	$(call msg,SCDOC,$@)
	$(Q)mkdir -p $(@D)
	$(Q)scdoc <$< >$@

$(OUTPUT)/man/man8/reclaimtop.8: man/reclaimtop.8
	$(Q)mkdir -p $(@D)
	$(Q)cp $< $@

man: $(MAN_PAGES)

BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR ?= $(PREFIX)/share/zsh/site-functions
DOCDIR ?= $(PREFIX)/share/doc/memstall
CONTRIBDIR ?= $(PREFIX)/share/memstall/contrib

install: $(OUTPUT)/memstall man
	$(Q)install -D -m 0755 $(OUTPUT)/memstall $(DESTDIR)$(BINDIR)/memstall
	$(Q)ln -sf memstall $(DESTDIR)$(BINDIR)/reclaimtop
	$(Q)install -d $(DESTDIR)$(MANDIR)/man8
	$(Q)install -m 0644 $(MAN_PAGES) $(DESTDIR)$(MANDIR)/man8/
	$(Q)install -D -m 0644 completion/memstall.bash $(DESTDIR)$(BASHCOMPDIR)/memstall
	$(Q)ln -sf memstall $(DESTDIR)$(BASHCOMPDIR)/reclaimtop
	$(Q)install -D -m 0644 completion/_memstall $(DESTDIR)$(ZSHCOMPDIR)/_memstall
	$(Q)if [ -d contrib ]; then install -d $(DESTDIR)$(CONTRIBDIR) && \
		cp -R contrib/. $(DESTDIR)$(CONTRIBDIR)/; fi

uninstall:
	$(Q)rm -f $(DESTDIR)$(BINDIR)/memstall $(DESTDIR)$(BINDIR)/reclaimtop \
		$(addprefix $(DESTDIR)$(MANDIR)/man8/,$(notdir $(MAN_PAGES))) \
		$(DESTDIR)$(BASHCOMPDIR)/memstall $(DESTDIR)$(BASHCOMPDIR)/reclaimtop \
		$(DESTDIR)$(ZSHCOMPDIR)/_memstall
	$(Q)rm -rf $(DESTDIR)$(CONTRIBDIR)
	$(Q)rmdir $(DESTDIR)$(PREFIX)/share/memstall 2>/dev/null || true

# Debian packages (debian/), built from a copy of the tree in .output/deb
deb:
	$(Q)scripts/mkdeb.sh $(shell dpkg --print-architecture) $(OUTPUT)/deb

deb-arm64:
	$(Q)scripts/mkdeb.sh arm64 $(OUTPUT)/deb

# The same static binary for arm64 (Debian's cross compiler and the :arm64
# -dev packages, make deps), and the workload generators the VM suite runs.
arm64:
	$(Q)$(MAKE) --no-print-directory ARCH=arm64 CC=aarch64-linux-gnu-gcc OUTPUT=$(OUTPUT)/arm64 \
		$(OUTPUT)/arm64/memstall $(OUTPUT)/arm64/memstall-wl-alloc

clean:
	$(Q)rm -rf $(OUTPUT)

FORMAT_SRCS := $(wildcard bpf/*.c bpf/*.h user/*/*.c user/*/*.h tools/*.c tools/*.h \
	       tests/unit/*.c tests/unit/*.h tests/workloads/*.c tests/workloads/*.h)

format:
	$(Q)clang-format -i $(FORMAT_SRCS)

check-format:
	$(Q)clang-format --dry-run -Werror $(FORMAT_SRCS)

lint: $(OUTPUT)/memstall.skel.h
	$(Q)cppcheck -q --error-exitcode=1 --enable=warning,performance,portability \
		--inline-suppr --suppress=missingIncludeSystem -D_GNU_SOURCE \
		--suppress=ctuuninitvar \
		'-DLIBBPF_OPTS(TYPE, NAME, ...)=struct TYPE NAME = { __VA_ARGS__ }' \
		-I$(OUTPUT) -Ibpf -Iuser user tools

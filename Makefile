# SPDX-License-Identifier: GPL-2.0
#
# make            the module (module/icmpguard.ko) and icmpctl (tools/)
# make check      everything, then the selftests in QEMU guests (generic, RT)
# make demo       boots a guest, loads the module, pings, prints icmpctl stats
# make bench      icmpguard against the kernel and nftables, as ratios
#                 measured in one guest run (QUICK=1: one short round)
# make style      checkpatch --strict over every source file
# make shell      an interactive guest shell with the module built
# make install    module (with depmod) and icmpctl with its man page
#
# KDIR defaults to the running kernel's build directory or, where it has
# none (a machine without module support), the newest installed generic
# one. KDIR_RT is the PREEMPT_RT build directory used for the RT runs.

REPO := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
newest = $(lastword $(sort $(wildcard /lib/modules/*$(1)/build)))
KDIR ?= $(or $(wildcard /lib/modules/$(shell uname -r)/build),\
	     $(lastword $(sort $(filter-out %-rt-amd64/build,\
	     $(wildcard /lib/modules/*/build)))))
KDIR_RT ?= $(call newest,-rt-amd64)
CACHE := $(REPO)/.cache
BUILD := $(REPO)/.build
KSRC_TAR ?= $(lastword $(sort $(wildcard /usr/src/linux-source-*.tar.xz)))

# The headers ship no vmlinux, so module BTF would only print a notice.
NOBTF := CONFIG_DEBUG_INFO_BTF_MODULES=

SOURCES := $(filter-out %.mod.c,$(wildcard module/*.[ch] module/uapi/*.h \
		      tools/*.[ch] selftests/*.[ch] selftests/bench/*.c))

.PHONY: all module module-rt module-warn tools selftests check demo style \
	shell install clean deps bench

all: module tools

module:
	@test -d "$(KDIR)" || { echo "no kernel build dir: install linux-headers-amd64 (or set KDIR)"; exit 1; }
	$(MAKE) -C $(KDIR) M=$(REPO) $(NOBTF) modules

# Separate copies of the tree so each kernel's objects stay apart.
define shadow_build
	@mkdir -p $(BUILD)/$(1)/module/uapi
	@cp -u Kbuild $(BUILD)/$(1)/
	@cp -u module/Kbuild module/*.[ch] $(BUILD)/$(1)/module/
	@cp -u module/uapi/*.h $(BUILD)/$(1)/module/uapi/
	$(MAKE) -C $(2) M=$(BUILD)/$(1) $(NOBTF) $(3) modules
endef

module-rt:
	@test -d "$(KDIR_RT)" || { echo "no RT kernel build dir: install linux-headers-rt-amd64"; exit 1; }
	$(call shadow_build,rt,$(KDIR_RT))

module-warn:
	$(call shadow_build,warn,$(KDIR),CONFIG_ICMPGUARD_SELFTEST_WARN=y)

tools:
	$(MAKE) -C tools

selftests: tools
	$(MAKE) -C selftests KSRC_TAR=$(KSRC_TAR)

deps:
	@$(REPO)/scripts/deps.sh

check: deps
	$(MAKE) all module-rt module-warn selftests
	@$(REPO)/selftests/check.sh

demo: deps
	$(MAKE) all
	@$(REPO)/selftests/vm/run -- $(REPO)/scripts/demo.sh

# A sub-make, as check and demo do: KDIR is only known once deps ran.
bench: deps
	$(MAKE) all
	@$(REPO)/selftests/bench/bench $(if $(QUICK),--quick)

shell: all
	@$(REPO)/selftests/vm/run --shell

$(CACHE)/checkpatch/scripts/checkpatch.pl:
	@mkdir -p $(CACHE)/checkpatch
	tar -xJf $(KSRC_TAR) -C $(CACHE)/checkpatch --strip-components=1 \
		--wildcards '*/scripts/checkpatch.pl' '*/scripts/spelling.txt' \
		'*/scripts/const_structs.checkpatch'

# Each finding is one line; any finding (CHECK included) fails.
style: $(CACHE)/checkpatch/scripts/checkpatch.pl
	@out=$$(for f in $(SOURCES); do \
		$(CACHE)/checkpatch/scripts/checkpatch.pl --strict --no-tree \
			--terse --show-types -f $$f | grep -v '^total: '; \
	done); \
	if [ -n "$$out" ]; then echo "$$out"; exit 1; fi

install: all
	$(MAKE) -C $(KDIR) M=$(REPO) modules_install
	depmod -a $(notdir $(patsubst %/build,%,$(KDIR)))
	$(MAKE) -C tools install

clean:
	$(MAKE) -C $(KDIR) M=$(REPO) clean
	$(MAKE) -C tools clean
	-$(MAKE) -C selftests clean
	rm -rf $(BUILD)

# SPDX-License-Identifier: GPL-2.0
#
# make              the module (module/icmpguard.ko) and icmpctl (tools/)
# make check        everything, then the selftests in a QEMU guest for each
#                   kernel of KERNELS
# make check-debug  the selftests in a guest booting a debug kernel (KASAN,
#                   lockdep, kmemleak, UBSAN), built once and cached
# make demo         boots a guest, loads the module, pings, prints icmpctl stats
# make bench        icmpguard against the kernel and nftables, as ratios
#                   measured in one guest run (QUICK=1: one short round)
# make style        checkpatch --strict over every source file
# make shell        an interactive guest shell with the module built
# make install      module (with depmod) and icmpctl with its man page
# make compile-newest  build (no boot) against the newest linux-source
#
# Kernels. KVER names one installed kernel: the module builds against
# /lib/modules/KVER/build and guests boot /boot/vmlinuz-KVER, so the two
# can never disagree. It defaults to the running kernel when it has a
# build directory, else the newest installed generic kernel that has both
# an image and headers. KERNELS is the list make check runs on: every
# installed kernel with both (Debian's 6.1 and 6.12, generic and
# PREEMPT_RT, once scripts/deps.sh installed them).

REPO := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
# Installed kernels with an image and a build directory, oldest first.
installed = $(shell $(REPO)/scripts/kernels.sh)
KVER ?= $(or $(and $(wildcard /lib/modules/$(shell uname -r)/build),\
		   $(shell uname -r)),\
	     $(lastword $(filter-out %-rt-amd64,$(installed))))
KDIR ?= /lib/modules/$(KVER)/build
KERNELS ?= $(installed)
CACHE := $(REPO)/.cache
BUILD := $(REPO)/.build
NPROC := $(shell nproc)
KSRC_TAR ?= /usr/src/linux-source-6.1.tar.xz
NEWEST_TAR ?= $(lastword $(shell ls -v /usr/src/linux-source-*.tar.xz 2>/dev/null))

# The headers ship no vmlinux, so module BTF would only print a notice.
NOBTF := CONFIG_DEBUG_INFO_BTF_MODULES=

SOURCES := $(filter-out %.mod.c,$(wildcard module/*.[ch] module/uapi/*.h \
		      tools/*.[ch] tools/tests/*.[ch] selftests/*.[ch] \
		      selftests/bench/*.c))

.PHONY: all module modules shadow module-warn tools selftests check check-debug \
	demo style shell install clean deps bench compile-newest

all: module tools

module:
	@test -d "$(KDIR)" || { echo "no kernel build dir $(KDIR): install linux-headers-amd64 (or set KVER)"; exit 1; }
	$(MAKE) -C $(KDIR) M=$(REPO) $(NOBTF) modules

# A copy of the tree per kernel, so each kernel's objects stay apart:
# .build/KVER/module/icmpguard.ko is what a guest booting KVER loads.
# (make shadow SHADOW=DIR SHADOW_KDIR=KDIR [SHADOW_FLAGS=...])
shadow:
	@mkdir -p $(BUILD)/$(SHADOW)/module/uapi
	@cp -u Kbuild $(BUILD)/$(SHADOW)/
	@cp -u module/Kbuild module/*.[ch] $(BUILD)/$(SHADOW)/module/
	@cp -u module/uapi/*.h $(BUILD)/$(SHADOW)/module/uapi/
	$(MAKE) -s -C $(SHADOW_KDIR) M=$(BUILD)/$(SHADOW) $(NOBTF) \
		$(SHADOW_FLAGS) modules

modules:
	@test -n "$(KERNELS)" || { echo "no kernel with image and headers: make deps"; exit 1; }
	@for k in $(KERNELS); do \
		$(MAKE) --no-print-directory shadow SHADOW=$$k \
			SHADOW_KDIR=/lib/modules/$$k/build || exit 1; \
	done

module-warn:
	@$(MAKE) --no-print-directory shadow SHADOW=warn-$(KVER) \
		SHADOW_KDIR=$(KDIR) SHADOW_FLAGS=CONFIG_ICMPGUARD_SELFTEST_WARN=y

tools:
	$(MAKE) -C tools

selftests: tools
	$(MAKE) -C selftests KSRC_TAR=$(KSRC_TAR)

deps:
	@$(REPO)/scripts/deps.sh

check: deps
	$(MAKE) -j$(NPROC) all modules module-warn selftests
	@KERNELS="$(KERNELS)" KVER="$(KVER)" $(REPO)/selftests/check.sh

# The debug kernel is built (once; cached by its config) by
# scripts/debug-kernel.sh; the module is built against its tree.
check-debug: deps
	$(MAKE) tools selftests
	@$(REPO)/selftests/check-debug.sh

demo: deps
	$(MAKE) all modules KERNELS=$(KVER)
	@$(REPO)/selftests/vm/run --kver $(KVER) -- $(REPO)/scripts/demo.sh

# A sub-make, as check and demo do: KVER is only known once deps ran.
bench: deps
	$(MAKE) all modules KERNELS=$(KVER)
	@VM_KVER=$(KVER) $(REPO)/selftests/bench/bench $(if $(QUICK),--quick)

shell:
	$(MAKE) all modules KERNELS=$(KVER)
	@$(REPO)/selftests/vm/run --kver $(KVER) --shell

# The newest kernel source the registry has, configured for the module's
# needs: a compile check (W=1) of a kernel no guest boots.
compile-newest:
	@$(REPO)/scripts/compile-newest.sh $(NEWEST_TAR)

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
	depmod -a $(KVER)
	$(MAKE) -C tools install

clean:
	-$(MAKE) -C $(KDIR) M=$(REPO) clean
	$(MAKE) -C tools clean
	-$(MAKE) -C selftests clean
	rm -rf $(BUILD)

# cesim: one Makefile, two toolchains.
#   host side  (sim/, cachemodel/, host tests) with $(HOSTCC)
#   guest side (kernel/, guest/)               with $(CROSS)gcc, freestanding
# Each folder adds its own rules in a fragment (sim/sim.mk, kernel/kernel.mk, ...),
# included below; this file holds what they share.
#
#   make run    set-up (missing Debian packages), build, run the default scenario
#   make test   set-up, build, every test
#   make bench  speed figures (modelled cycles never depend on them)

BUILD   ?= build
HOSTCC  ?= gcc
CROSS   ?= arm-none-eabi-
V       ?= 0
Q       := $(if $(filter 1,$(V)),,@)

HOST_CFLAGS  := -std=gnu11 -O2 -g -Wall -Wextra -Werror -MD -MP \
                -Ikernel/abi -Isim -Icachemodel
HOST_LDLIBS  := -lunicorn -lcapstone -lelf -linih -ljansson -lm -lpthread

GUEST_ARCH   := -mcpu=arm926ej-s -marm -mfloat-abi=soft
GUEST_CFLAGS := $(GUEST_ARCH) -std=gnu11 -O2 -g -Wall -Wextra -Werror -MD -MP \
                -ffreestanding -fno-common -fno-pic -fno-stack-protector \
                -ffunction-sections -fdata-sections -Ikernel/abi
GUEST_ASFLAGS := $(GUEST_ARCH) -g -MD -MP -Ikernel/abi
GUEST_LIBGCC  = $(shell $(CROSS)gcc $(GUEST_ARCH) -print-libgcc-file-name)

# Set-up runs once per machine: every build target waits for it (order-only).
DEPS_STAMP := $(BUILD)/.deps-ok

.PHONY: all deps run test bench clean format
all:

deps: $(DEPS_STAMP)
$(DEPS_STAMP): scripts/deps.sh
	$(Q)scripts/deps.sh
	$(Q)mkdir -p $(@D) && touch $@

# Fragments append to these.
HOST_PROGS   :=
GUEST_IMAGES :=
TEST_TARGETS :=
BENCH_TARGETS :=

include $(sort $(wildcard sim/*.mk cachemodel/*.mk kernel/*.mk guest/*.mk tests/*.mk))

all: $(HOST_PROGS) $(GUEST_IMAGES)

# The default demo: the hello scenario's console, then the cost of MARSHAL_FORCE_ALIAS
# side by side (scripts/demo).
run: all
	$(Q)$(BUILD)/cesim run --quiet guest/scenarios/hello.ini
	$(Q)scripts/demo --cesim $(BUILD)/cesim

test: all
	$(Q)scripts/run-tests $(TEST_TARGETS)

bench: all $(BENCH_TARGETS)

clean:
	rm -rf $(BUILD)

format:
	clang-format -i $$(git ls-files '*.c' '*.h' '*.hpp' '*.cpp')

# Generic rules. Host objects mirror the source tree under $(BUILD)/host/.
$(BUILD)/host/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -c $< -o $@

# Guest objects mirror the source tree under $(BUILD)/guest-obj/.
$(BUILD)/guest-obj/%.o: %.c | $(DEPS_STAMP) cross-check
	@mkdir -p $(@D)
	$(Q)$(CROSS)gcc $(GUEST_CFLAGS) -c $< -o $@

$(BUILD)/guest-obj/%.o: %.cpp | $(DEPS_STAMP) cross-check
	@mkdir -p $(@D)
	$(Q)$(CROSS)g++ $(filter-out -std=gnu11,$(GUEST_CFLAGS)) -std=gnu++17 \
		-fno-exceptions -fno-rtti -fno-threadsafe-statics -c $< -o $@

$(BUILD)/guest-obj/%.o: %.S | $(DEPS_STAMP) cross-check
	@mkdir -p $(@D)
	$(Q)$(CROSS)gcc $(GUEST_ASFLAGS) -c $< -o $@

.PHONY: cross-check
cross-check: | $(DEPS_STAMP)
	@command -v $(CROSS)gcc >/dev/null || { echo "error: $(CROSS)gcc not found:" \
		"install gcc-arm-none-eabi and binutils-arm-none-eabi (make deps does)"; exit 1; }

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

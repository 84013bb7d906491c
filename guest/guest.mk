# guest.mk: the guest SDK. libce.a (crt0, system call stubs, heap, small libc), the
# sample apps and the sample drivers: each guest/apps/NAME.c and guest/drivers/NAME.c
# becomes build/guest/NAME.elf, linked at 0 with guest/module.ld and --emit-relocs for
# `cesim mkrom` to place, with its listing (.lst) and symbol file (.sym) next to it.
# Drivers link the same libce as apps (its stubs work in kernel mode too) but not its
# start-up code: they have no entry of their own, the kernel calls their exports.

# Headers of the guest SDK (stdio.h, string.h, windows.h ...) for everything under guest/.
$(BUILD)/guest-obj/guest/%.o: GUEST_CFLAGS += -Iguest/include

# $(call guest_listing,ELF): listing and symbols next to a guest ELF (kernel.mk uses it too).
guest_listing = $(CROSS)objdump -S $(1) > $(basename $(1)).lst && \
                $(CROSS)nm -n $(1) > $(basename $(1)).sym

LIBCE      := $(BUILD)/guest/libce.a
LIBCE_SRCS := $(wildcard guest/lib/*.c guest/lib/*.S)
LIBCE_OBJS := $(patsubst %,$(BUILD)/guest-obj/%.o,$(basename $(LIBCE_SRCS)))

$(LIBCE): $(LIBCE_OBJS)
	@mkdir -p $(@D)
	$(Q)rm -f $@ && $(CROSS)ar rcs $@ $^

GUEST_APPS     := $(basename $(notdir $(wildcard guest/apps/*.c)))
GUEST_APP_ELFS := $(GUEST_APPS:%=$(BUILD)/guest/%.elf)

# -u _start: the entry lives in libce.a and nothing else references it.
$(GUEST_APP_ELFS): $(BUILD)/guest/%.elf: $(BUILD)/guest-obj/guest/apps/%.o $(LIBCE) guest/module.ld
	@mkdir -p $(@D)
	$(Q)$(CROSS)gcc $(GUEST_ARCH) -nostdlib -T guest/module.ld -Wl,--emit-relocs -Wl,-u,_start \
		-o $@ $< $(LIBCE) $(GUEST_LIBGCC)
	$(Q)$(call guest_listing,$@)

# C++ drivers (guest/drivers/*.cpp) too: the Makefile's %.cpp rule compiles them with g++
# -fno-exceptions -fno-rtti; they link like the C ones, with no libstdc++ (the little run
# time they need is in guest/include/marshal.hpp).
GUEST_DRIVERS     := $(basename $(notdir $(wildcard guest/drivers/*.c guest/drivers/*.cpp)))
GUEST_DRIVER_ELFS := $(GUEST_DRIVERS:%=$(BUILD)/guest/%.elf)

# --entry=0: no _start; the ROM builder finds the exports (XXX_Init ...) by name.
$(GUEST_DRIVER_ELFS): $(BUILD)/guest/%.elf: $(BUILD)/guest-obj/guest/drivers/%.o $(LIBCE) guest/module.ld
	@mkdir -p $(@D)
	$(Q)$(CROSS)gcc $(GUEST_ARCH) -nostdlib -T guest/module.ld -Wl,--emit-relocs -Wl,--entry=0 \
		-o $@ $< $(LIBCE) $(GUEST_LIBGCC)
	$(Q)$(call guest_listing,$@)

GUEST_IMAGES += $(LIBCE) $(GUEST_APP_ELFS) $(GUEST_DRIVER_ELFS)

# End-to-end runs of the scenarios under QEMU, the functional reference (tests/e2e/qemu-e2e).
.PHONY: qemu-e2e
qemu-e2e: $(GUEST_IMAGES) $(BUILD)/cesim
	$(Q)tests/e2e/qemu-e2e $(BUILD)

TEST_TARGETS += qemu-e2e

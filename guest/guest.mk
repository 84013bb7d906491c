# guest.mk: the guest SDK. libce.a (crt0, system call stubs, small libc) and the sample
# apps: each guest/apps/NAME.c becomes build/guest/NAME.elf, linked at 0 with
# guest/module.ld and --emit-relocs for `cesim mkrom` to place, with its listing (.lst)
# and symbol file (.sym) next to it.

# Headers of the guest SDK (stdio.h, string.h, windows.h ...) for everything under guest/.
$(BUILD)/guest-obj/guest/%.o: GUEST_CFLAGS += -Iguest/include

# $(call guest_listing,ELF): listing and symbols next to a guest ELF (kernel.mk uses it too).
guest_listing = $(CROSS)objdump -S $(1) > $(basename $(1)).lst && \
                $(CROSS)nm -n $(1) > $(basename $(1)).sym

LIBCE      := $(BUILD)/guest/libce.a
LIBCE_OBJS := $(patsubst %.c,$(BUILD)/guest-obj/%.o,$(wildcard guest/lib/*.c))

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

GUEST_IMAGES += $(LIBCE) $(GUEST_APP_ELFS)

# End-to-end runs of the scenarios under QEMU, the functional reference (tests/e2e/qemu-e2e).
.PHONY: qemu-e2e
qemu-e2e: $(GUEST_IMAGES) $(BUILD)/cesim
	$(Q)tests/e2e/qemu-e2e $(BUILD)

TEST_TARGETS += qemu-e2e

# kernel.mk: the kernel image build/guest/kernel.elf, with its listing (.lst), symbol
# file (.sym) and link map (.map). The link fails when a CP15 instruction lies outside
# kernel/cp15.S (kernel/check-cp15), since the simulator only sees that range.

KERNEL_ELF := $(BUILD)/guest/kernel.elf
# The formatter, the string functions and the heap allocator core are the guest
# library's, compiled once for both.
KERNEL_SHARED := guest/lib/format.c guest/lib/string.c guest/lib/heapcore.c
KERNEL_SRCS := $(wildcard kernel/*.S kernel/*.c) $(KERNEL_SHARED)
KERNEL_OBJS := $(patsubst %,$(BUILD)/guest-obj/%.o,$(basename $(KERNEL_SRCS)))

$(BUILD)/guest-obj/kernel/%.o: GUEST_CFLAGS += -Iguest/include

$(KERNEL_ELF): $(KERNEL_OBJS) kernel/kernel.ld kernel/check-cp15
	@mkdir -p $(@D)
	$(Q)$(CROSS)gcc $(GUEST_ARCH) -nostdlib -T kernel/kernel.ld -Wl,-Map=$(basename $@).map \
		-o $@ $(KERNEL_OBJS) $(GUEST_LIBGCC)
	$(Q)CROSS=$(CROSS) kernel/check-cp15 $@ || { rm -f $@; exit 1; }
	$(Q)$(call guest_listing,$@)

GUEST_IMAGES += $(KERNEL_ELF)

# Tests: the CP15 rule, and a bare kernel under QEMU (no ROM table of contents: exit 1).
.PHONY: kernel-cp15-check kernel-qemu-bare
kernel-cp15-check: $(KERNEL_ELF)
	$(Q)CROSS=$(CROSS) kernel/check-cp15 $< && echo "kernel-cp15-check: ok"

kernel-qemu-bare: $(KERNEL_ELF)
	$(Q)tests/e2e/qemu-e2e --bare $(BUILD)

TEST_TARGETS += kernel-cp15-check kernel-qemu-bare

# tests/rom.mk: `make test-rom`, host tests (cmocka) of the scenario parser, the ROM
# builder and the ROM loader (sim/scenario.c, sim/rom_build.c, sim/rom_image.c), with a
# tiny kernel and tiny modules built from tests/rom/ by the cross compiler, then a boot
# of a built ROM on QEMU (versatilepb) to check QEMU loads it where the kernel looks.

ROMT_DIR  := $(BUILD)/tests/rom
ROMT_OBJ  := $(BUILD)/guest-obj/tests/rom
ROMT_SIM  := $(addprefix $(BUILD)/host/sim/,err.o scenario.o scenario_keys.o scenario_cm.o rom_build.o \
             rom_image.o) $(CACHEMODEL_LIB)
ROMT_LIBS := -lcmocka -lelf -linih
ROMT_ELFS := $(addprefix $(ROMT_DIR)/,kernel.elf reloc.elf hello.elf tst.elf big.elf \
             v7.elf hello_norel.elf)

# The tests find their inputs here (they run from the top of the tree).
$(BUILD)/host/tests/rom/%.o: HOST_CFLAGS += -DROMT_DIR='"$(ROMT_DIR)"' \
	-DROMT_OBJ='"$(ROMT_OBJ)"'

$(ROMT_DIR)/kernel.elf: $(ROMT_OBJ)/tkernel.o tests/rom/tkernel.ld | cross-check
	@mkdir -p $(@D)
	$(Q)$(CROSS)gcc $(GUEST_ARCH) -nostdlib -T tests/rom/tkernel.ld -o $@ $<

$(ROMT_DIR)/%.elf: $(ROMT_OBJ)/mod_%.o guest/module.ld | cross-check
	@mkdir -p $(@D)
	$(Q)$(CROSS)gcc $(GUEST_ARCH) -nostdlib -T guest/module.ld -Wl,--emit-relocs \
		$(ROMT_LDFLAGS) -o $@ $<

# A driver has no _start: name an entry so that ld does not warn about it.
$(ROMT_DIR)/tst.elf: ROMT_LDFLAGS := -Wl,--entry=TST_Init

# Keep the module objects (make would delete them as intermediates and rebuild them).
.SECONDARY: $(addprefix $(ROMT_OBJ)/,mod_reloc.o mod_hello.o mod_tst.o mod_big.o mod_v7.o \
            tkernel.o) $(BUILD)/host/tests/rom/test_scenario.o $(BUILD)/host/tests/rom/test_rom.o

# The same module linked without --emit-relocs: the builder must refuse it.
$(ROMT_DIR)/hello_norel.elf: $(ROMT_OBJ)/mod_hello.o guest/module.ld | cross-check
	@mkdir -p $(@D)
	$(Q)$(CROSS)gcc $(GUEST_ARCH) -nostdlib -T guest/module.ld -o $@ $<

# Built for ARMv7 on purpose: its MOVW/MOVT relocations must be refused.
$(ROMT_OBJ)/mod_v7.o: tests/rom/mod_v7.c | $(DEPS_STAMP) cross-check
	@mkdir -p $(@D)
	$(Q)$(CROSS)gcc $(filter-out -mcpu=%,$(GUEST_CFLAGS)) -mcpu=cortex-a7 -c $< -o $@

$(ROMT_DIR)/test_%: $(BUILD)/host/tests/rom/test_%.o $(ROMT_SIM)
	@mkdir -p $(@D)
	$(Q)$(HOSTCC) -o $@ $^ $(ROMT_LIBS)

.PHONY: test-rom
test-rom: $(ROMT_DIR)/test_scenario $(ROMT_DIR)/test_rom $(ROMT_ELFS)
	$(Q)$(ROMT_DIR)/test_scenario
	$(Q)$(ROMT_DIR)/test_rom
	@echo "test-rom: QEMU boots $(ROMT_DIR)/out/boot.rom (exit 0: the kernel found the TOC)"
	$(Q)tests/e2e/qemu-run -t 30 $(ROMT_DIR)/out/boot.rom

TEST_TARGETS += test-rom

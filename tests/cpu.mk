# cpu.mk: CPU-level tests of the exception machinery. Test programs are tiny ARM
# assembly files linked at physical 0 and turned into raw binaries.

CPU_TEST_PROGS := $(patsubst tests/cpu/%.S,$(BUILD)/tests/cpu/%.bin,$(wildcard tests/cpu/*.S))
.SECONDARY: $(CPU_TEST_PROGS:.bin=.elf)

$(BUILD)/tests/cpu/%.elf: tests/cpu/%.S tests/cpu/common.inc | $(DEPS_STAMP) cross-check
	@mkdir -p $(@D)
	$(Q)$(CROSS)gcc $(GUEST_ASFLAGS) -nostdlib -Ttext=0 \
		-Itests/cpu $< -o $@

$(BUILD)/tests/cpu/%.bin: $(BUILD)/tests/cpu/%.elf
	$(Q)$(CROSS)objcopy -O binary $< $@

$(BUILD)/host/tests/cpu/test_cpu.o: HOST_CFLAGS += -DCPU_TEST_BIN_DIR='"$(BUILD)/tests/cpu"'

$(BUILD)/tests/cpu/test_cpu: $(BUILD)/host/tests/cpu/test_cpu.o $(SIM_LIB) $(CACHEMODEL_LIB)
	@mkdir -p $(@D)
	$(Q)$(HOSTCC) -o $@ $^ $(HOST_LDLIBS) -lcmocka

.PHONY: test-cpu
test-cpu: $(BUILD)/tests/cpu/test_cpu $(CPU_TEST_PROGS)
	$(Q)$<

TEST_TARGETS += test-cpu

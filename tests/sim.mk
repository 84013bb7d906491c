# tests/sim.mk: host unit tests of the simulator's pure helpers (cmocka): the ARMv5
# page-table walker and its host TLB (sim/mmu.c), and the load/store address decoder of
# the abort path (sim/arm_decode.c). Each binary links its test and the one object under
# test; none needs Unicorn.
#
#   make test-sim    build and run them all

SIM_TEST_NAMES := mmu arm_decode
SIM_TEST_BINS  := $(SIM_TEST_NAMES:%=$(BUILD)/tests/sim/test_%)
SIM_TEST_TIMEOUT ?= 60

# Objects reached only through the pattern rule below: keep them, so a rerun relinks nothing.
.SECONDARY: $(SIM_TEST_NAMES:%=$(BUILD)/host/tests/sim/test_%.o) \
	$(SIM_TEST_NAMES:%=$(BUILD)/host/sim/%.o)

# test_mmu links sim/mmu.o, test_arm_decode links sim/arm_decode.o.
$(BUILD)/tests/sim/test_%: $(BUILD)/host/tests/sim/test_%.o $(BUILD)/host/sim/%.o
	@mkdir -p $(@D)
	$(Q)$(HOSTCC) $^ -lcmocka -o $@

# Run every binary, each under a time bound, and fail at the end if any failed.
.PHONY: test-sim
test-sim: $(SIM_TEST_BINS)
	$(Q)fail=0; for t in $(SIM_TEST_BINS); do \
		timeout $(SIM_TEST_TIMEOUT) $$t || { echo "test-sim: $$t failed"; fail=1; }; \
	done; exit $$fail

TEST_TARGETS += test-sim

# tests/dev.mk: register-level unit tests of the device models (cmocka, simulated clock).
# Each test binary links one device model and dev_common; none needs Unicorn.
#
#   make test-dev    build and run them all

DEV_TEST_NAMES := sysregs pl190 sp804 pl011
DEV_TEST_BINS  := $(DEV_TEST_NAMES:%=$(BUILD)/tests/dev/test_%)
DEV_TEST_TIMEOUT ?= 60

# Objects reached only through the pattern rule below: keep them, so a rerun relinks nothing.
.SECONDARY: $(DEV_TEST_NAMES:%=$(BUILD)/host/tests/dev/test_%.o) \
	$(DEV_TEST_NAMES:%=$(BUILD)/host/sim/dev_%.o) $(BUILD)/host/sim/dev_common.o

$(BUILD)/tests/dev/test_%: $(BUILD)/host/tests/dev/test_%.o $(BUILD)/host/sim/dev_%.o \
		$(BUILD)/host/sim/dev_common.o
	@mkdir -p $(@D)
	$(Q)$(HOSTCC) $^ -lcmocka -o $@

# Run every binary, each under a time bound, and fail at the end if any failed.
.PHONY: test-dev
test-dev: $(DEV_TEST_BINS)
	$(Q)fail=0; for t in $(DEV_TEST_BINS); do \
		timeout $(DEV_TEST_TIMEOUT) $$t || { echo "test-dev: $$t failed"; fail=1; }; \
	done; exit $$fail

TEST_TARGETS += test-dev

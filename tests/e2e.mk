# e2e.mk: end-to-end tests on whole guest scenarios (tests/e2e/e2e.sh), under cesim
# and, for the differential cases, QEMU.

.PHONY: test-e2e
test-e2e: $(BUILD)/cesim $(GUEST_IMAGES)
	$(Q)BUILD=$(BUILD) tests/e2e/e2e.sh

TEST_TARGETS += test-e2e

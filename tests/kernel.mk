# tests/kernel.mk: `make test-kernel`, the in-guest kernel test suite (guest/apps/ktest.c)
# under cesim, with both reflector policies, and its process/thread/event tests under
# QEMU with the same console text (tests/e2e/ktest-e2e).

.PHONY: test-kernel
test-kernel: $(BUILD)/cesim $(GUEST_IMAGES)
	$(Q)BUILD=$(BUILD) tests/e2e/ktest-e2e

TEST_TARGETS += test-kernel

# tests/marshal.mk: `make test-marshal`, the marshaling semantics suite (guest/apps/mtest.c,
# one test per spec/marshal.md rule id) in the 8 configurations of policy x driver mode x
# cache tags, the simulator-only checks from the JSON report (modes, uncached accesses,
# stale reads with kernel.alias_uncache=off, leaks) and the C/C++ asynchronous sample
# drivers compared (tests/e2e/marshal-e2e).

.PHONY: test-marshal
test-marshal: $(BUILD)/cesim $(GUEST_IMAGES)
	$(Q)BUILD=$(BUILD) tests/e2e/marshal-e2e

TEST_TARGETS += test-marshal

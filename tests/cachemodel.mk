# tests/cachemodel.mk: the cache model's unit tests (cmocka) and cachesim's golden traces.
#
#   make test-cachemodel   every tests/cachemodel/test_*.c, one binary each, each bounded
#   make test-golden       tests/golden/run-golden: cachesim on committed din traces with
#                          named configurations, diffed against committed summaries

CM_TEST_SRCS := $(sort $(wildcard tests/cachemodel/test_*.c))
CM_TEST_BINS := $(CM_TEST_SRCS:tests/cachemodel/%.c=$(BUILD)/tests/cachemodel/%)

$(BUILD)/tests/cachemodel/%: $(BUILD)/host/tests/cachemodel/%.o $(CACHEMODEL_JSON_OBJ) \
                             $(CACHEMODEL_LIB)
	@mkdir -p $(@D)
	$(Q)$(HOSTCC) -o $@ $^ -lcmocka -ljansson

.PHONY: test-cachemodel test-golden
test-cachemodel: $(CM_TEST_BINS)
	$(Q)fail=0; for t in $(CM_TEST_BINS); do timeout 120 $$t || fail=1; done; exit $$fail

test-golden: $(BUILD)/cachesim
	$(Q)tests/golden/run-golden $(BUILD)/cachesim

TEST_TARGETS += test-cachemodel test-golden

# Keep the test objects (make would delete them as intermediates of the pattern rule).
.SECONDARY: $(CM_TEST_SRCS:%.c=$(BUILD)/host/%.o)

# cachemodel/cachemodel.mk: the cache model library, its JSON helper and build/cachesim.
#
#   $(CACHEMODEL_LIB)       build/libcachemodel.a: the model, no dependency but libc
#   $(CACHEMODEL_JSON_OBJ)  cm_stats_to_json() and friends; link it with -ljansson
#   $(BUILD)/cachesim       the din trace driver (HOST_PROGS)
#   bench-cachesim          references per second on a 20 M reference trace (BENCH_TARGETS)

CACHEMODEL_SRCS := cm_config.c cm_cache.c cm_timing.c cm_tlb.c cm_check.c cm_model.c \
                   cm_stats.c
CACHEMODEL_OBJS := $(CACHEMODEL_SRCS:%.c=$(BUILD)/host/cachemodel/%.o)
CACHEMODEL_LIB := $(BUILD)/libcachemodel.a
CACHEMODEL_JSON_OBJ := $(BUILD)/host/cachemodel/cm_json.o

$(CACHEMODEL_LIB): $(CACHEMODEL_OBJS)
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/cachesim: $(BUILD)/host/cachemodel/cachesim.o $(CACHEMODEL_LIB)
	$(Q)$(HOSTCC) -o $@ $^

# Deterministic trace generator for the benchmark (not a product: not in HOST_PROGS).
$(BUILD)/tracegen: $(BUILD)/host/cachemodel/tracegen.o
	$(Q)$(HOSTCC) -o $@ $^

HOST_PROGS += $(BUILD)/cachesim

.PHONY: bench-cachesim
bench-cachesim: $(BUILD)/cachesim $(BUILD)/tracegen
	$(Q)scripts/bench-cachesim $(BUILD)
BENCH_TARGETS += bench-cachesim

# sim.mk: the cesim program. Every sim/*.c but main.c goes into libsim.a, which the
# host tests (devices, ROM, CPU-level) link too.

SIM_SRCS  := $(filter-out sim/main.c,$(wildcard sim/*.c))
SIM_OBJS  := $(SIM_SRCS:%.c=$(BUILD)/host/%.o)
SIM_LIB   := $(BUILD)/libsim.a

$(SIM_LIB): $(SIM_OBJS)
	@mkdir -p $(@D)
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/cesim: $(BUILD)/host/sim/main.o $(SIM_LIB) $(CACHEMODEL_JSON_OBJ) $(CACHEMODEL_LIB)
	@mkdir -p $(@D)
	$(Q)$(HOSTCC) -o $@ $^ $(HOST_LDLIBS)

HOST_PROGS += $(BUILD)/cesim

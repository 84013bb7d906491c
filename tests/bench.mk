# bench.mk: `make bench` figures for the simulator (host speed, never a test).

.PHONY: bench-mips
bench-mips: $(BUILD)/cesim $(GUEST_IMAGES)
	$(Q)BUILD=$(BUILD) scripts/bench-mips guest/scenarios/hello.ini guest/scenarios/compute.ini \
		guest/scenarios/memtouch.ini

BENCH_TARGETS += bench-mips

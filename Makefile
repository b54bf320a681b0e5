# Conveniences around ./dev (which needs only bash): make run, make test, make bench, make peers.
PRESET ?= release
export PRESET

.PHONY: run test build bench clean
run:
	./dev run
test:
	./dev test
build:
	./dev build
bench: build
	./build/$(PRESET)/bench/lstmbench_bench_onednn --benchmark_min_time=0.2
clean:
	rm -rf build out

-include Makefile.peers

# The two commands a newcomer needs: `make demo` and `make test`.
# Both install what is missing (scripts/setup.sh), then build with CMake + Ninja.
BUILD ?= build
BUILD_TYPE ?= RelWithDebInfo
CMAKE_FLAGS ?=

.PHONY: all setup configure build test demo bench asan clean

all: build

setup:
	@scripts/setup.sh

configure: setup
	@cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_FLAGS) >/dev/null

build: configure
	@cmake --build $(BUILD)

# The whole suite, PostgreSQL included: scripts/with-postgres.sh starts a throwaway
# PostgreSQL 15 server on loopback for the duration of the run and removes it after.
test: build
	@scripts/with-postgres.sh ctest --test-dir $(BUILD) --output-on-failure -j2

demo: build
	@examples/quickstart/run.sh

bench: build
	@scripts/with-postgres.sh bench/run.sh

# Address and undefined-behaviour sanitizers over the same suite (a CI build).
asan:
	@$(MAKE) test BUILD=build-asan BUILD_TYPE=Debug CMAKE_FLAGS=-DWAYBACK_SANITIZE=ON

clean:
	rm -rf build build-asan

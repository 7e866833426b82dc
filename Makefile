# Marketing Strategist — the two commands are `make run` and `make test`.
# Everything else here is what those two are made of.

BUILD      ?= build
SAN_BUILD  ?= build-sanitize
JOBS       ?= $(shell nproc)
PORT       ?= 8029
DATABASE   ?= sqlite:var/strategist.db
CCACHE     := $(shell command -v ccache 2>/dev/null)
CMAKE_COMMON = -G Ninja -DSTRATEGIST_WERROR=ON $(if $(CCACHE),-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)

.PHONY: deps deps-test configure build run test sanitize bench clean

deps:
	@scripts/install-deps.sh scripts/packages.txt

deps-test:
	@scripts/install-deps.sh scripts/packages.txt scripts/packages-test.txt

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) $(CMAKE_COMMON) -DCMAKE_BUILD_TYPE=Release

configure: $(BUILD)/build.ninja

build: deps configure
	cmake --build $(BUILD) -j $(JOBS)

run: build
	@mkdir -p var
	$(BUILD)/strategist demo --database $(DATABASE) --port $(PORT)
	$(BUILD)/strategist serve --database $(DATABASE) --port $(PORT)

test: deps-test configure
	cmake --build $(BUILD) -j $(JOBS)
	scripts/run-tests.sh $(BUILD)

sanitize: deps-test
	cmake -S . -B $(SAN_BUILD) $(CMAKE_COMMON) -DCMAKE_BUILD_TYPE=Debug -DSTRATEGIST_SANITIZE=ON
	cmake --build $(SAN_BUILD) -j $(JOBS)
	scripts/run-tests.sh $(SAN_BUILD)

bench: deps-test configure
	cmake --build $(BUILD) -j $(JOBS)
	scripts/run-benchmarks.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(SAN_BUILD)

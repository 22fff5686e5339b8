# The two entry points are `make demo` and `make test` (see README). Everything they need is
# installed here into .venv from the package registries; nothing system-wide is relied upon.
SHELL := /bin/bash
VENV ?= .venv
PY := $(abspath $(VENV))/bin/python
export VIRTUAL_ENV := $(abspath $(VENV))
export PYO3_PYTHON := $(PY)
# Matplotlib must never try to open a window in tests, CI or the demo.
export MPLBACKEND := Agg

.PHONY: demo test setup build lint rust-test py-test stubtest fmt bench-psplib bench-capacity bench-mc bench-explore fuzz clean


$(VENV)/.ready: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet "maturin>=1.9.4,<2"
	touch $@

setup: $(VENV)/.ready

# Builds the extension in release mode and installs the package (editable) with its dev extras.
build: setup
	$(VENV)/bin/maturin develop --release --quiet --extras dev

demo: build
	$(VENV)/bin/peaceplan demo --out out

lint: setup
	cargo fmt --all -- --check
	cargo clippy --all-targets --all-features -- -D warnings

rust-test:
	cargo test --quiet

stubtest: build
	$(PY) -m mypy.stubtest peaceplan._core --allowlist tests/stubtest_allowlist.txt

py-test: build
	$(VENV)/bin/ruff check python tests notebooks benches
	$(VENV)/bin/ruff format --check python tests notebooks benches
	$(PY) -m pytest -q

test: lint rust-test build stubtest py-test

fmt: setup
	cargo fmt --all
	$(VENV)/bin/ruff format python tests notebooks benches
	$(VENV)/bin/ruff check --fix python tests notebooks benches

# Side-by-side with the SimPy peer (../shared/peers/simpy_capacity.py); not part of `make test`.
bench-capacity: build
	$(PY) -m pip install --quiet simpy
	$(PY) benches/capacity_vs_simpy.py

clean:
	rm -rf $(VENV) target out

# PSPLIB benchmark (not part of `make test`): all of J30/J60/J120 at 1,000 and 5,000 schedules,
# then OR-Tools CP-SAT on J30 and J60 with the same wall-clock budget per instance.
bench-psplib: build
	$(PY) -m pip install --quiet "ortools>=9.12"
	cargo bench --bench psplib -- --times target/psplib_times.txt
	$(PY) benches/ortools_psplib.py --times target/psplib_times.txt --sets j30,j60 --budget 5000

# Monte Carlo CPM against the vectorised NumPy peer on its 1,000-activity DAG (not part of `make test`).
bench-mc: build
	$(PY) -m pip install --quiet networkx
	$(PY) benches/mc_cpm_vs_numpy.py --repeat 3

# Sobol on Ishigami against SALib and experiments/s against EMA Workbench (not part of `make test`).
bench-explore: build
	$(PY) -m pip install --quiet salib ema-workbench
	$(PY) benches/explore_vs_salib.py --repeat 7

# Fuzzing (libFuzzer via cargo-fuzz, nightly; not part of `make test`): every target of fuzz/ for
# FUZZ_SECONDS each, from a seed corpus of the embedded files and PSPLIB (fuzz/seed_corpus.sh).
# Crashes land in fuzz/artifacts/<target>/; turn each into a test in tests/fuzz_regressions.rs.
FUZZ_SECONDS ?= 120
FUZZ_TARGETS ?= scenario_toml scenario_json office portfolio psplib engines
FUZZ_FLAGS ?= --sanitizer none --debug-assertions
fuzz:
	command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
	fuzz/seed_corpus.sh
	cargo +nightly fuzz build $(FUZZ_FLAGS)
	for t in $(FUZZ_TARGETS); do \
	  cargo +nightly fuzz run $(FUZZ_FLAGS) $$t -- -max_total_time=$(FUZZ_SECONDS) \
	    -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 || exit 1; \
	done

# Gatescope: `make run` starts the app, `make test` runs every test layer.
# Both create .venv and install requirements on first use.

VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8501
PYTEST_ARGS ?= -q

.PHONY: run test test-core test-app test-e2e bench lint presets leakage why-gates cluster clean

# Without an NVIDIA GPU, install the CPU build of torch first (it satisfies torch>=2.10 in
# requirements.txt, so pip does not fetch a multi-GB CUDA build). With a GPU, pip installs the
# default CUDA build from requirements.txt.
$(VENV)/.run-deps: requirements.txt
	test -x $(PY) || python3 -m venv $(VENV)
	@if command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L >/dev/null 2>&1; then \
		echo "NVIDIA GPU found: torch comes from requirements.txt (CUDA build)"; \
	else \
		$(PY) -m pip install -q "torch==2.13.0" || echo "torch==2.13.0 not available here: using requirements.txt"; \
	fi
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev-deps: $(VENV)/.run-deps requirements-dev.txt
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

RUN_ARGS ?=
run: $(VENV)/.run-deps
	$(PY) -m streamlit run app.py --server.port $(PORT) --browser.gatherUsageStats false $(RUN_ARGS)

# A Dask scheduler and one worker in the foreground, to try the multi-server set-up on one machine (Ctrl-C stops
# both). Then start app servers with GATESCOPE_CLUSTER=tcp://127.0.0.1:$(CLUSTER_PORT) make run PORT=8502.
# A machine with an NVIDIA GPU gives its worker --resources GPU=1. See the README's "Deploy for a class".
CLUSTER_PORT ?= 8786
WORKER_THREADS ?= 2
cluster: $(VENV)/.run-deps
	@echo "scheduler: tcp://127.0.0.1:$(CLUSTER_PORT); one worker with $(WORKER_THREADS) training slots"
	@gpu=""; if command -v nvidia-smi >/dev/null 2>&1 && nvidia-smi -L >/dev/null 2>&1; then gpu="--resources GPU=1"; fi; \
	trap 'kill $$(jobs -p) 2>/dev/null' INT TERM EXIT; \
	PYTHONPATH=$(CURDIR) $(PY) -m dask scheduler --host 127.0.0.1 --port $(CLUSTER_PORT) --no-dashboard & \
	sleep 3; \
	PYTHONPATH=$(CURDIR) $(PY) -m dask worker tcp://127.0.0.1:$(CLUSTER_PORT) --host 127.0.0.1 --nworkers 1 \
		--nthreads $(WORKER_THREADS) --no-dashboard $$gpu & \
	wait

test: $(VENV)/.dev-deps
	$(PY) -m pytest tests/core tests/app tests/e2e $(PYTEST_ARGS)

test-core: $(VENV)/.dev-deps
	$(PY) -m pytest tests/core $(PYTEST_ARGS)

test-app: $(VENV)/.dev-deps
	$(PY) -m pytest tests/app $(PYTEST_ARGS)

test-e2e: $(VENV)/.dev-deps
	$(PY) -m pytest tests/e2e $(PYTEST_ARGS)

bench: $(VENV)/.dev-deps
	$(PY) bench/trace.py
	$(PY) bench/step.py
	$(PY) bench/browser.py
	$(PY) bench/lesson.py
	$(PY) bench/train.py
	$(PY) bench/train_budget.py
	$(PY) bench/baselines.py
	$(PY) bench/cli_fit.py
	$(PY) bench/forecast.py
	$(PY) bench/nonnegative.py
	$(PY) bench/exports.py
	$(PY) bench/refits.py
	$(PY) bench/holdout.py
	$(PY) bench/loader_libs.py
	$(PY) bench/load.py
	$(PY) bench/load.py --students 40 --trainers 0 6 --separate-cluster

# Style (ruff), the layering contract (imports only point down), types of the core (mypy), and no block of six or
# more lines written twice (pylint's duplicate-code finder).
lint: $(VENV)/.dev-deps
	$(PY) -m ruff check .
	$(PY) -m pytest tests/core/test_layers.py -q -p no:cacheprovider
	$(PY) -m mypy
	$(PY) -m pylint --disable=all --enable=duplicate-code --min-similarity-lines=6 --ignore-imports=yes \
		--score=no lstm_core ui app_pages scripts bench app.py

presets: $(VENV)/.run-deps
	$(PY) -m scripts.build_presets

# The Spot-the-bug leakage experiment (about 6 minutes on 2 cores), shipped in assets/spot/leakage.json.
leakage: $(VENV)/.run-deps
	$(PY) -m scripts.build_leakage --out assets/spot/leakage.json

# The Why-gates experiment (about 2 to 3 minutes on CPU), shipped in assets/why_gates/.
why-gates: $(VENV)/.run-deps
	$(PY) -m scripts.build_why_gates --out assets/why_gates

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis

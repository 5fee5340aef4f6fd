"""AppTest against the real app.py."""

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
STEP = "app_pages/step.py"
START = "app_pages/start.py"


def new_app(lang: str = "en", **query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = lang
    for k, v in query.items():
        at.query_params[k] = v
    return at


@pytest.fixture
def app():
    return new_app


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def all_text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [m.value for m in at.caption] + [m.value for m in at.info]
    parts += [e.value for e in at.error] + [h.value for h in at.title] + [h.value for h in at.subheader]
    return "\n".join(parts)


@pytest.fixture(scope="session", autouse=True)
def training_cluster():
    """The Train page's runs go to a Dask cluster: here one in this process with one training slot (fast to start,
    and monkeypatched engine functions reach it), installed as the service's cluster for every AppTest."""
    from distributed import Client, LocalCluster

    from lstm_core.service import cluster

    lc = LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tcp", dashboard_address=None,
                      silence_logs=50)
    c = Client(lc, set_as_default=False)
    cluster.use(c)
    yield c
    cluster.close()
    c.close()
    lc.close()


def run_view(run_id: str):
    """Where a run stands, with its result once done (as the Train page sees it, without a session)."""
    from lstm_core.service import runs

    view = runs.get(run_id)
    if view is not None and view.state == "done":
        outcome = runs.outcome(run_id)
        view.result, view.outputs = outcome.result, outcome.outputs
    return view


def stop_every_run() -> None:
    """Cancel every run still waiting or training, so none holds the slot for the next test."""
    from lstm_core.service import cluster, ledger, runs

    for run_id, entry in ledger.read(cluster.client()).items():
        if entry.get("state") in ledger.ACTIVE:
            runs.cancel(run_id)


def player_args(at: AppTest, key: str = "step.player") -> dict:
    """A player's arguments (ui/player): payload, version, t, seek, speed. The Step page's by default."""
    found = [json.loads(c.proto.json_args) for c in at.get("component_instance")
             if c.proto.component_name.endswith(".player")]
    found = [args for args in found if args["key"] == key]
    assert len(found) == 1, f"expected one player {key}, found {len(found)}"
    return found[0]


def player_data(at: AppTest, key: str = "step.player") -> dict:
    """A player's payload (ui/step/frames.py, ui/replay_frames.py), parsed."""
    return json.loads(player_args(at, key)["payload"])


def shown_numbers(at: AppTest, t: int | None = None) -> list[list[str]]:
    """The numbers of the six equations the player shows at step t (default: the step it opens on)."""
    args = player_args(at)
    data = json.loads(args["payload"])
    return [values for _, values in data["equations"]["steps"][args["t"] if t is None else t]]


def report_step(at: AppTest, t: int, speed: float = 4, key: str = "step.player") -> AppTest:
    """What the browser sends when stepping stops: the player's value, then a rerun."""
    args = player_args(at, key)
    last = at.session_state[key] if key in at.session_state else None
    seq = (last or {}).get("seq", 0) + 1
    at.session_state[key] = {"t": t, "speed": speed, "seq": seq, "version": args["version"], "seek": args["seek"]}
    return at.run()


def equation_text(at: AppTest, k: int, t: int | None = None) -> str:
    """Equation k (0..5: i, f, g, o, c, h) as the player shows it at step t: its MathML's text, numbers filled in."""
    import re

    args = player_args(at)
    data = json.loads(args["payload"])
    tid, values = data["equations"]["steps"][args["t"] if t is None else t][k]
    template = data["equations"]["templates"][tid]
    html = re.sub(r'<mn data-slot="(\d+)"></mn>', lambda m: values[int(m.group(1))], template)
    return re.sub(r"<[^>]+>", "", html)

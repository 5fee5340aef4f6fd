"""The Why-gates page's parts: its view in the URL, its pickers and its three sections (app_pages/compare.py
lays them out). The experiment and the reading of one example are lstm_core.lessons.why_gates."""

from __future__ import annotations

import numpy as np
import streamlit as st

from lstm_core.lessons import why_gates
from ui import equations, urls
from ui.compare_figures import MODEL_NAMES, Panel, accuracy_figure, gradient_figure, state_heatmaps
from ui.exports import chart_config, show_heatmaps
from ui.i18n import lang, t
from ui.presenter import chart, current_style, presenting
from ui.widgets import bound

ss = st.session_state
MODELS = ("gru", "lstm", "rnn")  # heatmap picker order: the GRU first, it is what this page adds
EXPERIMENTS = ("mix", "fixed")
BITS = (1, -1)
EXAMPLES = (1, 2, 3, 4, 5)
MAX_DELAY = 100
DEFAULTS = {"model": "gru", "k": 40, "exp": "mix", "run": 1, "bit": 1, "ex": 1}
URL = {"model": "cmp_model", "k": "cmp_k", "exp": "cmp_exp", "run": "cmp_run", "bit": "cmp_bit", "ex": "cmp_ex"}
K_GRAD_UNTRAINED, K_GRAD_TRAINED = 40, 60  # where the reading under the gradient chart quotes numbers


@st.cache_resource(show_spinner=False)
def results() -> why_gates.Results:
    """The shipped experiment, loaded once per server (read-only, the same for every user)."""
    return why_gates.load()


def sci(v: float) -> str:
    """4.2e-11 -> 4×10⁻¹¹ (readable on a projector, the same in both languages)."""
    if v == 0 or not np.isfinite(v):
        return "0"
    exp = int(np.floor(np.log10(abs(v))))
    if -3 <= exp <= 0:
        return f"{v:.2g}"
    mantissa = int(np.floor(v / 10.0**exp + 0.5))
    if abs(mantissa) >= 10:  # 9.7e-8 rounds to 10×10⁻⁸: write 1×10⁻⁷
        mantissa, exp = mantissa // 10, exp + 1
    sup = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
    return f"{mantissa}×10{str(exp).translate(sup)}"


def pct(v: float) -> str:
    return f"{100 * v:.0f}%"


def model_name(kind: str) -> str:
    return MODEL_NAMES[kind]


# ----------------------------------------------------------------------------- view state and URL


def options(res: why_gates.Results) -> dict[str, tuple]:
    return {"model": MODELS, "k": tuple(range(1, MAX_DELAY + 1)), "exp": EXPERIMENTS,
            "run": tuple(range(1, len(res.config.mix_seeds) + 1)), "bit": BITS, "ex": EXAMPLES}


def parse(name: str, raw: str, allowed: tuple):
    """A URL value as the option it names, or None."""
    if name in ("model", "exp"):
        return raw if raw in allowed else None
    try:
        value = int(raw.replace("+", ""))
    except ValueError:
        return None
    return value if value in allowed else None


def apply_link(res: why_gates.Results) -> None:
    """A shared link opens the view it names; a value the page does not have gets a message, not a traceback."""
    allowed = options(res)
    raw = {name: st.query_params.get(param) for name, param in URL.items()}
    present = {k: v for k, v in raw.items() if v is not None}
    if not present or urls.written_by_us("cmp", {URL[n]: v for n, v in present.items()}, tuple(URL.values())):
        return  # no link, or the URL this session wrote itself
    for name, value in present.items():
        parsed = parse(name, value, allowed[name])
        if parsed is None:
            ss.setdefault("cmp._bad", []).append((name, value[:40]))
        else:
            ss[f"cmp.{name}"] = parsed


def shown_value(name: str, value, res: why_gates.Results) -> str:
    """A view value as the page labels it (GRU, not gru; the experiment's name, not mix), in the user's language."""
    if name == "model":
        return model_name(value)
    if name == "exp":
        return f"“{t(f'cmp.exp.{value}', max_delay=res.config.max_train_delay)}”"
    if name == "bit":
        return f"{value:+d}"
    if name == "run":
        return t("cmp.heat.run_label", n=value, verdict=t("cmp.heat.learned" if res.learned(ss["cmp.model"])[value - 1]
                                                         else "cmp.heat.not_learned"))
    if name == "ex":
        return t("cmp.heat.example_label", n=value)
    return str(value)


def write_url() -> None:
    """Mirror the view in the address bar: only this page's keys, so lang and present stay as they are."""
    urls.write_view("cmp", {URL[name]: str(ss[f"cmp.{name}"]) for name in URL})


def picker(widget, name: str, label: str, allowed: tuple, **kwargs) -> None:
    """A widget bound to the plain key cmp.<name> (ui.widgets.bound)."""
    bound(widget, f"cmp.{name}", label, allowed, **kwargs)


# ----------------------------------------------------------------------------- sections


def gradient_section(res: why_gates.Results) -> None:
    st.subheader(t("cmp.grad.title"), help=t("cmp.grad.help"))
    k = np.arange(res.config.grad_max_k + 1)
    curves = {kind: {"untrained": res.grad_curve("untrained", kind), "trained": res.grad_curve("mix", kind)}
              for kind in ("rnn", "lstm", "gru")}
    names = {kind: model_name(kind) for kind in curves}
    states = {s: t(f"cmp.state.{s}") for s in ("untrained", "trained")}
    runs = {kind: res.grad_table("mix", kind) for kind in curves}
    fig = gradient_figure(k, curves, names, states, runs, style=current_style())
    chart(fig, key="cmp.grad_chart", config=chart_config(f"why-gates-gradient-{lang()}"))
    k0, k1 = K_GRAD_UNTRAINED, K_GRAD_TRAINED
    numbers = {f"{tag}_{kind}": sci(curves[kind][state][k]) for kind in curves
               for tag, state, k in (("u", "untrained", k0), ("b", "untrained", k1), ("a", "trained", k1))}
    st.markdown(t("cmp.grad.reading", k0=k0, k1=k1, **numbers))
    learned = [i for i, ok in enumerate(res.learned("rnn")) if ok]
    if learned:  # the RNN run that did learn: the steepest line of all (a hard latch passes nothing back)
        st.markdown(t("cmp.grad.rnn_learned", n=len(learned), k1=k1,
                      v=sci(float(np.median(runs["rnn"][learned, k1])))))


def accuracy_section(res: why_gates.Results) -> None:
    cfg = res.config
    st.subheader(t("cmp.acc.title"))
    labels = {e: t(f"cmp.exp.{e}", max_delay=cfg.max_train_delay) for e in EXPERIMENTS}
    picker(st.segmented_control, "exp", t("cmp.exp.label"), EXPERIMENTS, options=EXPERIMENTS,
           format_func=labels.get)
    exp = ss["cmp.exp"]
    tables = {kind: res.accuracy_table(exp, kind) for kind in ("rnn", "lstm", "gru")}
    names = {kind: model_name(kind) for kind in tables}
    fig = accuracy_figure(res.delays(exp), tables, names,
                          trained_up_to=cfg.max_train_delay if exp == "mix" else None, runs_label=t("cmp.runs"),
                          style=current_style())
    chart(fig, key="cmp.acc_chart", config=chart_config(f"why-gates-accuracy-{exp}-{lang()}"))
    if exp == "fixed":
        last = {kind: pct(tables[kind][:, -1].mean()) for kind in tables}
        st.markdown(t("cmp.acc.fixed_reading", runs=len(cfg.fixed_seeds), d_last=cfg.fixed_delays[-1],
                      a_rnn=last["rnn"], a_lstm=last["lstm"], a_gru=last["gru"]))
    else:
        n = {kind: sum(res.learned(kind)) for kind in tables}
        st.markdown(t("cmp.acc.mix_reading", runs=len(cfg.mix_seeds), max_delay=cfg.max_train_delay,
                      n_rnn=n["rnn"], n_lstm=n["lstm"], n_gru=n["gru"]))


def heatmap_section(res: why_gates.Results) -> None:
    cfg = res.config
    st.subheader(t("cmp.heat.title"), help=t("cmp.heat.help", max_delay=cfg.max_train_delay))
    c1, c2 = st.columns([1, 2], vertical_alignment="bottom")
    with c1:
        picker(st.segmented_control, "model", t("cmp.heat.model"), MODELS, options=MODELS, format_func=model_name)
    with c2:
        picker(st.slider, "k", t("cmp.heat.delay"), options(res)["k"], min_value=1, max_value=MAX_DELAY)
    kind = ss["cmp.model"]
    runs = options(res)["run"]
    if not presenting():  # secondary controls: the teacher's lesson needs only the model and the delay
        learned = res.learned(kind)
        run_labels = {n: t("cmp.heat.run_label", n=n, verdict=t("cmp.heat.learned" if learned[n - 1]
                                                                   else "cmp.heat.not_learned")) for n in runs}
        d1, d2, d3 = st.columns(3)
        with d1:
            picker(st.selectbox, "run", t("cmp.heat.run"), runs, options=runs, format_func=run_labels.get)
        with d2:
            picker(st.segmented_control, "bit", t("cmp.heat.bit"), BITS, options=BITS,
                   format_func=lambda b: f"{b:+d}")
        with d3:
            picker(st.selectbox, "ex", t("cmp.heat.example"), EXAMPLES, options=EXAMPLES,
                   format_func=lambda n: t("cmp.heat.example_label", n=n))
    delay, run, bit, ex = ss["cmp.k"], ss["cmp.run"], ss["cmp.bit"], ss["cmp.ex"]
    model = res.model(kind, cfg.mix_seeds[run - 1])
    x = why_gates.example_sequence(delay, bit, ex - 1)  # (T, 2)

    run_ = why_gates.read_example(kind, model, x, why_gates.example_sequence(delay, -bit, ex - 1))
    rows, err, units = panels(run_), run_.parity, run_.units
    prob = why_gates.answer_probability(model, run_.h)  # (T,)

    # The reading first (what to look for, with the numbers), then the picture.
    if err is not None:
        ok = err < 1e-4
        module = {"gru": "torch.nn.GRU", "lstm": "torch.nn.LSTM"}[kind]
        text = t("cmp.parity" if ok else "cmp.parity_bad", module=module, err=f"{err:.0e}" if err > 0 else "0")
        st.markdown(f":{'green' if ok else 'red'}-badge[:material/{'check' if ok else 'error'}: {text}]")
    st.markdown(t(f"cmp.read.{run_.reading['claim']}", p=f"{prob[-1]:.2f}", bit=f"{bit:+d}", **reading_params(run_)))
    fig = state_heatmaps(x, rows, prob, (t("cmp.in.value"), t("cmp.in.flag")), t("cmp.out.row"), t("cmp.in.row"),
                         marked=units, style=current_style())
    export = {t("cmp.in.row"): x, **{p.label: p.values for p in rows}, t("cmp.out.row"): prob[:, None]}
    show_heatmaps(fig, export, f"why-gates-{kind}-k{delay}-run{run}-{lang()}", key="cmp.heatmaps")
    if kind == "gru" and not presenting():
        with st.expander(t("cmp.eq.title")):
            for line in equations.GRU:
                st.latex(line)
            st.caption(t("cmp.eq.note"))


def panels(run: why_gates.ExampleRun) -> list[Panel]:
    """The heatmap rows of one example run, labelled in the user's language."""
    kinds = {"i": "gate", "f": "gate", "o": "gate", "r": "gate", "z": "gate", "g": "value", "n": "value",
             "h": "value", "c": "cell"}
    label = {"r": "cmp.gate.r", "z": "cmp.gate.z", "n": "cmp.gate.n"}
    return [Panel(t(label.get(k, f"gate.{k}")), v, kinds[k], k) for k, v in run.states.items()]


def reading_params(run: why_gates.ExampleRun) -> dict[str, str]:
    """The numbers of the run's reading as the sentence prints them."""
    r = run.reading
    if run.kind == "gru":
        return {"units": unit_list(run.units), "habs": f"{r['habs']:.2f}", "nh": f"{r['nh']:.2f}", "z": f"{r['z']:.2f}"}
    if run.kind == "lstm":
        return {"units": unit_list(run.units), "f": ", ".join(f"{v:.2f}" for v in r["f_units"]),
                "i": ", ".join(f"{v:.2f}" for v in r["i_units"]), "c": ", ".join(f"{v:+.1f}" for v in r["c"])}
    return {}


def unit_list(units: np.ndarray) -> str:
    return ", ".join(str(int(u)) for u in units)

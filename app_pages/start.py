"""Start page: what an LSTM is, an annotated cell whose parts open the stepper, one-click presets."""

from __future__ import annotations

import streamlit as st

from lstm_core.lessons import presets
from ui import equations
from ui.cell_svg import cell_svg
from ui.components import inline_svg
from ui.figures import diagram_parts
from ui.i18n import lang, pick, t
from ui.presenter import current_style

STEP_PAGE = "app_pages/step.py"

st.title(t("start.title"))
# In a keyed container: one CSS rule (ui/presenter.py) lets the diagram's column go under the text where the
# page is too narrow for both side by side.
left, right = st.container(key="start_top").columns([3, 2], gap="large")
with left:
    st.markdown(t("start.intro"))
    st.markdown(t("start.bullets"))
    st.subheader(t("start.equations_title"))
    st.latex(equations.aligned(equations.LSTM.values()))

with right:
    st.subheader(t("start.diagram_title"))
    # One inline drawing whose gate boxes are whole links (mouse and keyboard), not a chart with small link text.
    links = {g: f"step?preset=memory&gate={g}&lang={lang()}" for g in "ifgo"}
    style = current_style()
    with st.container(key="start_diagram"):
        inline_svg(cell_svg(*diagram_parts(style=style), links, {g: t(f"gate.{g}") for g in "ifgo"},
                            present=style.present), key="start_cell_svg")
    st.caption(t("start.diagram_hint"))
    # Two a row: "hidden state h" and "output gate o" need half the column (a third cut them to "hidden sta…").
    cols = [col for _ in range(3) for col in st.columns(2)]
    for col, gate in zip(cols, "ifgoch", strict=True):
        if col.button(t(f"gate.{gate}"), key=f"start_gate_{gate}", width="stretch"):
            st.switch_page(STEP_PAGE, query_params={"preset": "memory", "gate": gate, "lang": lang()})

st.divider()
st.subheader(t("start.presets_title"))
names = presets.available()
for row_start in range(0, len(names), 3):
    cols = st.columns(3, gap="medium")
    for col, name in zip(cols, names[row_start : row_start + 3], strict=False):
        meta = presets.load_meta(name)
        with col.container(border=True):
            st.markdown(f"**{pick(meta['title'])}**")
            st.caption(pick(meta["description"]))
            if st.button(t(f"start.cta.{name}"), key=f"start_open_{name}", icon=":material/play_arrow:",
                         type="primary" if name == "memory" else "secondary"):
                st.switch_page(STEP_PAGE, query_params={"preset": name, "lang": lang()})

st.info(t("start.train_hint"), icon=":material/upload_file:")

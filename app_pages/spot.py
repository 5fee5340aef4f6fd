"""Spot-the-bug page: seven mistakes from published LSTM tutorials, each shown, predicted, then run for real.

One mistake at a time: the wrong line next to the right one, a "predict what goes wrong" question, and a Reveal
that runs both versions on the same input. Cell mistakes run the long-delay memory preset with the right
equations and with the mistake (lstm_core.lessons.mistakes, a few ms); data mistakes use the airline series and the
precomputed leakage experiment (assets/spot/leakage.json, built by python -m scripts.build_leakage): nothing trains
here. The view (mistake, revealed, guess, input) lives in the URL: ?bug=sigmoid_candidate&reveal=1.
"""

from __future__ import annotations

import streamlit as st

from lstm_core.lessons import leakage
from lstm_core.lessons.mistakes import CELL_MISTAKES, ORDER
from ui.i18n import t
from ui.presenter import presenting
from ui.safe_text import say
from ui.spot_view import (
    CHOICES,
    answer,
    apply_link,
    bug_title,
    canonical_bug,
    code,
    formula,
    leak_result,
    on_pick,
    open_bug,
    reveal_cell,
    reveal_leak,
    reveal_off_by_one,
    reveal_own_max,
    set_reveal,
    step_bug,
    write_url,
)

ss = st.session_state

# ----------------------------------------------------------------------------- page

apply_link()
if canonical_bug(ss.get("spot.bug")) is None:
    open_bug(ORDER[0])
ss["spot.bug"] = canonical_bug(ss["spot.bug"])
ss.setdefault("spot.reveal", False)

st.title(t("spot.title"))
bad = ss.pop("spot._bad_link", None)
if bad:
    st.info(say("spot.bad_link", name=bad), icon=":material/info:")
if not presenting():
    st.markdown(t("spot.intro"))

titles = {b: bug_title(b) for b in ORDER}  # labels in this run's language
st.pills(t("spot.pick"), options=list(ORDER), format_func=titles.get, key="spot.bug", on_change=on_pick,
         required=True)
bug = ss["spot.bug"]
ss["spot._shown"] = bug
k = ORDER.index(bug)
is_cell = bug in CELL_MISTAKES

with st.container(border=True):
    head_cols = st.columns([3.6, 1.6, 1.8], vertical_alignment="bottom")  # "Next mistake" fits on a projector
    head_cols[0].subheader(f"{k + 1}. {titles[bug]}")
    head_cols[0].caption(t("spot.progress", k=k + 1, n=len(ORDER),
                           group=t("spot.group_cell" if is_cell else "spot.group_data")))
    # The first mistake has no previous one and the last no next (no wrapping round to the other end).
    head_cols[1].button(t("spot.prev"), key="spot.btn_prev", icon=":material/chevron_left:", on_click=step_bug,
                        args=(-1,), width="stretch", disabled=k == 0)
    head_cols[2].button(t("spot.next"), key="spot.btn_next", icon=":material/chevron_right:", on_click=step_bug,
                        args=(1,), width="stretch", type="secondary", disabled=k == len(ORDER) - 1)

    res = None if is_cell else leak_result()
    test_size = res["config"]["test_size"] if res else leakage.LeakConfig().test_size
    st.markdown(t(f"spot.{bug}.where", test=test_size))
    wrong_col, right_col = st.columns(2, gap="medium")
    for col, side, idx in ((wrong_col, "wrong", 0), (right_col, "right", 1)):
        with col:
            icon = ":red-badge[:material/close:" if side == "wrong" else ":green-badge[:material/check:"
            st.markdown(f"{icon} {t(f'spot.{side}')}]")
            if formula(bug, idx):
                st.latex(formula(bug, idx))
            st.code(code(bug, idx), language="python", wrap_lines=True)  # a long comment wraps, never cut off

    choice_text = {c: t(f"spot.{bug}.choice.{c}") for c in CHOICES}
    guess = st.radio(t("spot.predict"), options=CHOICES, format_func=choice_text.get, index=None,
                     key=f"spot.guess.{bug}")
    revealed = bool(ss.get("spot.reveal"))
    if not revealed:
        st.button(t("spot.reveal"), key="spot.btn_reveal", type="primary", icon=":material/visibility:",
                  on_click=set_reveal, args=(True,), disabled=guess is None)  # the page asks for a prediction first
        st.caption(t("spot.reveal_hint"))
    else:
        st.button(t("spot.hide"), key="spot.btn_hide", icon=":material/visibility_off:", on_click=set_reveal,
                  args=(False,))

if revealed:
    answer_text = choice_text[answer(bug)]
    if guess is None:
        st.info(t("spot.no_guess", answer=answer_text), icon=":material/lightbulb:")
    elif guess == answer(bug):
        st.success(f"{t('spot.guess_right')} {answer_text}", icon=":material/check_circle:")
    else:
        st.warning(t("spot.guess_wrong", answer=answer_text), icon=":material/lightbulb:")
    st.subheader(t("spot.what_happens"))
    if is_cell:
        reveal_cell(bug)
    elif res is not None:
        {"scaler_on_whole_series": reveal_leak, "test_scaled_by_own_max": reveal_own_max,
         "off_by_one_windows": reveal_off_by_one}[bug](res)
    st.subheader(t("spot.correction"))
    st.success(t(f"spot.{bug}.correction"), icon=":material/build:")
    st.code(code(bug, 1), language="python", wrap_lines=True)

write_url(bug)

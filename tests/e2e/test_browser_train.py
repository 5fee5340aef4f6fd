"""The Train page in real Chromium: upload through the file input, train live, leave and come back, stop,
download the forecast, open the model in the stepper; and the page in Chinese after a refresh."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from tests.e2e.conftest import no_exception, player, wait_ready

pytestmark = pytest.mark.e2e
PROGRESS = "[data-testid='stProgress']"
DROPZONE = "[data-testid='stFileUploaderDropzone']"
HEATMAP = "[data-testid='stPlotlyChart'] .js-plotly-plot"


def sales_csv(path, n: int = 730) -> None:
    rng = np.random.default_rng(1)
    t = np.arange(n)
    pd.DataFrame({
        "day": pd.date_range("2022-01-01", periods=n, freq="D").strftime("%Y-%m-%d"),
        "sales": np.round(200 + 0.1 * t + 20 * np.sin(2 * np.pi * t / 7) + rng.normal(0, 3, n), 1),
        "temp :red[C] **x**": np.round(12 + 8 * np.sin(2 * np.pi * t / 365), 1),  # Markdown in a name
    }).to_csv(path, index=False)


def tall(page) -> None:
    """Streamlit scrolls inside its own container, so a full-page shot needs a viewport as tall as the page."""
    page.set_viewport_size({"width": 1600, "height": 3200})


def set_number(page, label: str, value: int) -> None:
    box = page.get_by_label(label, exact=True)
    box.fill(str(value))
    box.press("Enter")
    wait_ready(page)


def progress_epoch(page) -> int:
    text = page.locator(PROGRESS).first.inner_text()
    m = re.search(r"Epoch (\d+) of", text)
    return int(m.group(1)) if m else 0


def wait_loss_drawn(page) -> None:
    """The live loss chart (a log y axis) has both its lines drawn."""
    page.wait_for_function(
        "() => [...document.querySelectorAll('.js-plotly-plot')].some(p => p.layout && p.layout.yaxis"
        " && p.layout.yaxis.type === 'log' && p.querySelectorAll('.scatterlayer path.js-line').length >= 2)",
        timeout=30_000)


def wait_epoch_above(page, epoch: int, timeout_s: float = 60) -> int:
    for _ in range(int(timeout_s * 10)):
        now = progress_epoch(page) if page.locator(PROGRESS).count() else 0
        if now > epoch:
            return now
        page.wait_for_timeout(100)
    raise AssertionError(f"the progress did not move past epoch {epoch}")


def test_upload_train_leave_stop_download_and_see_the_gates(page, app_url, shots_dir, tmp_path):
    csv = tmp_path / "shop_sales.csv"
    sales_csv(csv)
    tall(page)
    page.goto(app_url + "/train?lang=en")
    wait_ready(page, expect=DROPZONE)
    no_exception(page)
    page.screenshot(path=str(shots_dir / "train-empty-en.png"), full_page=True)

    page.locator("input[type=file]").first.set_input_files(str(csv))
    wait_ready(page, expect=HEATMAP)
    no_exception(page)
    assert "730 rows" in page.locator("[data-testid='stMain']").inner_text()

    set_number(page, "Epochs (at most)", 2000)
    page.get_by_text("More settings").click()
    set_number(page, "Patience (epochs)", 2000)
    page.screenshot(path=str(shots_dir / "train-data-en.png"), full_page=True)

    page.get_by_role("button", name="Start training").click()
    first = wait_epoch_above(page, 0)
    later = wait_epoch_above(page, first + 3)
    assert later > first
    assert re.search(r"run=[A-Za-z0-9_-]{20,}", page.url)
    run_param = re.search(r"run=([A-Za-z0-9_-]+)", page.url).group(1)
    wait_loss_drawn(page)
    page.screenshot(path=str(shots_dir / "train-running-en.png"), full_page=True)

    # Leave for another page and come back: the run is still there, and still moving.
    page.get_by_role("link", name="Start here").click()
    page.wait_for_function("() => !location.pathname.includes('train')")
    wait_ready(page, expect=".st-key-start_diagram svg.gs-cell")  # the Start page's drawing
    page.get_by_role("link", name="Train on your data").click()
    page.wait_for_url(re.compile(rf"/train\?.*run={run_param}"), timeout=60_000)
    page.wait_for_selector(PROGRESS, timeout=60_000)  # (the live panel reruns twice a second: no quiet wait)
    no_exception(page)
    back = wait_epoch_above(page, later)
    assert back > later
    assert page.get_by_label("Epochs (at most)", exact=True).input_value() == "2000"  # settings kept too

    page.get_by_test_id("stMainBlockContainer").get_by_role("button", name="Stop").click()  # not the status widget's
    wait_ready(page, expect="text=LSTM forecast (CSV)")
    page.wait_for_selector("text=Stopped by you", timeout=30_000)
    no_exception(page)
    main = page.locator("[data-testid='stMain']").inner_text()
    assert "Stopped by you" in main and "How good is it?" in main
    assert "more accurate than the LSTM" in main or "The LSTM is the most accurate model here" in main
    # The statistical baselines ran beside the LSTM; stopping does not wait for one still running (it is skipped).
    cells = page.evaluate(GRID_CELLS)
    assert "AutoETS" in [c.removesuffix(" ★ best") for c in cells[::6]] and (any(c.startswith("ETS(") for c in cells)
                                        or "AutoETS: skipped: the run was stopped before it finished" in main
                                        or "AutoETS: skipped: took longer than its time budget" in main), (
        [line for line in main.splitlines() if "AutoETS" in line])  # (the budget: a machine busy with other work)
    page.wait_for_timeout(500)
    page.screenshot(path=str(shots_dir / "train-results-en.png"), full_page=True)

    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile(r"^Forecast: .+ \(CSV\)$")).click()
    path = info.value.path()
    lines = open(path, encoding="utf-8").read().splitlines()
    assert lines[0] == "time,forecast,lower,upper,model" and len(lines) == 1 + 12
    assert info.value.suggested_filename == "forecast_shop_sales.csv"
    with page.expect_download() as info:
        page.get_by_role("button", name="LSTM forecast (CSV)").click()
    lstm = pd.read_csv(info.value.path())
    assert set(lstm["model"]) == {"lstm"} and info.value.suggested_filename == "forecast_lstm_shop_sales.csv"

    # A refresh in Chinese finds the run again, through ?run= in the URL.
    page.goto(app_url + f"/train?lang=zh&run={run_param}")
    wait_ready(page, expect="text=LSTM 的预测（CSV）")
    no_exception(page)
    main = page.locator("[data-testid='stMain']").inner_text()
    assert "4. 结果" in main and "你在第" in main
    page.wait_for_timeout(500)
    page.screenshot(path=str(shots_dir / "train-results-zh.png"), full_page=True)

    page.get_by_role("button", name="查看它的门").click()
    frame = player(page)
    wait_ready(page)
    no_exception(page)
    assert "preset=trained" in page.url
    assert frame.locator(".heat .main-svg").count() >= 1 and frame.get_by_role("button", name="前进").is_visible()
    page.screenshot(path=str(shots_dir / "train-gates-zh.png"), full_page=True)


def test_a_bad_upload_says_why_in_chinese(page, app_url, shots_dir, tmp_path):
    bad = tmp_path / "picture.csv"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    tall(page)
    page.goto(app_url + "/train?lang=zh")
    wait_ready(page, expect=DROPZONE)
    page.get_by_role("button", name="航空旅客人数（月度，1949–1960）").click()
    wait_ready(page, expect=HEATMAP)
    page.locator("input[type=file]").first.set_input_files(str(bad))
    wait_ready(page, expect="[data-testid='stAlertContentError']")
    no_exception(page)
    error = page.locator("[data-testid='stAlertContentError']").first.inner_text()
    assert "PNG" in error and "picture.csv" in error
    assert "airpassengers.csv" in page.locator("[data-testid='stMain']").inner_text()
    # Column names from the file are shown as typed: no Markdown, colour directive or LaTeX is applied.
    words = tmp_path / "words.csv"
    words.write_text("city,:red[x] **b** $y$\nParis,high\nRome,low\n", encoding="utf-8")
    page.locator("input[type=file]").first.set_input_files(str(words))
    wait_ready(page, expect="text=words.csv")
    error = page.locator("[data-testid='stAlertContentError']").first.inner_text()
    assert ":red[x] **b** $y$" in error, error
    assert page.locator("[data-testid='stAlertContentError'] .katex, [data-testid='stAlertContentError'] strong "
                        "+ strong").count() == 0
    page.screenshot(path=str(shots_dir / "train-bad-upload-zh.png"), full_page=True)


def test_in_chinese_the_uploader_and_the_date_axis_speak_chinese(page, app_url):
    page.goto(app_url + "/train?lang=zh")
    wait_ready(page, expect=DROPZONE)
    after = page.evaluate(
        "() => { const p = document.querySelector(\".st-key-train-upload [data-testid='stFileUploaderDropzone'] "
        "button [data-testid='stMarkdownContainer'] p\"); return getComputedStyle(p, '::after').content; }")
    assert after == '"上传文件"'
    page.locator(".st-key-train-ds-airpassengers-csv button").click()
    wait_ready(page, expect=HEATMAP)
    ticks = page.evaluate("() => Array.from(document.querySelectorAll('.js-plotly-plot .xtick text'))"
                          ".map(e => e.textContent)")
    assert any(re.fullmatch(r"19\d\d年", s) for s in ticks), ticks
    no_exception(page)


# The metrics table's cells, row by row (the load report above it is a table too: this one's header names MAE)
GRID_CELLS = ("() => { const t = [...document.querySelectorAll('[data-testid=stTable]')]"
              ".find(e => /MAE/.test(e.querySelector('thead')?.innerText || ''));"
              " return t ? [...t.querySelectorAll('tbody tr')]"
              ".flatMap(r => [...r.querySelectorAll('td')].map(e => e.innerText.trim())) : []; }")


def wait_best(page, mark: str) -> None:
    """Until the metrics table marks its best row (the verdict comes with it, when the last model lands)."""
    page.wait_for_function(f"() => ({GRID_CELLS})().some(c => c.endsWith({mark!r}))", timeout=120_000)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_metrics_table_lists_every_model_and_the_verdict_names_the_best(page, app_url, lang):
    words = {"en": ("Start training", "Metrics (JSON)", " ★ best"), "zh": ("开始训练", "评估指标（JSON）", " ★ 最佳")}
    start, done, mark = words[lang]
    models = {"en": ["LSTM", "naive", "seasonal naive", "AutoETS", "AutoARIMA", "MSTL"],
              "zh": ["LSTM 模型", "朴素法", "季节朴素法", "AutoETS 模型", "AutoARIMA 模型",
                     "MSTL 模型"]}[lang]
    tall(page)
    page.goto(app_url + f"/train?lang={lang}")
    wait_ready(page, expect=DROPZONE)
    page.locator("[class*='airpassengers'] button").first.click()
    wait_ready(page, expect=HEATMAP)
    page.get_by_role("button", name=start).click()
    page.wait_for_selector(f"text={done}", timeout=120_000)  # the LSTM's downloads: the verdict may follow
    wait_best(page, mark)  # the best is marked once every model has landed
    wait_ready(page)
    no_exception(page)
    cells = page.evaluate(GRID_CELLS)
    names = cells[::6]  # Method, MAE, RMSE, sMAPE, MASE, form: six columns
    assert [n.removesuffix(mark) for n in names] == models
    best = [n.removesuffix(mark) for n in names if n.endswith(mark)]
    maes = {n.removesuffix(mark): float(v.replace(",", "")) for n, v in zip(names, cells[1::6], strict=True)
            if v != "–"}
    assert len(best) == 1 and min(maes, key=maes.get) == best[0], (best, maes)
    main = page.locator("[data-testid='stMain']").inner_text()
    if best[0] == models[0]:
        assert {"en": "The LSTM is the most accurate model here", "zh": "LSTM 是这里最准确的模型"}[lang] in main
    else:
        assert ({"en": f"{best[0]} is ", "zh": f"在这个序列上，{best[0]}比 LSTM 准确"}[lang] in main
                or {"en": f"The LSTM ties with {best[0]} ", "zh": f"LSTM 与{best[0]}持平"}[lang] in main)
    assert {"en": "80% interval: covered", "zh": "80% 预测区间：覆盖了"}[lang] in main
    # The forecast download is the recommended model's, named on the button, in the file and in the chart.
    key = dict(zip(models, ("lstm", "naive", "seasonal_naive", "auto_ets", "auto_arima", "mstl"), strict=True))[best[0]]
    button = {"en": f"Forecast: {best[0]} (CSV)", "zh": f"预测结果：{best[0]}（CSV）"}[lang]
    with page.expect_download() as info:
        page.get_by_role("button", name=button, exact=True).click()
    table = pd.read_csv(info.value.path())
    assert list(table.columns) == ["time", "forecast", "lower", "upper", "model"] and set(table["model"]) == {key}
    assert {"en": "The forecast download holds its forecast.", "zh": "预测下载文件中就是它的预测。"}[lang] in main
    lines = page.evaluate("() => [...document.querySelectorAll('.js-plotly-plot')].flatMap(p => (p.data || [])"
                          ".map(t => t.name))")
    assert {"en": f"forecast: {best[0]} (recommended)", "zh": f"预测：{best[0]}（推荐）"}[lang] in lines, lines
    if key != "lstm":
        assert {"en": "forecast: LSTM", "zh": "预测：LSTM 模型"}[lang] in lines, lines


def test_a_stock_price_export_forecasts_the_next_weekdays(page, app_url, tmp_path):
    """Trading days with holiday gaps and a source line below: read as business days, and the forecast CSV's
    dates fall on the weekdays after the last close, never on a weekend."""
    days = pd.bdate_range("2019-01-02", "2019-12-31").difference(pd.to_datetime(["2019-07-04", "2019-12-25"]))
    close = 100 + np.array([0.0, 1.0, 3.0, 2.0, -1.0])[days.dayofweek] + 0.01 * np.arange(len(days))
    path = tmp_path / "stock_prices.csv"
    body = "\n".join(f"{d:%Y-%m-%d},{c:.2f}" for d, c in zip(days, close, strict=True))
    path.write_text(f"Date,Close\n{body}\n\nSource: an exchange, daily close\n")
    tall(page)
    page.goto(app_url + "/train?lang=en")
    wait_ready(page, expect=DROPZONE)
    page.locator("input[type=file]").first.set_input_files(str(path))
    wait_ready(page, expect=HEATMAP)
    main = page.locator("[data-testid='stMain']").inner_text()
    assert "Season: 5 steps" in main and "Before training, 2 time steps are inserted" in main
    set_number(page, "Epochs (at most)", 2)
    set_number(page, "Horizon H (steps ahead)", 5)
    page.get_by_role("button", name="Start training").click()
    page.wait_for_selector("text=LSTM forecast (CSV)", timeout=120_000)
    wait_ready(page)
    no_exception(page)
    with page.expect_download() as info:
        page.get_by_role("button", name=re.compile(r"^Forecast: .+ \(CSV\)$")).click()
    table = pd.read_csv(info.value.path(), parse_dates=["time"])
    assert table["time"].tolist() == list(pd.bdate_range("2020-01-01", periods=5))  # Wed 1 Jan .. Tue 7 Jan
    assert (table["time"].dt.dayofweek < 5).all()


def test_the_lstms_result_shows_while_autoarima_still_runs_then_the_verdict(page, app_url, shots_dir):
    """Electricity: the statistical models (MSTL decomposing the whole history at each of 24 origins, about 13 s)
    land well after the LSTM (2 epochs) is trained. The LSTM's forecast and downloads are on the page meanwhile, the
    table says which model runs, the progress line names the phase; then the verdict."""
    tall(page)
    page.goto(app_url + "/train?lang=en")
    wait_ready(page, expect=DROPZONE)
    page.locator("[class*='electricity'] button").first.click()
    wait_ready(page, expect=HEATMAP)
    set_number(page, "Epochs (at most)", 2)
    page.get_by_role("button", name="Start training").click()
    page.wait_for_selector("text=LSTM forecast (CSV)", timeout=120_000)  # its own: none recommended yet
    page.wait_for_selector("text=The verdict is written when the last statistical model lands", timeout=30_000)
    page.wait_for_function("() => /comparing with|comparing/.test(document.querySelector("
                           "\"[data-testid='stProgress']\")?.innerText || '')", timeout=30_000)
    progress = page.locator(PROGRESS).first.inner_text()
    assert progress.startswith("The LSTM is trained · comparing with"), progress
    # the table's grid draws a moment after the page's text (it failed once reading it empty)
    page.wait_for_function(f"() => ({GRID_CELLS})().length > 1", timeout=30_000)
    cells = page.evaluate(GRID_CELLS)
    assert cells[0] == "LSTM" and cells[1] != "–"  # the LSTM's scores are in
    assert any(c.startswith("running, ") or c == "waiting" for c in cells[5::6]), cells[5::6]
    assert not any(c.endswith(" ★ best") for c in cells[::6])
    assert page.get_by_role("button", name="Forecast:").count() == 0  # the recommended one comes with the verdict
    for width, height in ((1366, 900), (390, 844)):  # the results while AutoARIMA runs, on a laptop and a phone
        page.set_viewport_size({"width": width, "height": height})
        page.get_by_text("The verdict is written when").scroll_into_view_if_needed()
        page.screenshot(path=str(shots_dir / f"train_lstm_first_{width}.png"))
    wait_best(page, " ★ best")
    wait_ready(page)
    no_exception(page)
    main = page.locator("[data-testid='stMain']").inner_text()
    assert "The verdict is written when" not in main
    assert "more accurate than the LSTM" in main or "The LSTM is the most accurate model here" in main
    assert page.get_by_role("button", name="Forecast:").count() == 1  # the recommended model's, beside the LSTM's
    page.get_by_text("80% interval: covered").scroll_into_view_if_needed()
    page.screenshot(path=str(shots_dir / "train_verdict_390.png"))

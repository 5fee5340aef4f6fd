"""Strings of the Train page (app_pages/train.py): data, settings, the live run, results, downloads, saved models."""

STRINGS = {
    "train.title": {"en": "Train an LSTM on your data", "zh": "用你的数据训练 LSTM"},
    "train.intro": {
        "en": "Pick a bundled series or upload a CSV, choose what to forecast, and train. The LSTM is judged "
              "honestly: on the last part of the series it never saw, against the simple baselines and the "
              "statistical models an analyst would use (AutoETS, AutoARIMA, MSTL).",
        "zh": "选择一个内置序列或上传 CSV，选好要预测的列，然后开始训练。LSTM 会被诚实地评估："
              "在它从未见过的序列末段上，与简单基准方法以及分析师常用的统计模型（AutoETS、AutoARIMA、MSTL）比较。",
    },
    "train.seconds": {"en": "{s} s", "zh": "{s} 秒"},
    "train.minutes": {"en": "{m} min {s} s", "zh": "{m} 分 {s} 秒"},
    # --- data -----------------------------------------------------------------------------------
    "train.data_title": {"en": "1. Data", "zh": "1. 数据"},
    "train.bundled": {"en": "Try a bundled series in one click", "zh": "一键试用内置序列"},
    "train.dataset.airpassengers": {
        "en": "Air passengers (monthly, 1949–1960)",
        "zh": "航空旅客人数（月度，1949–1960）",
    },
    "train.dataset.bike_rides_daily": {
        "en": "Bike rides (daily, synthetic, with temperature and rain)",
        "zh": "共享单车骑行次数（每日，合成数据，含气温和降雨）",
    },
    "train.dataset.electricity_halfhourly": {
        "en": "Electricity demand (half-hourly, England and Wales, 2000)",
        "zh": "电力需求（每半小时，英格兰和威尔士，2000 年）",
    },
    "train.bundled_note": {
        "en": "Sources and licences: assets/data/SOURCES.md",
        "zh": "数据来源与许可：assets/data/SOURCES.md",
    },
    "train.upload": {
        "en": "…or upload your own CSV (CSV, TSV, TXT or .gz, up to {mb} MB)",
        "zh": "……或上传你自己的 CSV（CSV、TSV、TXT 或 .gz，最大 {mb} MB）",
    },
    "train.upload_help": {
        "en": "One table with a header row: a time column (optional) and one or more columns of numbers. "
              "Encoding, delimiter, decimal comma and time format are detected; the report below says what was found.",
        "zh": "一张带表头的表格：一个时间列（可选）和一列或多列数值。编码、分隔符、小数逗号和时间格式会被自动识别，"
              "下方的报告会说明识别结果。",
    },
    "train.load_failed": {"en": "**{name}** could not be loaded.", "zh": "无法加载 **{name}**。"},
    "train.kept_data": {
        "en": "The data loaded before ({name}) is still in use.",
        "zh": "仍在使用之前加载的数据（{name}）。",
    },
    "train.no_data": {
        "en": "No data yet: click a bundled series or upload a CSV file.",
        "zh": "还没有数据：点击一个内置序列，或上传一个 CSV 文件。",
    },
    "train.loaded_data": {
        "en": "**{name}**: {rows} row{rows:pl}, {cols} numeric column{cols:pl}.",
        "zh": "**{name}**：{rows} 行，{cols} 个数值列。",
    },
    "train.preview_more": {
        "en": "first {shown} of {total} columns shown",
        "zh": "仅显示 {total} 列中的前 {shown} 列",
    },
    "train.row": {"en": "row", "zh": "行号"},
    "train.read_notes": {
        "en": "Check how the file was read (details in the load report below):",
        "zh": "请核对文件的读取方式（详见下方的读取报告）：",
    },
    "train.report_title": {
        "en": "What was read from the file (load report and first rows)",
        "zh": "从文件中读到了什么（读取报告和前几行）",
    },
    "train.report.what": {"en": "Item", "zh": "项目"},
    "train.report.found": {"en": "Found", "zh": "结果"},
    "train.report.none": {"en": "none", "zh": "无"},
    "train.report.no_time": {"en": "none (rows are numbered 0, 1, 2, …)", "zh": "无（按行号 0、1、2……排列）"},
    "train.report.line": {"en": "line {line}", "zh": "第 {line} 行"},
    "train.report.thousands": {"en": "thousands separator {sep}", "zh": "千位分隔符 {sep}"},
    "train.report.dropped_one": {
        "en": "1 × {reason} (line {lines})",
        "zh": "1 行：{reason}（第 {lines} 行）",
    },
    "train.report.quoted": {"en": ": “{example}”", "zh": "：“{example}”"},  # the first dropped row, as written
    "train.report.dropped": {
        "en": "{count} × {reason} (lines {lines})",
        "zh": "{count} 行：{reason}（第 {lines} 行）",
    },
    "train.delim.comma": {"en": "comma ,", "zh": "逗号 ,"},
    "train.delim.semicolon": {"en": "semicolon ;", "zh": "分号 ;"},
    "train.delim.tab": {"en": "tab", "zh": "制表符"},
    "train.delim.pipe": {"en": "vertical bar |", "zh": "竖线 |"},
    "train.delim.space": {"en": "space", "zh": "空格"},
    "train.unit.month": {"en": "{n} month{n:pl}", "zh": "{n} 个月"},
    "train.unit.quarter": {"en": "{n} quarter{n:pl}", "zh": "{n} 个季度"},
    "train.unit.year": {"en": "{n} year{n:pl}", "zh": "{n} 年"},
    "train.unit.week": {"en": "{n} week{n:pl}", "zh": "{n} 周"},
    "train.unit.day": {"en": "{n} day{n:pl}", "zh": "{n} 天"},
    "train.unit.business_day": {"en": "{n} business day{n:pl}", "zh": "{n} 个工作日"},
    "train.unit.hour": {"en": "{n} hour{n:pl}", "zh": "{n} 小时"},
    "train.unit.minute": {"en": "{n} minute{n:pl}", "zh": "{n} 分钟"},
    "train.unit.second": {"en": "{n} second{n:pl}", "zh": "{n} 秒"},
    # --- settings -------------------------------------------------------------------------------
    "train.settings_title": {"en": "2. What to forecast, and how", "zh": "2. 预测什么，怎样训练"},
    "train.target": {"en": "Target column (what to forecast)", "zh": "目标列（要预测的量）"},
    "train.target_help": {
        "en": "The model forecasts this column; it is always an input too.",
        "zh": "模型预测这一列；它也总是模型的输入之一。",
    },
    "train.features": {"en": "Extra input columns (optional)", "zh": "额外的输入列（可选）"},
    "train.features_none": {"en": "none: the target's own past only", "zh": "无：只用目标列自己的过去"},
    "train.features_help": {
        "en": "Other columns the LSTM reads beside the target's past (e.g. temperature for electricity use).",
        "zh": "除目标列的历史之外，LSTM 还读取的其他列（例如用电量预测中的气温）。",
    },
    "train.horizon": {"en": "Horizon H (steps ahead)", "zh": "预测步数 H"},
    "train.horizon_help": {
        "en": "How many future steps to forecast at once (one step = {freq}).",
        "zh": "一次预测未来多少步（每步 = {freq}）。",
    },
    "train.horizon_help_rows": {
        "en": "How many future steps to forecast at once (the file has no dates: one step is one row).",
        "zh": "一次预测未来多少步（文件里没有日期：每步就是一行）。",
    },
    "train.window_help_no_season": {
        "en": "0 picks at least 2H and 24 steps, at most 336 unless 2H is more, shortened for short series (no "
              "season: the file has no dates to find one in).",
        "zh": "0 表示自动：至少 2H 和 24 步，最多 336（除非 2H 更大），序列较短时会缩短（文件里没有日期，找不到季节周期）。",
    },
    "train.window": {"en": "Window W (past steps read; 0 = automatic)", "zh": "窗口 W（读取的过去步数；0 = 自动）"},
    "train.window_help": {
        "en": "0 picks two seasons (season = {season}), at least 2H and 24, at most 336 unless 2H is more, shortened for short series.",
        "zh": "0 表示自动：两个季节周期（周期 = {season}），至少 2H 和 24，最多 336（除非 2H 更大），序列较短时会缩短。",
    },
    "train.window_help_week": {
        "en": "0 picks a week and a day ({window} steps): with several weeks of data the season is the week ({season} "
              "steps), and the model starts from last week's values moved to this week's level.",
        "zh": "0 表示自动：一周加一天（{window} 步）。数据有好几周时，季节周期取一周（{season} 步），"
              "模型从上周同一时刻的值出发，并调整到本周的水平。",
    },
    "train.window_help_weak": {
        "en": "0 picks 24 steps, at least 2H. No season of {season} steps here (see above), so the model starts from "
              "the last value.",
        "zh": "0 表示自动：24 步，至少 2H。这里不使用 {season} 步的季节周期（见上文），所以模型从最后一个值出发。",
    },
    "train.season_why.week": {
        "en": "Season: {m} steps, a week (sub-daily data with weeks enough: the model starts from last week).",
        "zh": "季节周期：{m} 步，即一周（数据是一天内多次、且有足够多的周：模型从上周同一时刻出发）。",
    },
    "train.season_why.frequency": {"en": "Season: {m} steps, one cycle of the time column's frequency.",
                                   "zh": "季节周期：{m} 步，即时间列频率的一个周期。"},
    "train.season_why.weak": {
        "en": "No season: repeating a cycle of {day} steps forecasts no better than the last value here.",
        "zh": "不使用季节周期：在这里重复 {day} 步的周期并不比最后一个值预测得更好。",
    },
    "train.season_check": {
        "en": "Checked on the validation part, {h} steps ahead: repeating {m} steps back gives MAE {seasonal}; "
              "the last value or its trend, {plain}.",
        "zh": "已在验证部分上检验（提前 {h} 步）：重复 {m} 步之前的值，MAE 为 {seasonal}；最后一个值或其趋势，MAE 为 {plain}。",
    },
    "train.season_why.none": {"en": "No season: no time column, or a frequency without a natural cycle.",
                              "zh": "没有季节周期：没有时间列，或时间频率没有自然周期。"},
    "train.season_why.given": {"en": "Season: {m} steps, as given.", "zh": "季节周期：{m} 步（按指定）。"},
    "train.cleaning_before": {
        "en": "Before training, {inserted} time steps are inserted where the time grid has gaps, {filled} missing "
              "values are filled by interpolation and {trimmed} rows at the ends are trimmed.",
        "zh": "训练前会在时间网格的空缺处插入 {inserted} 个时间步，用插值填补 {filled} 个缺失值，并去掉两端 {trimmed} 行。",
    },
    "train.epochs": {"en": "Epochs (at most)", "zh": "训练轮数（上限）"},
    "train.epochs_help": {
        "en": "Rounds of training (on a long series each round draws 512 of its windows at random); training stops "
              "early when the validation loss has not improved for {patience} rounds' worth of windows.",
        "zh": "训练的轮数（长序列每轮随机抽取 512 个窗口）；若验证损失在相当于 {patience} 轮的窗口内没有进步，"
              "训练会提前停止。",
    },
    "train.hidden": {"en": "Hidden size (LSTM units)", "zh": "隐藏层大小（LSTM 单元数）"},
    "train.hidden_help": {
        "en": "More units can learn more, but need more data and time; {default} suits the bundled series.",
        "zh": "单元越多能学的越多，但需要更多数据和时间；{default} 适合内置序列。",
    },
    "train.layers": {"en": "Layers", "zh": "层数"},
    "train.layers_help": {
        "en": "Stacked LSTM layers; one is easiest to read in the stepper.",
        "zh": "堆叠的 LSTM 层数；一层在逐步运行页面里最容易看懂。",
    },
    "train.device_label": {"en": "Compute device", "zh": "计算设备"},
    "train.device": {
        "en": "{device}; up to {slots} training run{slots:pl} at once, others wait in line.",
        "zh": "{device}；同时最多训练 {slots} 个任务，其余排队等待。",
    },
    "train.cpu_threads": {"en": "CPU, one thread per run", "zh": "CPU，每个训练任务一个线程"},
    "train.advanced": {"en": "More settings", "zh": "更多设置"},
    "train.patience": {"en": "Patience (epochs)", "zh": "耐心值（轮）"},
    "train.patience_help": {
        "en": "Stop when the validation loss has not improved for this many epochs, keeping the best weights.",
        "zh": "验证损失连续这么多轮没有改善时停止训练，并保留最好的权重。",
    },
    "train.lr": {"en": "Learning rate", "zh": "学习率"},
    "train.lr_help": {
        "en": "Step size of the Adam optimiser; lower it if the loss jumps around or becomes NaN.",
        "zh": "Adam 优化器的步长；如果损失剧烈波动或变成 NaN，请调低。",
    },
    "train.batch": {"en": "Batch size", "zh": "批大小"},
    "train.batch_help": {
        "en": "Windows per optimiser step; small series give few windows, so small batches.",
        "zh": "每次优化所用的窗口数；短序列的窗口少，所以批也要小。",
    },
    "train.seed": {"en": "Random seed", "zh": "随机种子"},
    "train.seed_help": {
        "en": "The same seed, data and settings give the same run.",
        "zh": "相同的种子、数据和设置会得到相同的训练结果。",
    },
    "train.start": {"en": "Start training", "zh": "开始训练"},
    "train.busy": {
        "en": "A run is in progress: stop it or wait for it to finish first.",
        "zh": "已有训练在进行：请先停止它或等待它结束。",
    },
    # --- the run --------------------------------------------------------------------------------
    "train.run_title": {"en": "3. Training", "zh": "3. 训练"},
    "train.run_caption": {
        "en": "Data: {name} · target: {target} · horizon {h}",
        "zh": "数据：{name} · 目标：{target} · 预测步数 {h}",
    },
    "train.shared_run": {
        "en": "A run opened by its link (target: {target} · horizon {h}). You can follow it and see its scores; its "
              "data, downloads and Stop stay with the browser that started it.",
        "zh": "通过链接打开的训练（目标：{target} · 预测步数 {h}）。你可以查看进度和得分；它的数据、下载和“停止”"
              "只属于发起训练的浏览器。",
    },
    "train.queued": {
        "en": "Waiting in line: position {position}, starting in about {eta}. The training workers are busy with other runs.",
        "zh": "正在排队：第 {position} 位，大约 {eta}后开始。训练进程正在处理其他任务。",
    },
    "train.device_cluster": {
        "en": "{device}; runs train on the class's training workers and wait in line when they are busy.",
        "zh": "{device}；训练在全班共用的训练进程上运行，忙碌时排队等待。",
    },
    "train.lost": {
        "en": "This run was lost: the worker that trained it stopped. Your data and settings are kept: start it again.",
        "zh": "这次训练丢失了：负责训练的进程已停止。你的数据和设置都还在，请重新开始训练。",
    },
    "train.refused.per_user": {
        "en": "You already have {limit} runs waiting or training. Wait for one to finish, or stop one, so the class shares the workers.",
        "zh": "你已经有 {limit} 个训练在排队或进行中。请等其中一个结束或先停止一个，让全班共用训练进程。",
    },
    "train.refused.queue_full": {
        "en": "{limit} runs are already waiting for the training workers. Please try again in a minute.",
        "zh": "已有 {limit} 个训练在排队等待训练进程。请一分钟后再试。",
    },
    "cluster.unreachable": {
        "en": "The training workers cannot be reached right now ({reason}). Your data and settings are kept: try again in a moment, or ask whoever runs the server to start them (make cluster).",
        "zh": "暂时无法连接训练进程（{reason}）。你的数据和设置都还在：请稍后再试，或请服务器管理员启动它们（make cluster）。",
    },
    "cluster.no_gpu_worker": {
        "en": "A GPU was asked for, but no training worker has one. Train on the CPU, or ask whoever runs the server to start a GPU worker.",
        "zh": "请求使用 GPU，但没有带 GPU 的训练进程。请改用 CPU 训练，或请服务器管理员启动 GPU 训练进程。",
    },
    "cluster.lost": {
        "en": "The run was lost: the worker training it stopped, or the cluster forgot it. Start it again.",
        "zh": "这次训练丢失了：负责训练的进程已停止，或集群已不再保留它。请重新开始训练。",
    },
    "cluster.embedded_failed": {
        "en": "The app could not start its training workers ({reason}).",
        "zh": "应用无法启动训练进程（{reason}）。",
    },
    "train.preparing": {"en": "Preparing the data…", "zh": "正在准备数据……"},
    "train.progress": {
        "en": "Epoch {epoch} of {epochs} · {speed} windows/s · about {eta} left (less if it stops early)",
        "zh": "第 {epoch} / {epochs} 轮 · 每秒 {speed} 个窗口 · 约剩 {eta}（提前停止则更短）",
    },
    "train.comparing": {
        "en": "The LSTM is trained · comparing with {models} ({done} of {total} statistical models done)",
        "zh": "LSTM 已训练完成 · 正在与 {models}比较（{total} 个统计模型中已完成 {done} 个）",
    },
    "train.comparing_one": {"en": "{model} (running, {seconds})", "zh": "{model}（已运行 {seconds}）"},
    "train.comparing_and": {"en": ", ", "zh": "、"},
    "train.comparing_start": {
        "en": "The LSTM is trained · comparing with the statistical models ({done} of {total} done)",
        "zh": "LSTM 已训练完成 · 正在与统计模型比较（{total} 个中已完成 {done} 个）",
    },
    "train.pending_running": {"en": "running, {seconds}", "zh": "运行中，{seconds}"},
    "train.pending_waiting": {"en": "waiting", "zh": "等待中"},
    "train.verdict_pending": {
        "en": "The verdict is written when the last statistical model lands; the LSTM's forecast and downloads "
              "are ready now.",
        "zh": "最后一个统计模型完成后给出结论；LSTM 的预测和下载现在就可以用。",
    },
    "train.finished": {
        "en": "Finished: {epochs} epochs in {seconds} s on {device}; the best validation loss was at epoch {best}.",
        "zh": "完成：在 {device} 上用 {seconds} 秒训练了 {epochs} 轮；验证损失最低出现在第 {best} 轮。",
    },
    "train.stop": {"en": "Stop", "zh": "停止"},
    "train.cancelled_queued": {
        "en": "This run was stopped before it started. Change the settings and start again.",
        "zh": "这个任务在开始之前就被停止了。可以修改设置后重新开始。",
    },
    "train.failed_data": {
        "en": "Training could not run on this data with these settings:",
        "zh": "无法用这些数据和设置进行训练：",
    },
    "train.vanished": {
        "en": "That training run is no longer here: finished runs are kept for an hour, and restarting the training "
              "workers clears them. Start a new run below.",
        "zh": "这次训练已经不在了：已完成的训练只保留一小时，重启训练进程也会清除它们。请在下方重新开始训练。",
    },
    "train.dismiss": {"en": "OK", "zh": "知道了"},
    "train.loss_train": {"en": "training loss", "zh": "训练损失"},
    "train.loss_val": {"en": "validation loss", "zh": "验证损失"},
    "train.epoch": {"en": "epoch", "zh": "轮次"},
    "train.loss_axis": {"en": "loss (MSE, scaled units)", "zh": "损失（MSE，缩放后单位）"},
    "train.best_epoch": {"en": "best: epoch {epoch}", "zh": "最佳：第 {epoch} 轮"},
    # --- notes from the run ---------------------------------------------------------------------
    "train.note.early_stop": {
        "en": "Stopped early at epoch {epoch}: the validation loss had not improved for {patience} epochs. "
              "The weights of epoch {best} are kept.",
        "zh": "在第 {epoch} 轮提前停止：验证损失已连续 {patience} 轮没有改善。保留第 {best} 轮的权重。",
    },
    "train.note.cancelled": {
        "en": "Stopped by you during epoch {epoch}. The best weights so far (epoch {best}) are kept and judged below.",
        "zh": "你在第 {epoch} 轮时停止了训练。保留了目前最好的权重（第 {best} 轮），并在下方评估。",
    },
    "train.note.timeout": {
        "en": "Stopped during epoch {epoch}: a run may take at most {minutes} minutes here. The best weights so far "
              "(epoch {best}) are kept and judged below.",
        "zh": "在第 {epoch} 轮时停止：这里每次训练最多 {minutes} 分钟。保留了目前最好的权重（第 {best} 轮），并在下方评估。",
    },
    "train.note.nan_stop": {
        "en": "The loss became NaN or infinite at epoch {epoch}, so training stopped; the weights of epoch {best} "
              "are kept. Try a lower learning rate.",
        "zh": "第 {epoch} 轮时损失变成了 NaN 或无穷大，训练已停止；保留第 {best} 轮的权重。请尝试调低学习率。",
    },
    "train.note.oom_retry": {
        "en": "The GPU ran out of memory at epoch {epoch}; the epoch was retried with half the batch size.",
        "zh": "第 {epoch} 轮时 GPU 显存不足；已用一半的批大小重新训练这一轮。",
    },
    "train.note.fallback_cpu": {
        "en": "The GPU ran out of memory even with small batches at epoch {epoch}; training went on on the CPU.",
        "zh": "第 {epoch} 轮时即使用很小的批，GPU 显存仍然不足；训练改在 CPU 上继续。",
    },
    "train.note.best_zero": {
        "en": "The LSTM learned nothing beyond its starting point ({baseline}) on this series: no epoch beat it on "
              "the validation part, so its forecasts are exactly that baseline's.",
        "zh": "在这个序列上，LSTM 没有学到比它的起点（{baseline}）更多的东西：没有任何一轮在验证集上胜过它，"
              "所以它的预测就是这个基准方法的预测。",
    },
    "train.note.cleaning": {
        "en": "Before training: {inserted} missing time step{inserted:pl} inserted, {filled} missing value{filled:pl} "
              "filled by interpolation, rows with gaps trimmed: {leading} at the start, {trailing} at the end.",
        "zh": "训练前：插入了 {inserted} 个缺失的时间步，用插值填补了 {filled} 个缺失值，"
              "去掉了开头 {leading} 行和结尾 {trailing} 行有缺失的数据。",
    },
    "train.note.output_problem": {
        "en": "Part of the results could not be made:",
        "zh": "部分结果无法生成：",
    },
    # --- results --------------------------------------------------------------------------------
    "train.results_title": {"en": "4. Results", "zh": "4. 结果"},
    "train.forecast_title": {"en": "Forecast of the next {h} steps", "zh": "未来 {h} 步的预测"},
    "train.forecast_help": {
        "en": "Grey: the data. Shaded: the held-out test part the model never trained on; there the dashed "
              "orange line is what the LSTM forecast, beside the truth, and the dotted purple line what the best "
              "other model forecast. After the data, green: the recommended model's forecast (the lowest error on "
              "the held-out part; a statistical model is fitted again on the whole series) with its 80% interval "
              "band, the one the forecast download holds; orange dashes: the LSTM's own forecast.",
        "zh": "灰色：数据。阴影：模型训练时从未见过的留出测试部分，其中橙色虚线是 LSTM 的预测，紫色点线是其他模型中最好的"
              "那个的预测，可与真实值对比。数据之后，绿色：推荐模型（留出部分上误差最低；统计模型会在整个序列上重新拟合）"
              "的预测及其 80% 区间带，也就是预测下载文件中的内容；橙色虚线：LSTM 自己的预测。",
    },
    "train.fig.history": {"en": "data", "zh": "数据"},
    "train.fig.held_out": {"en": "forecast on the held-out part", "zh": "留出部分上的预测"},
    "train.fig.held_band": {"en": "interval (held-out part)", "zh": "区间（留出部分）"},
    "train.fig.other": {"en": "{model}, the best other model (held-out part)", "zh": "{model}：其他模型中最好的（留出部分）"},
    "train.fig.forecast": {"en": "forecast", "zh": "预测"},
    "train.fig.band": {"en": "interval", "zh": "预测区间"},
    "train.fig.forecast_recommended": {"en": "forecast: {model} (recommended)", "zh": "预测：{model}（推荐）"},
    "train.fig.forecast_model": {"en": "forecast: {model}", "zh": "预测：{model}"},
    "train.fig.forecast_lstm": {"en": "forecast: LSTM", "zh": "预测：LSTM 模型"},
    "train.fig.band_model": {"en": "80% interval, {model}", "zh": "{model}的 80% 预测区间"},
    "train.fig.test_part": {"en": "held-out test part", "zh": "留出的测试部分"},
    "train.fig.time": {"en": "time", "zh": "时间"},
    "train.fig.value": {"en": "value", "zh": "数值"},
    "train.fig.now": {"en": "end of data", "zh": "数据结束"},
    "train.metrics_title": {"en": "How good is it? Errors on the held-out part", "zh": "效果如何？留出部分上的误差"},
    "train.metrics_help": {
        "en": "Lower is better. MAE: mean absolute error; RMSE: root mean squared error (punishes big misses); "
              "sMAPE: symmetric mean absolute percentage error; MASE: MAE divided by the seasonal-naive error on the "
              "training part (below 1 beats it). Naive repeats the last value; seasonal naive repeats the value "
              "one season earlier. AutoETS, AutoARIMA and MSTL are the statistical models an analyst would use "
              "(statsforecast), fitted on every row before an origin (again at each origin where that is quick) and "
              "scored on the same origins.",
        "zh": "越低越好。MAE：平均绝对误差；RMSE：均方根误差（对大的偏差惩罚更重）；sMAPE：对称平均绝对百分比误差；"
              "MASE：MAE 除以训练部分上季节朴素法的误差（小于 1 即优于它）。朴素法重复最后一个值；"
              "季节朴素法重复一个季节周期之前的值。AutoETS、AutoARIMA 和 MSTL 是分析师常用的统计模型"
              "（statsforecast），用每个起点之前的全部行拟合（在计算量不大时于每个起点重新拟合），并在相同的起点上评分。",
    },
    "train.metrics_caption": {
        "en": "Forecasts of {h} steps from each of {origins} origins across the last {rows} rows, which "
              "training never saw.",
        "zh": "在训练从未见过的最后 {rows} 行上，从 {origins} 个起点各预测 {h} 步。",
    },
    "train.protocol": {
        "en": "How they were scored: from each of {origins} origins every model forecast {h} steps knowing only the "
              "rows before it, as an analyst's cross-validation does. The LSTM was trained once, on the training "
              "part; ",
        "zh": "评分方式：在 {origins} 个起点中的每一个，所有模型都只根据起点之前的行预测 {h} 步，与分析师做交叉验证的方式相同。"
              "LSTM 只在训练部分上训练一次；",
    },
    "train.protocol.refit_all": {
        "en": "each statistical model was fitted again at every origin. MSTL reads the whole history.",
        "zh": "每个统计模型都在每个起点重新拟合。MSTL 读取全部历史数据。",
    },
    "train.protocol.refit_some": {
        "en": "each statistical model was fitted again at {k} of the {origins} origins (at every one would take too "
              "long on a series this long) and run forward from the others. MSTL reads the whole history.",
        "zh": "每个统计模型在 {origins} 个起点中的 {k} 个重新拟合（序列这么长，每个起点都拟合太慢），在其余起点沿用拟合结果向前推算。"
              "MSTL 读取全部历史数据。",
    },
    "train.protocol.refit_once": {
        "en": "each statistical model was fitted once, on every row before the first origin (again at every origin "
              "would take too long on a series this long), and run forward from the others. MSTL reads the whole "
              "history.",
        "zh": "每个统计模型用第一个起点之前的全部行拟合一次（序列这么长，每个起点都拟合太慢），在其余起点沿用拟合结果向前推算。"
              "MSTL 读取全部历史数据。",
    },
    "train.protocol.filled": {
        "en": " {n} held-out values that your file did not have (rows or cells filled in, such as holidays) are "
              "not scored, for any model.",
        "zh": "留出部分中有 {n} 个值是你的文件里没有、由程序补上的（例如节假日的行或缺失的单元格），所有模型都不在这些值上评分。",
    },
    "train.protocol.short": {
        "en": " The series is short: it allows {origins} origins, fewer than the {wanted} a verdict should rest on.",
        "zh": "序列较短：只有 {origins} 个起点，少于结论应依据的 {wanted} 个。",
    },
    "train.coverage_recommended": {
        "en": "The forecast's {nominal}% interval ({model}): {how} It covered {actual}% of the held-out values.",
        "zh": "预测的 {nominal}% 区间（{model}）：{how}它覆盖了 {actual}% 的留出真实值。",
    },
    "train.interval.own": {
        "en": "the model's own interval (statsforecast), measured at each origin from the fit before it; nearer "
              "the nominal share there than one calibrated on its errors.",
        "zh": "模型自带的区间（statsforecast），在每个起点用起点之前的拟合来衡量；它在那里比按误差校准的区间更接近名义比例。",
    },
    "train.interval.conformal": {
        "en": "calibrated on the model's errors at the {origins} held-out origins (conformal); its coverage is "
              "measured on each origin with an interval calibrated without it.",
        "zh": "按模型在 {origins} 个留出起点上的误差校准（共形预测）；覆盖率在每个起点上用不含该起点校准的区间来衡量。",
    },
    "train.interval.conformal_val": {
        "en": "calibrated on the model's errors at the {origins} held-out origins and on the validation windows "
              "(conformal); its coverage is measured on each origin with an interval calibrated without it.",
        "zh": "按模型在 {origins} 个留出起点和验证窗口上的误差校准（共形预测）；覆盖率在每个起点上用不含该起点校准的区间来衡量。",
    },
    "train.verdict_undecided": {
        "en": "No best model can be named: {names} did not finish within its time budget, even when run once more "
              "with three times as long, and might have been the best.",
        "zh": "无法选出最佳模型：{names}在时间预算内没有完成（给三倍时间重跑一次也没有完成），它可能才是最好的。",
    },
    "train.verdict_undecided_best": {
        "en": " Of the models that finished, {best} has the lowest MAE: the forecast download holds its forecast.",
        "zh": "在已完成的模型中，{best}的 MAE 最低：预测下载文件中是它的预测。",
    },
    "train.method": {"en": "Method", "zh": "方法"},
    "train.method.lstm": {"en": "LSTM", "zh": "LSTM 模型"},
    "train.method.seasonal_naive": {"en": "seasonal naive", "zh": "季节朴素法"},
    "train.method.naive": {"en": "naive", "zh": "朴素法"},
    "train.method.auto_ets": {"en": "AutoETS", "zh": "AutoETS 模型"},
    "train.method.auto_arima": {"en": "AutoARIMA", "zh": "AutoARIMA 模型"},
    "train.method.mstl": {"en": "MSTL", "zh": "MSTL 模型"},
    "train.base.seasonal_naive": {"en": "seasonal naive", "zh": "季节朴素法"},
    "train.base.seasonal_level": {"en": "last season at this season's level", "zh": "上一季节周期的值并调整到当前水平"},
    "train.base.naive": {"en": "the last value", "zh": "最后一个值"},
    "train.base.none": {"en": "zero", "zh": "零"},
    "train.method.form": {"en": "Form chosen / note", "zh": "选定形式 / 说明"},
    "train.best_mark": {"en": "best", "zh": "最佳"},
    "train.verdict_win": {
        "en": "The LSTM is the most accurate model here: {pct}% lower MAE than {baseline}, the best of the others.",
        "zh": "LSTM 是这里最准确的模型：MAE 比其余模型中最好的{baseline}低 {pct}%。",
    },
    "train.floor_zero": {
        "en": "Forecasts and interval bounds are kept at 0 or above: no training value is negative (counts, sales).",
        "zh": "预测值和区间界限都不低于 0：训练数据中没有负值（例如计数、销量）。",
    },
    "train.verdict_caveat": {
        "en": " Of the models that ran: {names} did not (see below), and might have done better.",
        "zh": "这是在已运行的模型中比较的结果：{names}没有运行（见下方），它们可能更好。",
    },
    "train.verdict_lose": {
        "en": "{baseline} is {pct}% more accurate than the LSTM on this series (MAE {base} against {lstm}): use "
              "{baseline}.",
        "zh": "在这个序列上，{baseline}比 LSTM 准确 {pct}%（MAE {base}，LSTM 为 {lstm}）：请使用{baseline}。",
    },
    "train.verdict_tie": {
        "en": "The LSTM ties with {baseline} (MAE {lstm}): it learned nothing beyond it on this series. Use "
              "{baseline}: it is simpler.",
        "zh": "LSTM 与{baseline}持平（MAE {lstm}）：在这个序列上它没有学到更多。请使用更简单的{baseline}。",
    },
    "train.download_holds": {"en": " The forecast download holds its forecast.", "zh": "预测下载文件中就是它的预测。"},
    "train.advice.calendar_sub_daily": {
        "en": " Next step: to give the LSTM what it lacks here, add time-of-day and day-of-week columns to your file "
              "and choose them as extra input columns.",
        "zh": "下一步：要补上 LSTM 在这里缺少的信息，可以在文件中加入“一天中的时刻”和“星期几”两列，并把它们选为额外的输入列。",
    },
    "train.advice.calendar_daily": {
        "en": " Next step: to give the LSTM what it lacks here, add a day-of-week column to your file and choose it "
              "as an extra input column.",
        "zh": "下一步：要补上 LSTM 在这里缺少的信息，可以在文件中加入“星期几”一列，并把它选为额外的输入列。",
    },
    "train.skipped": {"en": "skipped: {reason}", "zh": "已跳过：{reason}"},
    "train.skipped_short": {"en": "skipped (see below)", "zh": "已跳过（见下方）"},
    "train.skipped_line": {"en": "{name}: {reason}", "zh": "{name}：{reason}"},
    "train.skip.budget": {"en": "took longer than its time budget ({budget:g} s)",
                          "zh": "超过了时间预算（{budget:g} 秒）"},
    "train.skip.budget_twice": {"en": "took longer than its time budget ({budget:g} s), and again when run once "
                                      "more with {retry:g} s",
                                "zh": "超过了时间预算（{budget:g} 秒），给 {retry:g} 秒重跑一次仍未完成"},
    "train.skip.failed": {"en": "failed on this series ({error})", "zh": "在这个序列上失败（{error}）"},
    "train.skip.missing": {"en": "statsforecast is not installed on the server",
                           "zh": "服务器上没有安装 statsforecast"},
    "train.skip.one_season": {"en": "runs on sub-daily, daily and weekly data, whose long seasons the others "
                                    "cannot take",
                              "zh": "只用于小时以下、日和周数据（其他模型处理不了这些长季节周期）"},
    "train.skip.short_for_mstl": {"en": "needs two of its longest season ({season} rows) to train on, has {rows}",
                                  "zh": "训练部分需要两个最长季节周期（{season} 行），只有 {rows} 行"},
    "train.skip.off": {"en": "statistical baselines are off on this server", "zh": "此服务器关闭了统计基准"},
    "train.skip.cancelled": {"en": "the run was stopped before it finished", "zh": "训练在完成前被停止"},
    "train.no_season": {
        "en": "No seasonal-naive baseline: the time column has no known frequency with a natural season.",
        "zh": "没有季节朴素基准：时间列没有可识别的、带自然季节周期的频率。",
    },
    "train.coverage": {
        "en": "{nominal}% interval: covered {actual}% of the held-out values (from {first}% at the first step to "
              "{last}% at the last), for the LSTM's own forecast.",
        "zh": "{nominal}% 预测区间：覆盖了 {actual}% 的留出真实值（第一步 {first}%，最后一步 {last}%），这是 LSTM 自己的预测。",
    },
    "train.downloads": {"en": "Downloads", "zh": "下载"},
    "train.dl_forecast": {"en": "Forecast (CSV)", "zh": "预测结果（CSV）"},
    "train.dl_forecast_model": {"en": "Forecast: {model} (CSV)", "zh": "预测结果：{model}（CSV）"},
    "train.dl_forecast_lstm": {"en": "LSTM forecast (CSV)", "zh": "LSTM 的预测（CSV）"},
    "train.dl_forecast_help": {
        "en": "“Forecast” holds the forecast of {model}, {why}: the next {h} steps with an 80% interval (columns "
              "{columns}, forecast, lower, upper, model), rounded like your data. “LSTM forecast” holds the LSTM's "
              "own, with the same columns.",
        "zh": "“预测结果”是{model}的预测（{why}）：未来 {h} 步及 80% 区间（列：{columns}、forecast、lower、upper、"
              "model），保留与你的数据相同的小数位。“LSTM 的预测”是 LSTM 自己的预测，列相同。",
    },
    "train.dl_forecast_pending": {
        "en": "“LSTM forecast” holds the LSTM's forecast: the next {h} steps with an 80% interval (columns {columns}, "
              "forecast, lower, upper, model), rounded like your data. The recommended model's forecast is offered "
              "beside it once the last statistical model lands.",
        "zh": "“LSTM 的预测”是 LSTM 的预测：未来 {h} 步及 80% 区间（列：{columns}、forecast、lower、upper、model），"
              "保留与你的数据相同的小数位。最后一个统计模型完成后，旁边会提供推荐模型的预测。",
    },
    "train.dl_why.recommended": {"en": "the recommended model (the lowest held-out MAE)",
                                 "zh": "推荐模型，留出部分上 MAE 最低"},
    "train.dl_why.undecided": {"en": "the lowest held-out MAE of the models that finished (no best could be named)",
                               "zh": "已完成的模型中留出部分上 MAE 最低的（无法选出最佳模型）"},
    "train.dl_why.passed_over": {"en": "the best model whose forecast could be made",
                                 "zh": "能够给出预测的模型中最好的"},
    "train.passed_over": {
        "en": "{model}, the recommended model, could not forecast past the end of the data ({reason}): the "
              "forecast download holds the forecast of {chosen}, the next best.",
        "zh": "推荐模型{model}无法预测数据之后的部分（{reason}）：预测下载文件中是次优模型{chosen}的预测。",
    },
    "train.dl_model": {"en": "Model files (zip)", "zh": "模型文件（zip）"},
    "train.dl_metrics": {"en": "Metrics (JSON)", "zh": "评估指标（JSON）"},
    "train.dl_help": {
        "en": "The zip holds model.json and model.safetensors (no pickle): upload it below later to forecast "
              "new data without training.",
        "zh": "zip 中是 model.json 和 model.safetensors（不含 pickle）：以后可在下方上传它，无需训练即可预测新数据。",
    },
    "train.gates_title": {"en": "What did it learn?", "zh": "它学到了什么？"},
    "train.see_gates": {"en": "See its gates", "zh": "查看它的门"},
    "train.gates_help": {
        "en": "Opens this model in the stepper on your own series: every gate, every step.",
        "zh": "在逐步运行页面中用你自己的序列打开这个模型：每一个门，每一步。",
    },
    "train.gates_failed": {"en": "This model cannot be opened in the stepper:", "zh": "无法在逐步运行页面中打开这个模型："},
    # --- a saved model --------------------------------------------------------------------------
    "train.saved_title": {"en": "Forecast with a saved model", "zh": "用保存的模型预测"},
    "train.saved_help": {
        "en": "Upload a model zip downloaded from this page to forecast the data loaded above, without training. "
              "Only Gatescope's zip (model.json + model.safetensors) is accepted: pickles (.pt, .pth, .pkl) can "
              "run code when loaded and are refused.",
        "zh": "上传从本页下载的模型 zip，无需训练即可预测上方加载的数据。只接受 Gatescope 生成的 zip"
              "（model.json + model.safetensors）：pickle 文件（.pt、.pth、.pkl）在加载时可能执行代码，因此会被拒绝。",
    },
    "train.saved_upload": {"en": "Model zip (up to {mb} MB)", "zh": "模型 zip 文件（最大 {mb} MB）"},
    "train.model_refused": {"en": "**{name}** was refused.", "zh": "已拒绝 **{name}**。"},
    "train.model_info": {
        "en": "Model {name}: forecasts {target}, {h} steps from {w} past rows of {cols}.",
        "zh": "模型 {name}：根据 {cols} 的过去 {w} 行预测 {target} 的未来 {h} 步。",
    },
    "train.model_forecast_failed": {
        "en": "This model cannot forecast the data loaded above:",
        "zh": "这个模型无法预测上方加载的数据：",
    },
    "train.model_metrics_note": {
        "en": "Its scores on the held-out part of the data it was trained on:",
        "zh": "它在训练所用数据的留出部分上的得分：",
    },
}
STRINGS["train.too_short"] = {
    "en": "These settings do not fit this data: {message}",
    "zh": "这些设置与数据不匹配：{message}",
}

"""Strings of the Spot-the-bug page: seven mistakes from published LSTM tutorials, each run next to the right code.

Per mistake <bug>: spot.<bug>.title, .where (where the wrong line sits), .choice.a/.b/.c (the prediction; which
one is right is in app_pages/spot.py), .consequence (filled in with the measured numbers) and .correction.
"""

STRINGS = {
    "spot.title": {"en": "Spot the bug", "zh": "找出错误"},
    "spot.intro": {
        "en": "Seven mistakes that published LSTM tutorials make. Each one runs: read the wrong line next to the "
              "right one, predict what goes wrong, then reveal both versions run on the same input, with real numbers.",
        "zh": "已发表的 LSTM 教程里常见的七个错误。每一个都能真正运行：先对照错误写法和正确写法，预测会出什么问题，"
              "再揭晓答案：两个版本在同一个输入上运行，给出真实的数字。",
    },
    "spot.pick": {"en": "Mistake", "zh": "错误"},
    "spot.group_cell": {"en": "in the cell", "zh": "单元内部"},
    "spot.group_data": {"en": "in the data pipeline", "zh": "数据流程"},
    "spot.progress": {"en": "Mistake {k} of {n}, {group}", "zh": "第 {k} 个错误（共 {n} 个），{group}"},
    "spot.next": {"en": "Next mistake", "zh": "下一个错误"},
    "spot.prev": {"en": "Previous", "zh": "上一个"},
    "spot.wrong": {"en": "Wrong (as published)", "zh": "错误写法（教程原样）"},
    "spot.right": {"en": "Right", "zh": "正确写法"},
    "spot.predict": {"en": "Predict: what goes wrong?", "zh": "预测一下：会出什么问题？"},
    "spot.reveal": {"en": "Reveal", "zh": "揭晓"},
    "spot.hide": {"en": "Hide the answer", "zh": "隐藏答案"},
    "spot.reveal_hint": {
        "en": "Pick a prediction, then reveal: both versions run on the same input.",
        "zh": "先选一个预测，再点“揭晓”：两个版本会在同一个输入上运行。",
    },
    "spot.guess_right": {"en": "You predicted it.", "zh": "你预测对了。"},
    "spot.guess_wrong": {"en": "Not this time. What happens: {answer}", "zh": "这次没猜中。实际情况：{answer}"},
    "spot.no_guess": {"en": "What happens: {answer}", "zh": "实际情况：{answer}"},
    "spot.what_happens": {"en": "What happens, in numbers", "zh": "用数字看会发生什么"},
    "spot.correction": {"en": "The correction", "zh": "如何改正"},
    "spot.input": {"en": "Input (long-delay memory preset)", "zh": "输入（长时记忆预设）"},
    "spot.cell_caption": {
        "en": "The same weights (the long-delay memory preset: output the sign of an early spike) and the same "
              "input, run twice from zero states: the right equations on the left, the mistake on the right. Each "
              "row uses one colour scale for both sides.",
        "zh": "同一组权重（长时记忆预设：输出早先尖峰的符号）、同一个输入，从零状态运行两次：左边是正确的方程，"
              "右边是有错误的版本。每一行左右两边用同一个色标。",
    },
    "spot.side_right": {"en": "right", "zh": "正确"},
    "spot.side_wrong": {"en": "with the bug", "zh": "有错误"},
    "spot.panel": {"en": "{name}, {side}", "zh": "{name}（{side}）"},
    "spot.row_title": {"en": "{name}<br>(unit)", "zh": "{name}<br>（单元）"},  # a heatmap row's y-axis title
    "spot.answer_metric": {"en": "Model's answer at the last step", "zh": "模型在最后一步的回答"},
    "spot.answer_delta": {"en": "should be {right:+.2f}", "zh": "应为 {right:+.2f}"},
    "spot.scale_range": {"en": "{name}: −{m} … 0 … +{m}", "zh": "{name}：−{m} … 0 … +{m}"},
    "spot.open_stepper": {"en": "Step through the right version", "zh": "逐步查看正确版本"},
    "spot.presenter_note": {
        "en": "Presenter mode: the default input for each mistake.",
        "zh": "演示模式：每个错误使用默认输入。",
    },
    "spot.bad_link": {
        "en": "The link names an unknown mistake ({name}); showing the first one.",
        "zh": "链接里的错误名称未知（{name}），已显示第一个错误。",
    },
    "spot.missing_result": {
        "en": "The precomputed experiment is missing or damaged ({message}). Rebuild it with "
              "`python -m scripts.build_leakage`.",
        "zh": "预先计算的实验结果缺失或已损坏（{message}）。请运行 `python -m scripts.build_leakage` 重新生成。",
    },
    # ------------------------------------------------------------------ forget gate on the candidate
    "spot.forget_on_candidate.title": {"en": "Forget gate on the candidate", "zh": "遗忘门乘在候选值上"},
    "spot.forget_on_candidate.where": {"en": "The cell-state update:", "zh": "细胞状态的更新："},
    "spot.forget_on_candidate.choice.a": {
        "en": "Nothing: the same two products are added, in another order.",
        "zh": "没什么影响：还是把同样两项乘积加起来，只是顺序不同。",
    },
    "spot.forget_on_candidate.choice.b": {
        "en": "The old memory is now scaled by the input gate, so the model loses what it had to remember.",
        "zh": "旧记忆现在由输入门来缩放，模型因此丢掉了它该记住的东西。",
    },
    "spot.forget_on_candidate.choice.c": {
        "en": "The hidden state h leaves the range −1 … +1.",
        "zh": "隐藏状态 h 会超出 −1 … +1 的范围。",
    },
    "spot.forget_on_candidate.consequence": {
        "en": "With the bug the model answers **{out_wrong:+.2f}** at the last step instead of **{out_right:+.2f}**: "
              "it has forgotten the sign of the spike. The old memory c₍ₜ₋₁₎ is now multiplied by the input gate "
              "(mean {i_mean_wrong:.2f}) instead of the forget gate (mean {f_mean_right:.2f}), while the nearly open "
              "forget gate writes a new candidate at every step: c ends in {c_lo_wrong:.1f} … {c_hi_wrong:.1f} "
              "instead of {c_lo_right:.1f} … {c_hi_right:.1f}.",
        "zh": "有了这个错误，模型在最后一步回答 **{out_wrong:+.2f}**，而不是 **{out_right:+.2f}**：它忘记了尖峰的符号。"
              "旧记忆 c₍ₜ₋₁₎ 现在乘的是输入门（均值 {i_mean_wrong:.2f}），而不是遗忘门（均值 {f_mean_right:.2f}）；"
              "几乎全开的遗忘门则在每一步都写入新的候选值：c 落在 {c_lo_wrong:.1f} … {c_hi_wrong:.1f}，"
              "而不是 {c_lo_right:.1f} … {c_hi_right:.1f}。",
    },
    "spot.forget_on_candidate.correction": {
        "en": "Each gate multiplies its own term: the forget gate f decides how much of the old memory c₍ₜ₋₁₎ to "
              "keep, the input gate i how much of the new candidate g to write: cₜ = fₜ ⊙ cₜ₋₁ + iₜ ⊙ gₜ.",
        "zh": "每个门只乘自己那一项：遗忘门 f 决定保留多少旧记忆 c₍ₜ₋₁₎，输入门 i 决定写入多少新的候选值 g："
              "cₜ = fₜ ⊙ cₜ₋₁ + iₜ ⊙ gₜ。",
    },
    # ------------------------------------------------------------------ sigmoid candidate
    "spot.sigmoid_candidate.title": {"en": "Sigmoid on the candidate", "zh": "候选值用了 sigmoid"},
    "spot.sigmoid_candidate.where": {"en": "The candidate:", "zh": "候选值："},
    "spot.sigmoid_candidate.choice.a": {
        "en": "Nothing: sigmoid and tanh are both S-shaped squashing functions.",
        "zh": "没什么影响：sigmoid 和 tanh 都是 S 形的压缩函数。",
    },
    "spot.sigmoid_candidate.choice.b": {
        "en": "The hidden state h grows far beyond ±1.",
        "zh": "隐藏状态 h 会远远超出 ±1。",
    },
    "spot.sigmoid_candidate.choice.c": {
        "en": "The candidate can no longer be negative, so the memory can only grow: a negative spike cannot be "
              "stored.",
        "zh": "候选值再也不能为负，记忆只能往上加：负的尖峰无法被存下来。",
    },
    "spot.sigmoid_candidate.consequence": {
        "en": "With the bug the candidate g never goes below **{g_lo_wrong:.2f}** (right: down to {g_lo_right:.2f}), "
              "so the cell state only adds: c stays in {c_lo_wrong:.2f} … {c_hi_wrong:.1f} instead of reaching "
              "{c_lo_right:.1f}. The spike was negative, but the model answers **{out_wrong:+.2f}** instead of "
              "**{out_right:+.2f}**.",
        "zh": "有了这个错误，候选值 g 从不低于 **{g_lo_wrong:.2f}**（正确版本可低至 {g_lo_right:.2f}），"
              "细胞状态只能往上加：c 停留在 {c_lo_wrong:.2f} … {c_hi_wrong:.1f}，到不了 {c_lo_right:.1f}。"
              "尖峰是负的，模型却回答 **{out_wrong:+.2f}**，而不是 **{out_right:+.2f}**。",
    },
    "spot.sigmoid_candidate.correction": {
        "en": "The candidate is a proposed new memory value, and a memory must be able to be negative: gₜ uses tanh, "
              "range −1 … +1. Only the three gates i, f, o use the sigmoid, because they are fractions between 0 "
              "and 1.",
        "zh": "候选值是拟写入的新记忆值，而记忆必须能为负：gₜ 用 tanh，取值 −1 … +1。只有 i、f、o 三个门用 sigmoid，"
              "因为它们是 0 到 1 之间的比例。",
    },
    # ------------------------------------------------------------------ no output gate
    "spot.no_output_gate.title": {"en": "h without the output gate", "zh": "h 少了输出门"},
    "spot.no_output_gate.where": {"en": "The hidden state:", "zh": "隐藏状态："},
    "spot.no_output_gate.choice.a": {
        "en": "Nothing: the output gate is close to 1 anyway.",
        "zh": "没什么影响：输出门反正接近 1。",
    },
    "spot.no_output_gate.choice.b": {
        "en": "The cell state can no longer be negative.",
        "zh": "细胞状态不能再为负。",
    },
    "spot.no_output_gate.choice.c": {
        "en": "Every unit shows all of its memory all the time: what the model kept hidden leaks into h and throws "
              "the read-out off.",
        "zh": "每个单元时时刻刻把全部记忆都展示出来：模型本想藏起来的内容漏进 h，读出层因此出错。",
    },
    "spot.no_output_gate.consequence": {
        "en": "Without o, h is tanh(c) in full: mean |h| is **{h_mean_abs_wrong:.2f}** instead of "
              "{h_mean_abs_right:.2f}, and h fills {h_lo_wrong:.2f} … {h_hi_wrong:.2f}. The read-out, trained on gated "
              "h, answers **{out_wrong:+.2f}** instead of **{out_right:+.2f}**.",
        "zh": "少了 o，h 就是完整的 tanh(c)：|h| 的均值为 **{h_mean_abs_wrong:.2f}**，而不是 {h_mean_abs_right:.2f}；"
              "h 的取值覆盖 {h_lo_wrong:.2f} … {h_hi_wrong:.2f}。读出层是在经过门控的 h 上训练的，它回答 "
              "**{out_wrong:+.2f}**，而不是 **{out_right:+.2f}**。",
    },
    "spot.no_output_gate.correction": {
        "en": "The output gate chooses which part of the memory to show: hₜ = oₜ ⊙ tanh(cₜ). A unit can hold "
              "something in c for a long time without showing it, until it is needed.",
        "zh": "输出门决定展示记忆的哪一部分：hₜ = oₜ ⊙ tanh(cₜ)。一个单元可以把某样东西在 c 里存很久而不展示，"
              "直到需要的时候。",
    },
    # ------------------------------------------------------------------ h and c confused
    "spot.cell_hidden_swapped.title": {"en": "h and c confused", "zh": "h 与 c 混淆"},
    "spot.cell_hidden_swapped.where": {
        "en": "What the cell passes on as its hidden state:",
        "zh": "单元作为隐藏状态传下去的东西：",
    },
    "spot.cell_hidden_swapped.choice.a": {
        "en": "h is no longer squashed: it grows far beyond ±1, and the next step and the read-out receive huge "
              "numbers.",
        "zh": "h 不再被压缩：它远远超出 ±1，下一步和读出层都收到巨大的数。",
    },
    "spot.cell_hidden_swapped.choice.b": {
        "en": "Nothing: h and c carry the same information.",
        "zh": "没什么影响：h 和 c 携带的信息相同。",
    },
    "spot.cell_hidden_swapped.choice.c": {
        "en": "The model forgets faster, but its outputs stay in a normal range.",
        "zh": "模型忘得更快，但输出仍在正常范围内。",
    },
    "spot.cell_hidden_swapped.consequence": {
        "en": "With the bug h reaches **{h_abs_wrong:.1f}** in size instead of staying within "
              "±{h_abs_right:.2f}, and the model answers **{out_wrong:+.1f}** instead of **{out_right:+.2f}**.",
        "zh": "有了这个错误，h 的绝对值达到 **{h_abs_wrong:.1f}**，而不是保持在 ±{h_abs_right:.2f} 以内；"
              "模型回答 **{out_wrong:+.1f}**，而不是 **{out_right:+.2f}**。",
    },
    "spot.cell_hidden_swapped.correction": {
        "en": "c is the cell's private memory and may grow; h = o ⊙ tanh(c) is what it shows, always between −1 and "
              "+1. In PyTorch, mind the order when you unpack: `output, (h_n, c_n) = lstm(x)`.",
        "zh": "c 是单元的私有记忆，可以变大；h = o ⊙ tanh(c) 是它展示出来的部分，始终在 −1 和 +1 之间。"
              "在 PyTorch 里解包时注意顺序：`output, (h_n, c_n) = lstm(x)`。",
    },
    # ------------------------------------------------------------------ scaler on the whole series
    "spot.scaler_on_whole_series.title": {"en": "Scaler fitted on the whole series", "zh": "在整个序列上拟合缩放器"},
    "spot.scaler_on_whole_series.where": {
        "en": "Min-max scaling before the train/test split (airline passengers, the last {test} months held out):",
        "zh": "在划分训练/测试之前做最小-最大缩放（航空旅客数据，最后 {test} 个月留作测试）：",
    },
    "spot.scaler_on_whole_series.choice.a": {
        "en": "Nothing: a minimum and a maximum are just two numbers.",
        "zh": "没什么影响：最小值和最大值只是两个数。",
    },
    "spot.scaler_on_whole_series.choice.b": {
        "en": "The scaler knows the test months in advance, so the test error stops measuring what would happen on "
              "truly new data: how much it moves depends on the model.",
        "zh": "缩放器事先就知道了测试月份，测试误差不再衡量模型在真正的新数据上会怎样：偏差多大取决于模型。",
    },
    "spot.scaler_on_whole_series.choice.c": {
        "en": "Training crashes, because the test values fall outside 0 … 1.",
        "zh": "训练会崩溃，因为测试值落在 0 … 1 之外。",
    },
    "spot.leak.setup": {
        "en": "The tutorial pipeline, run for real: windows of {window} months predict the next month, an LSTM with "
              "{hidden} units, {epochs} epochs of Adam, trained {seeds} times (seeds 0–{last}) with each scaler. "
              "Error on the {test} held-out months ({first} … {end}), in thousands of passengers. Precomputed by "
              "`python -m scripts.build_leakage`.",
        "zh": "把教程里的流程真正跑一遍：用 {window} 个月的窗口预测下一个月，LSTM 有 {hidden} 个单元，Adam 训练 "
              "{epochs} 轮，每种缩放器各训练 {seeds} 次（种子 0–{last}）。误差在 {test} 个留出月份（{first} … {end}）"
              "上计算，单位是千名旅客。结果由 `python -m scripts.build_leakage` 预先计算。",
    },
    "spot.leak.col_head": {"en": "output layer", "zh": "输出层"},
    "spot.leak.col_right": {"en": "MAE, scaler on training months", "zh": "MAE，缩放器只看训练月份"},
    "spot.leak.col_leak": {"en": "MAE, scaler on the whole series", "zh": "MAE，缩放器看了整个序列"},
    "spot.leak.col_change": {"en": "change", "zh": "变化"},
    "spot.leak.col_wins": {"en": "leak lower in", "zh": "泄漏版本更低的次数"},
    "spot.leak.wins": {"en": "{k} of {n} seeds", "zh": "{n} 次中 {k} 次"},
    "spot.leak.head_linear": {"en": "linear (unbounded)", "zh": "线性（无界）"},
    "spot.leak.head_sigmoid": {"en": "sigmoid (bounded to 0 … 1)", "zh": "sigmoid（限制在 0 … 1）"},
    "spot.leak.table_note": {
        "en": "Medians over the seeds. For scale: repeating last month gives MAE {naive:.1f}, repeating the same month "
              "last year {snaive:.1f}.",
        "zh": "表中为各种子的中位数。作为参照：重复上个月的值，MAE 为 {naive:.1f}；重复去年同月的值，MAE 为 {snaive:.1f}。",
    },
    "spot.leak.flatters": {
        "en": "With a **{head}** output the leak flatters the test error: median MAE **{leak:.1f}** instead of "
              "**{right:.1f}** ({change:+.0%}), lower in {wins} of {n} seeds.",
        "zh": "输出层为 **{head}** 时，泄漏美化了测试误差：MAE 中位数为 **{leak:.1f}**，而不是 **{right:.1f}**"
              "（{change:+.0%}），{n} 次中有 {wins} 次更低。",
    },
    "spot.leak.not_flatters": {
        "en": "With a **{head}** output the leak did not make the error look better here: median MAE **{leak:.1f}** "
              "with the leak vs **{right:.1f}** without ({change:+.0%}), lower in only {wins} of {n} seeds.",
        "zh": "输出层为 **{head}** 时，这里的泄漏并没有让误差看起来更好：有泄漏时 MAE 中位数为 **{leak:.1f}**，"
              "没有泄漏时为 **{right:.1f}**（{change:+.0%}），{n} 次中只有 {wins} 次更低。",
    },
    "spot.leak.why_bounded": {
        "en": "Why the bounded output shows it: a sigmoid can only output 0 … 1, i.e. at most the scaler's "
              "maximum. Fitted on the training months, that is {train_hi:.0f}, but the held-out months reach "
              "{test_hi:.0f}: the honest model cannot forecast them (its forecasts stop near {right_top:.0f}). The "
              "leaked scaler's maximum is {test_hi:.0f}, so the leak quietly tells the model how high the future "
              "goes (its forecasts reach {leak_top:.0f}).",
        "zh": "为什么有界输出能显出问题：sigmoid 只能输出 0 … 1，也就是最多到缩放器的最大值。只在训练月份上拟合时，"
              "这个最大值是 {train_hi:.0f}，而留出月份高达 {test_hi:.0f}：诚实的模型根本预测不到那么高"
              "（它的预测止于 {right_top:.0f} 附近）。泄漏的缩放器最大值是 {test_hi:.0f}，等于悄悄告诉模型未来会有多高"
              "（它的预测可达 {leak_top:.0f}）。",
    },
    "spot.leak.honest": {
        "en": "Either way, a leaked score is not an estimate of how the model does on data it has not seen: it can "
              "come out better or worse, and you cannot tell which.",
        "zh": "无论哪种情况，泄漏后的分数都不能估计模型在没见过的数据上的表现：它可能偏好，也可能偏差，而你无从得知。",
    },
    "spot.leak.chart_head": {"en": "Forecasts shown for the output layer", "zh": "图中显示的输出层"},
    "spot.leak.chart_caption": {
        "en": "One-step-ahead forecasts of the held-out months by the run with the median error (seed {seed}).",
        "zh": "留出月份的单步预测，来自误差居中的那次运行（种子 {seed}）。",
    },
    "spot.scaler_on_whole_series.correction": {
        "en": "Split first, in time order; fit the scaler on the training part only; apply that same scaler to "
              "validation, test and new data. If the future can exceed the training range, do not bound the output "
              "(or scale differences instead of levels).",
        "zh": "先按时间顺序划分；只在训练部分上拟合缩放器；再把同一个缩放器用于验证、测试和新数据。"
              "如果未来可能超出训练范围，就不要给输出设上限（或者改为缩放差分而不是水平值）。",
    },
    # ------------------------------------------------------------------ test part scaled by its own maximum
    "spot.test_scaled_by_own_max.title": {"en": "Test part scaled by its own maximum", "zh": "测试部分按自身最大值缩放"},
    "spot.test_scaled_by_own_max.where": {
        "en": "Scaling the held-out part (the last {test} months):",
        "zh": "缩放留出部分（最后 {test} 个月）：",
    },
    "spot.test_scaled_by_own_max.choice.a": {
        "en": "The model sees the test values during training.",
        "zh": "模型在训练时看到了测试值。",
    },
    "spot.test_scaled_by_own_max.choice.b": {
        "en": "Nothing: both parts end up between 0 and 1.",
        "zh": "没什么影响：两部分最后都落在 0 到 1 之间。",
    },
    "spot.test_scaled_by_own_max.choice.c": {
        "en": "The same number of passengers becomes a different input value in the test than in training, so the "
              "model reads the test months on the wrong scale.",
        "zh": "同样的旅客人数在测试中变成了与训练时不同的输入值，模型用错误的尺度读取测试月份。",
    },
    "spot.own.ranges": {
        "en": "Scaled training months: {tr_lo:.2f} … {tr_hi:.2f}. Test months with the training scaler: "
              "{right_lo:.2f} … {right_hi:.2f}; scaled by their own maximum ({own:.0f}): **{wrong_lo:.2f} … "
              "{wrong_hi:.2f}**. {value:.0f} thousand passengers ({date}) means {in_train:.2f} to the model in "
              "training but {in_test:.2f} in the test.",
        "zh": "缩放后的训练月份：{tr_lo:.2f} … {tr_hi:.2f}。测试月份用训练缩放器：{right_lo:.2f} … {right_hi:.2f}；"
              "按自身最大值（{own:.0f}）缩放：**{wrong_lo:.2f} … {wrong_hi:.2f}**。{value:.0f} 千名旅客（{date}）"
              "在训练时对模型意味着 {in_train:.2f}，在测试中却是 {in_test:.2f}。",
    },
    "spot.own.mae": {
        "en": "The same trained model (linear output, seed {seed}) on the same held-out months: MAE "
              "**{wrong:.1f}** with the test part scaled by its own maximum, **{right:.1f}** with the training "
              "scaler ({ratio:.1f} times the error).",
        "zh": "同一个训练好的模型（线性输出，种子 {seed}），同样的留出月份：测试部分按自身最大值缩放时 MAE 为 "
              "**{wrong:.1f}**，用训练缩放器时为 **{right:.1f}**（误差是 {ratio:.1f} 倍）。",
    },
    "spot.own.mild": {
        "en": "Here the damage is moderate ({pct:+.0%}): this model mostly carries recent months forward, and that "
              "survives a change of scale. The inputs are still on another scale than in training, and nothing warns "
              "you; a model that relies on the level of its inputs is hurt more.",
        "zh": "这里的损害不算大（{pct:+.0%}）：这个模型主要是把最近几个月的值往前延续，而这种做法经得起尺度变化。"
              "但输入的尺度仍然与训练时不同，而且没有任何提示；依赖输入水平值的模型会受到更大的影响。",
    },
    "spot.code.sees_test": {"en": "sees the test months", "zh": "看到了测试月份"},
    "spot.code.train_only": {"en": "the training months only", "zh": "只用训练月份"},
    "spot.code.own_max": {"en": "its own maximum", "zh": "用它自己的最大值"},
    "spot.code.train_scaler": {"en": "the training scaler", "zh": "用训练缩放器"},
    "spot.own.metric_right": {"en": "MAE, training scaler", "zh": "MAE，训练缩放器"},
    "spot.own.metric_wrong": {"en": "MAE, own maximum", "zh": "MAE，按自身最大值"},
    "spot.test_scaled_by_own_max.correction": {
        "en": "Fit the scaler once, on the training part, and only apply it afterwards (transform, never fit again) "
              "to validation, test and new data; turn forecasts back into units with the same scaler.",
        "zh": "缩放器只拟合一次，在训练部分上；之后只应用它（只做 transform，绝不重新 fit）到验证、测试和新数据上；"
              "把预测换回原单位时也用同一个缩放器。",
    },
    # ------------------------------------------------------------------ off by one
    "spot.off_by_one_windows.title": {"en": "Off-by-one drops the last window", "zh": "差一错误丢掉最后一个窗口"},
    "spot.off_by_one_windows.where": {
        "en": "Cutting a series of n rows into windows of W inputs and H targets:",
        "zh": "把 n 行的序列切成 W 个输入、H 个目标的窗口：",
    },
    "spot.off_by_one_windows.choice.a": {
        "en": "The last window is never made: the most recent rows are never a target.",
        "zh": "最后一个窗口从未生成：最近的几行从来不会成为目标。",
    },
    "spot.off_by_one_windows.choice.b": {
        "en": "The windows run past the end of the series and read rows that do not exist.",
        "zh": "窗口越过序列末尾，读取了不存在的行。",
    },
    "spot.off_by_one_windows.choice.c": {
        "en": "Nothing: range() already includes its end.",
        "zh": "没什么影响：range() 本来就包含终点。",
    },
    "spot.obo.counts": {
        "en": "The {n} training months of the airline series, W = {window}, H = {horizon}: **{right}** windows the "
              "right way, **{wrong}** with the bug. The lost window reads {in_first} … {in_last} and its target is "
              "{target}: the newest months before the test, the ones most like the future.",
        "zh": "航空旅客序列的 {n} 个训练月份，W = {window}，H = {horizon}：正确写法得到 **{right}** 个窗口，"
              "有错误时 **{wrong}** 个。丢掉的窗口读取 {in_first} … {in_last}，目标是 "
              "{target}：测试之前最新的月份，也是最像未来的那些。",
    },
    "spot.obo.eval": {
        "en": "The same loop in an evaluation skips the last forecast (the one ending {last}): the reported error "
              "covers {scored} of {total} forecasts of the held-out months and never says so.",
        "zh": "同样的循环用在评估中，会跳过最后一次预测（结束于 {last} 的那次）：报告的误差只覆盖留出月份 {total} "
              "次预测中的 {scored} 次，而且不会提示。",
    },
    "spot.obo.metric_right": {"en": "windows, right", "zh": "窗口数（正确）"},
    "spot.obo.metric_wrong": {"en": "windows, with the bug", "zh": "窗口数（有错误）"},
    "spot.obo.horizon": {"en": "Horizon H", "zh": "预测步长 H"},
    "spot.obo.fig_title": {"en": "The last windows of the training part", "zh": "训练部分最后几个窗口"},
    "spot.obo.inputs": {"en": "inputs (W months)", "zh": "输入（W 个月）"},
    "spot.obo.targets": {"en": "target (H months)", "zh": "目标（H 个月）"},
    "spot.obo.lost": {"en": "never made (bug)", "zh": "从未生成（错误）"},
    "spot.obo.window": {"en": "window {k}", "zh": "窗口 {k}"},
    "spot.off_by_one_windows.correction": {
        "en": "A series of n rows holds n − W − H + 1 windows: the last starts at n − W − H and ends exactly on the "
              "last row. Check it in code: the last window's target must be the last row.",
        "zh": "n 行的序列有 n − W − H + 1 个窗口：最后一个从 n − W − H 开始，恰好结束在最后一行。"
              "在代码里检查一下：最后一个窗口的目标必须是最后一行。",
    },
    # ------------------------------------------------------------------ figures
    "spot.fig.actual": {"en": "actual", "zh": "实际值"},
    "spot.fig.right": {"en": "right scaler", "zh": "正确缩放器"},
    "spot.fig.leak": {"en": "leaked scaler", "zh": "泄漏的缩放器"},
    "spot.fig.mae": {"en": "{name}: MAE {mae:.1f} in this run (median of all runs {median:.1f}, as in the table)",
                     "zh": "{name}：本次运行 MAE {mae:.1f}（所有运行的中位数 {median:.1f}，同上表）"},
    "spot.fig.own": {"en": "test scaled by its own max", "zh": "测试按自身最大值缩放"},
    "spot.fig.train_max": {"en": "training maximum {v:.0f}", "zh": "训练最大值 {v:.0f}"},
    "spot.fig.passengers": {"en": "thousand passengers", "zh": "千名旅客"},
    "spot.fig.month": {"en": "month", "zh": "月份"},
}

"""Strings of the Why-gates page (RNN vs LSTM vs GRU). Keys start with "cmp."."""

STRINGS = {
    "cmp.title": {"en": "Why gates? RNN vs LSTM vs GRU", "zh": "为什么需要门控？RNN、LSTM 与 GRU 对比"},
    "cmp.intro": {
        "en": "A network learns by sending a correction backwards from its answer to every step that led to it: the "
              "**gradient**. In a plain (vanilla) RNN that signal is multiplied, at every step on its way back, by the "
              "recurrent weights and the slope of tanh, numbers that are usually smaller than 1. After k steps it "
              "has shrunk like 0.5 × 0.5 × … (k times): after 40 steps to about a trillionth. What happened that long "
              "ago can then no longer teach the network anything. This is the **vanishing gradient**. An LSTM's cell "
              "state and a GRU's hidden state have a second path, controlled by a **gate**: while the LSTM's forget "
              "gate f or the GRU's update gate z stays close to 1, the memory (and the gradient along it) passes "
              "each step almost unchanged.",
        "zh": "神经网络的学习方式，是把一个修正信号从它的答案出发，向后传回到导致这个答案的每一步：这就是**梯度**。"
              "在普通（vanilla）RNN 中，这个信号每往回走一步，都要乘上循环权重和 tanh 的斜率，而这些数通常小于 1。"
              "往回走 k 步后，它就像 0.5 × 0.5 × …（乘 k 次）一样缩小：40 步后大约只剩万亿分之一。"
              "那么久以前发生的事，就再也无法教会网络任何东西了。这就是**梯度消失**。"
              "LSTM 的细胞状态和 GRU 的隐藏状态多了一条由**门**控制的通路：只要 LSTM 的遗忘门 f 或 GRU 的更新门 z "
              "保持接近 1，记忆（以及沿着它传回的梯度）每走一步几乎都不会变小。",
    },
    "cmp.task": {
        "en": "**The task.** At step 0 the model sees a bit (+1 or −1) together with a “remember this” flag. Then come "
              "k random ±1 distractors that look exactly like the bit but have no flag. After the last one the model "
              "must say the bit; k is the **delay**. Three models with {hidden} hidden units each (an RNN with tanh, "
              "an LSTM, a GRU) were trained the same way: PyTorch's default start, the same data in the same order, "
              "{steps} Adam steps, and the answer checked only at the last step.",
        "zh": "**任务。** 在第 0 步，模型看到一个比特（+1 或 −1）和一个“记住它”的标记。随后是 k 个随机的 ±1 干扰值，"
              "它们看起来和那个比特一模一样，只是没有标记。最后一个干扰值之后，模型必须说出那个比特；k 就是**延迟**。"
              "三个模型各有 {hidden} 个隐藏单元（一个 tanh RNN、一个 LSTM、一个 GRU），训练方式完全相同："
              "PyTorch 默认的初始化、相同顺序的相同数据、{steps} 步 Adam 优化，并且只在最后一步检查答案。",
    },
    "cmp.missing": {
        "en": "The results of this experiment are missing or damaged, so this page cannot show them. Rebuild them "
              "with `python -m scripts.build_why_gates` (about two minutes).",
        "zh": "这个实验的结果文件缺失或已损坏，所以本页无法显示。请用 `python -m scripts.build_why_gates` 重新生成（约两分钟）。",
    },
    "cmp.bad_link": {
        "en": "The link asked for {what} = “{value}”, which this page does not have; it shows {shown} instead.",
        "zh": "链接中的 {what} = “{value}” 在本页不存在；改为显示 {shown}。",
    },
    # 1. gradient
    "cmp.grad.title": {"en": "1. How much gradient reaches back k steps", "zh": "1. 有多少梯度能传回 k 步之前"},
    "cmp.grad.help": {
        "en": "For each model: ||∂h_T / ∂x_(T−k)||, how much the last hidden state changes when the input k steps "
              "earlier changes. Measured on sequences of the task in float64, as a geometric mean over 32 sequences; "
              "the thick lines are the median of the training runs. The point k = 100 is the flagged bit itself.",
        "zh": "对每个模型：||∂h_T / ∂x_(T−k)||，即 k 步之前的输入变化时，最后一步的隐藏状态变化多少。"
              "在本任务的序列上用 float64 计算，取 32 条序列的几何平均；粗线是各次训练的中位数。k = 100 这一点正是带标记的那个比特本身。",
    },
    "cmp.state.untrained": {"en": "{model}, before training", "zh": "{model}，训练前"},
    "cmp.state.trained": {"en": "{model}, after training", "zh": "{model}，训练后"},
    "cmp.grad.reading": {
        "en": "**Before training** (dotted) all three lose the signal at about the same rate: {k0} steps back it is "
              "{u_rnn} for the RNN, {u_lstm} for the LSTM and {u_gru} for the GRU. A gate that starts half open "
              "(about 0.5) shrinks the signal about as much as a plain RNN does.  \n"
              "**After training** (thick: the median of the runs; thin: each run), {k1} steps back: the LSTM went "
              "from {b_lstm} to **{a_lstm}**, the GRU from {b_gru} to **{a_gru}**, the RNN from {b_rnn} to "
              "**{a_rnn}**.",
        "zh": "**训练前**（点线）三个模型丢失信号的速度差不多：往回 {k0} 步时，RNN 为 {u_rnn}，LSTM 为 {u_lstm}，"
              "GRU 为 {u_gru}。一个一开始半开（约 0.5）的门，让信号缩小得和普通 RNN 差不多快。  \n"
              "**训练后**（粗线：各次训练的中位数；细线：每一次训练），往回 {k1} 步时：LSTM 从 {b_lstm} 变为 "
              "**{a_lstm}**，GRU 从 {b_gru} 变为 **{a_gru}**，RNN 从 {b_rnn} 变为 **{a_rnn}**。",
    },
    "cmp.grad.rnn_learned": {
        "en": "The steepest thin line is the RNN that did learn the task ({n} of its runs): {k1} steps back its "
              "gradient is {v}. It holds the bit in a state so stable that a change to an early input no longer "
              "reaches the end, which is also why a plain RNN can hardly *learn* such a memory from long examples.",
        "zh": "最陡的那条细线是真正学会了任务的 RNN（共 {n} 次训练）：往回 {k1} 步时，它的梯度只有 {v}。"
              "它把比特保存在一个极其稳定的状态里，早先输入的变化再也传不到最后一步；这也正是普通 RNN 很难从长样本中*学会*"
              "这种记忆的原因。",
    },
    # 2. accuracy
    "cmp.acc.title": {"en": "2. Accuracy as the delay grows", "zh": "2. 延迟变长时的准确率"},
    "cmp.exp.label": {"en": "How the models were trained", "zh": "模型的训练方式"},
    "cmp.exp.fixed": {"en": "One delay each, from scratch", "zh": "每个延迟单独从头训练"},
    "cmp.exp.mix": {"en": "A mix of delays 1–{max_delay}", "zh": "混合延迟 1–{max_delay}"},
    "cmp.acc.fixed_reading": {
        "en": "One fresh model per delay, trained on that delay only ({runs} runs each, averaged). At delay "
              "{d_last}: RNN {a_rnn}, LSTM {a_lstm}, GRU {a_gru} (50% is guessing). At the start every model's "
              "gradient vanishes about equally fast (the dotted lines above), so a model that only ever sees long "
              "delays gets almost no learning signal, with or without gates: gates are not magic, they must be "
              "learned first.",
        "zh": "每个延迟训练一个全新的模型，只用这个延迟的数据（每个延迟 {runs} 次，取平均）。在延迟 {d_last} 时："
              "RNN {a_rnn}，LSTM {a_lstm}，GRU {a_gru}（50% 等于瞎猜）。刚开始时，每个模型的梯度消失得差不多一样快"
              "（上图的点线），所以一个只见过长延迟的模型几乎得不到学习信号，有没有门都一样：门不是魔法，它们得先被学会。",
    },
    "cmp.acc.mix_reading": {
        "en": "Each batch had one delay drawn evenly from 1 to {max_delay}; {runs} runs per model, one thin line "
              "each. Runs that learned the task (right at every delay up to {max_delay}): **RNN {n_rnn} of {runs}, "
              "LSTM {n_lstm} of {runs}, GRU {n_gru} of {runs}**. It is all or nothing: every run that learned it "
              "also holds the bit past {max_delay}, where it never trained, and a run that did not is near guessing "
              "at most delays. The short delays in the mix give every model something to learn from; the gated "
              "models turned that into a lasting memory in every run, the RNN seldom did.",
        "zh": "每个批次的延迟从 1 到 {max_delay} 中均匀抽取；每个模型训练 {runs} 次，每次一条细线。"
              "学会了任务的训练（在 {max_delay} 以内的每个延迟上都答对）：**RNN {runs} 次中 {n_rnn} 次，"
              "LSTM {runs} 次中 {n_lstm} 次，GRU {runs} 次中 {n_gru} 次**。结果是全有或全无：每一次学会了的训练，"
              "在超过 {max_delay}（从未训练过的长度）时也记得住那个比特；而没学会的训练在大多数延迟上都接近瞎猜。"
              "混合数据中的短延迟让每个模型都有东西可学；带门的模型每一次都把它变成了持久的记忆，RNN 则很少做到。",
    },
    "cmp.runs": {"en": "run", "zh": "第几次训练"},
    # 3. heatmaps
    "cmp.heat.title": {"en": "3. Inside the gates", "zh": "3. 看看门的内部"},
    "cmp.heat.model": {"en": "Model", "zh": "模型"},
    "cmp.heat.delay": {"en": "Delay k (distractors after the bit)", "zh": "延迟 k（比特之后的干扰值个数）"},
    "cmp.heat.run": {"en": "Training run", "zh": "训练批次"},
    "cmp.heat.run_label": {"en": "run {n} ({verdict})", "zh": "第 {n} 次（{verdict}）"},
    "cmp.heat.learned": {"en": "learned", "zh": "学会了"},
    "cmp.heat.not_learned": {"en": "did not learn", "zh": "没学会"},
    "cmp.heat.bit": {"en": "The bit", "zh": "比特"},
    "cmp.heat.example": {"en": "Distractors", "zh": "干扰序列"},
    "cmp.heat.example_label": {"en": "example {n}", "zh": "示例 {n}"},
    "cmp.heat.help": {
        "en": "Units down, time across. The model shown was trained on the mix of delays 1–{max_delay}. "
              "The bottom row is what the model would answer if asked at that step: its read-out, P(bit = +1).",
        "zh": "纵向是单元，横向是时间。这里显示的模型是在混合延迟 1–{max_delay} 上训练的。"
              "最下面一行是模型在那一步被提问时会给出的答案：读出层给出的 P(比特 = +1)。",
    },
    "cmp.in.value": {"en": "value (bit, then distractors)", "zh": "数值（比特，然后是干扰）"},
    "cmp.in.flag": {"en": "“remember this” flag", "zh": "“记住它”标记"},
    "cmp.in.row": {"en": "input x", "zh": "输入 x"},
    "cmp.out.row": {"en": "P(bit = +1)", "zh": "P(比特 = +1)"},
    "cmp.gate.r": {"en": "reset gate r", "zh": "重置门 r"},
    "cmp.gate.z": {"en": "update gate z", "zh": "更新门 z"},
    "cmp.gate.n": {"en": "candidate n", "zh": "候选值 n"},
    "cmp.read.gru": {
        "en": "Units **{units}** (marked ▸) carry the bit: flip the bit (same distractors) and their last h changes most. Over "
              "the delay they stay near ±1 (mean |h| = {habs}), and their candidate n repeats their own h step after "
              "step (mean |n − h| = {nh}): whatever share the update gate z lets in (it averages {z} on these "
              "units), what comes in is the same value. Answer at the last step: P(bit = +1) = **{p}**; the bit "
              "was **{bit}**.",
        "zh": "单元 **{units}**（标有 ▸）携带着这个比特：只翻转比特（干扰值不变），它们最后的 h 变化最大。在整个延迟中，它们都停留在"
              " ±1 附近（|h| 的平均值为 {habs}），而候选值 n 一步接一步地重复它们自己的 h（|n − h| 的平均值为 {nh}）："
              "不管更新门 z 放进来多少（这些单元上 z 的平均值为 {z}），放进来的都是同一个值。"
              "最后一步的答案：P(比特 = +1) = **{p}**；比特是 **{bit}**。",
    },
    "cmp.read.gru_plain": {
        "en": "Units **{units}** (marked ▸) carry the bit: flip the bit (same distractors) and their last h changes "
              "most. Over this delay their mean |h| is {habs}, their candidate n differs from h by {nh} on average, "
              "and the update gate z averages {z} on them. Answer at the last step: P(bit = +1) = **{p}**; the bit "
              "was **{bit}**.",
        "zh": "单元 **{units}**（标有 ▸）携带着这个比特：只翻转比特（干扰值不变），它们最后的 h 变化最大。"
              "在这段延迟中，它们 |h| 的平均值为 {habs}，候选值 n 与 h 平均相差 {nh}，这些单元上更新门 z 的平均值为 {z}。"
              "最后一步的答案：P(比特 = +1) = **{p}**；比特是 **{bit}**。",
    },
    "cmp.read.lstm": {
        "en": "Units **{units}** (marked ▸) carry the bit: flip the bit (same distractors) and their last cell state c changes "
              "most. Over the delay their forget gate f stays near 1 (it averages {f}, unit by unit), so each cell "
              "keeps what the input gate i ({i}) let in; their cell state ends at {c} (it started at 0). Answer at "
              "the last step: P(bit = +1) = **{p}**; the bit was **{bit}**.",
        "zh": "单元 **{units}**（标有 ▸）携带着这个比特：只翻转比特（干扰值不变），它们最后的细胞状态 c 变化最大。"
              "在整个延迟中，它们的遗忘门 f 保持接近 1（逐个单元的平均值为 {f}），所以每个细胞都保留着输入门 i（{i}）"
              "放进来的内容；它们的细胞状态最后到达 {c}（起点是 0）。最后一步的答案：P(比特 = +1) = **{p}**；比特是 **{bit}**。",
    },
    "cmp.read.lstm_mixed": {
        "en": "Units **{units}** (marked ▸) carry the bit: flip the bit (same distractors) and their last cell state c changes "
              "most. Their forget gate f averages {f} over the delay, unit by unit (input gate i: {i}): a unit with f "
              "near 1 keeps its cell state from step to step; one with f near 0 forgets it at every step and writes "
              "it anew from h, which holds the bit. Their cell state ends at {c} (it started at 0). Answer at the "
              "last step: P(bit = +1) = **{p}**; the bit was **{bit}**.",
        "zh": "单元 **{units}**（标有 ▸）携带着这个比特：只翻转比特（干扰值不变），它们最后的细胞状态 c 变化最大。"
              "在整个延迟中，它们的遗忘门 f 逐个单元的平均值为 {f}（输入门 i：{i}）：f 接近 1 的单元一步步保留自己的细胞状态；"
              "f 接近 0 的单元每一步都忘掉它，再根据保存着比特的 h 重新写入。它们的细胞状态最后到达 {c}（起点是 0）。"
              "最后一步的答案：P(比特 = +1) = **{p}**；比特是 **{bit}**。",
    },
    "cmp.read.rnn": {
        "en": "An RNN has no gate: at every step h_t = tanh(W_ih x_t + b_ih + W_hh h_(t−1) + b_hh), so every distractor "
              "enters through the same weights as the bit. Answer at the last step: P(bit = +1) = **{p}**, and the "
              "bit was **{bit}**.",
        "zh": "RNN 没有门：每一步都是 h_t = tanh(W_ih x_t + b_ih + W_hh h_(t−1) + b_hh)，所以每个干扰值都和那个比特"
              "经由同样的权重进入。最后一步的答案：P(比特 = +1) = **{p}**，而比特是 **{bit}**。",
    },
    "cmp.parity": {"en": "matches {module} (max error {err})", "zh": "与 {module} 一致（最大误差 {err}）"},
    "cmp.parity_bad": {"en": "differs from {module} (max error {err})", "zh": "与 {module} 不一致（最大误差 {err}）"},
    "cmp.eq.title": {"en": "The GRU equations, exactly as PyTorch computes them", "zh": "GRU 方程（与 PyTorch 的计算完全一致）"},
    "cmp.eq.note": {
        "en": "Two details that many tutorials get wrong: the reset gate r multiplies the whole recurrent term "
              "(W_hn h + b_hn), bias included; and z is the share of the **old** state that is kept (z = 1 copies "
              "h_(t−1), z = 0 takes the candidate n). Weight blocks are stacked in the order r, z, n, as in "
              "torch.nn.GRU.",
        "zh": "许多教程会弄错的两个细节：重置门 r 乘的是整个循环项（W_hn h + b_hn），连偏置一起；"
              "z 是保留**旧**状态的份额（z = 1 原样复制 h_(t−1)，z = 0 完全采用候选值 n）。"
              "权重块按 r、z、n 的顺序堆叠，与 torch.nn.GRU 相同。",
    },
    # figures
    "cmp.fig.k": {"en": "k: steps back from the last step", "zh": "k：从最后一步往回的步数"},
    "cmp.fig.grad": {"en": "gradient reaching back (log scale)", "zh": "传回的梯度（对数坐标）"},
    "cmp.fig.delay": {"en": "delay k", "zh": "延迟 k"},
    "cmp.fig.accuracy": {"en": "bits recalled", "zh": "比特回忆正确率"},
    "cmp.fig.chance": {"en": "guessing", "zh": "瞎猜"},
    "cmp.fig.off_chart": {"en": "a run below this continues off the chart ↓", "zh": "低于此处的训练曲线延伸到图外 ↓"},
    "cmp.fig.untrained_region": {"en": "longer than any training example", "zh": "比任何训练样本都长"},
}

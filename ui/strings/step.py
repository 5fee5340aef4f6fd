"""Strings of the Start and Step-through pages."""

STRINGS = {
    # Start page
    "start.title": {"en": "Watch an LSTM think", "zh": "看 LSTM 如何思考"},
    "start.intro": {
        "en": "An **LSTM** (long short-term memory) is a neural network that reads a sequence one step at a time "
              "and keeps a running memory, the **cell state c**. At every step four small **gates**, each a number "
              "between 0 and 1 per unit, decide what happens to that memory:",
        "zh": "**LSTM**（长短期记忆网络）是一种逐步读取序列的神经网络，它一路维护着一份记忆，即**细胞状态 c**。"
              "在每一步，四个小小的**门**（每个单元一个 0 到 1 之间的数）决定这份记忆如何变化：",
    },
    "start.bullets": {
        "en": "- the **forget gate f** decides how much of the old memory cₜ₋₁ to keep,\n"
              "- the **input gate i** decides how much of the new **candidate g** to write,\n"
              "- the **output gate o** decides how much of the memory to show as the **hidden state h**, "
              "which is what the rest of the network sees.",
        "zh": "- **遗忘门 f** 决定保留多少旧记忆 cₜ₋₁；\n"
              "- **输入门 i** 决定写入多少新的**候选值 g**；\n"
              "- **输出门 o** 决定把多少记忆作为**隐藏状态 h** 展示出来，网络的其余部分看到的就是 h。",
    },
    "start.equations_title": {"en": "The six equations (PyTorch's convention)", "zh": "六个方程（PyTorch 约定）"},
    "start.diagram_title": {"en": "One LSTM cell", "zh": "一个 LSTM 单元"},
    "start.diagram_hint": {
        "en": "Click a part of the cell to see it at work on the memory task:",
        "zh": "点击单元的某个部分，看看它在记忆任务中如何工作：",
    },
    "start.presets_title": {"en": "Try a model in one click", "zh": "一键试用模型"},
    "start.open_preset": {"en": "Open", "zh": "打开"},
    "start.cta.memory": {"en": "Watch it remember a spike", "zh": "看它记住一个尖峰"},
    "start.cta.sine": {"en": "Watch it follow a wave", "zh": "看它跟随一段波形"},
    "start.cta.counting": {"en": "Watch a unit count brackets", "zh": "看一个单元数括号"},
    "start.cta.text": {"en": "Watch it read a rhyme", "zh": "看它读一首童谣"},
    "start.cta.random": {"en": "See an untrained LSTM", "zh": "看看未训练的 LSTM"},
    "start.cta.handset": {"en": "Set the weights yourself", "zh": "亲手设置权重"},
    "start.train_hint": {
        "en": "Have a time series of your own? **Train on your data** fits an LSTM forecaster to a CSV file and "
              "opens it here.",
        "zh": "有自己的时间序列吗？**用你的数据训练**会在 CSV 文件上训练一个 LSTM 预测模型，并在这里打开它。",
    },
    # Names of the states
    "gate.i": {"en": "input gate i", "zh": "输入门 i"},
    "gate.f": {"en": "forget gate f", "zh": "遗忘门 f"},
    "gate.g": {"en": "candidate g", "zh": "候选值 g"},
    "gate.o": {"en": "output gate o", "zh": "输出门 o"},
    "gate.c": {"en": "cell state c", "zh": "细胞状态 c"},
    "gate.h": {"en": "hidden state h", "zh": "隐藏状态 h"},
    "gate.x": {"en": "input x", "zh": "输入 x"},
    "gate.out": {"en": "model output", "zh": "模型输出"},
    "gate.out_short": {"en": "out", "zh": "输出"},  # the output row's label on a phone
    # Step page
    "step.title": {"en": "Step through an LSTM", "zh": "逐步运行 LSTM"},
    "step.model": {"en": "Model", "zh": "模型"},
    "step.sequence": {"en": "Input sequence", "zh": "输入序列"},
    "step.custom": {"en": "My own input…", "zh": "我自己的输入…"},
    "step.custom_label": {"en": "Type your input ({meaning})", "zh": "输入你的序列（{meaning}）"},
    "step.enter_numbers": {"en": "Enter applies · Shift+Enter starts a new line",
                           "zh": "按 Enter 应用 · Shift+Enter 换行"},
    "step.enter_text": {"en": "Enter applies", "zh": "按 Enter 应用"},
    "step.custom_help": {
        "en": "Numbers separated by commas or spaces, e.g. 0, 0.5, 1, or text for character models. At most 2000 steps.",
        "zh": "用逗号或空格分隔的数字，例如 0, 0.5, 1；字符模型则输入文本。最多 2000 步。",
    },
    "step.input_error": {"en": "Could not use this input: {message}", "zh": "无法使用这个输入：{message}"},
    "step.kept_previous": {
        "en": "Still showing the previous input.", "zh": "仍在显示之前的输入。",
    },
    "step.layer": {"en": "Layer", "zh": "层"},
    "step.unit": {"en": "Unit (for the equations)", "zh": "单元（用于方程）"},
    "step.step": {"en": "Time step t", "zh": "时间步 t"},
    "step.first": {"en": "Start", "zh": "开头"},
    "step.back": {"en": "Back", "zh": "后退"},
    "step.forward": {"en": "Forward", "zh": "前进"},
    "step.last": {"en": "End", "zh": "结尾"},
    "step.play": {"en": "Play", "zh": "播放"},
    "step.pause": {"en": "Pause", "zh": "暂停"},
    "step.speed": {"en": "Speed (steps per second)", "zh": "速度（每秒步数）"},
    "step.keys_hint": {
        "en": "Keys: ← → step, Home / End jump.", "zh": "快捷键：← → 单步，Home / End 跳到首尾。",
    },
    "step.parity_ok": {"en": "matches torch.nn.LSTM (max error {err})", "zh": "与 torch.nn.LSTM 一致（最大误差 {err}）"},
    "step.parity_bad": {"en": "differs from torch.nn.LSTM (max error {err})", "zh": "与 torch.nn.LSTM 不一致（最大误差 {err}）"},
    "step.look_for": {"en": "What to look for", "zh": "看点"},
    "step.heatmaps": {"en": "Every gate, every unit, every step", "zh": "每个门、每个单元、每一步"},
    "step.heatmap_help": {
        "en": "Rows are units, columns are time steps. The black line with a white edge marks step t; the box marks the chosen unit. "
              "Hover for exact values.",
        "zh": "行是单元，列是时间步。带白边的黑线标出第 t 步，方框标出选中的单元。鼠标悬停可看精确数值。",
    },
    "step.equations": {"en": "The equations at step t = {t}, unit {unit}", "zh": "第 t = {t} 步、单元 {unit} 的方程"},
    "step.equations_help": {
        "en": "Each pre-activation is split into its input part (W x + b) and its recurrent part (W h + b).",
        "zh": "每个预激活值拆成输入部分（W x + b）和循环部分（W h + b）。",
    },
    "step.diagram": {"en": "How much flows through the cell", "zh": "单元中流过多少信息"},
    "step.reading": {"en": "In plain words", "zh": "用大白话说"},
    "step.output_now": {"en": "Model output at this step: {value}", "zh": "此步的模型输出：{value}"},
    # Said by a screen reader when stepping stops (not on every frame while playing).
    "step.live": {"en": "Step {t} of {T}: forget gate of unit {unit} {f}.", "zh": "第 {t} 步（共 {T} 步）：单元 {unit} 的遗忘门 {f}。"},
    "step.live_output": {
        "en": "Step {t} of {T}: output {output}, forget gate of unit {unit} {f}.",
        "zh": "第 {t} 步（共 {T} 步）：输出 {output}，单元 {unit} 的遗忘门 {f}。",
    },
    "step.controls": {"en": "Stepping controls", "zh": "单步控制"},
    "step.png": {"en": "Download the heatmaps as a PNG", "zh": "把热力图下载为 PNG"},
    "step.equation": {"en": "Equation", "zh": "方程"},
    "step.player_loading": {"en": "Loading the stepper…", "zh": "正在加载单步查看器…"},
    "step.handset_weights": {"en": "Weights of the single unit", "zh": "单个单元的权重"},
    "step.handset_reset": {"en": "Reset to defaults", "zh": "恢复默认值"},
    "step.focus_here": {"en": "you came to see this", "zh": "你要看的就是它"},
    "step.copy_link": {"en": "Link to this exact view", "zh": "指向当前视图的链接"},
    "step.copy_link_help": {
        "en": "The address bar always holds the model, input, step, unit and language: copy it to share this view.",
        "zh": "地址栏始终保存模型、输入、步数、单元和语言：复制它即可分享当前视图。",
    },
    "step.trained_prefix": {"en": "Your model: {name}", "zh": "你的模型：{name}"},
    "step.trained_series": {"en": "Your series (scaled as in training)", "zh": "你的序列（按训练时的方式缩放）"},
    # Colour bars
    "scale.gate": {"en": "gate: 0 closed → 1 open", "zh": "门：0 关闭 → 1 打开"},
    "scale.value": {"en": "value: −1 … 0 … +1", "zh": "数值：−1 … 0 … +1"},
    "scale.cell": {"en": "cell c: −{m} … 0 … +{m}", "zh": "细胞 c：−{m} … 0 … +{m}"},
    "hover.value": {"en": "unit %{{y}}, step %{{x}}<br>{name} = %{{z:.4f}}", "zh": "单元 %{{y}}，第 %{{x}} 步<br>{name} = %{{z:.4f}}"},
    "axis.step": {"en": "time step t", "zh": "时间步 t"},
    "axis.unit": {"en": "unit", "zh": "单元"},
    # Plain-language reading
    "read.f_open": {"en": "Forget gate mostly open (f = {v}): the cell keeps its memory.", "zh": "遗忘门基本打开（f = {v}）：单元保留记忆。"},
    "read.f_closed": {"en": "Forget gate mostly closed (f = {v}): the cell wipes its memory.", "zh": "遗忘门基本关闭（f = {v}）：单元清除记忆。"},
    "read.f_half": {"en": "Forget gate half open (f = {v}): the memory fades.", "zh": "遗忘门半开（f = {v}）：记忆逐渐淡去。"},
    "read.i_open": {"en": "Input gate open (i = {v}): it writes the candidate g = {g} into memory.", "zh": "输入门打开（i = {v}）：把候选值 g = {g} 写入记忆。"},
    "read.i_closed": {"en": "Input gate closed (i = {v}): nothing new is written.", "zh": "输入门关闭（i = {v}）：没有写入新内容。"},
    "read.i_half": {"en": "Input gate partly open (i = {v}): some of g = {g} is written.", "zh": "输入门部分打开（i = {v}）：写入部分 g = {g}。"},
    "read.o_open": {"en": "Output gate open (o = {v}): h shows the memory, h = {h}.", "zh": "输出门打开（o = {v}）：h 展示记忆，h = {h}。"},
    "read.o_closed": {"en": "Output gate closed (o = {v}): the memory is kept hidden, h = {h}.", "zh": "输出门关闭（o = {v}）：记忆被隐藏，h = {h}。"},
    "read.o_half": {"en": "Output gate partly open (o = {v}): h = {h} shows part of the memory.", "zh": "输出门部分打开（o = {v}）：h = {h} 展示部分记忆。"},
    "read.c_change": {"en": "Cell state went from {prev} to {now}.", "zh": "细胞状态从 {prev} 变为 {now}。"},
    # Input errors (lstm_core.data.inputs.InputError keys)
    "input.empty": {"en": "The input is empty: type something this model reads, e.g. {example}",
                    "zh": "输入为空：请输入这个模型能读的内容，例如 {example}"},
    "input.not_a_number": {
        "en": "Item {position} is not a number: '{token}'. Separate numbers with commas or spaces, e.g. 0, 0.5, 1",
        "zh": "第 {position} 项不是数字：“{token}”。请用逗号或空格分隔数字，例如 0, 0.5, 1",
    },
    "input.not_finite": {"en": "Item {position} is '{token}': only finite numbers can be fed to the LSTM",
                         "zh": "第 {position} 项是“{token}”：只能输入有限的数字"},
    "input.too_long": {"en": "The input has {steps} steps; the most this page can show is {limit}. Shorten it.",
                       "zh": "输入有 {steps} 步；本页最多显示 {limit} 步，请缩短。"},
    "input.bad_chars": {"en": "These characters are not in the model's alphabet: {chars}. It knows: {alphabet}",
                        "zh": "这些字符不在模型的字母表中：{chars}。它认识的字符：{alphabet}"},
}
STRINGS["step.link_missing"] = {
    "en": "The trained model in this link ({name}) lives only in the session that trained it; showing a preset instead.",
    "zh": "链接中的训练模型（{name}）只存在于训练它的会话里；改为显示一个预设模型。",
}
STRINGS["gate.forecast"] = {"en": "forecast (scaled)", "zh": "预测（缩放后）"}
STRINGS["step.link_unknown"] = {
    "en": "This link names a model that does not exist ({name}); showing a preset instead.",
    "zh": "链接中的模型不存在（{name}）；改为显示一个预设模型。",
}
STRINGS.update({
    "step.setup": {"en": "Model and sequence", "zh": "模型和序列"},
    "step.more": {"en": "Layer and unit", "zh": "层和单元"},
    "step.input_mode": {"en": "Input", "zh": "输入方式"},
    "step.input_type": {"en": "Type numbers", "zh": "输入数字"},
    "step.input_draw": {"en": "Draw", "zh": "手绘"},
    "step.draw_label": {"en": "Drawing pad for the input sequence", "zh": "输入序列的手绘板"},
    "step.draw_clear": {"en": "Flat line", "zh": "画成直线"},
    "step.draw_help": {
        "en": "Draw over the pad with the mouse or a finger: {n} steps, left to right. Letting go runs the LSTM on "
              "your curve; the numbers below follow, and you can still edit them.",
        "zh": "用鼠标或手指在画板上从左到右画：共 {n} 步。松开后 LSTM 就会在你的曲线上运行；下面的数字随之更新，仍可修改。",
    },
})

"""Strings of the "Gates that learn" page and of the gate replay on the Train page."""

STRINGS = {
    "learn.title": {"en": "Gates that learn", "zh": "门控如何学会"},
    "learn.intro": {
        "en": "Every model starts from random weights. While it trained, one fixed input sequence was run through it "
              "again and again, and every gate was recorded. Move the slider (or press Play) to replay how the "
              "heatmaps changed while the loss fell.",
        "zh": "每个模型都从随机权重开始。训练过程中，同一段固定的输入序列被一次又一次地送进模型，每个门的取值都被记录下来。"
              "拖动滑块（或按“播放”），回放损失下降时热力图是怎样变化的。",
    },
    "learn.model": {"en": "Model", "zh": "模型"},
    "learn.probe": {
        "en": "Input sequence: {label}: the model's first example, the same at every step of the replay.",
        "zh": "输入序列：{label}。这是该模型的第一个示例，回放的每一步用的都是它。",
    },
    "learn.slider.step": {"en": "Training step", "zh": "训练步数"},
    "learn.slider.epoch": {"en": "Epoch", "zh": "训练轮次"},
    "learn.slider_help": {
        "en": "Snapshots were kept at evenly spread points of training (and at the end); the slider stops at those.",
        "zh": "快照保存在训练过程中均匀分布的若干时刻（以及训练结束时）；滑块只停在这些时刻。",
    },
    "learn.speed": {"en": "Speed (snapshots per second)", "zh": "速度（每秒快照数）"},
    "learn.heatmaps_name": {"en": "The gates at the recorded snapshot", "zh": "所记录快照时的各个门"},
    "learn.play": {"en": "Play", "zh": "播放"},
    "learn.pause": {"en": "Pause", "zh": "暂停"},
    "learn.layer": {"en": "Layer", "zh": "层"},
    "learn.at.step": {"en": "step {n}", "zh": "第 {n} 步"},
    "learn.at.epoch": {"en": "epoch {n}", "zh": "第 {n} 轮"},
    "learn.heatmaps.start": {
        "en": "The gates before training (random weights)",
        "zh": "训练之前的各个门（随机权重）",
    },
    "learn.heatmaps.step": {"en": "The gates after {n} training steps", "zh": "训练 {n} 步之后的各个门"},
    "learn.heatmaps.epoch": {"en": "The gates after epoch {n}", "zh": "第 {n} 轮训练之后的各个门"},
    "learn.heatmaps_help": {
        "en": "Units down, time steps across, as on the Step-through page. The cell state uses one colour range for "
              "the whole replay, so its colours compare from one step of training to the next.",
        "zh": "纵向是单元，横向是时间步，与“逐步运行”页面相同。细胞状态在整个回放中使用同一个颜色范围，"
              "所以不同训练时刻之间的颜色可以直接比较。",
    },
    "learn.loss_title": {"en": "The loss while it learned", "zh": "学习过程中的损失"},
    "learn.loss.batch": {"en": "training loss (one batch)", "zh": "训练损失（单批）"},
    "learn.loss.train": {"en": "training loss", "zh": "训练损失"},
    "learn.loss.val": {"en": "validation loss", "zh": "验证损失"},
    "learn.loss_axis.mse": {"en": "loss (MSE)", "zh": "损失（均方误差）"},
    "learn.loss_axis.cross_entropy": {"en": "loss (cross-entropy)", "zh": "损失（交叉熵）"},
    "learn.axis.step": {"en": "training step", "zh": "训练步数"},
    "learn.axis.epoch": {"en": "epoch", "zh": "训练轮次"},
    "learn.marker": {"en": "shown", "zh": "当前"},
    "learn.recorded": {"en": "snapshot", "zh": "快照"},
    "learn.kept": {"en": "kept weights", "zh": "保留的权重"},
    "learn.what_changed": {"en": "What changed", "zh": "发生了什么变化"},
    "learn.change.gate": {
        "en": "**Biggest gate change:** the {gate} of unit {unit}{layer}: mean over the sequence {before} at {at0} "
              "→ {after} at {at1}.",
        "zh": "**变化最大的门**：{layer}单元 {unit} 的{gate}：在整个序列上的平均值从{at0}的 {before} 变为{at1}的 {after}。",
    },
    "learn.change.cell": {
        "en": "**Memory (cell state c):** the largest |c| on this sequence went from {before} at {at0} to {after} "
              "at {at1}.",
        "zh": "**记忆（细胞状态 c）**：这个序列上 |c| 的最大值从{at0}的 {before} 变为{at1}的 {after}。",
    },
    "learn.change.loss": {
        "en": "**Loss:** {before} at {at0} → {after} at {at1}.",
        "zh": "**损失**：从{at0}的 {before} 变为{at1}的 {after}。",
    },
    "learn.change.val_loss": {
        "en": "**Validation loss:** {before} at {at0} → {after} at {at1}.",
        "zh": "**验证损失**：从{at0}的 {before} 变为{at1}的 {after}。",
    },
    "learn.layer_suffix": {"en": " (layer {layer})", "zh": "第 {layer} 层"},  # zh: before the unit
    "learn.at_start": {
        "en": "This is the untrained model: its gates come from random weights. Move the slider, or press Play, to "
              "watch training change them.",
        "zh": "这是未经训练的模型：它的门来自随机权重。拖动滑块或按“播放”，看训练如何改变它们。",
    },
    "learn.watch.memory": {
        "en": "For the first ~130 steps the loss barely moves: the model has not found the spike yet. Between steps "
              "130 and 250 it does: watch the cell state c of a few units stop fading after the spike and hold its "
              "sign to the very end, while their forget gate f stays near 1.",
        "zh": "前大约 130 步损失几乎不动：模型还没发现那个尖峰。到第 130 到 250 步之间它找到了："
              "注意看几个单元的细胞状态 c 在尖峰之后不再衰减，而是把它的符号一直保持到最后，同时它们的遗忘门 f 保持在接近 1。",
    },
    "learn.watch.sine": {
        "en": "The loss falls within the first 50 steps. Watch the gates of both layers begin to swing in step with "
              "the wave, and switch layers to compare them.",
        "zh": "损失在前 50 步内就大幅下降。注意看两层的门开始随着波形同步摆动；切换层来比较它们。",
    },
    "learn.watch.counting": {
        "en": "Watch one unit's cell state c turn into a staircase: up by a fixed amount at each ( and down at "
              "each ). That unit has become a counter.",
        "zh": "注意看某个单元的细胞状态 c 变成一段阶梯：每遇到 ( 升高固定的量，每遇到 ) 就降低。这个单元变成了一个计数器。",
    },
    "learn.watch.text": {
        "en": "At first every unit looks alike. Within about 150 steps the gates start to switch at spaces and "
              "commas, and different units take on different jobs.",
        "zh": "一开始所有单元看起来都差不多。大约 150 步之内，门开始在空格和逗号处切换，不同的单元承担起不同的工作。",
    },
    "learn.link_unknown": {
        "en": "There is no replay for “{name}”: showing “{shown}” instead.",
        "zh": "没有“{name}”的回放：改为显示“{shown}”。",
    },
    "learn.link_epoch": {
        "en": "Nothing was recorded at {at}: showing the nearest recorded one, {near}.",
        "zh": "没有记录{at}：改为显示最接近的记录，{near}。",
    },
    "learn.file_error": {
        "en": "The recorded snapshots of this model cannot be read. Rebuild them with "
              "`python -m scripts.build_presets --snapshots-only`.",
        "zh": "无法读取这个模型记录的快照。请用 `python -m scripts.build_presets --snapshots-only` 重新生成。",
    },
    # The replay on the Train page
    "learn.train.title": {"en": "Watch the gates learn", "zh": "看门控如何学习"},
    "learn.train.caption": {
        "en": "The same training window ({steps} steps, the last one of the training part) is run through the model "
              "before training and after every epoch; {count} snapshots are kept, evenly spread.",
        "zh": "同一个训练窗口（{steps} 步，训练部分的最后一个窗口）在训练前和每一轮训练后都送进模型一次；"
              "均匀保留了 {count} 个快照。",
    },
    "learn.train.live": {
        "en": "While it trains, the newest epoch is shown; turn off “Follow the newest epoch” to look back.",
        "zh": "训练进行时显示最新一轮；关闭“跟随最新一轮”即可回看更早的轮次。",
    },
    "learn.train.follow": {"en": "Follow the newest epoch", "zh": "跟随最新一轮"},
    "learn.train.kept": {
        "en": "The model keeps the weights of epoch {best} (its best validation loss): the heatmaps there are the "
              "gates of the model you download and step through.",
        "zh": "模型保留的是第 {best} 轮的权重（验证损失最低）：那一轮的热力图就是你下载和逐步运行的模型的门。",
    },
}

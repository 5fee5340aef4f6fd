"""Strings of the what-if panel on the Step-through page."""

STRINGS = {
    "whatif.title": {"en": "What if…? Hold a gate or change an input", "zh": "如果……会怎样？固定一个门或修改一个输入"},
    "whatif.intro": {
        "en": "Hold one gate of unit {unit} at a fixed value from step {t} on, or change the input at step {t}, and "
              "watch what the LSTM does next. The heatmaps and equations then show the changed run.",
        "zh": "从第 {t} 步起把单元 {unit} 的一个门固定为某个值，或修改第 {t} 步的输入，看 LSTM 接下来怎么做。"
              "之后热力图和公式显示的是修改后的运行。",
    },
    "whatif.kind": {"en": "Change", "zh": "修改"},
    "whatif.kind_clamp": {"en": "Hold a gate", "zh": "固定一个门"},
    "whatif.kind_edit": {"en": "Change an input", "zh": "修改输入"},
    "whatif.gate": {"en": "Gate and value", "zh": "门和数值"},
    "whatif.clamp.f:0": {"en": "f = 0: forget everything", "zh": "f = 0：全部遗忘"},
    "whatif.clamp.f:1": {"en": "f = 1: forget nothing", "zh": "f = 1：什么都不忘"},
    "whatif.clamp.i:0": {"en": "i = 0: write nothing new", "zh": "i = 0：不写入新内容"},
    "whatif.clamp.i:1": {"en": "i = 1: write everything", "zh": "i = 1：全部写入"},
    "whatif.clamp.o:1": {"en": "o = 1: show the whole cell", "zh": "o = 1：完全输出细胞状态"},
    "whatif.clamp.o:0": {"en": "o = 0: hide the cell", "zh": "o = 0：完全不输出"},
    "whatif.apply_clamp": {"en": "Hold it from step {t}", "zh": "从第 {t} 步起固定"},
    "whatif.new_value": {"en": "New input x at step {t}", "zh": "第 {t} 步的新输入 x"},
    "whatif.apply_edit": {"en": "Change input at step {t}", "zh": "修改第 {t} 步的输入"},
    "whatif.no_edit": {
        "en": "This model reads characters: change the text above instead.",
        "zh": "这个模型读取字符：请直接修改上面的文本。",
    },
    "whatif.clear": {"en": "Back to the original run", "zh": "回到原始运行"},
    "whatif.active_clamp": {
        "en": "What-if: {gate} of unit {unit} (layer {layer}) held at {value} from step {t} on.",
        "zh": "假设：单元 {unit}（第 {layer} 层）的{gate} 从第 {t} 步起固定为 {value}。",
    },
    "whatif.active_edit": {
        "en": "What-if: input at step {t} changed from {old} to {value}.",
        "zh": "假设：第 {t} 步的输入从 {old} 改为 {value}。",
    },
    "whatif.effect_output": {
        "en": "At the last step the output is {new} instead of {old}.",
        "zh": "最后一步的输出是 {new}，原来是 {old}。",
    },
    "whatif.effect_symbols": {
        "en": "{n} of the {total} predicted characters change.",
        "zh": "{total} 个预测字符中有 {n} 个改变。",
    },
    "whatif.effect_cell": {
        "en": "The cell state moves by up to {max} (largest change: unit {unit} at step {t}).",
        "zh": "细胞状态最多改变 {max}（最大变化：单元 {unit}，第 {t} 步）。",
    },
    "whatif.compare": {"en": "Changed run against the original", "zh": "修改后的运行与原始运行对比"},
    "whatif.compare_help": {
        "en": "Top: the model's output in both runs. Below: how much c and h changed (changed − original): "
              "red up, blue down, white unchanged. The dotted line marks the first changed step.",
        "zh": "上：两次运行的模型输出。下：c 和 h 的变化量（修改后 − 原始）：红色变大，蓝色变小，白色不变。"
              "虚线标出第一个被修改的时间步。",
    },
    "whatif.delta": {"en": "change in {name}", "zh": "{name} 的变化"},
    "whatif.original": {"en": "original run", "zh": "原始运行"},
    "whatif.changed": {"en": "what-if run", "zh": "修改后的运行"},
    "whatif.scale": {"en": "change: −{m} … 0 … +{m}", "zh": "变化：−{m} … 0 … +{m}"},
    "whatif.badge": {"en": "what-if run (not plain nn.LSTM)", "zh": "假设运行（不是原始 nn.LSTM）"},
    "whatif.clamped": {"en": "(held)", "zh": "（固定）"},
    "whatif.would_be": {"en": "(free: {expr})", "zh": "（不固定时：{expr}）"},  # {expr}: the equation, kept as LaTeX
    "whatif.effect_cell_layer": {
        "en": "In layer {layer}, the cell state moves by up to {max} (largest change: unit {unit} at step {t}).",
        "zh": "第 {layer} 层的细胞状态最多改变 {max}（最大变化：单元 {unit}，第 {t} 步）。",
    },
    "whatif.effect_cell_none": {"en": "The cell state does not change.", "zh": "细胞状态没有变化。"},
    "whatif.effect_cell_none_layer": {
        "en": "The cell state of layer {layer} does not change.",
        "zh": "第 {layer} 层的细胞状态没有变化。",
    },
    "whatif.value_help": {
        "en": "Any number from −{limit} to {limit}. Large values push every gate to 0 or 1.",
        "zh": "可以是 −{limit} 到 {limit} 之间的任意数。很大的值会把每个门推到 0 或 1。",
    },
    "whatif.link_mangled": {
        "en": "This link's what-if ({value}) could not be read: a gate hold is written gate:value:step:unit, "
              "e.g. f:0:30:2, an input change step:value, e.g. 5:1.5. Showing the original run.",
        "zh": "无法读取链接中的假设（{value}）：固定门写作用冒号相连的“门、数值、时间步、单元”，例如 f:0:30:2；"
              "修改输入写作“时间步、数值”，例如 5:1.5。显示原始运行。",
    },
    # Why a link's what-if does not fit (lstm_core.lstm.intervene.WhatIfError keys); shown inside whatif.link_bad.
    "whatif.reason.neither": {"en": "it changes nothing", "zh": "它没有修改任何东西"},
    "whatif.reason.gate": {
        "en": "there is no gate “{gate}”: use i, f, g or o",
        "zh": "没有名为“{gate}”的门：请用 i、f、g 或 o",
    },
    "whatif.reason.range": {
        "en": "gate {gate} can only be {lo} … {hi}, not {value}",
        "zh": "门 {gate} 的取值只能在 {lo} … {hi} 之间，不能是 {value}",
    },
    "whatif.reason.clamp_start": {
        "en": "the sequence has steps 0 … {last}, not step {value}",
        "zh": "序列只有第 0 … {last} 步，没有第 {value} 步",
    },
    "whatif.reason.clamp_unit": {
        "en": "the model has units 0 … {last}, not unit {value}",
        "zh": "模型只有单元 0 … {last}，没有单元 {value}",
    },
    "whatif.reason.clamp_layer": {
        "en": "the model has layers 0 … {last}, not layer {value}",
        "zh": "模型只有第 0 … {last} 层，没有第 {value} 层",
    },
    "whatif.reason.clamp_layer_one": {
        "en": "the model has one layer, layer 0, not layer {value}",
        "zh": "模型只有一层，即第 0 层，没有第 {value} 层",
    },
    "whatif.reason.edit_step": {
        "en": "the sequence has steps 0 … {last}, not step {value}",
        "zh": "序列只有第 0 … {last} 步，没有第 {value} 步",
    },
    "whatif.reason.edit_feature": {
        "en": "the input has columns 0 … {last}, not column {value}",
        "zh": "输入只有第 0 … {last} 列，没有第 {value} 列",
    },
    "whatif.reason.edit_feature_one": {
        "en": "the input has one column, column 0, not column {value}",
        "zh": "输入只有一列，即第 0 列，没有第 {value} 列",
    },
    "whatif.reason.edit_value": {"en": "the new input {value} is not a finite number", "zh": "新输入 {value} 不是有限的数"},
    "whatif.reason.other": {"en": "this model cannot run a what-if", "zh": "这个模型不支持假设运行"},
    "whatif.link_bad": {
        "en": "The link's what-if does not fit this model ({reason}); showing the original run.",
        "zh": "链接中的假设与这个模型不符（{reason}）；显示原始运行。",
    },
}

"""Words for a model trained on the user's data when it opens in the stepper (lstm_core.lessons.presets gives the
values: target, horizon, steps of each input)."""

STRINGS = {
    "trained.description": {
        "en": "An LSTM forecaster of {target}, trained on your data.",
        "zh": "在你的数据上训练的 {target} 预测 LSTM。",
    },
    "trained.look_for": {
        "en": "The last window is what the forecast reads: its final step's h goes through the head to give all "
              "{horizon} forecast steps (drawn after the window, scaled as in training). Which units change when "
              "the series turns?",
        "zh": "最后一个窗口就是预测所读取的输入：最后一步的 h 经过输出层给出全部 {horizon} 个预测步"
              "（画在窗口之后，按训练时的方式缩放）。序列转折时，哪些单元在变化？",
    },
    "trained.input_meaning": {"en": "your series, scaled as in training", "zh": "你的序列，按训练时的方式缩放"},
    "trained.output_meaning": {"en": "the forecast", "zh": "预测值"},
    "trained.example.last_window": {
        "en": "The last window ({last_steps} steps) and the forecast",
        "zh": "最后一个窗口（{last_steps} 步）和预测",
    },
    "trained.example.whole": {
        "en": "The whole series as one sequence ({whole_steps} steps)",
        "zh": "整个序列作为一条序列（{whole_steps} 步）",
    },
}

"""Strings shared by the app shell: navigation, sidebar, generic messages."""

STRINGS = {
    "app.title": {"en": "Gatescope", "zh": "Gatescope 门控透视"},
    "app.tagline": {"en": "Watch an LSTM think", "zh": "看 LSTM 如何思考"},
    "nav.see_inside": {"en": "See inside", "zh": "看看内部"},
    "nav.train": {"en": "Train", "zh": "训练"},
    "nav.start": {"en": "Start here", "zh": "从这里开始"},
    "nav.step": {"en": "Step through", "zh": "逐步运行"},
    "nav.train_page": {"en": "Train on your data", "zh": "用你的数据训练"},
    "nav.learn": {"en": "Gates that learn", "zh": "门控如何学会"},
    "nav.teach": {"en": "Teach", "zh": "课堂"},
    "nav.spot": {"en": "Spot the bug", "zh": "找出错误"},
    "nav.compare": {"en": "Why gates? RNN, LSTM, GRU", "zh": "为什么需要门控"},
    "sidebar.language": {"en": "Language / 语言", "zh": "语言 / Language"},
    "sidebar.device": {"en": "Compute device: {device}", "zh": "计算设备：{device}"},
    "device.cpu": {"en": "CPU ({threads} threads)", "zh": "CPU（{threads} 个线程）"},
    "sidebar.about": {
        "en": "An LSTM, one step at a time: every gate, every number.",
        "zh": "一步一步看 LSTM：每一个门，每一个数字。",
    },
    "common.list_sep": {"en": " and ", "zh": "、"},  # between names in a sentence: "AutoARIMA and MSTL"
    "common.unexpected": {
        "en": "Something went wrong on our side ({kind}). Your data and settings are unchanged; please try again.",
        "zh": "程序内部出了问题（{kind}）。你的数据和设置没有改变，请再试一次。",
    },
}

STRINGS.update({
    "upload.button": {"en": "Upload", "zh": "上传文件"},
    "upload.limit": {"en": "{mb} MB per file • {types}", "zh": "每个文件最大 {mb} MB • {types}"},
})

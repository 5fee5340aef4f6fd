"""Strings of the lesson tools: presenter mode, lesson links, heatmap exports and text summaries."""

STRINGS = {
    "lesson.present": {"en": "Presenter mode", "zh": "演示模式"},
    "lesson.present_help": {
        "en": "Large type and only the stepping controls, for a projector. Also in the link: ?present=1",
        "zh": "大字号，只保留逐步控制，适合投影。也可写在链接里：?present=1",
    },
    "lesson.copy": {"en": "Copy lesson link", "zh": "复制课程链接"},
    "lesson.copied": {"en": "Link copied ✓", "zh": "链接已复制 ✓"},
    "lesson.copy_failed": {
        "en": "Could not copy: copy the address bar instead", "zh": "无法复制：请直接复制地址栏",
    },
    "lesson.link_help": {
        "en": "This link opens exactly what you see now (page, model, step, unit, language, presenter mode). "
              "Copy it with the button at the right of the box.",
        "zh": "这个链接会打开你现在看到的画面（页面、模型、时间步、单元、语言、演示模式）。用框右侧的按钮复制。",
    },
    "export.csv": {"en": "Numbers (CSV)", "zh": "数值（CSV）"},
    "export.csv_help": {
        "en": "Every value of these heatmaps, one row per panel, step and unit. "
              "For a PNG picture use the camera button above the chart.",
        "zh": "这些热力图的全部数值，每行一个面板、时间步和单元。要 PNG 图片，请用图表上方的相机按钮。",
    },
    "export.summary": {
        "en": "{label}: {steps} steps × {units} units, values from {lo} to {hi}, mean {mean}; "
              "highest at unit {unit}, step {step}.",
        "zh": "{label}：{steps} 个时间步 × {units} 个单元，数值从 {lo} 到 {hi}，平均 {mean}；"
              "最大值在单元 {unit}、时间步 {step}。",
    },
    "export.summary_empty": {"en": "{label}: no values.", "zh": "{label}：没有数值。"},
}

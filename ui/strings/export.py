"""Strings of a lesson exported as one HTML file (ui/player/export.py) and of its download on the Step page."""

STRINGS = {
    "export.lesson_download": {"en": "Download this lesson (HTML, works offline)",
                               "zh": "下载本课（HTML，可离线使用）"},
    "export.lesson_help": {
        "en": "One file with the model, this run, the stepper and the what-ifs: open it in a browser from a USB stick, "
              "a shared drive or an e-mail, with no server and no internet.",
        "zh": "一个文件，包含模型、本次运行、逐步播放器和假设实验：从 U 盘、共享盘或邮件中直接用浏览器打开，"
              "不需要服务器，也不需要网络。",
    },
    "export.lesson_offline": {
        "en": "This lesson runs in your browser from this one file: no server, no internet. Every number is "
              "computed here, with the model's own weights.",
        "zh": "本课完全在你的浏览器中从这一个文件运行：不需要服务器，也不需要网络。每个数字都用模型自己的权重在这里计算。",
    },
    "export.lesson_run_input": {"en": "Run this input", "zh": "运行这个输入"},
    "export.lesson_too_big": {
        "en": "This lesson would be {size} MB, over the {limit} MB a lesson file may have. Pick a shorter input.",
        "zh": "这节课会有 {size} MB，超过课程文件上限 {limit} MB。请选一个更短的输入。",
    },
}

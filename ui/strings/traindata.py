"""The training engine's data messages (lstm_core.data.windows.TRAIN_ERRORS) in both languages, by key."""

STRINGS = {
    "traindata.unknown_column": {
        "en": "unknown column {missing}; available columns: {available}",
        "zh": "没有列 {missing}；可用的列：{available}",
    },
    "traindata.no_complete_row": {
        "en": "no row has a value in every used column ({columns})",
        "zh": "没有一行在所有用到的列（{columns}）中都有数值",
    },
    "traindata.bad_horizon": {"en": "horizon must be at least 1, got {horizon}", "zh": "预测步数至少为 1，现在是 {horizon}"},
    "traindata.bad_window": {"en": "window must be at least 1, got {window}", "zh": "窗口长度至少为 1，现在是 {window}"},
    "traindata.validation_too_small": {
        "en": "the validation part needs at least one horizon ({horizon} rows), got {size}",
        "zh": "验证部分至少需要一个预测长度（{horizon} 行），现在只有 {size} 行",
    },
    "traindata.test_too_small": {
        "en": "the test part needs at least one horizon ({horizon} rows), got {size}",
        "zh": "测试部分至少需要一个预测长度（{horizon} 行），现在只有 {size} 行",
    },
    "traindata.too_short": {
        "en": "the series is too short: window {window} + horizon {horizon} + validation {n_val} + test {n_test} "
              "needs at least {needed} rows, and it has {n_rows} usable rows. "
              "Use a shorter window or horizon, or a longer series.",
        "zh": "序列太短：窗口 {window} + 预测 {horizon} + 验证 {n_val} + 测试 {n_test} 至少需要 {needed} 行，"
              "而可用的只有 {n_rows} 行。请缩短窗口或预测步数，或使用更长的序列。",
    },
    "traindata.no_window": {
        "en": "{rows} rows make no window of {window} inputs + {horizon} targets",
        "zh": "{rows} 行数据凑不出一个 {window} 个输入 + {horizon} 个目标的窗口",
    },
    "traindata.seasonal_baseline": {
        "en": "the seasonal-naive baseline needs a season (got {season}) shorter than the window ({window})",
        "zh": "季节性朴素基线需要比窗口（{window}）短的季节长度（现在是 {season}）",
    },
    "traindata.forecast_horizon": {
        "en": "this model forecasts 1 to {max_horizon} steps ahead, asked for {horizon}",
        "zh": "这个模型只能预测 1 到 {max_horizon} 步，现在要求 {horizon} 步",
    },
    "traindata.forecast_columns": {
        "en": "the data lacks the model's column(s) {missing}; the model needs {needed}; available: {available}",
        "zh": "数据缺少模型需要的列 {missing}；模型需要 {needed}；可用的列：{available}",
    },
    "traindata.forecast_too_short": {
        "en": "forecasting needs the last {window} rows (the model's window); the data has {rows}",
        "zh": "预测需要最后 {window} 行（模型的窗口），而数据只有 {rows} 行",
    },
}

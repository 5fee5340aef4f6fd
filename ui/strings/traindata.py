"""The training engine's data messages in both languages, by key: the English is the engine's own
(lstm_core.data.windows.TRAIN_ERRORS), written once, there."""

from lstm_core.data.windows import TRAIN_ERRORS

STRINGS = {
    "traindata.unknown_column": {"en": TRAIN_ERRORS["unknown_column"], "zh": "没有列 {missing}；可用的列：{available}"},
    "traindata.no_complete_row": {"en": TRAIN_ERRORS["no_complete_row"], "zh": "没有一行在所有用到的列（{columns}）中都有数值"},
    "traindata.bad_horizon": {"en": TRAIN_ERRORS["bad_horizon"], "zh": "预测步数至少为 1，现在是 {horizon}"},
    "traindata.bad_window": {"en": TRAIN_ERRORS["bad_window"], "zh": "窗口长度至少为 1，现在是 {window}"},
    "traindata.validation_too_small": {"en": TRAIN_ERRORS["validation_too_small"], "zh": "验证部分至少需要一个预测长度（{horizon} 行），现在只有 {size} 行"},
    "traindata.test_too_small": {"en": TRAIN_ERRORS["test_too_small"], "zh": "测试部分至少需要一个预测长度（{horizon} 行），现在只有 {size} 行"},
    "traindata.too_short": {"en": TRAIN_ERRORS["too_short"], "zh": "序列太短：窗口 {window} + 预测 {horizon} + 验证 {n_val} + 测试 {n_test} 至少需要 {needed} 行，"
              "而可用的只有 {n_rows} 行。请缩短窗口或预测步数，或使用更长的序列。"},
    "traindata.no_window": {"en": TRAIN_ERRORS["no_window"], "zh": "{rows} 行数据凑不出一个 {window} 个输入 + {horizon} 个目标的窗口"},
    "traindata.seasonal_baseline": {"en": TRAIN_ERRORS["seasonal_baseline"], "zh": "季节性朴素基线需要比窗口（{window}）短的季节长度（现在是 {season}）"},
    "traindata.forecast_horizon": {"en": TRAIN_ERRORS["forecast_horizon"], "zh": "这个模型只能预测 1 到 {max_horizon} 步，现在要求 {horizon} 步"},
    "traindata.forecast_columns": {"en": TRAIN_ERRORS["forecast_columns"], "zh": "数据缺少模型需要的列 {missing}；模型需要 {needed}；可用的列：{available}"},
    "traindata.forecast_too_short": {"en": TRAIN_ERRORS["forecast_too_short"], "zh": "预测需要最后 {window} 行（模型的窗口），而数据只有 {rows} 行"},
}

"""UI text for loading a CSV (lstm_core.data.csv.load): errors, warnings, drop reasons, time formats, report labels.

Keys: "data.<error or warning key>" (the DataError / LoadReport warning keys, with the same
{placeholders} as their params), "data.rows_dropped.<reason>", "data.columns_dropped.<reason>",
"data.time_kind.<kind>" and "data.report.<LoadReport field>". The English text of errors and
warnings is the same as str(DataError) in lstm_core/data/csv/errors.py (a test keeps them in sync).
"""

STRINGS = {
    # --- errors (DataError.key) -------------------------------------------------------------
    "data.bad_source": {
        "en": "load_csv needs a file path, bytes or a binary file object, not {type}. Pass the path of the CSV file, or the uploaded file itself.",
        "zh": "load_csv 需要文件路径、bytes 或二进制文件对象，而不是 {type}。请传入 CSV 文件的路径，或上传的文件本身。",
    },
    "data.file_not_found": {
        "en": "The file {path} does not exist. Check the path and the file name (and its .csv ending).",
        "zh": "文件 {path} 不存在。请检查路径和文件名（以及 .csv 扩展名）。",
    },
    "data.not_a_file": {
        "en": "{path} is a folder, not a file. Pick the CSV file inside it.",
        "zh": "{path} 是一个文件夹，不是文件。请选择其中的 CSV 文件。",
    },
    "data.cannot_read": {
        "en": "The file {path} could not be read ({reason}). Check that it is not open elsewhere and that you may read it.",
        "zh": "无法读取文件 {path}（{reason}）。请确认文件没有被其他程序占用，并且你有读取权限。",
    },
    "data.too_large": {
        "en": "The file is {size_mb:.3g} MB, more than the limit of {limit_mb:.3g} MB. Upload a shorter period or fewer columns (for example, resample to hourly or daily values first).",
        "zh": "文件大小为 {size_mb:.3g} MB，超过了 {limit_mb:.3g} MB 的上限。请上传更短的时间段或更少的列（例如先把数据重采样为每小时或每天的值）。",
    },
    "data.too_large_unpacked": {
        "en": "The compressed file unpacks to more than the limit of {limit_mb:.3g} MB. Upload a shorter period or fewer columns.",
        "zh": "压缩文件解压后超过了 {limit_mb:.3g} MB 的上限。请上传更短的时间段或更少的列。",
    },
    "data.bad_gzip": {
        "en": "The file starts like a gzip archive but cannot be unpacked ({reason}). Unpack it yourself and upload the .csv inside.",
        "zh": "文件开头看起来是 gzip 压缩包，但无法解压（{reason}）。请先自行解压，再上传其中的 .csv 文件。",
    },
    "data.empty_file": {
        "en": "The file is empty (0 bytes). Export the data again and check that the CSV has a header and rows.",
        "zh": "文件是空的（0 字节）。请重新导出数据，并确认 CSV 含有表头和数据行。",
    },
    "data.blank_file": {
        "en": "The file contains only blank lines or empty cells. Export the data again: a CSV needs a header and rows of values.",
        "zh": "文件只包含空行或空单元格。请重新导出数据：CSV 需要一行表头和若干行数值。",
    },
    "data.not_text_png": {
        "en": "This file is a PNG image renamed to .csv, not a table of values. Export the data itself as CSV (for example File → Save As → CSV UTF-8 in Excel), not a picture of it.",
        "zh": "这个文件是改名为 .csv 的 PNG 图片，不是数值表格。请把数据本身导出为 CSV（例如在 Excel 中选择 文件 → 另存为 → CSV UTF-8），而不是数据的截图。",
    },
    "data.not_text_image": {
        "en": "This file is an image ({kind}) renamed to .csv, not a table of values. Export the data itself as CSV (for example File → Save As → CSV UTF-8 in Excel).",
        "zh": "这个文件是改名为 .csv 的图片（{kind}），不是数值表格。请把数据本身导出为 CSV（例如在 Excel 中选择 文件 → 另存为 → CSV UTF-8）。",
    },
    "data.not_text_xlsx": {
        "en": "This file is an Excel workbook (.xlsx) renamed to .csv. Open it in Excel and use File → Save As → 'CSV UTF-8 (Comma delimited)', then upload that file.",
        "zh": "这个文件是改名为 .csv 的 Excel 工作簿（.xlsx）。请在 Excel 中打开它，选择 文件 → 另存为 →“CSV UTF-8（逗号分隔）”，然后上传新保存的文件。",
    },
    "data.not_text_xls": {
        "en": "This file is an old Excel workbook (.xls) renamed to .csv. Open it in Excel and use File → Save As → 'CSV UTF-8 (Comma delimited)', then upload that file.",
        "zh": "这个文件是改名为 .csv 的旧版 Excel 工作簿（.xls）。请在 Excel 中打开它，选择 文件 → 另存为 →“CSV UTF-8（逗号分隔）”，然后上传新保存的文件。",
    },
    "data.not_text_ods": {
        "en": "This file is a LibreOffice/OpenOffice spreadsheet (.ods) renamed to .csv. Open it and use File → Save As → 'Text CSV', then upload that file.",
        "zh": "这个文件是改名为 .csv 的 LibreOffice/OpenOffice 电子表格（.ods）。请打开它并选择 文件 → 另存为 →“文本 CSV”，然后上传新保存的文件。",
    },
    "data.not_text_zip": {
        "en": "This file is a ZIP archive renamed to .csv. Unzip it and upload the .csv file inside.",
        "zh": "这个文件是改名为 .csv 的 ZIP 压缩包。请解压后上传其中的 .csv 文件。",
    },
    "data.not_text_pdf": {
        "en": "This file is a PDF document renamed to .csv. A PDF cannot be read as a table: export the original data as CSV from the program that made the report.",
        "zh": "这个文件是改名为 .csv 的 PDF 文档。PDF 无法作为表格读取：请在生成该报告的程序中把原始数据导出为 CSV。",
    },
    "data.not_text_json": {
        "en": "This file is JSON, not CSV (it starts with '{{' or '['). Convert it to a table first, for example in Python: pandas.read_json('file.json').to_csv('file.csv').",
        "zh": "这个文件是 JSON，不是 CSV（它以 '{{' 或 '[' 开头）。请先把它转换为表格，例如在 Python 中运行：pandas.read_json('file.json').to_csv('file.csv')。",
    },
    "data.not_text_html": {
        "en": "This file is a web page (HTML) renamed to .csv. Download the data with the site's CSV or 'Export' button instead of saving the page.",
        "zh": "这个文件是改名为 .csv 的网页（HTML）。请使用网站上的 CSV 或“导出”按钮下载数据，而不是保存网页。",
    },
    "data.not_text_xml": {
        "en": "This file is XML (perhaps an 'XML Spreadsheet' from Excel), not CSV. Open it in Excel and use File → Save As → 'CSV UTF-8 (Comma delimited)'.",
        "zh": "这个文件是 XML（可能是 Excel 的“XML 电子表格”），不是 CSV。请在 Excel 中打开它，选择 文件 → 另存为 →“CSV UTF-8（逗号分隔）”。",
    },
    "data.not_text_binary": {
        "en": "This file is not text ({kind}), so it cannot be a CSV. Export the data as CSV (in Excel: File → Save As → CSV UTF-8) and upload that file.",
        "zh": "这个文件不是文本（{kind}），所以不可能是 CSV。请把数据导出为 CSV（在 Excel 中：文件 → 另存为 → CSV UTF-8），然后上传该文件。",
    },
    "data.bad_encoding": {
        "en": "The text encoding of this file cannot be recognised (first bad bytes on line {line}); reading it anyway would garble the text. Save it again as 'CSV UTF-8' (in Excel: File → Save As → CSV UTF-8).",
        "zh": "无法识别这个文件的文本编码（第 {line} 行起出现无法解码的字节）；强行读取会产生乱码。请重新保存为“CSV UTF-8”（在 Excel 中：文件 → 另存为 → CSV UTF-8）。",
    },
    "data.unclosed_quote": {
        "en": "A quotation mark (\") opened on line {line} is never closed, so the rest of the file would be one cell. Remove the stray quote or close it, then try again.",
        "zh": "第 {line} 行的引号（\"）没有闭合，文件其余部分会被当成一个单元格。请删除多余的引号或补上闭合引号，然后重试。",
    },
    "data.too_many_rows": {
        "en": "The file has about {rows} data rows, more than the limit of {limit}. Upload a shorter period, or resample to a coarser step (for example hourly instead of every minute).",
        "zh": "文件约有 {rows} 行数据，超过了 {limit} 行的上限。请上传更短的时间段，或重采样为更粗的时间步长（例如按小时而不是按分钟）。",
    },
    "data.too_many_columns": {
        "en": "The file has {columns} columns, more than the limit of {limit}. Keep only the columns you want to forecast with and save the CSV again.",
        "zh": "文件有 {columns} 列，超过了 {limit} 列的上限。请只保留要用于预测的列，然后重新保存 CSV。",
    },
    "data.mixed_delimiters": {
        "en": "{count} lines, the first on line {line}, are separated by '{found}', but the rest of the file uses '{expected}'. The file was probably put together from two exports: use one delimiter throughout (for example replace '{found}' with '{expected}' on those lines) and try again.",
        "zh": "有 {count} 行（第一处在第 {line} 行）用“{found}”分隔，但文件其余部分用“{expected}”。这个文件可能由两份导出拼接而成：请在整个文件中使用同一种分隔符（例如把这些行中的“{found}”换成“{expected}”），然后重试。",
    },
    "data.row_too_long": {
        "en": "Line {line} has {found} cells but the table has {expected} columns. Remove the extra cells on that line (often a stray delimiter or an unquoted comma inside a value), or add a name for the extra column to the header.",
        "zh": "第 {line} 行有 {found} 个单元格，但表格只有 {expected} 列。请删除该行多余的单元格（常见原因是多了一个分隔符，或数值中含有未加引号的逗号），或在表头中为多出的列添加列名。",
    },
    "data.no_data_rows": {
        "en": "The file has a header ({columns}) but no data rows below it. Export the data again, with its values.",
        "zh": "文件有表头（{columns}），但下面没有数据行。请重新导出包含数值的数据。",
    },
    "data.too_few_rows": {
        "en": "Only {rows} usable data row(s) were found; at least {minimum} are needed. Check the report for dropped rows, or upload a longer series.",
        "zh": "只找到 {rows} 行可用数据，至少需要 {minimum} 行。请查看报告中被丢弃的行，或上传更长的序列。",
    },
    "data.no_numeric_columns": {
        "en": "No column holds numbers. Columns found: {columns}. A time series needs at least one column of numeric values (for example 12.5, not text).",
        "zh": "没有任何一列包含数字。找到的列：{columns}。时间序列至少需要一列数值（例如 12.5，而不是文字）。",
    },
    "data.no_delimiter": {
        "en": "Every line is a single cell (for example '{example}'): no comma, semicolon, tab or pipe separates the columns. Save the file as a CSV with commas between the columns.",
        "zh": "每一行都只有一个单元格（例如“{example}”）：没有逗号、分号、制表符或竖线来分隔各列。请把文件另存为用逗号分隔各列的 CSV。",
    },
    "data.all_missing": {
        "en": "Every value in the numeric column(s) {columns} is missing (empty or NA). Export the data again with its values filled in.",
        "zh": "数值列 {columns} 中的所有值都缺失（为空或 NA）。请重新导出已填好数值的数据。",
    },
    "data.unreadable": {
        "en": "The file could not be read as a CSV table ({error}). Open it in a spreadsheet program, check that it is one table with a header row, and save it again as 'CSV UTF-8'.",
        "zh": "无法把这个文件读取为 CSV 表格（{error}）。请用电子表格软件打开它，确认它是带有一行表头的单个表格，然后另存为“CSV UTF-8”。",
    },
    # --- warnings (LoadReport.warnings[i]["key"]) ----------------------------------------------
    "data.short_rows": {
        "en": "{count} row(s) had fewer cells than the header; the missing cells were left empty (lines {lines}).",
        "zh": "有 {count} 行的单元格比表头少，缺少的单元格按空值处理（第 {lines} 行）。",
    },
    "data.extra_header_rows": {
        "en": "Extra header line(s) {lines} below the header (units or descriptions) were skipped.",
        "zh": "已跳过表头下方的额外表头行（第 {lines} 行，通常是单位或说明）。",
    },
    "data.unsorted": {
        "en": "The rows were not in time order; they were sorted by {column}.",
        "zh": "数据行没有按时间顺序排列，已按 {column} 排序。",
    },
    "data.descending": {
        "en": "The rows were in descending time order; they were reversed to run forward in time.",
        "zh": "数据行按时间倒序排列，已反转为按时间正序。",
    },
    "data.duplicate_timestamps": {
        "en": "{count} row(s) repeated an earlier time stamp; rows with the same time were averaged.",
        "zh": "有 {count} 行重复了之前的时间戳；相同时间的行已取平均值。",
    },
    "data.gaps": {
        "en": "The series has {count} gap(s) longer than one step of {freq}; the largest is {largest}, after {after}.",
        "zh": "序列中有 {count} 处间隔超过一个步长（{freq}）；最大的间隔为 {largest}，位于 {after} 之后。",
    },
    "data.irregular_time": {
        "en": "The time steps are irregular (the median step is {median_step}), so no frequency was set.",
        "zh": "时间步长不规则（中位步长为 {median_step}），因此没有设置频率。",
    },
    "data.ambiguous_date_order": {
        "en": "Dates in {column} could be day-first or month-first; they were read as {order}.",
        "zh": "{column} 中的日期既可以理解为日在前，也可以理解为月在前；已按{order}读取。",
    },
    "data.invalid_numbers": {
        "en": "{count} value(s) in {column} were 'inf', 'nan' or an error code such as #DIV/0! and were treated as missing (lines {lines}).",
        "zh": "{column} 中有 {count} 个值是 'inf'、'nan' 或 #DIV/0! 之类的错误代码，已按缺失值处理（第 {lines} 行）。",
    },
    "data.unparsed_cells": {
        "en": "{count} cell(s) in {column} were not numbers and were treated as missing (lines {lines}, e.g. '{example}').",
        "zh": "{column} 中有 {count} 个单元格不是数字，已按缺失值处理（第 {lines} 行，例如“{example}”）。",
    },
    "data.units_removed": {
        "en": "Units or symbols were removed from the values in {column}: {units}.",
        "zh": "已去掉 {column} 中数值的单位或符号：{units}。",
    },
    "data.beyond_float32": {
        "en": "{count} value(s) in {column} are beyond the float32 range; they were kept as float64.",
        "zh": "{column} 中有 {count} 个值超出了 float32 的范围；已按 float64 保留。",
    },
    "data.constant_column": {
        "en": "Column {column} has the same value in every row.",
        "zh": "列 {column} 的每一行都是同一个值。",
    },
    "data.duplicate_column_names": {
        "en": "Repeated column names were made unique: {names}.",
        "zh": "重复的列名已改为唯一的名称：{names}。",
    },
    "data.mixed_utc_offsets": {
        "en": "Times in {column} had different UTC offsets ({offsets}); all were converted to UTC.",
        "zh": "{column} 中的时间带有不同的 UTC 偏移（{offsets}）；已全部转换为 UTC。",
    },
    "data.utc_offset_dropped": {
        "en": "Times in {column} all had the UTC offset {offset}; the local clock times were kept.",
        "zh": "{column} 中的时间都带有 UTC 偏移 {offset}；已保留当地时钟时间。",
    },
    "data.date_time_combined": {
        "en": "The date column {date} and the time column {time} were combined into one time stamp.",
        "zh": "日期列 {date} 和时间列 {time} 已合并为一个时间戳。",
    },
    # --- why rows were dropped (LoadReport.rows_dropped[i]["reason"]) ---------------------------
    "data.rows_dropped.summary_row": {"en": "summary rows such as Total / Sum / 合计", "zh": "汇总行，例如 Total / Sum / 合计"},
    "data.rows_dropped.repeated_header": {"en": "repeated header lines", "zh": "重复的表头行"},
    "data.rows_dropped.text_row": {
        "en": "lines of text after or between the data (notes, not values)",
        "zh": "数据之间或之后的文字行（备注，不是数值）",
    },
    "data.rows_dropped.bad_time": {"en": "time stamps that could not be read", "zh": "无法读取的时间戳"},
    "data.rows_dropped.missing_time": {"en": "rows with an empty time stamp", "zh": "时间戳为空的行"},
    # --- why columns were dropped (LoadReport.columns_dropped[i]["reason"]) ---------------------
    "data.columns_dropped.text": {"en": "holds text, not numbers", "zh": "包含文字而不是数字"},
    "data.columns_dropped.all_missing": {"en": "every value is missing", "zh": "所有值都缺失"},
    "data.columns_dropped.index": {
        "en": "a row number column (0, 1, 2, ...) written by pandas or a spreadsheet",
        "zh": "由 pandas 或电子表格写入的行号列（0, 1, 2, ...）",
    },
    "data.columns_dropped.empty": {"en": "no name and no values", "zh": "没有列名也没有数值"},
    # --- how the time column was written (LoadReport.time_kind) ---------------------------------
    "data.time_kind.iso": {
        "en": "ISO dates, year-month-day (2024-01-31, 2024-01-31T12:00)",
        "zh": "ISO 日期，年-月-日（2024-01-31、2024-01-31T12:00）",
    },
    "data.time_kind.year-first": {"en": "year first with / or . (2024/01/31)", "zh": "年份在前，用 / 或 . 分隔（2024/01/31）"},
    "data.time_kind.day-first": {"en": "day first (31/01/2024, 31.01.2024)", "zh": "日在前（31/01/2024、31.01.2024）"},
    "data.time_kind.month-first": {"en": "month first (01/31/2024)", "zh": "月在前（01/31/2024）"},
    "data.time_kind.chinese": {"en": "Chinese dates (2024年1月31日)", "zh": "中文日期（2024年1月31日）"},
    "data.time_kind.month-name": {"en": "month names (Jan 2024, 31 Jan 2024)", "zh": "英文月份名称（Jan 2024、31 Jan 2024）"},
    "data.time_kind.year": {"en": "years (2024)", "zh": "年份（2024）"},
    "data.time_kind.yyyymmdd": {"en": "compact dates (20240131)", "zh": "紧凑日期（20240131）"},
    "data.time_kind.excel-serial": {"en": "Excel serial day numbers (45322)", "zh": "Excel 日期序列号（45322）"},
    "data.time_kind.unix-s": {"en": "Unix time in seconds", "zh": "Unix 时间（秒）"},
    "data.time_kind.unix-ms": {"en": "Unix time in milliseconds", "zh": "Unix 时间（毫秒）"},
    "data.time_kind.unix-us": {"en": "Unix time in microseconds", "zh": "Unix 时间（微秒）"},
    "data.time_kind.unix-ns": {"en": "Unix time in nanoseconds", "zh": "Unix 时间（纳秒）"},
    # --- labels of the load report (LoadReport fields) -----------------------------------------
    "data.report.title": {"en": "What was read from the file", "zh": "文件读取报告"},
    "data.report.encoding": {"en": "Text encoding", "zh": "文本编码"},
    "data.report.compression": {"en": "Compression", "zh": "压缩格式"},
    "data.report.delimiter": {"en": "Delimiter", "zh": "分隔符"},
    "data.report.decimal": {"en": "Decimal mark", "zh": "小数点"},
    "data.report.thousands": {"en": "Thousands separator", "zh": "千位分隔符"},
    "data.report.header_row": {"en": "Header line", "zh": "表头所在行"},
    "data.report.preamble_lines": {"en": "Lines skipped above the table", "zh": "表格上方跳过的行数"},
    "data.report.time_column": {"en": "Time column", "zh": "时间列"},
    "data.report.time_kind": {"en": "Time format", "zh": "时间格式"},
    "data.report.frequency": {"en": "Frequency", "zh": "频率"},
    "data.report.timezone_note": {"en": "Time zone", "zh": "时区"},
    "data.report.columns": {"en": "Columns used", "zh": "使用的列"},
    "data.report.rows_read": {"en": "Rows read", "zh": "读取的行数"},
    "data.report.rows_used": {"en": "Rows used", "zh": "使用的行数"},
    "data.report.rows_dropped": {"en": "Rows dropped", "zh": "丢弃的行"},
    "data.report.columns_dropped": {"en": "Columns dropped", "zh": "丢弃的列"},
    "data.report.warnings": {"en": "Notes", "zh": "提示"},
}

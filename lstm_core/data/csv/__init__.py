"""load_csv, in the order it works: source (bytes, encoding) -> table (dialect, header, notes) -> time (the time
column) and freq (its step) -> numbers (decimal marks, units, missing values) -> load (the whole, and the
LoadReport). errors.py holds DataError and its messages."""

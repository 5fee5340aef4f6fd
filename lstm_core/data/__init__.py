"""Data: load_csv and its steps (csv/), training windows and the leakage-free scaler (windows.py), and the
stepper's typed input (inputs.py)."""

"""The Train page's parts (app_pages/train.py lays them out): text helpers, data, the settings form, the run
and its results."""

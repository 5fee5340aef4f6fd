"""Streamlit-side helpers: Plotly figure builders, i18n strings, shared widgets and session helpers."""

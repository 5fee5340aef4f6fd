"""The LSTM itself: the six equations and the one executable step (cell.py), the fast exact trace of every gate
(trace.py), what-if runs (intervene.py), the numbers for explaining one step (explain.py), and the GRU (gru.py).
states.py holds what trace and gru share (shape checks, initial states, layer properties)."""

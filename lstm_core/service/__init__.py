"""Training runs on Dask distributed: the same code on a laptop (an embedded LocalCluster) and on a cluster.

    cluster.py   connect once per process: GATESCOPE_CLUSTER unset = an embedded LocalCluster, else that scheduler
    runs.py      submit, status, cancel, result and inputs of a run, found by its run id from any app server
    task.py      what a worker runs: fit, then the outputs; progress and Stop through Dask's Variable and Event
    outputs.py   the forecast, the held-out part and the downloads, made once on the worker
    settings.py  the limits (environment variables with defaults, listed in the README)

No Streamlit here: the Train page (ui/train/) only reads what runs.py says.
"""

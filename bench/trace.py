"""Trace time ÷ nn.LSTM forward time, measured side by side in one run.

    python bench/trace.py                 # CPU
    python bench/trace.py --device cuda   # on a GPU machine
    python bench/trace.py --quick         # a smaller grid

For each (T, H, layers) both are timed on the same model and input, interleaved, best of several
repeats; the ratio is what matters (the absolute times depend on the machine). A naive per-step loop
(8 small matmuls a step, the way most tutorials trace gates) is timed too at T = 1000 for contrast.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from lstm_core import trace  # noqa: E402
from lstm_core.device import describe_device, resolve_device  # noqa: E402


def sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize()


def best_times(fns, device, repeats: int, inner: int) -> list[float]:
    """Best time per call of each function, the functions interleaved within every repeat so that
    machine noise (other load, clock changes) hits them alike."""
    for fn in fns:
        fn()
    sync(device)
    best = [float("inf")] * len(fns)
    for _ in range(repeats):
        for k, fn in enumerate(fns):
            start = time.perf_counter()
            for _ in range(inner):
                fn()
            sync(device)
            best[k] = min(best[k], (time.perf_counter() - start) / inner)
    return best


@torch.no_grad()
def naive_trace(lstm: torch.nn.LSTM, x: torch.Tensor) -> None:
    """The per-step loop: 8 matmuls a step (4 gates x input and recurrent part), one layer after another."""
    layer_in = x
    for k in range(lstm.num_layers):
        W_ih = getattr(lstm, f"weight_ih_l{k}").chunk(4)
        W_hh = getattr(lstm, f"weight_hh_l{k}").chunk(4)
        b = (getattr(lstm, f"bias_ih_l{k}") + getattr(lstm, f"bias_hh_l{k}")).chunk(4)
        h = torch.zeros(lstm.hidden_size, device=x.device)
        c = torch.zeros_like(h)
        outs = []
        for x_t in layer_in:
            i = torch.sigmoid(W_ih[0] @ x_t + W_hh[0] @ h + b[0])
            f = torch.sigmoid(W_ih[1] @ x_t + W_hh[1] @ h + b[1])
            g = torch.tanh(W_ih[2] @ x_t + W_hh[2] @ h + b[2])
            o = torch.sigmoid(W_ih[3] @ x_t + W_hh[3] @ h + b[3])
            c = f * c + i * g
            h = o * torch.tanh(c)
            outs.append(h)
        layer_in = torch.stack(outs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--device", default="cpu", help="cpu, cuda or auto")
    parser.add_argument("--quick", action="store_true", help="T in (100, 1000), H in (16, 64)")
    parser.add_argument("--threads", type=int, default=None, help="torch CPU threads (default: torch's choice)")
    args = parser.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    device = resolve_device(args.device)
    Ts = (100, 1000) if args.quick else (100, 1000, 10_000)
    Hs = (16, 64) if args.quick else (16, 64, 256)
    print(f"# trace vs nn.LSTM forward on {describe_device(device)}; torch {torch.__version__}; "
          f"{platform.processor() or platform.machine()}")
    print(f"{'T':>6} {'H':>4} {'L':>2} {'nn.LSTM ms':>11} {'trace ms':>9} {'ratio':>6}")
    torch.manual_seed(0)
    for L in (1, 2):
        for H in Hs:
            for T in Ts:
                lstm = torch.nn.LSTM(1, H, num_layers=L).to(device).eval()
                x = torch.randn(T, 1, device=device)
                repeats, inner = (9, max(1, 2000 // T)) if T < 10_000 else (3, 1)
                with torch.no_grad():
                    t_ref, t_tr = best_times([lambda: lstm(x.unsqueeze(1)), lambda: trace(lstm, x)],  # noqa: B023
                                             device, repeats, inner)
                print(f"{T:>6} {H:>4} {L:>2} {t_ref * 1e3:>11.2f} {t_tr * 1e3:>9.2f} {t_tr / t_ref:>6.2f}")
    lstm = torch.nn.LSTM(1, 64).to(device).eval()
    x = torch.randn(1000, 1, device=device)
    with torch.no_grad():
        t_ref, t_naive, t_tr = best_times(
            [lambda: lstm(x.unsqueeze(1)), lambda: naive_trace(lstm, x), lambda: trace(lstm, x)], device, 3, 1)
    print(f"# naive per-step loop, T=1000 H=64 L=1: {t_naive / t_ref:.1f}x nn.LSTM; this trace: {t_tr / t_ref:.2f}x")
    long_lstm = torch.nn.LSTM(1, 64, num_layers=2).to(device).eval()
    start = time.perf_counter()
    tr = trace(long_lstm, torch.randn(100_000, 1, device=device))
    sync(device)
    print(f"# T=100000 H=64 L=2: {time.perf_counter() - start:.2f} s, output arrays "
          f"{sum(getattr(tr, k).nbytes for k in 'ifgoch') / 2**20:.0f} MiB")


if __name__ == "__main__":
    main()

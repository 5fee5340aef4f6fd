"""The trace on CUDA matches nn.LSTM on CUDA and the CPU trace. Skipped cleanly without a GPU."""

import numpy as np
import pytest
import torch

from lstm_core import torch_parity, trace

pytestmark = [pytest.mark.gpu, pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")]


@pytest.mark.parametrize("layers", [1, 2])
def test_cuda_trace_matches_nn_lstm_and_cpu(layers):
    torch.manual_seed(0)
    cpu = torch.nn.LSTM(3, 64, num_layers=layers)
    gpu = torch.nn.LSTM(3, 64, num_layers=layers).cuda()
    gpu.load_state_dict(cpu.state_dict())
    x = torch.randn(1000, 3)
    tr_gpu = trace(gpu, x.cuda())
    assert torch_parity(gpu, tr_gpu) < 1e-4
    tr_cpu = trace(cpu, x)
    for k in "ifgoch":
        np.testing.assert_allclose(getattr(tr_gpu, k), getattr(tr_cpu, k), atol=1e-4)


def test_cuda_long_sequence_bounded():
    lstm = torch.nn.LSTM(1, 64, num_layers=2).cuda()
    tr = trace(lstm, torch.randn(100_000, 1, device="cuda"))
    assert tr.h.shape == (2, 100_000, 64)
    assert np.isfinite(tr.c).all()

"""What the LSTM trace and the GRU trace share: checks of the module and the input, initial states, weights as
NumPy arrays, the layer properties of a recorded run, and the plain forward that the parity checks compare with.
"""

from __future__ import annotations

from typing import cast

import numpy as np
import torch
from torch import nn


class LayerStates:
    """What every recorded run of a recurrent net has: h of shape (num_layers, T, hidden_size) and its input x."""

    h: np.ndarray
    x: np.ndarray

    @property
    def num_layers(self) -> int:
        return int(self.h.shape[0])

    @property
    def steps(self) -> int:
        return int(self.h.shape[1])

    @property
    def hidden_size(self) -> int:
        return int(self.h.shape[2])

    def layer_input(self, layer: int) -> np.ndarray:
        """What layer `layer` reads at each step: x for layer 0, the layer below's h otherwise. (T, D_k)"""
        return self.x if layer == 0 else self.h[layer - 1]


def check_module(module: nn.Module, kind: type[nn.RNNBase], fn: str) -> None:
    """Refuse what is not a unidirectional `kind` (nn.LSTM or nn.GRU), with a message that says what would do."""
    name = kind.__name__
    if not isinstance(module, kind):
        raise TypeError(f"{fn}: expected a torch.nn.{name}, got {type(module).__name__}")
    if module.bidirectional:
        raise ValueError(
            f"{fn}: bidirectional {name}s are not supported: trace one direction at a time "
            f"(a unidirectional nn.{name} with the forward weights)"
        )


def layer_arrays(module: nn.RNNBase, layer: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """weight_ih, weight_hh, bias_ih, bias_hh of one layer as float64 NumPy arrays (zero biases when bias=False)."""
    def get(name: str) -> np.ndarray:
        return getattr(module, f"{name}_l{layer}").detach().to("cpu", torch.float64).numpy()

    w_ih, w_hh = get("weight_ih"), get("weight_hh")
    zeros = np.zeros(w_ih.shape[0])
    return w_ih, w_hh, get("bias_ih") if module.bias else zeros, get("bias_hh") if module.bias else zeros


def sequence(module: nn.RNNBase, x, fn: str) -> torch.Tensor:
    """One unbatched sequence x of shape (T, input_size), T >= 1, on the module's device and dtype."""
    param = cast(torch.Tensor, module.weight_ih_l0)
    x = torch.as_tensor(x)
    if x.ndim != 2 or x.shape[1] != module.input_size or x.shape[0] == 0:
        raise ValueError(
            f"{fn}: expected x of shape (T, input_size) = (T, {module.input_size}) with T >= 1, "
            f"got {tuple(x.shape)}"
        )
    if not torch.is_floating_point(x):
        x = x.to(torch.float64)
    return x.to(device=param.device, dtype=param.dtype)  # (T, D)


def initial_state(value, name: str, module: nn.RNNBase, like: torch.Tensor, fn: str) -> torch.Tensor:
    """h0 or c0 as a (num_layers, hidden_size) tensor like `like`: zeros for None, else checked."""
    shape = (module.num_layers, module.hidden_size)
    if value is None:
        return torch.zeros(shape, dtype=like.dtype, device=like.device)  # (L, H)
    value = torch.as_tensor(value)
    if tuple(value.shape) != shape:
        raise ValueError(
            f"{fn}: expected {name} of shape (num_layers, hidden_size) = {shape}, got {tuple(value.shape)}"
        )
    return value.to(dtype=like.dtype, device=like.device)


def as_numpy(t: torch.Tensor) -> np.ndarray:
    if t.dtype in (torch.float16, torch.bfloat16):
        t = t.float()  # NumPy has no bfloat16
    return t.detach().cpu().numpy()


@torch.no_grad()
def plain_forward(module: nn.RNNBase, x: np.ndarray, *states: np.ndarray):
    """The module's own forward over one recorded sequence, in eval mode: (output (T, H), final states (L, H)...).

    states: the initial states of the run, (num_layers, hidden_size) each (h0 for a GRU; h0, c0 for an LSTM).
    """
    was_training = module.training
    module.eval()
    try:
        param = cast(torch.Tensor, module.weight_ih_l0)
        xt = torch.as_tensor(x, dtype=param.dtype, device=param.device).unsqueeze(1)  # (T, 1, D)
        if module.batch_first:
            xt = xt.transpose(0, 1)  # (1, T, D)
        init = [torch.as_tensor(s, dtype=param.dtype, device=param.device).unsqueeze(1) for s in states]  # (L, 1, H)
        out, final = module(xt, init[0] if len(init) == 1 else tuple(init))
        out = out[0] if module.batch_first else out[:, 0]  # (T, H)
    finally:
        module.train(was_training)
    finals = final if isinstance(final, tuple) else (final,)
    return as_numpy(out), *(as_numpy(f[:, 0]) for f in finals)

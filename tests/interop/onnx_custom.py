"""Writes model files whose specs use every layer type the presets do not
(leaky_relu, tanh, sigmoid, step, a softmax inside the net, avgpool with
padding, batchnorm after a conv with tanh, lrn of size 3, maxpool with
padding) and the other losses (bce, mse), with random weights and
BatchNorm statistics, a normalization and a temperature, through
tools/barnlab_torch.py. onnx_presets.sh exports and compares them as it does
the presets.

Usage: onnx_custom.py OUT_DIR   (writes custom-softmax_loss.barnlab, custom-bce..., custom-mse...)
"""
import os
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tools"))
import barnlab_torch as bt  # noqa: E402

SPEC = """input 3 24 24
conv 6 3 pad=1
leaky_relu 0.1
avgpool 3 stride=2 pad=1
lrn size=3 alpha=0.01 beta=0.5 k=1
conv 8 3 stride=2
tanh
batchnorm
maxpool 3 stride=1 pad=1
softmax
affine 16
sigmoid
affine 8
step
dropout 0.3
affine classes
{loss}
"""


def main():
    out = sys.argv[1]
    for i, loss in enumerate(["softmax_loss", "bce", "mse"]):
        torch.manual_seed(10 + i)
        ck = bt.new_checkpoint(SPEC.format(loss=loss), ["cow", "duck", "sheep"],
                               [0.5, 0.45, 0.4], [0.25, 0.2, 0.3])
        ck["temperature"], ck["threshold"] = 1.5, 0.4
        net = bt.BarnlabNet(ck)
        with torch.no_grad():
            for p in net.parameters():
                p.copy_(torch.randn_like(p) * 0.5)
            for name, b in net.named_buffers():
                if name.endswith("running_mean"):
                    b.copy_(torch.randn_like(b) * 0.1)
                elif name.endswith("running_var"):
                    b.copy_(torch.rand_like(b) + 0.5)
        path = os.path.join(out, f"custom-{loss}.barnlab")
        bt.write_barnlab(path, bt.from_torch(net, ck))
        print(f"wrote {path}")


if __name__ == "__main__":
    main()

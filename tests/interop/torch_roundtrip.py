"""tools/barnlab_torch.py both ways, on a model Barnlab trained on real photos.

Usage: torch_roundtrip.py MODEL.barnlab PIXELS PREDICT.json OUT.barnlab LABELS
  PIXELS, PREDICT.json: `barnlab predict --dump-pixels --json` of some photos;
  LABELS: their class names, comma-separated (for training further).

1. Barnlab -> PyTorch: the module's probabilities match Barnlab's within 1e-5.
2. The file written back from the module is byte for byte the original.
3. PyTorch -> Barnlab: train the module a few steps, write OUT.barnlab and
   OUT.barnlab.json (the module's probabilities) for the caller to compare
   with Barnlab's predict of OUT.barnlab.
"""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "tools"))
import barnlab_torch as bt  # noqa: E402


def pixels_of(path, n, ck):
    raw = open(path, "rb").read()
    c, s = ck["channels"], ck["size"]
    assert len(raw) == n * c * s * s, (len(raw), n, c, s)
    return torch.frombuffer(bytearray(raw), dtype=torch.uint8).reshape(n, c, s, s).float() / 255


def main():
    model, pixels_path, predict_json, out, labels = sys.argv[1:6]
    torch.manual_seed(0)
    ck = bt.read_barnlab(model)
    predicted = json.load(open(predict_json))
    x = pixels_of(pixels_path, len(predicted["photos"]), ck)
    net = bt.to_torch(ck)
    with torch.no_grad():
        p = net.probabilities(x)
    want = torch.tensor([ph["probabilities"] for ph in predicted["photos"]])
    diff = (p - want).abs().max().item()
    assert diff <= 1e-5, f"Barnlab -> PyTorch: largest difference {diff}\n{p[:2]}\n{want[:2]}"
    print(f"barnlab -> torch ok: {len(x)} photos, largest difference {diff:.2e}")

    same = bt.encode_barnlab(bt.from_torch(net, ck, keep_optimizer=True)) == open(model, "rb").read()
    assert same, "writing the unchanged module back did not give the same bytes"
    print("torch -> barnlab unchanged: the same bytes")

    y = torch.tensor([ck["classes"].index(name) for name in labels.split(",")])
    net.train()
    opt = torch.optim.SGD(net.parameters(), lr=0.05, momentum=0.9)
    losses = []
    for _ in range(5):
        opt.zero_grad()
        loss = torch.nn.functional.cross_entropy(net(x), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    net.eval()
    bt.write_barnlab(out, bt.from_torch(net, ck))
    with torch.no_grad():
        p2 = net.probabilities(x)
    moved = (p2 - p).abs().max().item()
    assert moved > 1e-3, f"training in PyTorch changed nothing ({moved})"
    json.dump({"probabilities": p2.tolist()}, open(out + ".json", "w"))
    print(f"trained in torch: loss {losses[0]:.4f} -> {losses[-1]:.4f}; wrote {out}")


if __name__ == "__main__":
    main()

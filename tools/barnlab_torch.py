#!/usr/bin/env python3
"""Barnlab model files (.barnlab) <-> PyTorch, so a team can continue training a
tablet's model with PyTorch (on many GPUs with DistributedDataParallel, say)
and bring the result back to the tablets.

    import barnlab_torch as bt
    ck = bt.read_barnlab("farm.barnlab")         # every field of the file
    net = bt.to_torch(ck)                        # a torch.nn.Module
    probs = net.probabilities(pixels)            # pixels: N x C x S x S, values / 255
    ... train net (net(pixels) gives the logits; its parameters are ordinary) ...
    bt.write_barnlab("farm-more.barnlab", bt.from_torch(net, ck))

The module takes what Barnlab's predict feeds its network before normalizing:
the photo's shorter side resized to the model's size, centre-cropped, values /
255, N x C x S x S. It applies the model's normalization itself, so a team
trains on the same inputs the tablets see. Every layer type of Barnlab's specs
maps to its PyTorch twin (docs/model-format.md names the file's fields,
engine/model/spec.h the layer lines); the names of the file's tensors
("3.conv.W") are kept in net.barnlab_names so writing back is exact. Barnlab's
BatchNorm momentum m is PyTorch's 1 - m (PyTorch's running variance is the
unbiased one, Barnlab's the biased one: a difference of N/(N-1) per batch in
training only). Writing back drops the optimizer state
(Barnlab's Adam moments do not describe PyTorch's training); Barnlab starts a
fresh optimizer when the tablet trains on. The calibration (temperature, "not
sure" threshold, and in version-3 files the "looks like none of your classes"
statistics) is kept unless keep_calibration=False.

Command line:  barnlab_torch.py check MODEL.barnlab   (load, rebuild, write back
the same bytes, print the network)

Runs with Debian's /usr/bin/python3 and python3-torch; tests/interop/ tests it.
"""
import struct
import sys
import zlib

import torch
import torch.nn as nn
import torch.nn.functional as F

MAGIC = b"BARNLAB\x1a"
VERSION = 2


# --- the file ---------------------------------------------------------------

class _Reader:
    def __init__(self, data, pos):
        self.data, self.pos = data, pos

    def take(self, n):
        if self.pos + n > len(self.data):
            raise ValueError("model file is truncated or corrupt")
        b = self.data[self.pos:self.pos + n]
        self.pos += n
        return b

    def u32(self): return struct.unpack("<I", self.take(4))[0]
    def i32(self): return struct.unpack("<i", self.take(4))[0]
    def u64(self): return struct.unpack("<Q", self.take(8))[0]
    def i64(self): return struct.unpack("<q", self.take(8))[0]
    def f32(self): return struct.unpack("<f", self.take(4))[0]
    def string(self): return self.take(self.u32()).decode("utf-8")

    def tensor(self):
        name = self.string()
        dims = struct.unpack("<4i", self.take(16))
        count = self.u64()
        if count != dims[0] * dims[1] * dims[2] * dims[3]:
            raise ValueError(f"model file is corrupt: tensor {name}")
        values = torch.frombuffer(bytearray(self.take(4 * count)), dtype=torch.float32)
        return name, values.reshape(dims).clone()

    def tensors(self): return [self.tensor() for _ in range(self.u32())]


def read_barnlab(path):
    """Every field of a .barnlab file, as a dict (names as in checkpoint.h)."""
    data = open(path, "rb").read()
    if data[:8] != MAGIC:
        raise ValueError(f"{path}: not a Barnlab model file")
    r = _Reader(data, 8)
    version = r.u32()
    if version not in (1, 2, 3):
        raise ValueError(f"{path}: model file format version {version}; this reads 1 to 3")
    total = r.u64()
    r.u32()  # header CRC
    if total != len(data) or zlib.crc32(data[:-4]) != struct.unpack("<I", data[-4:])[0]:
        raise ValueError(f"{path}: model file is truncated or corrupt (checksum)")
    ck = {"spec": r.string(), "classes": [r.string() for _ in range(r.u32())],
          "channels": r.i32(), "size": r.i32(),
          "norm_mean": [r.f32() for _ in range(r.u32())]}
    ck["norm_std"] = [r.f32() for _ in range(r.u32())]
    ck["optimizer"] = r.string()
    ck["hyper"] = [(r.string(), r.f32()) for _ in range(r.u32())]
    ck["seed"], ck["epoch"], ck["step"] = r.u64(), r.i64(), r.i64()
    ck["history_json"] = r.string()
    ck["params"], ck["buffers"], ck["optimizer_state"] = r.tensors(), r.tensors(), r.tensors()
    ck["temperature"], ck["threshold"] = (r.f32(), r.f32()) if version >= 2 else (1.0, 0.0)
    # Version 3: the "looks like none of your classes" statistics, kept as floats.
    ck["ood"] = [r.f32() for _ in range(r.u32())] if version >= 3 else []
    if r.pos != len(data) - 4:
        raise ValueError(f"{path}: model file is corrupt (bytes after the last field)")
    return ck


def encode_barnlab(ck):
    """The bytes of a model file (the same bytes Barnlab writes): version 2, or 3
    when it carries the out-of-distribution statistics."""
    def string(s):
        b = s.encode("utf-8")
        return struct.pack("<I", len(b)) + b

    def tensors(items):
        out = [struct.pack("<I", len(items))]
        for name, t in items:
            t = t.detach().to(torch.float32).contiguous().cpu()
            dims = list(t.shape) + [1] * (4 - t.dim())
            out += [string(name), struct.pack("<4iQ", *dims, t.numel()),
                    t.numpy().astype("<f4").tobytes()]
        return b"".join(out)

    ood = ck.get("ood", [])
    body = b"".join([
        string(ck["spec"]),
        struct.pack("<I", len(ck["classes"])), *[string(c) for c in ck["classes"]],
        struct.pack("<ii", ck["channels"], ck["size"]),
        struct.pack(f"<I{len(ck['norm_mean'])}f", len(ck["norm_mean"]), *ck["norm_mean"]),
        struct.pack(f"<I{len(ck['norm_std'])}f", len(ck["norm_std"]), *ck["norm_std"]),
        string(ck["optimizer"]),
        struct.pack("<I", len(ck["hyper"])),
        *[string(k) + struct.pack("<f", v) for k, v in ck["hyper"]],
        struct.pack("<Qqq", ck["seed"], ck["epoch"], ck["step"]),
        string(ck["history_json"]),
        tensors(ck["params"]), tensors(ck["buffers"]), tensors(ck["optimizer_state"]),
        struct.pack("<ff", ck["temperature"], ck["threshold"]),
        struct.pack(f"<I{len(ood)}f", len(ood), *ood) if ood else b"",
    ])
    total = 24 + len(body) + 4
    head = MAGIC + struct.pack("<IQ", 3 if ood else VERSION, total)
    head += struct.pack("<I", zlib.crc32(head))
    data = head + body
    return data + struct.pack("<I", zlib.crc32(data))


def write_barnlab(path, ck):
    with open(path, "wb") as f:
        f.write(encode_barnlab(ck))


# --- the network --------------------------------------------------------------

def parse_spec(text, classes):
    """Spec text -> (C, H, W), [(type, args, opts)] with the loss last."""
    layers, shape = [], None
    for raw in text.splitlines():
        for part in raw.split("#")[0].split(";"):
            words = part.split()
            if not words:
                continue
            args, opts = [], {}
            for w in words[1:]:
                w = str(classes) if w == "classes" else w
                if "=" in w:
                    k, v = w.split("=", 1)
                    opts[k.lower()] = str(classes) if v == "classes" else v
                else:
                    args.append(w)
            if shape is None:
                shape = tuple(int(a) for a in args)
            else:
                layers.append((words[0].lower(), args, opts))
    return shape, layers


class Step(nn.Module):
    def forward(self, x): return (x > 0).to(x.dtype)


class SampleSoftmax(nn.Module):
    """Softmax over each sample's values, as Barnlab's softmax layer."""
    def forward(self, x): return F.softmax(x.flatten(1), dim=1).reshape(x.shape)


class Affine(nn.Linear):
    """Barnlab's affine: flattens each sample, then x W + b, N x K x 1 x 1."""
    def forward(self, x): return super().forward(x.flatten(1))[:, :, None, None]


class Residual(nn.Module):
    """relu(x + bn2(conv2(relu(bn1(conv1(x)))))), as engine/layers/residual.h."""
    def __init__(self, c):
        super().__init__()
        self.conv1, self.bn1 = nn.Conv2d(c, c, 3, 1, 1), nn.BatchNorm2d(c, eps=1e-5, momentum=0.1)
        self.conv2, self.bn2 = nn.Conv2d(c, c, 3, 1, 1), nn.BatchNorm2d(c, eps=1e-5, momentum=0.1)

    def forward(self, x):
        return F.relu(x + self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x))))))


class BarnlabNet(nn.Module):
    """A Barnlab model as a module: forward(pixels) -> outputs (logits)."""

    def __init__(self, ck):
        super().__init__()
        (c, h, w), specs = parse_spec(ck["spec"], len(ck["classes"]))
        self.classes, self.loss = list(ck["classes"]), specs[-1][0]
        mean = ck["norm_mean"] or [0.0] * c
        std = ck["norm_std"] or [1.0] * c
        self.register_buffer("norm_mean", torch.tensor(mean).reshape(1, c, 1, 1))
        self.register_buffer("norm_std", torch.tensor(std).reshape(1, c, 1, 1))
        self.temperature, self.threshold = ck["temperature"], ck["threshold"]
        self.layers = nn.ModuleList()
        self.barnlab_names = []  # (torch tensor path, Barnlab name, kind) kind: param/buffer
        shape = torch.zeros(1, c, h, w)
        for i, (kind, args, opts) in enumerate(specs[:-1]):
            prefix = f"{i}.{kind}"
            layer = self._make(kind, args, opts, shape)
            self.layers.append(layer)
            self._name(i, prefix, kind, layer)
            with torch.no_grad():
                layer.eval()
                shape = layer(shape)

    @staticmethod
    def _make(kind, args, opts, x):
        cin = x.shape[1]
        if kind == "conv":
            k = int(args[1])
            return nn.Conv2d(cin, int(args[0]), k, int(opts.get("stride", 1)), int(opts.get("pad", 0)))
        if kind in ("maxpool", "avgpool"):
            k = int(args[0])
            stride, pad = int(opts.get("stride", k)), int(opts.get("pad", 0))
            if kind == "maxpool":
                return nn.MaxPool2d(k, stride, pad)
            return nn.AvgPool2d(k, stride, pad, count_include_pad=True)
        if kind == "affine":
            return Affine(x[0].numel(), int(args[0]))
        if kind == "batchnorm":
            m, eps = 1.0 - float(opts.get("momentum", 0.9)), float(opts.get("eps", 1e-5))
            return nn.BatchNorm2d(cin, eps=eps, momentum=m)  # N x K x 1 x 1 after affine too
        if kind == "dropout":
            return nn.Dropout(float(args[0]))
        if kind == "lrn":
            return nn.LocalResponseNorm(int(opts.get("size", 5)), float(opts.get("alpha", 1e-4)),
                                        float(opts.get("beta", 0.75)), float(opts.get("k", 2.0)))
        if kind == "residual":
            return Residual(int(args[0]))
        simple = {"flatten": lambda: nn.Flatten(), "relu": nn.ReLU, "sigmoid": nn.Sigmoid,
                  "tanh": nn.Tanh, "step": Step, "softmax": SampleSoftmax,
                  "leaky_relu": lambda: nn.LeakyReLU(float(args[0]) if args else 0.01)}
        if kind not in simple:
            raise ValueError(f"layer '{kind}' has no PyTorch form in barnlab_torch.py")
        return simple[kind]()

    def _name(self, i, prefix, kind, layer):
        def conv(path, name):
            self.barnlab_names += [(f"{path}.weight", f"{name}.W", "param"),
                                   (f"{path}.bias", f"{name}.b", "param")]

        def bn(path, name):
            self.barnlab_names += [(f"{path}.weight", f"{name}.gamma", "param"),
                                   (f"{path}.bias", f"{name}.beta", "param"),
                                   (f"{path}.running_mean", f"{name}.running_mean", "buffer"),
                                   (f"{path}.running_var", f"{name}.running_var", "buffer")]

        path = f"layers.{i}"
        if kind in ("conv", "affine"):
            conv(path, prefix)
        elif kind == "batchnorm":
            bn(path, prefix)
        elif kind == "residual":
            conv(f"{path}.conv1", f"{prefix}.conv1")
            bn(f"{path}.bn1", f"{prefix}.bn1")
            conv(f"{path}.conv2", f"{prefix}.conv2")
            bn(f"{path}.bn2", f"{prefix}.bn2")

    def forward(self, pixels):
        x = (pixels - self.norm_mean) / self.norm_std
        for layer in self.layers:
            x = layer(x)
        return x.flatten(1)

    def probabilities(self, pixels):
        """What Barnlab's predict prints: calibrated class probabilities N x K."""
        y = self.forward(pixels) / self.temperature
        if self.loss == "softmax_loss":
            return F.softmax(y, dim=1)
        return torch.sigmoid(y) if self.loss == "bce" else y


def _barnlab_to_torch(path, t, like):
    """A tensor of the file in the shape of the module's tensor at path."""
    if path.endswith(".weight") and like.dim() == 2:  # Linear: Barnlab W is in x out
        return t.reshape(t.shape[0], t.shape[1]).t()
    return t.reshape(like.shape)


def to_torch(ck):
    """A BarnlabNet with the file's weights and BatchNorm statistics, in eval mode."""
    net = BarnlabNet(ck)
    tensors = dict(ck["params"] + ck["buffers"])
    state = net.state_dict()
    for path, name, _ in net.barnlab_names:
        if name not in tensors:
            raise ValueError(f"the model file has no tensor '{name}'")
        state[path] = _barnlab_to_torch(path, tensors[name], state[path]).clone()
    net.load_state_dict(state)
    return net.eval()


def from_torch(net, ck, keep_optimizer=False, keep_calibration=True):
    """A checkpoint dict for write_barnlab: ck's fields with net's weights."""
    out = dict(ck)
    old = dict(ck["params"] + ck["buffers"])
    state = net.state_dict()
    params, buffers = [], []
    for path, name, kind in net.barnlab_names:
        t = state[path].detach().to(torch.float32).cpu()
        if path.endswith(".weight") and t.dim() == 2:
            t = t.t()
        t = t.reshape(old[name].shape).contiguous()
        (params if kind == "param" else buffers).append((name, t))
    order = {n: i for i, (n, _) in enumerate(ck["params"] + ck["buffers"])}
    out["params"] = sorted(params, key=lambda p: order[p[0]])
    out["buffers"] = sorted(buffers, key=lambda b: order[b[0]])
    out["norm_mean"] = net.norm_mean.flatten().tolist() if ck["norm_mean"] else []
    out["norm_std"] = net.norm_std.flatten().tolist() if ck["norm_std"] else []
    if not keep_optimizer:
        out["optimizer"], out["hyper"], out["optimizer_state"] = "", [], []
    if not keep_calibration:
        out["temperature"], out["threshold"] = 1.0, 0.0
        out["ood"] = []
    return out


def _barnlab_shape(t):
    """The shape Barnlab stores a module tensor in (checkpoint.h's NCHW)."""
    if t.dim() == 4:
        return tuple(t.shape)
    if t.dim() == 2:  # Linear weight out x in -> Barnlab W in x out
        return (t.shape[1], t.shape[0], 1, 1)
    return (1, t.shape[0], 1, 1)


def new_checkpoint(spec, classes, norm_mean=(), norm_std=(), seed=1):
    """A checkpoint dict for a new network written as a Barnlab spec (square
    input), with zero weights: fill them with from_torch(BarnlabNet(ck), ck)."""
    (c, h, w), _ = parse_spec(spec, len(classes))
    if h != w:
        raise ValueError("Barnlab model files hold square inputs: write 'input C S S'")
    ck = {"spec": spec, "classes": list(classes), "channels": c, "size": h,
          "norm_mean": list(norm_mean), "norm_std": list(norm_std), "optimizer": "", "hyper": [],
          "seed": seed, "epoch": 0, "step": 0, "history_json": "", "params": [], "buffers": [],
          "optimizer_state": [], "temperature": 1.0, "threshold": 0.0}
    net = BarnlabNet(ck)
    state = net.state_dict()
    for path, name, kind in net.barnlab_names:
        ck[kind + "s"].append((name, torch.zeros(_barnlab_shape(state[path]))))
    return ck


def main(argv):
    if len(argv) != 3 or argv[1] != "check":
        print("usage: barnlab_torch.py check MODEL.barnlab   (load, rebuild, write back the same"
              " bytes, print the network)", file=sys.stderr)
        return 2
    path = argv[2]
    ck = read_barnlab(path)
    net = to_torch(ck)
    same = encode_barnlab(from_torch(net, ck, keep_optimizer=True)) == open(path, "rb").read()
    print(net)
    print(f"{path}: {len(ck['classes'])} classes, written back {'byte for byte' if same else 'DIFFERENTLY'}")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))

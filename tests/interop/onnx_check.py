"""Checks an ONNX file Barnlab exported with the ONNX project's own checker
(python3-onnx), plus what Barnlab promises about it: opset 13, the input
"pixels" N x C x S x S, the output "probabilities" N x K, and the class names
in metadata_props.

Usage: onnx_check.py MODEL.onnx PREDICT.json   (PREDICT.json: barnlab predict --json)
"""
import json
import sys

import onnx


def main():
    path, predict_json = sys.argv[1], sys.argv[2]
    model = onnx.load(path)
    onnx.checker.check_model(model, full_check=True)  # full_check runs shape inference too
    opsets = {o.domain: o.version for o in model.opset_import}
    assert opsets.get("", 0) == 13, f"opset {opsets}"
    meta = {p.key: p.value for p in model.metadata_props}
    classes = json.load(open(predict_json))["classes"]
    assert json.loads(meta["classes"]) == classes, f"classes {meta.get('classes')} != {classes}"
    (inp,), (out,) = model.graph.input, model.graph.output
    assert inp.name == "pixels" and out.name == "probabilities", (inp.name, out.name)
    dims = [d.dim_value or d.dim_param for d in inp.type.tensor_type.shape.dim]
    assert dims[0] == "N" and len(dims) == 4, dims
    odims = [d.dim_value or d.dim_param for d in out.type.tensor_type.shape.dim]
    assert odims == ["N", len(classes)], odims
    ops = sorted({n.op_type for n in model.graph.node})
    print(f"onnx checker ok: {path}: {len(model.graph.node)} nodes ({', '.join(ops)})")


if __name__ == "__main__":
    main()

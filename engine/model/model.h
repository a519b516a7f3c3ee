// A sequential network built from a spec (model/spec.h): the layers, the
// loss, the class names and the input normalization, everything needed to
// predict. Every intermediate shape is validated when the model is built, so
// a bad spec fails at once with an error naming the layer.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "data/normalization.h"
#include "layers/layer.h"
#include "model/checkpoint.h"
#include "model/spec.h"

namespace barnlab {

class Optimizer;

// Where training stands, saved in the model file so it resumes exactly.
struct TrainState {
  uint64_t seed = 1;
  int64_t epoch = 0;  // completed epochs
  int64_t step = 0;   // completed optimizer steps
};

class Model {
 public:
  // Builds from spec text; weights drawn from seed. Throws Error on a bad spec.
  Model(const std::string& spec_text, std::vector<std::string> classes, uint64_t seed = 1);
  ~Model();
  Model(Model&&) noexcept;
  Model& operator=(Model&&) noexcept;

  // A preset network: mlp, simple-convnet, convnet-bn, lenet, farm-small,
  // alexnet-small, farm-res. dropout < 0 keeps the preset's own rate.
  static Model preset(const std::string& arch, int channels, int size,
                      std::vector<std::string> classes, float dropout = -1.f, uint64_t seed = 1);
  static std::string preset_spec(const std::string& arch, int channels, int size,
                                 float dropout = -1.f);
  static std::vector<std::string> preset_names();

  const std::string& arch() const { return arch_; }
  const std::string& spec_text() const { return spec_.text; }
  const std::vector<std::string>& classes() const { return classes_; }
  int num_classes() const { return int(classes_.size()); }
  int channels() const { return spec_.channels; }
  int size() const { return spec_.height; }
  Shape input_shape(int n) const { return {n, spec_.channels, spec_.height, spec_.width}; }
  // The input normalization; pixels/255 unchanged (mean 0, std 1) until
  // training computes it from the training split.
  const Normalization& normalization() const { return norm_.mean.empty() ? identity_ : norm_; }
  void set_normalization(const Normalization& n);
  bool has_normalization() const { return !norm_.mean.empty(); }

  // x: N x C x H x W (normalized) -> network outputs N x K.
  Tensor forward(const Tensor& x, Mode mode);
  // Class probabilities N x K (Eval mode).
  Tensor predict(const Tensor& x);
  // The figures the loss shows for network outputs N x K: class
  // probabilities (softmax, sigmoid) or the raw values (MSE).
  Tensor probabilities(const Tensor& outputs) const;
  // One training forward + backward on labels; gradients are zeroed first.
  // Returns the mean loss; outputs (N x K) are left in *outputs if given.
  float forward_backward(const Tensor& x, const std::vector<int>& labels, uint64_t step_seed,
                         Tensor* outputs = nullptr);
  // The same against soft targets N x K (label smoothing, mixup).
  float forward_backward(const Tensor& x, const Tensor& targets, uint64_t step_seed,
                         Tensor* outputs = nullptr);
  // d output[class_index] / d x (summed over the batch's images) with the
  // network in its Eval arithmetic (running statistics, no dropout), for
  // saliency maps. Parameter gradients are left at zero.
  Tensor input_gradient(const Tensor& x, int class_index);
  // Mean loss of outputs against labels (for validation). It overwrites what
  // the loss cached for backward, so call it after forward_backward's
  // backward pass, never between a training forward and its backward.
  float loss(const Tensor& outputs, const std::vector<int>& labels);

  // Gradient of sum(outputs * d_outputs) with respect to the input x (N x C
  // x H x W), e.g. a saliency map with d_outputs one-hot on the top class.
  // Runs a training-mode forward so the layers cache what backward needs:
  // Dropout drops and BatchNorm uses the batch's statistics, so for a model
  // with either it is the gradient of a training forward. Parameter
  // gradients are zeroed first and left holding this backward's values.
  Tensor input_gradient(const Tensor& x, const Tensor& d_outputs);
  // Eval-mode output of every layer for x (feature maps), in layer order.
  std::vector<Tensor> layer_outputs(const Tensor& x);
  // The layers, in order, for read-only inspection (type, describe, params).
  std::vector<const Layer*> layers() const;

  std::vector<Param*> params();
  std::vector<const Param*> params() const;
  std::vector<Buffer> buffers();
  // (name, value) of every buffer, read-only.
  std::vector<std::pair<std::string, const Tensor*>> buffers() const;
  size_t parameter_count() const;
  std::string summary() const;  // one line per layer with its output shape

  // Optimizer state read from a model file, to resume training exactly.
  struct SavedOptimizer {
    std::string name;  // "" when the file had none
    std::vector<std::pair<std::string, float>> hyper;
    std::map<std::string, Tensor> state;
  };
  const SavedOptimizer& saved_optimizer() const { return saved_opt_; }

  // Calibration fitted after training, saved in the model file: outputs
  // are divided by temperature before the softmax; a top probability below
  // threshold means "not sure".
  struct Calibration {
    float temperature = 1.f;
    float threshold = 0.f;
  };
  const Calibration& calibration() const { return calibration_; }
  void set_calibration(const Calibration& c) { calibration_ = c; }
  // The "looks like none of the classes" statistics (train/ood.h's flat
  // form), saved in the model file; empty for none.
  const std::vector<float>& ood() const { return ood_; }
  void set_ood(std::vector<float> values) { ood_ = std::move(values); }

  TrainState& state() { return state_; }
  const TrainState& state() const { return state_; }

  // The model file. Optimizer state is included when opt is given.
  Checkpoint to_checkpoint(const Optimizer* opt) const;
  std::vector<uint8_t> save(const Optimizer* opt = nullptr) const;
  void save_file(const std::string& path, const Optimizer* opt = nullptr) const;
  // Rebuilds a model from a checkpoint (spec, weights, statistics, state).
  static Model from_checkpoint(const Checkpoint& ck);
  static Model load(const uint8_t* bytes, size_t size);
  static Model load_file(const std::string& path);

 private:
  void build(uint64_t seed);
  Tensor backward(Tensor d, int n);

  ModelSpec spec_;
  std::string arch_ = "custom";
  std::vector<std::string> classes_;
  std::vector<std::unique_ptr<Layer>> layers_;
  std::vector<Shape> shapes_;  // output shape per layer (n = 1)
  std::vector<uint8_t> fused_;  // 1: a ReLU (or pool) the layer before ran in the last forward
  std::unique_ptr<Loss> loss_;
  Normalization norm_;
  Normalization identity_;
  TrainState state_;
  Calibration calibration_;
  std::vector<float> ood_;
  SavedOptimizer saved_opt_;
};

Tensor one_hot(const std::vector<int>& labels, int num_classes);

}  // namespace barnlab

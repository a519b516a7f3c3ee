// Spec parsing and the layer registry: a full spec, every layer type, and the
// errors a user can make, each naming the line.
#include <string>

#include "check.h"
#include "core/error.h"
#include "model/registry.h"
#include "layers/conv2d.h"
#include "model/spec.h"

using namespace barnlab;

namespace {

// The message of the Error thrown by f, or "" if none.
template <class F>
std::string error_of(F f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("spec: a full spec with comments, options and 'classes'", "[spec]") {
  const std::string text =
      "# arch: custom\n"
      "input 3 32 28\n"
      "conv 16 3 stride=1 pad=1 init=he   # first block\n"
      "relu; maxpool 2 stride=2\n"
      "\n"
      "batchnorm momentum=0.8\n"
      "flatten\n"
      "affine 128 init=xavier\n"
      "leaky_relu 0.2\n"
      "dropout 0.5\n"
      "affine classes init=std:0.05\n"
      "softmax_loss\n";
  const ModelSpec s = parse_spec(text, 7);
  CHECK(s.channels == 3);
  CHECK(s.height == 32);
  CHECK(s.width == 28);
  CHECK(s.text == text);
  REQUIRE(s.layers.size() == 10);
  CHECK(s.layers[0].type == "conv");
  CHECK(s.layers[0].args == std::vector<std::string>{"16", "3"});
  CHECK(s.layers[0].opt_int("pad", 0) == 1);
  CHECK(s.layers[0].line == 3);
  CHECK(s.layers[1].type == "relu");
  CHECK(s.layers[1].line == 4);
  CHECK(s.layers[2].type == "maxpool");
  CHECK(s.layers[2].line == 4);
  CHECK(s.layers[3].opt_float("momentum", 0.9f) == Approx(0.8f));
  CHECK(s.layers[6].arg_float(0, "slope") == Approx(0.2f));
  CHECK(s.layers[8].args == std::vector<std::string>{"7"});
  CHECK(s.layers[9].type == "softmax_loss");
  CHECK(s.layers[0].where() == "line 3 (conv)");

  CHECK(parse_init(s.layers[0], Init{Init::Std}).kind == Init::He);
  CHECK(parse_init(s.layers[5], Init{}).kind == Init::Xavier);
  const Init std_init = parse_init(s.layers[8], Init{});
  CHECK(std_init.kind == Init::Std);
  CHECK(std_init.std == Approx(0.05f));
  CHECK(parse_init(s.layers[1], Init{Init::Xavier}).kind == Init::Xavier);  // fallback

  auto conv = make_layer(s.layers[0]);
  CHECK(conv->type() == "conv");
  CHECK(conv->describe() == "conv 16 3x3 s1 p1");
  CHECK(conv->build({1, 3, 32, 28}) == Shape{1, 16, 32, 28});
  CHECK(make_loss(s.layers[9])->type() == "softmax_loss");
}

TEST_CASE("spec: every layer type and loss is known to the registry", "[spec]") {
  const std::string text =
      "input 1 8 8\nconv 2 3\nmaxpool 2\navgpool 2 stride=1 pad=1\naffine 4\nflatten\nrelu\n"
      "leaky_relu\nsigmoid\ntanh\nstep\nsoftmax\nbatchnorm eps=1e-3\ndropout 0.1\n"
      "lrn size=3 alpha=1e-3 beta=0.5 k=1\nmse\n";
  const ModelSpec s = parse_spec(text, 2);
  for (size_t i = 0; i + 1 < s.layers.size(); ++i) {
    INFO(s.layers[i].type);
    CHECK(make_layer(s.layers[i])->type() == s.layers[i].type);
    CHECK_FALSE(is_loss_type(s.layers[i].type));
  }
  for (const char* loss : {"softmax_loss", "mse", "bce"}) {
    LayerSpec ls;
    ls.type = loss;
    ls.line = 9;
    CHECK(is_loss_type(loss));
    CHECK(make_loss(ls)->type() == loss);
  }
  // Pool stride defaults to the window.
  LayerSpec pool;
  pool.type = "maxpool";
  pool.args = {"3"};
  CHECK(make_layer(pool)->describe() == "maxpool 3x3 s3 p0");
}

TEST_CASE("spec: errors name the line and the layer", "[spec]") {
  CHECK(error_of([] { parse_spec("input 1 8 8\nrelu\nconvv 3 3\nsoftmax_loss\n", 2); }) ==
        "spec line 3 (convv): unknown layer 'convv'; known: conv, maxpool, avgpool, affine, "
        "residual, flatten, relu, leaky_relu, sigmoid, tanh, step, softmax, batchnorm, dropout, lrn, "
        "softmax_loss, mse, bce");
  CHECK(error_of([] { parse_spec("input 1 8 8\nrelu\nconv 16 x\nsoftmax_loss\n", 2); }) ==
        "spec line 3 (conv): kernel size must be a positive integer, got 'x'");
  CHECK(error_of([] { parse_spec("input 1 8 8\nconv 0 3\nsoftmax_loss\n", 2); }) ==
        "spec line 2 (conv): number of filters must be a positive integer, got '0'");
  CHECK(error_of([] { parse_spec("input 1 8 8\nconv 4 3 stride=two\nsoftmax_loss\n", 2); }) ==
        "spec line 2 (conv): stride must be a non-negative integer, got 'two'");
  CHECK(error_of([] { parse_spec("input 1 8 8\nconv 4 3 stride=0\nsoftmax_loss\n", 2); }) ==
        "spec line 2 (conv): stride must be at least 1");
  CHECK(error_of([] { parse_spec("input 1 8 8\ndropout 0.5x\nsoftmax_loss\n", 2); }) ==
        "spec line 2 (dropout): dropout rate must be a number, got '0.5x'");
  CHECK(error_of([] { parse_spec("input 1 8 8\n\ndropout 1.5\nsoftmax_loss\n", 2); }) ==
        "spec line 3 (dropout): dropout 1.5: rate must be in [0, 1)");
  CHECK(error_of([] { parse_spec("input 1 8 8\nconv 4 3 strde=2\nsoftmax_loss\n", 2); }) ==
        "spec line 2 (conv): unknown option 'strde' (expected 'conv FILTERS KERNEL [stride=S "
        "pad=P init=he]')");
  CHECK(error_of([] { parse_spec("input 1 8 8\naffine 4 5\nsoftmax_loss\n", 2); }) ==
        "spec line 2 (affine): expected 'affine OUTPUTS [init=he]', got 2 arguments");
  CHECK(error_of([] { parse_spec("input 1 8 8\naffine 4 init=gauss\nsoftmax_loss\n", 2); }) ==
        "spec line 2 (affine): init must be he, xavier or std:0.01, got 'gauss'");
  CHECK(error_of([] { parse_spec("input 1 8 8\nmaxpool\nsoftmax_loss\n", 2); }) ==
        "spec line 2 (maxpool): expected 'maxpool K [stride=S pad=P]', got 0 arguments");
  CHECK(error_of([] { parse_spec("input 1 8 8\nconv 4 3 pad=1 pad=2\nsoftmax_loss\n", 2); }) ==
        "spec line 2 (conv): option 'pad' is given twice");
}

TEST_CASE("spec: structural errors", "[spec]") {
  CHECK(error_of([] { parse_spec("input 1 8 8\nflatten\naffine 2\n", 2); }) ==
        "spec line 3 (affine): the spec must end with a loss line (softmax_loss, mse or bce)");
  CHECK(error_of([] { parse_spec("input 1 8 8\nmse\naffine 2\nsoftmax_loss\n", 2); }) ==
        "spec line 2 (mse): a loss may only be the last line");
  CHECK(error_of([] { parse_spec("# nothing\n", 2); }) ==
        "the spec is empty: it must start with 'input C H W'");
  CHECK(error_of([] { parse_spec("conv 4 3\nsoftmax_loss\n", 2); }) ==
        "spec line 1 (conv): the spec must start with 'input C H W', e.g. 'input 3 64 64'");
  CHECK(error_of([] { parse_spec("input 3 64\nsoftmax_loss\n", 2); }) ==
        "spec line 1 (input): write the input as 'input C H W', e.g. 'input 3 64 64'");
  CHECK(error_of([] { parse_spec("input 3 64 -1\nsoftmax_loss\n", 2); }) ==
        "spec line 1 (input): input width must be a positive integer, got '-1'");
  CHECK(error_of([] { parse_spec("input 3 8 8\n", 2); }) ==
        "the spec has no layers: add layers and end with a loss (softmax_loss, mse or bce)");
  CHECK(error_of([] { parse_spec("input 3 8 8\nrelu\ninput 3 8 8\nmse\n", 2); }) ==
        "spec line 3 (input): 'input' may only come first");
  CHECK(error_of([] { parse_spec("input 3 8 8\nrelu\nmse 2\n", 2); }) ==
        "spec line 3 (mse): expected 'mse', got 1 argument");
  CHECK(error_of([] { parse_spec("input 1 8 8\nrelu\nsoftmax_loss\n", 2); }).empty());
}

TEST_CASE("spec: layers built from a spec validate shapes naming the layer", "[spec]") {
  const ModelSpec s = parse_spec("input 3 4 4\nconv 16 5\nsoftmax_loss\n", 2);
  auto conv = make_layer(s.layers[0]);
  CHECK(error_of([&] { conv->build({1, 3, 4, 4}); }) ==
        "conv 16 5x5 s1 p0: kernel 5 does not fit input 3 x 4 x 4 with padding 0");
}

TEST_CASE("a preset variant edits its text once or says what changed", "[spec]") {
  const std::string text = "input 1 8 8\nflatten\naffine classes init=std:0.01\nsoftmax_loss\n";
  CHECK(edit_spec(text, "affine classes init=std:0.01", "affine classes") ==
        "input 1 8 8\nflatten\naffine classes\nsoftmax_loss\n");
  CHECK_THROWS_WITH(edit_spec(text, "affine 10", "affine 20"),
                    Catch::Contains("'affine 10' must occur exactly once") && Catch::Contains("nowhere"));
  CHECK_THROWS_WITH(edit_spec(text + text, "flatten", "relu"), Catch::Contains("more than once"));
  CHECK_THROWS_AS(edit_spec(text, "", "x"), Error);
}

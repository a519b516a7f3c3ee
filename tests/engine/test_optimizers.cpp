// Optimizer tests: the first two steps of each optimizer against values
// worked out by hand, weight decay, saving and restoring state mid-run,
// errors, minimising a quadratic, and 20-step trajectories against PyTorch.
#include <cmath>
#include <string>
#include <vector>

#include "check.h"
#include "core/error.h"
#include "optimizers/optimizer.h"

using namespace barnlab;
using barnlab::test::check_values;

namespace {

Param make_param(const std::string& name, std::vector<float> values, bool decay = true) {
  Param p;
  p.name = name;
  const Shape s{1, int(values.size()), 1, 1};
  p.value = Tensor(s, std::move(values));
  p.grad = Tensor(s);
  p.decay = decay;
  return p;
}

OptimizerConfig config(const std::string& name, float lr) {
  OptimizerConfig c;
  c.name = name;
  c.lr = lr;
  return c;
}

// Two steps with the fixed gradient g = [0.5, -1] from p = [1, -2].
std::vector<std::vector<float>> two_steps(const OptimizerConfig& cfg) {
  auto opt = make_optimizer(cfg);
  Param p = make_param("0.affine.W", {1.f, -2.f});
  std::vector<std::vector<float>> out;
  for (int i = 0; i < 2; ++i) {
    p.grad = Tensor(p.value.shape(), {0.5f, -1.f});
    opt->step({&p});
    out.emplace_back(p.value.values().begin(), p.value.values().end());
  }
  return out;
}

// f(p) = sum_i a_i (p_i - c_i)^2 / 2, so grad_i = a_i (p_i - c_i).
const float kA[3] = {1.f, 10.f, 0.1f};
const float kC[3] = {0.5f, -1.f, 2.f};

void quadratic_grad(Param& p) {
  for (int i = 0; i < 3; ++i) p.grad[i] = kA[i] * (p.value[i] - kC[i]);
}

float quadratic(const Param& p) {
  float f = 0;
  for (int i = 0; i < 3; ++i) f += 0.5f * kA[i] * (p.value[i] - kC[i]) * (p.value[i] - kC[i]);
  return f;
}

}  // namespace

TEST_CASE("sgd: p -= lr g", "[optimizers]") {
  auto s = two_steps(config("sgd", 0.1f));
  check_values(s[0], std::vector<float>{0.95f, -1.9f});
  check_values(s[1], std::vector<float>{0.9f, -1.8f});
}

TEST_CASE("momentum: v = m v - lr g; p += v", "[optimizers]") {
  // v1 = -0.1 g = [-0.05, 0.1]; v2 = 0.9 v1 - 0.1 g = [-0.095, 0.19].
  auto s = two_steps(config("momentum", 0.1f));
  check_values(s[0], std::vector<float>{0.95f, -1.9f});
  check_values(s[1], std::vector<float>{0.855f, -1.71f});
}

TEST_CASE("nesterov: v = m v - lr g; p += m v - lr g", "[optimizers]") {
  // p1 = p0 + 0.9 [-0.05, 0.1] - [0.05, -0.1] = [0.905, -1.81]
  // p2 = p1 + 0.9 [-0.095, 0.19] - [0.05, -0.1] = [0.7695, -1.539]
  auto s = two_steps(config("nesterov", 0.1f));
  check_values(s[0], std::vector<float>{0.905f, -1.81f});
  check_values(s[1], std::vector<float>{0.7695f, -1.539f});
}

TEST_CASE("adagrad: h += g^2; p -= lr g / (sqrt h + eps)", "[optimizers]") {
  // Steps of lr sign(g), then lr sign(g) / sqrt(2).
  OptimizerConfig c = config("adagrad", 0.1f);
  c.eps = 1e-7f;
  auto s = two_steps(c);
  check_values(s[0], std::vector<float>{0.9f, -1.9f}, 1e-6f);
  check_values(s[1], std::vector<float>{0.9f - 0.07071068f, -1.9f + 0.07071068f}, 1e-6f);
}

TEST_CASE("rmsprop: h = d h + (1 - d) g^2; p -= lr g / (sqrt h + eps)", "[optimizers]") {
  // d = 0.9: h1 = 0.1 g^2, step 0.1 / sqrt(0.1) = 0.3162278;
  //          h2 = 0.19 g^2, step 0.1 / sqrt(0.19) = 0.2294157.
  OptimizerConfig c = config("rmsprop", 0.1f);
  c.decay_rate = 0.9f;
  auto s = two_steps(c);
  check_values(s[0], std::vector<float>{1.f - 0.3162278f, -2.f + 0.3162278f}, 1e-6f);
  check_values(s[1], std::vector<float>{1.f - 0.5456435f, -2.f + 0.5456435f}, 1e-6f);
}

TEST_CASE("adam: bias-corrected steps of lr sign(g) for a constant gradient", "[optimizers]") {
  // With a constant g, m_hat = g and v_hat = g^2 at every step.
  auto opt = make_optimizer(config("adam", 0.1f));
  Param p = make_param("0.affine.W", {1.f, -2.f});
  p.grad = Tensor(p.value.shape(), {0.5f, -1.f});
  opt->step({&p});
  check_values(p.value.values(), {0.9f, -1.9f}, 1e-6f);
  auto st = opt->state();
  REQUIRE(st.count("0.affine.W/m") == 1);
  REQUIRE(st.count("0.affine.W/v") == 1);
  check_values(st["0.affine.W/m"].values(), {0.05f, -0.1f});
  check_values(st["0.affine.W/v"].values(), {0.00025f, 0.001f});

  p.grad = Tensor(p.value.shape(), {0.5f, -1.f});
  opt->step({&p});
  check_values(p.value.values(), {0.8f, -1.8f}, 1e-6f);
  st = opt->state();
  check_values(st["0.affine.W/m"].values(), {0.095f, -0.19f});
  check_values(st["0.affine.W/v"].values(), {0.00049975f, 0.001999f});
  CHECK(opt->steps() == 2);
}

TEST_CASE("weight decay adds wd * p to the gradient of decayed params only", "[optimizers]") {
  OptimizerConfig c = config("sgd", 0.1f);
  c.weight_decay = 0.5f;
  auto opt = make_optimizer(c);
  Param w = make_param("0.affine.W", {1.f, -2.f});
  Param b = make_param("0.affine.b", {1.f, -2.f}, false);
  w.grad = Tensor(w.value.shape(), {0.5f, -1.f});
  b.grad = Tensor(b.value.shape(), {0.5f, -1.f});
  opt->step({&w, &b});
  check_values(w.value.values(), {0.9f, -1.8f});   // g + 0.5 p = [1, -2]
  check_values(b.value.values(), {0.95f, -1.9f});  // g alone
  check_values(w.grad.values(), {1.f, -2.f});      // the decayed gradient
}

TEST_CASE("state names are <param name>/<slot>", "[optimizers]") {
  const std::vector<std::pair<std::string, std::vector<std::string>>> expected = {
      {"sgd", {}},           {"momentum", {"v"}},     {"nesterov", {"v"}},
      {"adagrad", {"h"}},    {"rmsprop", {"h"}},      {"adam", {"m", "v"}}};
  for (const auto& [name, slots] : expected) {
    INFO(name);
    auto opt = make_optimizer(config(name, 0.1f));
    CHECK(opt->name() == name);
    Param p = make_param("0.conv.W", {1.f, 2.f});
    opt->step({&p});
    auto st = opt->state();
    REQUIRE(st.size() == slots.size());
    for (const auto& s : slots) CHECK(st.count("0.conv.W/" + s) == 1);
  }
}

TEST_CASE("state()/load_state() mid-run continues identically", "[optimizers]") {
  for (const std::string name : {"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"}) {
    INFO(name);
    OptimizerConfig c = config(name, 0.05f);
    c.weight_decay = 0.01f;
    auto a = make_optimizer(c);
    Param pa = make_param("1.affine.W", {2.f, 1.f, -1.f});
    for (int i = 0; i < 3; ++i) {
      quadratic_grad(pa);
      a->step({&pa});
    }
    auto b = make_optimizer(c);
    b->load_state(a->state(), a->steps());
    CHECK(b->steps() == 3);
    Param pb = pa;
    for (int i = 0; i < 5; ++i) {
      quadratic_grad(pa);
      a->step({&pa});
      quadratic_grad(pb);
      b->step({&pb});
    }
    CHECK(pa.value.values() == pb.value.values());  // bit for bit
  }
}

TEST_CASE("optimizer errors are clear", "[optimizers]") {
  CHECK_THROWS_AS(make_optimizer(config("adamx", 0.1f)), Error);
  CHECK_THROWS_WITH(make_optimizer(config("adamx", 0.1f)),
                    Catch::Contains("adamx") &&
                        Catch::Contains("sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw"));
  CHECK(make_optimizer(config("Adam", 0.1f))->name() == "adam");
  CHECK_THROWS_WITH(make_optimizer(config("sgd", -1.f)), Catch::Contains("learning rate"));
  OptimizerConfig heavy = config("momentum", 0.1f);
  heavy.momentum = 1.f;
  CHECK_THROWS_WITH(make_optimizer(heavy), Catch::Contains("momentum must be"));
  heavy.name = "adam";  // Adam does not read momentum
  CHECK_NOTHROW(make_optimizer(heavy));

  auto opt = make_optimizer(config("adam", 0.1f));
  Param p = make_param("0.affine.W", {1.f, 2.f});
  opt->step({&p});
  // A saved slot of another shape: refused when loaded over a live slot...
  std::map<std::string, Tensor> bad = {{"0.affine.W/m", Tensor(Shape{1, 3, 1, 1})}};
  CHECK_THROWS_WITH(opt->load_state(bad, 1), Catch::Contains("0.affine.W/m"));
  CHECK_THROWS_WITH(opt->load_state({{"nonsense", Tensor(Shape{})}}, 1),
                    Catch::Contains("<param>/<slot>"));
  // ...and at first use when loaded into a fresh optimizer.
  auto fresh = make_optimizer(config("adam", 0.1f));
  fresh->load_state(bad, 1);
  CHECK_THROWS_WITH(fresh->step({&p}), Catch::Contains("0.affine.W/m"));

  Param q = make_param("0.affine.b", {1.f, 2.f});
  q.grad = Tensor(Shape{1, 3, 1, 1});
  CHECK_THROWS_WITH(opt->step({&q}), Catch::Contains("0.affine.b"));
}

TEST_CASE("every optimizer minimises a quadratic", "[optimizers]") {
  const std::vector<std::pair<std::string, float>> runs = {
      {"sgd", 0.15f},    {"momentum", 0.02f}, {"nesterov", 0.02f},
      {"adagrad", 0.5f}, {"rmsprop", 0.02f},  {"adam", 0.05f}};
  for (const auto& [name, lr] : runs) {
    INFO(name);
    auto opt = make_optimizer(config(name, lr));
    Param p = make_param("w", {2.f, 1.f, -1.f});
    const float start = quadratic(p);
    for (int i = 0; i < 1000; ++i) {
      quadratic_grad(p);
      opt->step({&p});
    }
    INFO("loss " << start << " -> " << quadratic(p));
    CHECK(quadratic(p) < 1e-3f * start);
  }
}

// Reference trajectories from PyTorch 1.13 (torch.optim), computed once with
// /usr/bin/python3 and pasted here: p after steps 1, 2, 3, 5, 10 and 20 of
//
//   a = torch.tensor([1.0, 10.0, 0.1]); c = torch.tensor([0.5, -1.0, 2.0])
//   opts = {"sgd": lambda p: torch.optim.SGD([p], lr=0.05),
//     "momentum": lambda p: torch.optim.SGD([p], lr=0.01, momentum=0.9),
//     "nesterov": lambda p: torch.optim.SGD([p], lr=0.01, momentum=0.9, nesterov=True),
//     "adagrad": lambda p: torch.optim.Adagrad([p], lr=0.1, eps=1e-7),
//     "rmsprop": lambda p: torch.optim.RMSprop([p], lr=0.01, alpha=0.99, eps=1e-8),
//     "adam": lambda p: torch.optim.Adam([p], lr=0.1, betas=(0.9, 0.999), eps=1e-8)}
//   for name, f in opts.items():
//     p = torch.tensor([2.0, 1.0, -1.0], requires_grad=True); opt = f(p); out = []
//     for step in range(1, 21):
//       p.grad = a * (p.detach() - c); opt.step()
//       if step in (1, 2, 3, 5, 10, 20): out += p.detach().tolist()
//     print(name, ", ".join("%.8gf" % v for v in out))
TEST_CASE("trajectories on a quadratic match PyTorch", "[optimizers]") {
  struct Run {
    OptimizerConfig cfg;
    std::vector<float> want;
  };
  auto cfg = [](const std::string& name, float lr, float eps = 1e-8f) {
    OptimizerConfig c = config(name, lr);
    c.eps = eps;
    return c;
  };
  const std::vector<Run> runs = {
      {cfg("sgd", 0.05f),
       {1.925f, -1.4901161e-08f, -0.98500001f, 1.85375f, -0.5f, -0.97007501f, 1.7860625f, -0.75f,
        -0.95522463f, 1.6606714f, -0.9375f, -0.92574626f, 1.3981053f, -0.99804688f, -0.85333043f,
        1.0377287f, -0.99999809f, -0.71383154f}},
      {cfg("momentum", 0.01f),
       {1.985f, 0.80000001f, -0.99699998f, 1.95665f, 0.44000003f, -0.99130297f, 1.9165685f,
        -0.027999954f, -0.98318434f, 1.807451f, -1.0583199f, -0.96066058f, 1.4316186f,
        -2.1775787f, -0.87693709f, 0.67673349f, -0.31066525f, -0.64824045f}},
      {cfg("nesterov", 0.01f),
       {1.9715f, 0.62f, -0.99430001f, 1.9313916f, 0.15020002f, -0.98618084f, 1.881341f,
        -0.34535798f, -0.97589469f, 1.7576612f, -1.2091633f, -0.94971615f, 1.3739167f,
        -1.6931564f, -0.86000967f, 0.67291659f, -0.76005554f, -0.627662f}},
      {cfg("adagrad", 0.1f, 1e-7f),
       {1.9f, 0.89999998f, -0.90000004f, 1.8317682f, 0.83112502f, -0.83049786f, 1.7773246f,
        0.77582151f, -0.77435941f, 1.6902972f, 0.68676162f, -0.68334013f, 1.5334935f,
        0.52397949f, -0.51487726f, 1.3259391f, 0.30248344f, -0.28040779f}},
      {cfg("rmsprop", 0.01f),
       {1.9f, 0.89999998f, -0.90000004f, 1.831585f, 0.83094329f, -0.8303175f, 1.7768514f,
        0.77534938f, -0.77388865f, 1.6890254f, 0.68548155f, -0.68205392f, 1.5294056f,
        0.51979375f, -0.5106101f, 1.3142903f, 0.29017293f, -0.26755357f}},
      {cfg("adam", 0.1f),
       {1.9f, 0.89999998f, -0.90000004f, 1.8002391f, 0.80016649f, -0.80010271f, 1.7009029f,
        0.70062339f, -0.70038152f, 1.5043582f, 0.50295579f, -0.50177944f, 1.0379533f,
        0.024586871f, -0.014188454f, 0.36349702f, -0.77754736f, 0.88063914f}},
  };
  for (const Run& run : runs) {
    INFO(run.cfg.name);
    auto opt = make_optimizer(run.cfg);
    Param p = make_param("w", {2.f, 1.f, -1.f});
    std::vector<float> got;
    for (int step = 1; step <= 20; ++step) {
      quadratic_grad(p);
      opt->step({&p});
      if (step == 1 || step == 2 || step == 3 || step == 5 || step == 10 || step == 20)
        got.insert(got.end(), p.value.values().begin(), p.value.values().end());
    }
    check_values(got, run.want, 1e-5f);
  }
}

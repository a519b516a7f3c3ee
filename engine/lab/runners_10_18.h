// The runners of pages 10-18: each reads its Params into an experiment's
// settings, runs it and writes the result as JSON (fields in
// docs/lab-api.md). Registered in lab/registry.cpp.
#pragma once

#include <string>

namespace barnlab {

class Lab;
class Params;

std::string run_optimizers_paths(Lab&, Params&);   // run_optimizers.cpp
std::string run_optimizers_mnist(Lab&, Params&);
std::string run_init_hist(Lab&, Params&);          // run_init.cpp
std::string run_init_train(Lab&, Params&);
std::string run_batchnorm_grid(Lab&, Params&);     // run_regularization.cpp
std::string run_batchnorm_stats(Lab&, Params&);
std::string run_overfit_train(Lab&, Params&);
std::string run_hyper_search(Lab&, Params&);
std::string run_conv_example(Lab&, Params&);       // run_cnn_pages.cpp
std::string run_pool_grid(Lab&, Params&);
std::string run_pool_photo(Lab&, Params&);
std::string run_cnn_train(Lab&, Params&);
std::string run_cnn_look(Lab&, Params&);
std::string run_alexnet_table(Lab&, Params&);
std::string run_lrn_demo(Lab&, Params&);

}  // namespace barnlab

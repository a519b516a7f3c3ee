#include "layers/pool2d.h"

#include "core/error.h"

namespace barnlab {

Pool2D::Pool2D(const char* type, int kernel, int stride, int pad)
    : kernel_(kernel), stride_(stride > 0 ? stride : kernel), pad_(pad), type_(type) {
  if (kernel < 1) throw Error(describe() + ": pool size must be at least 1");
  if (pad < 0 || pad >= kernel)
    throw Error(describe() + ": padding must be at least 0 and smaller than the pool size");
}

std::string Pool2D::describe() const {
  return type_ + " " + std::to_string(kernel_) + "x" + std::to_string(kernel_) + " s" +
         std::to_string(stride_) + " p" + std::to_string(pad_);
}

Shape Pool2D::build(Shape in) {
  check_window_fits(in, kernel_, pad_, "window");
  g_ = ConvGeometry::make(in.c, in.h, in.w, kernel_, kernel_, stride_, pad_);
  return {in.n, in.c, g_.oh, g_.ow};
}

void Pool2D::check_input(const Shape& s) const { Layer::check_input(s, {1, g_.c, g_.h, g_.w}); }

int Pool2D::check_gradient(const Tensor& dy) const {
  Layer::check_gradient(dy, cached_n_, {1, g_.c, g_.oh, g_.ow});
  return cached_n_;
}

}  // namespace barnlab

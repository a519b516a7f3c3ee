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
  if (in.h + 2 * pad_ < kernel_ || in.w + 2 * pad_ < kernel_)
    throw Error(describe() + ": window " + std::to_string(kernel_) + " does not fit input " +
                std::to_string(in.c) + " x " + std::to_string(in.h) + " x " +
                std::to_string(in.w) + " with padding " + std::to_string(pad_));
  g_ = ConvGeometry::make(in.c, in.h, in.w, kernel_, kernel_, stride_, pad_);
  return {in.n, in.c, g_.oh, g_.ow};
}

void Pool2D::check_input(const Shape& s) const {
  if (s.c != g_.c || s.h != g_.h || s.w != g_.w)
    throw Error(describe() + ": input " + s.str() + " does not match the built input " +
                std::to_string(g_.c) + " x " + std::to_string(g_.h) + " x " +
                std::to_string(g_.w));
}

int Pool2D::check_gradient(const Tensor& dy) const {
  const int n = cached_n_;
  if (n == 0) throw Error(describe() + ": backward without a training forward");
  if (dy.shape() != Shape{n, g_.c, g_.oh, g_.ow})
    throw Error(describe() + ": gradient of shape " + dy.shape().str() + ", expected " +
                Shape{n, g_.c, g_.oh, g_.ow}.str());
  return n;
}

}  // namespace barnlab

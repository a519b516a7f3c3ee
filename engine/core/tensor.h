// Contiguous float tensors: one Shape{n, c, h, w} and one float buffer in
// NCHW order (row-major). Dense activations use Shape{n, features, 1, 1}.
// Eigen is not exposed here; engine code views buffers through the helpers
// in core/eigen_view.h.
#pragma once

#include <cstddef>
#include <new>
#include <string>
#include <utility>
#include <vector>

namespace barnlab {

// Tensor buffers start on a 64-byte boundary. Besides helping SIMD, this
// makes results independent of where the heap put a buffer: Eigen's
// vectorised reductions handle an unaligned head one scalar at a time, so
// a sum over a buffer at another alignment adds in another order.
template <class T>
struct AlignedAllocator {
  using value_type = T;
  static constexpr std::align_val_t kAlign{64};
  AlignedAllocator() = default;
  template <class U>
  AlignedAllocator(const AlignedAllocator<U>&) {}
  T* allocate(size_t n) { return static_cast<T*>(::operator new(n * sizeof(T), kAlign)); }
  void deallocate(T* p, size_t) { ::operator delete(p, kAlign); }
  // Elements made without a value are default-initialised, which leaves a
  // float unset: Tensor's constructors fill explicitly, and
  // Tensor::uninitialized() skips the fill for outputs a kernel overwrites.
  template <class U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
  template <class U>
  bool operator==(const AlignedAllocator<U>&) const { return true; }
  template <class U>
  bool operator!=(const AlignedAllocator<U>&) const { return false; }
};
using FloatVector = std::vector<float, AlignedAllocator<float>>;

struct Shape {
  int n = 1, c = 1, h = 1, w = 1;

  size_t size() const { return size_t(n) * c * h * w; }
  // Elements of one sample: c * h * w.
  size_t sample_size() const { return size_t(c) * h * w; }
  bool operator==(const Shape& o) const { return n == o.n && c == o.c && h == o.h && w == o.w; }
  bool operator!=(const Shape& o) const { return !(*this == o); }
  std::string str() const;  // "n x c x h x w"
};

class Tensor {
 public:
  Tensor() = default;
  explicit Tensor(Shape s, float fill = 0.f) : shape_(s), data_(s.size(), fill) {}
  Tensor(Shape s, std::vector<float> values);  // requires values.size() == s.size()
  // A tensor whose values are unset, for an output that the caller writes
  // in full before anything reads it (no pass over memory to zero it).
  static Tensor uninitialized(Shape s);

  const Shape& shape() const { return shape_; }
  size_t size() const { return data_.size(); }
  bool empty() const { return data_.empty(); }
  float* data() { return data_.data(); }
  const float* data() const { return data_.data(); }
  FloatVector& values() { return data_; }
  const FloatVector& values() const { return data_; }
  float& operator[](size_t i) { return data_[i]; }
  float operator[](size_t i) const { return data_[i]; }
  float& at(int n, int c, int h, int w) {
    return data_[((size_t(n) * shape_.c + c) * shape_.h + h) * shape_.w + w];
  }
  float at(int n, int c, int h, int w) const {
    return data_[((size_t(n) * shape_.c + c) * shape_.h + h) * shape_.w + w];
  }

  // Same buffer, new shape of equal size (throws Error otherwise).
  void reshape(Shape s);
  void fill(float v);
  // Resizes to s; contents are unspecified afterwards (buffer is reused,
  // new elements are not zeroed).
  void resize(Shape s);

 private:
  Shape shape_;
  FloatVector data_;
};

}  // namespace barnlab

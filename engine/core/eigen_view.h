// Internal: Eigen views over engine buffers. Only engine .cpp files include
// this; Eigen never appears in the public headers.
#pragma once

#include <Eigen/Core>

#include "core/tensor.h"

namespace barnlab {

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using MatrixView = Eigen::Map<RowMatrix>;
using ConstMatrixView = Eigen::Map<const RowMatrix>;
using VectorView = Eigen::Map<Eigen::VectorXf>;
using ConstVectorView = Eigen::Map<const Eigen::VectorXf>;
using ArrayView = Eigen::Map<Eigen::ArrayXf>;
using ConstArrayView = Eigen::Map<const Eigen::ArrayXf>;

// A tensor seen as rows x cols, row-major (e.g. N x (C*H*W)).
inline MatrixView as_matrix(Tensor& t, Eigen::Index rows, Eigen::Index cols) {
  return MatrixView(t.data(), rows, cols);
}
inline ConstMatrixView as_matrix(const Tensor& t, Eigen::Index rows, Eigen::Index cols) {
  return ConstMatrixView(t.data(), rows, cols);
}
// A tensor seen as N x (C*H*W).
inline MatrixView as_batch_matrix(Tensor& t) {
  return as_matrix(t, t.shape().n, Eigen::Index(t.shape().sample_size()));
}
inline ConstMatrixView as_batch_matrix(const Tensor& t) {
  return as_matrix(t, t.shape().n, Eigen::Index(t.shape().sample_size()));
}
inline ArrayView as_array(Tensor& t) { return ArrayView(t.data(), Eigen::Index(t.size())); }
inline ConstArrayView as_array(const Tensor& t) {
  return ConstArrayView(t.data(), Eigen::Index(t.size()));
}

}  // namespace barnlab

// A small fixed thread pool shared by the engine's hot kernels. The same
// code runs natively (std::thread) and in WebAssembly built with -pthread;
// built without threads it runs everything on the caller.
//
// parallel_for(n, fn) splits [0, n) into at most num_threads() contiguous
// chunks and calls fn(begin, end) for each, returning when all are done.
// Chunks are a pure function of n and the thread count, so results depend
// only on the thread count, not on scheduling. If fn throws, the other chunks
// still run to their end and the first exception is rethrown to the caller.
#pragma once

#include <functional>

namespace barnlab {

void set_num_threads(int n);  // n >= 1; clamped to hardware_threads()
int num_threads();
int hardware_threads();
void parallel_for(int n, const std::function<void(int begin, int end)>& fn);

}  // namespace barnlab

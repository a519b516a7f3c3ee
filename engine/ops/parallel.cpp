#include "ops/parallel.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#if defined(__EMSCRIPTEN__) && !defined(__EMSCRIPTEN_PTHREADS__)
#define BARNLAB_NO_THREADS 1
#endif

namespace barnlab {

#ifdef BARNLAB_NO_THREADS

void set_num_threads(int) {}
int num_threads() { return 1; }
int hardware_threads() { return 1; }
void parallel_for(int n, const std::function<void(int, int)>& fn) {
  if (n > 0) fn(0, n);
}

#else

namespace {

// Workers sleep on a condition variable; a job is a generation number plus
// the chunk function. The caller runs chunk 0 itself. An exception thrown by
// a chunk (std::bad_alloc in the threaded wasm engine) is caught where it
// was thrown, the other chunks finish, and the first one caught is rethrown
// on the caller after all have joined: one escaping a worker's thread would
// end that thread (or the process) and leave the caller waiting for ever.
class Pool {
 public:
  ~Pool() { resize(0); }

  void resize(int workers) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      stop_ = true;
      cv_.notify_all();
    }
    for (auto& t : threads_) t.join();
    threads_.clear();
    stop_ = false;
    // New workers start from the current generation, so they never take
    // a finished job for a new one.
    for (int i = 0; i < workers; ++i)
      threads_.emplace_back([this, i, g = generation_] { loop(i + 1, g); });
  }

  int workers() const { return int(threads_.size()); }

  void run(int chunks, const std::function<void(int)>& chunk) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      job_ = &chunk;
      chunks_ = chunks;
      pending_ = chunks - 1;
      failure_ = nullptr;
      ++generation_;
      cv_.notify_all();
    }
    std::exception_ptr mine;
    try {
      chunk(0);
    } catch (...) {
      mine = std::current_exception();
    }
    std::unique_lock<std::mutex> lock(mu_);
    if (mine && !failure_) failure_ = mine;
    done_cv_.wait(lock, [this] { return pending_ == 0; });
    job_ = nullptr;
    std::exception_ptr failure = failure_;
    failure_ = nullptr;
    lock.unlock();
    if (failure) std::rethrow_exception(failure);
  }

 private:
  void loop(int index, uint64_t seen) {
    for (;;) {
      const std::function<void(int)>* job;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [&] { return stop_ || generation_ != seen; });
        if (stop_) return;
        seen = generation_;
        if (index >= chunks_) continue;
        job = job_;
      }
      std::exception_ptr mine;
      try {
        (*job)(index);
      } catch (...) {
        mine = std::current_exception();
      }
      std::unique_lock<std::mutex> lock(mu_);
      if (mine && !failure_) failure_ = mine;
      if (--pending_ == 0) done_cv_.notify_one();
    }
  }

  std::vector<std::thread> threads_;
  std::mutex mu_;
  std::condition_variable cv_, done_cv_;
  const std::function<void(int)>* job_ = nullptr;
  int chunks_ = 0, pending_ = 0;
  std::exception_ptr failure_;  // the first exception a chunk threw in this job
  uint64_t generation_ = 0;
  bool stop_ = false;
};

Pool& pool() {
  static Pool p;
  return p;
}
std::mutex config_mu;
int threads_wanted = 1;

}  // namespace

int hardware_threads() { return std::max(1u, std::thread::hardware_concurrency()); }

void set_num_threads(int n) {
  std::lock_guard<std::mutex> lock(config_mu);
  n = std::max(1, std::min(n, hardware_threads()));
#ifdef __EMSCRIPTEN_PTHREADS__
  // Threads come from the pool prespawned at start-up (PTHREAD_POOL_SIZE,
  // at most 8); asking for more would wait forever for a worker.
  n = std::min(n, 8);
#endif
  if (n == threads_wanted) return;
  threads_wanted = n;
  pool().resize(n - 1);
}

int num_threads() { return threads_wanted; }

void parallel_for(int n, const std::function<void(int, int)>& fn) {
  if (n <= 0) return;
  const int chunks = std::min(n, threads_wanted);
  if (chunks <= 1) {
    fn(0, n);
    return;
  }
  pool().run(chunks, [&](int i) {
    const int begin = int(int64_t(n) * i / chunks);
    const int end = int(int64_t(n) * (i + 1) / chunks);
    if (begin < end) fn(begin, end);
  });
}

#endif

}  // namespace barnlab

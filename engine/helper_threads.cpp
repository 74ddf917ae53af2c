#include "engine/helper_threads.h"

#include <exception>

namespace jisas::engine {

HelperThreads::HelperThreads(int threads) {
  for (int t = 1; t < threads; ++t) helpers_.emplace_back([this] { help(); });
}

HelperThreads::~HelperThreads() {
  {
    const std::lock_guard lock(mutex_);
    ending_ = true;
  }
  wake_.notify_all();
  for (std::thread& helper : helpers_) helper.join();
}

void HelperThreads::run_on_all(const std::function<void()>& job) {
  {
    const std::lock_guard lock(mutex_);
    job_ = &job;
    running_ = static_cast<int>(helpers_.size());
    ++round_;
  }
  wake_.notify_all();
  std::exception_ptr failure;  // the caller's: rethrown once no helper uses `job` any more
  try {
    job();
  } catch (...) {
    failure = std::current_exception();
  }
  std::unique_lock lock(mutex_);
  finished_.wait(lock, [&] { return running_ == 0; });
  job_ = nullptr;
  if (failure) std::rethrow_exception(failure);
}

void HelperThreads::help() {
  std::uint64_t done = 0;  // the last round this helper ran
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [&] { return ending_ || round_ != done; });
    if (ending_) return;
    done = round_;
    const std::function<void()>& job = *job_;
    lock.unlock();
    job();
    lock.lock();
    if (--running_ == 0) finished_.notify_one();
  }
}

}  // namespace jisas::engine

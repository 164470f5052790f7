// A vector that keeps its first N elements inline and moves to the heap only when
// it grows past them. The inline part is what constant expressions use: a catalog
// model's op list (at most a few dozen ops) is a constexpr value, while a run-time
// list of any length (Nemotron-NAS: 158 ops per phase, a block-wise config with 80
// distinct blocks: 800) spills. Allocation in constant evaluation is allowed
// (C++20) as long as it is freed there too, so even a spilled list can be built and
// read inside a static_assert; it cannot be stored in a constexpr variable.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <memory>
#include <span>
#include <type_traits>
#include <utility>

namespace strata {

namespace detail {
/// The inline elements: value-initialized (a constant expression needs every element
/// to hold a value), except for trivially default-constructible ones -- a step's per-op
/// latencies -- which are written before they are read and are not zeroed at run time.
template <class T, std::size_t N, bool = std::is_trivially_default_constructible_v<T>>
struct inline_elements {
  std::array<T, N> values{};
};
template <class T, std::size_t N>
struct inline_elements<T, N, true> {
  std::array<T, N> values;
};
}  // namespace detail

template <class T, std::size_t N>
class small_vector {
  static_assert(N > 0, "strata: a small_vector keeps at least one element inline");
  static_assert(std::is_trivially_destructible_v<T> && std::is_trivially_copyable_v<T>,
                "strata: small_vector holds trivially copyable values (ops, indices, latencies)");

public:
  using value_type = T;
  using const_iterator = const T*;

  constexpr small_vector() = default;
  constexpr small_vector(const small_vector& o) { assign(o); }
  constexpr small_vector(small_vector&& o) noexcept { take(o); }
  constexpr small_vector& operator=(const small_vector& o) {
    if (this != &o) {
      release();
      assign(o);
    }
    return *this;
  }
  constexpr small_vector& operator=(small_vector&& o) noexcept {
    if (this != &o) {
      release();
      take(o);
    }
    return *this;
  }
  constexpr ~small_vector() { release(); }

  constexpr void push_back(const T& value) {
    if (!heap_ && size_ < N) [[likely]] {
      inline_.values[size_++] = value;
      return;
    }
    push_back_spilled(value);
  }
  /// Constructs the new element where it lives (no temporary copy of it).
  template <class... Args>
  constexpr void emplace_back(Args&&... args) {
    if (!heap_ && size_ < N) [[likely]] {
      std::construct_at(inline_.values.data() + size_, std::forward<Args>(args)...);
      ++size_;
      return;
    }
    push_back_spilled(T(std::forward<Args>(args)...));
  }
  /// n elements whose new values the caller writes next through data(): one capacity
  /// decision for the loop that fills them. They are not initialized at run time (the
  /// inline ones always hold a value; allocated storage of an implicit-lifetime type
  /// needs none); in constant evaluation the allocated ones are constructed.
  constexpr void resize_for_overwrite(std::size_t n) {
    while (n > capacity_) grow();
    if (std::is_constant_evaluated() && heap_)
      for (std::size_t i = size_; i < n; ++i) std::construct_at(heap_ + i);
    size_ = n;
  }
  constexpr std::size_t size() const { return size_; }
  constexpr bool empty() const { return size_ == 0; }
  constexpr std::size_t capacity() const { return capacity_; }
  static constexpr std::size_t inline_capacity() { return N; }
  /// Whether the elements live on the heap (never in a constexpr variable).
  constexpr bool spilled() const { return heap_ != nullptr; }

  constexpr const T* data() const { return heap_ ? heap_ : inline_.values.data(); }
  constexpr T* data() { return heap_ ? heap_ : inline_.values.data(); }
  constexpr const T& operator[](std::size_t i) const { return data()[i]; }
  constexpr T& operator[](std::size_t i) { return data()[i]; }
  constexpr const T* begin() const { return data(); }
  constexpr const T* end() const { return data() + size_; }
  constexpr T* begin() { return data(); }
  constexpr T* end() { return data() + size_; }
  constexpr std::span<const T> span() const { return {data(), size_}; }

private:
  // Out of line: the inline push stays a compare and a copy.
  [[gnu::noinline]] constexpr void push_back_spilled(const T& value) {
    if (size_ == capacity_) grow();
    if (std::is_constant_evaluated())
      std::construct_at(heap_ + size_, value);  // begins the element's lifetime
    else
      heap_[size_] = value;  // allocated storage of an implicit-lifetime type at run time
    ++size_;
  }
  constexpr void grow() {
    const std::size_t cap = capacity_ * 2;
    T* fresh = std::allocator<T>{}.allocate(cap);
    const T* old = data();
    for (std::size_t i = 0; i < size_; ++i) std::construct_at(fresh + i, old[i]);
    if (heap_) std::allocator<T>{}.deallocate(heap_, capacity_);
    heap_ = fresh;
    capacity_ = cap;
  }
  constexpr void release() {
    if (heap_) std::allocator<T>{}.deallocate(heap_, capacity_);
    heap_ = nullptr;
    capacity_ = N;
    size_ = 0;
  }
  constexpr void assign(const small_vector& o) {
    if (o.heap_) {
      heap_ = std::allocator<T>{}.allocate(o.capacity_);
      capacity_ = o.capacity_;
      for (std::size_t i = 0; i < o.size_; ++i) std::construct_at(heap_ + i, o.heap_[i]);
    } else {
      std::copy(o.inline_.values.begin(), o.inline_.values.begin() + o.size_, inline_.values.begin());
    }
    size_ = o.size_;
  }
  constexpr void take(small_vector& o) {
    if (o.heap_) {
      heap_ = o.heap_;
      capacity_ = o.capacity_;
      o.heap_ = nullptr;
      o.capacity_ = N;
    } else {
      std::copy(o.inline_.values.begin(), o.inline_.values.begin() + o.size_, inline_.values.begin());
    }
    size_ = o.size_;
    o.size_ = 0;
  }

  detail::inline_elements<T, N> inline_;  // see inline_elements
  T* heap_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = N;
};

}  // namespace strata

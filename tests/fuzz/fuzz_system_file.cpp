// libFuzzer target: a system file (--system-file) -> a priced step. A file must be
// rejected with invalid_input or give a system whose step estimates are finite and
// non-negative.
#include <boost/json/src.hpp>
#include <cmath>
#include <cstdint>
#include <string_view>

#include "strata/catalog/catalog.hpp"
#include "strata/cost/estimate.hpp"
#include "strata/runtime/system_file.hpp"

namespace {
void require(bool ok) {
  if (!ok) __builtin_trap();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace strata;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  cost::gpu_system sys;
  try {
    sys = system_from_json(text, "fuzz_system.json").system;
  } catch (const invalid_input&) {
    return 0;
  }
  require(!sys.name.empty() && sys.mem_bw > 0 && sys.mem_capacity > 0);
  for (const auto* id : {"meta-llama/Meta-Llama-3.1-8B", "deepseek-ai/DeepSeek-V3"}) {
    const any_model m = *catalog::find(id);
    try {
      const auto c = m.resolve({.tp = 8, .moe_ep = m.is_moe() ? std::optional<int>(8) : std::nullopt,
                                .gemm = gemm_quant::bfloat16, .moe = moe_quant::bfloat16, .kv = kv_quant::bfloat16,
                                .fmha = fmha_quant::bfloat16});
      for (double v : cost::context_step(m.ops(phase::context, c), sys, 1, 512).op_ms)
        require(std::isfinite(v) && v >= 0);
      for (double v : cost::generation_step(m.ops(phase::generation, c), sys, 4, 2048).op_ms)
        require(std::isfinite(v) && v >= 0);
    } catch (const invalid_input&) {
    }
  }
  return 0;
}

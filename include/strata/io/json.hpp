// JSON views of ops and configs under the reference's attribute names (the
// command-line contract in DESIGN.md). Needs Boost.JSON (link Boost::json).
#pragma once

#include <boost/json.hpp>
#include <string>

#include "strata/core/config.hpp"
#include "strata/ops/op.hpp"

namespace strata::io {

inline boost::json::string_view sv(std::string_view s) { return {s.data(), s.size()}; }

inline void put_common(boost::json::object& j, const op& o) {
  j["class"] = sv(class_of(o));
  j["name"] = name_of(o).str();
  j["scale_factor"] = scale_of(o);
  j["weights"] = weight_bytes_of(o);
}

inline void put(boost::json::object& j, const ops::embedding& o) {
  j["row_size"] = o.row_size;
  j["column_size"] = o.column_size;
}
inline void put(boost::json::object& j, const ops::elementwise& o) {
  j["dim_in"] = o.dim_in;
  j["dim_out"] = o.dim_out;
  j["scale_num_tokens"] = o.scale_num_tokens;
}
inline void put(boost::json::object& j, const ops::gemm& o) {
  j["n"] = o.n;
  j["k"] = o.k;
  j["quant_mode"] = sv(name(o.quant));
  j["low_precision_input"] = o.low_precision_input;
  j["scale_num_tokens"] = o.scale_num_tokens;
}
inline void put(boost::json::object& j, const ops::context_attention& o) {
  j["n"] = o.n;
  j["n_kv"] = o.n_kv;
  j["head_size"] = o.head_size;
  j["window_size"] = o.window_size;
  j["kvcache_quant_mode"] = sv(name(o.kv));
  j["fmha_quant_mode"] = sv(name(o.fmha));
  j["use_qk_norm"] = o.use_qk_norm;
}
inline void put(boost::json::object& j, const ops::generation_attention& o) {
  j["n"] = o.n;
  j["n_kv"] = o.n_kv;
  j["head_size"] = o.head_size;
  j["window_size"] = o.window_size;
  j["kvcache_quant_mode"] = sv(name(o.kv));
  j["kv_cache_dtype"] = sv(name(o.kv));
  j["use_qk_norm"] = o.use_qk_norm;
}
inline void put(boost::json::object& j, const ops::moe& o) {
  j["hidden_size"] = o.hidden_size;
  j["inter_size"] = o.inter_size;
  j["topk"] = o.topk;
  j["num_experts"] = o.num_experts;
  j["moe_tp_size"] = o.moe_tp;
  j["moe_ep_size"] = o.moe_ep;
  j["attention_dp_size"] = o.attention_dp;
  j["quant_mode"] = sv(name(o.quant));
  j["is_context"] = o.is_context;
  j["is_gated"] = o.is_gated;
}
inline void put(boost::json::object& j, const ops::moe_dispatch& o) {
  j["hidden_size"] = o.hidden_size;
  j["topk"] = o.topk;
  j["num_experts"] = o.num_experts;
  j["moe_tp_size"] = o.moe_tp;
  j["moe_ep_size"] = o.moe_ep;
  j["attention_dp_size"] = o.attention_dp;
  j["pre_dispatch"] = o.pre_dispatch;
  j["num_gpus"] = o.num_gpus();
  j["attention_tp_size"] = o.attention_tp();
  if (o.quant)
    j["quant_mode"] = sv(name(*o.quant));
  else
    j["quant_mode"] = nullptr;
  j["is_context"] = o.is_context;
  j["scale_num_tokens"] = 1;
}
inline void put(boost::json::object& j, const ops::custom_allreduce& o) {
  j["h"] = o.h;
  j["tp_size"] = o.tp_size;
}
inline void put(boost::json::object& j, const ops::nccl& o) {
  j["nccl_op"] = sv(name(o.kind));
  j["num_elements_per_token"] = o.elements_per_token;
  j["num_gpus"] = o.num_gpus;
  j["comm_quant_mode"] = sv(name(o.quant));
}
inline void put(boost::json::object& j, const ops::p2p& o) {
  j["h"] = o.h;
  j["pp_size"] = o.pp_size;
  j["bytes_per_element"] = 2;
}

inline boost::json::object to_json(const op& o) {
  boost::json::object j;
  put_common(j, o);
  std::visit([&](const auto& x) { put(j, x); }, o);
  return j;
}

inline boost::json::array to_json(const op_list& ops) {
  boost::json::array a;
  for (const auto& o : ops) a.push_back(to_json(o));
  return a;
}

inline boost::json::object to_json(const resolved_config& c, bool is_moe) {
  boost::json::object j;
  j["tp_size"] = c.tp;
  j["pp_size"] = c.pp;
  if (is_moe) {
    j["moe_tp_size"] = c.moe_tp;
    j["moe_ep_size"] = c.moe_ep;
  } else {
    j["moe_tp_size"] = nullptr;
    j["moe_ep_size"] = nullptr;
  }
  j["attention_dp_size"] = c.attention_dp;
  j["nextn"] = c.nextn;
  j["gemm_quant_mode"] = sv(name(c.gemm));
  j["moe_quant_mode"] = sv(name(c.moe));
  j["kvcache_quant_mode"] = sv(name(c.kv));
  j["fmha_quant_mode"] = sv(name(c.fmha));
  j["comm_quant_mode"] = sv(name(c.comm));
  j["backend"] = sv(name(c.backend));
  return j;
}

}  // namespace strata::io

// A regular, cheap-to-copy model value whose interface is not a template: built from
// a compile-time spec or from a parsed config through the same family code
// (a shared immutable model behind a value type).
#pragma once

#include <memory>
#include <string>
#include <utility>

#include "strata/model/model_spec.hpp"

namespace strata {

class any_model {
public:
  /// Wrap a spec. `owned_strings` keeps the storage of the spec's string_views alive
  /// for models read at run time (id, architecture); catalog specs point at literals.
  template <class Groups>
  explicit any_model(const model_spec<Groups>& spec, std::shared_ptr<const void> owned_strings = {})
      : self_(std::make_shared<const holder<Groups>>(spec, std::move(owned_strings))) {}

  const model_info& info() const { return self_->info(); }
  std::string_view id() const { return info().id; }
  family model_family() const { return info().family; }
  bool is_moe() const { return strata::is_moe(info().family); }

  resolved_config resolve(const model_config& c) const { return self_->resolve(c); }
  op_list ops(phase p, const resolved_config& c) const { return self_->ops(p, c); }
  double kv_bytes_per_sequence(std::int64_t tokens, const resolved_config& c) const {
    return self_->kv_bytes(tokens, c);
  }
  /// (attention kind, ffn kind, count, window) of every present group.
  struct group_count {
    layers::attention_kind attention;
    layers::ffn_kind ffn;
    int count;
    int window;  // tokens of attention (and KV) a layer keeps at most; 0 = all
  };
  /// KV-cache bytes one sequence of `tokens` holds on one GPU in each present group,
  /// in groups() order.
  static_vector<double, 4> kv_bytes_by_group(std::int64_t tokens, const resolved_config& c) const {
    return self_->kv_by_group(tokens, c);
  }
  static_vector<group_count, 4> groups() const { return self_->groups(); }

private:
  struct concept_t {
    virtual ~concept_t() = default;
    virtual const model_info& info() const = 0;
    virtual resolved_config resolve(const model_config&) const = 0;
    virtual op_list ops(phase, const resolved_config&) const = 0;
    virtual double kv_bytes(std::int64_t, const resolved_config&) const = 0;
    virtual static_vector<group_count, 4> groups() const = 0;
    virtual static_vector<double, 4> kv_by_group(std::int64_t, const resolved_config&) const = 0;
  };
  template <class Groups>
  struct holder final : concept_t {
    holder(const model_spec<Groups>& s, std::shared_ptr<const void> keep) : spec(s), strings(std::move(keep)) {}
    model_spec<Groups> spec;
    std::shared_ptr<const void> strings;
    const model_info& info() const override { return spec.info; }
    resolved_config resolve(const model_config& c) const override { return spec.resolve(c); }
    op_list ops(phase p, const resolved_config& c) const override { return spec.ops(p, c); }
    double kv_bytes(std::int64_t t, const resolved_config& c) const override { return spec.kv_bytes_per_sequence(t, c); }
    static_vector<group_count, 4> groups() const override {
      static_vector<group_count, 4> out;
      boost::hana::for_each(spec.groups, [&](const auto& g) {
        using L = typename std::remove_cvref_t<decltype(g)>::layer_type;
        if (value_of(g.count) > 0) {
          const attention_shape a = L::attention == layers::attention_kind::sliding ? sliding_attention_shape(spec.info)
                                                                                    : full_attention_shape(spec.info);
          out.push_back({L::attention, L::ffn, value_of(g.count), a.window});
        }
      });
      return out;
    }
    static_vector<double, 4> kv_by_group(std::int64_t tokens, const resolved_config& c) const override {
      static_vector<double, 4> out;
      boost::hana::for_each(spec.groups, [&](const auto& g) {
        using L = typename std::remove_cvref_t<decltype(g)>::layer_type;
        if (value_of(g.count) > 0) out.push_back(double(value_of(g.count)) * spec.template kv_bytes_per_layer<L>(tokens, c));
      });
      return out;
    }
  };
  std::shared_ptr<const concept_t> self_;
};

}  // namespace strata

// A regular, cheap-to-copy model value whose interface is not a template: built from
// a compile-time catalog model or from a parsed config through the same family code
// (a shared immutable model behind a value type).
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "strata/encoders/vit.hpp"
#include "strata/model/model.hpp"

namespace strata {

/// One layer type of a model, for reports.
struct layer_group_info {
  std::string key;          // "full_moe", "sliding_dense", "mla_moe", ...
  std::string description;  // its mixer and FFN with their sizes
  int count = 0;
  int window = 0;  // tokens of attention (and KV) a layer keeps at most; 0 = all
  bool routed = false;
};

class any_model {
public:
  /// Wrap a model. `owned_strings` keeps the storage of the model's string_views
  /// alive for models read at run time; catalog models point at literals.
  template <class F, class Groups>
  explicit any_model(const model<F, Groups>& m, std::shared_ptr<const void> owned_strings = {})
      : self_(std::make_shared<const holder<F, Groups>>(m, std::move(owned_strings))) {}

  /// The model's name and architecture, as owned strings: a copy outlives the model.
  std::string id() const { return std::string(self_->facts().id); }
  std::string architecture() const { return std::string(self_->facts().architecture); }
  /// The family's name (static storage).
  std::string_view family() const { return self_->family(); }
  int layers() const { return self_->facts().layers; }
  std::int64_t hidden() const { return self_->facts().hidden; }
  std::int64_t vocab() const { return self_->facts().vocab; }
  std::int64_t context_length() const { return self_->facts().context; }
  /// The checkpoint's quantization (what picks the default quant modes).
  const checkpoint_quant& quant() const { return self_->facts().quant; }
  bool is_moe() const { return self_->is_moe(); }

  resolved_config resolve(const model_config& c) const { return self_->resolve(c); }
  op_list ops(phase p, const resolved_config& c) const { return self_->ops(p, c); }
  double kv_bytes_per_sequence(std::int64_t tokens, const resolved_config& c) const {
    return self_->kv_bytes(tokens, c);
  }
  memory_facts memory() const { return self_->memory(); }
  /// The present layer types, in the model's group order.
  std::vector<layer_group_info> groups() const { return self_->groups(); }
  /// Cache bytes one sequence of `tokens` keeps on one GPU in each present group.
  std::vector<double> kv_bytes_by_group(std::int64_t tokens, const resolved_config& c) const {
    return self_->kv_by_group(tokens, c);
  }

  /// This model with a vision encoder beside its language model.
  any_model with_encoder(const encoders::vit& v) const {
    v.validate(self_->facts().id);
    any_model out = *this;
    out.encoder_ = std::make_shared<const encoders::vit>(v);
    return out;
  }
  /// The vision encoder, or null for a text-only model.
  const encoders::vit* encoder() const { return encoder_.get(); }
  /// The encoder's ops (the reference's `encoder_ops`); an empty list without one.
  op_list encoder_ops(const resolved_config& c) const {
    return encoder_ ? encoder_->ops(c) : op_list(phase::encoder, 0);
  }

private:
  struct concept_t {
    virtual ~concept_t() = default;
    virtual const model_facts& facts() const = 0;
    virtual std::string_view family() const = 0;
    virtual bool is_moe() const = 0;
    virtual resolved_config resolve(const model_config&) const = 0;
    virtual op_list ops(phase, const resolved_config&) const = 0;
    virtual double kv_bytes(std::int64_t, const resolved_config&) const = 0;
    virtual memory_facts memory() const = 0;
    virtual std::vector<layer_group_info> groups() const = 0;
    virtual std::vector<double> kv_by_group(std::int64_t, const resolved_config&) const = 0;
  };
  template <class F, class Groups>
  struct holder final : concept_t {
    holder(const model<F, Groups>& m, std::shared_ptr<const void> keep) : spec(m), strings(std::move(keep)) {}
    model<F, Groups> spec;
    std::shared_ptr<const void> strings;
    const model_facts& facts() const override { return spec.facts; }
    std::string_view family() const override { return F::name; }
    bool is_moe() const override { return spec.is_moe(); }
    resolved_config resolve(const model_config& c) const override { return spec.resolve(c); }
    op_list ops(phase p, const resolved_config& c) const override { return spec.ops(p, c); }
    double kv_bytes(std::int64_t t, const resolved_config& c) const override { return spec.kv_bytes_per_sequence(t, c); }
    memory_facts memory() const override { return spec.memory(); }
    std::vector<layer_group_info> groups() const override {
      std::vector<layer_group_info> out;
      for_each_group(spec.groups, [&](const auto& g) {
        if (g.n() > 0)
          out.push_back({g.layer.key(), g.layer.describe(), g.n(), g.layer.mixer.window_tokens(),
                         std::remove_cvref_t<decltype(g)>::layer_type::routed});
      });
      return out;
    }
    std::vector<double> kv_by_group(std::int64_t tokens, const resolved_config& c) const override {
      std::vector<double> out;
      for_each_group(spec.groups, [&](const auto& g) {
        if (g.n() > 0) out.push_back(double(g.n()) * g.layer.cache_bytes(tokens, c));
      });
      return out;
    }
  };
  std::shared_ptr<const concept_t> self_;
  std::shared_ptr<const encoders::vit> encoder_;
};

}  // namespace strata

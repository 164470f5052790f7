// Umbrella header: the model algebra (mixers, FFNs, layers, families), the catalog,
// the cost model and the runtime model value (config.json parsing lives in
// strata/runtime/get_model.hpp: Boost.JSON).
#pragma once

#include "strata/catalog/catalog.hpp"
#include "strata/catalog/models.hpp"
#include "strata/core/config.hpp"
#include "strata/core/quant.hpp"
#include "strata/core/static_int.hpp"
#include "strata/cost/estimate.hpp"
#include "strata/cost/memory.hpp"
#include "strata/cost/system.hpp"
#include "strata/model/model.hpp"
#include "strata/runtime/any_model.hpp"

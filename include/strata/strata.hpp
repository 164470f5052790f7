// Umbrella header: the model algebra, the catalog and the runtime model value.
#pragma once

#include "strata/catalog/catalog.hpp"
#include "strata/catalog/models.hpp"
#include "strata/core/config.hpp"
#include "strata/core/quant.hpp"
#include "strata/core/static_int.hpp"
#include "strata/model/model_spec.hpp"
#include "strata/runtime/any_model.hpp"

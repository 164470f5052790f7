#pragma once
#include <memory>
#include <string>
#include "strata/cost/system.hpp"
namespace strata {
struct owned_system { cost::gpu_system system; std::shared_ptr<const std::string> name; };
inline owned_system load_system_file(const std::string& path) { throw invalid_input("--system-file " + path + ": not readable yet"); }
}

// Compile-time benchmark: the cost of including the umbrella header.
#include "strata/strata.hpp"
int main() { return 0; }

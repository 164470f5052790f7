// libFuzzer target: the command line. The input is split into arguments at newlines
// and run through the whole CLI in-process; exit status 0 or 2 is fine, 1 (an internal
// error: an exception that is not bad input) or a crash is a finding. Run it with
// -close_fd_mask=3 (tests/fuzz/run.sh does) so the CLI's own output is discarded.
#include <boost/json/src.hpp>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

int strata_cli_main(int argc, char** argv);

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string> args{"strata"};
  std::string current;
  for (std::size_t i = 0; i < size; ++i) {
    if (data[i] == '\n') {
      args.push_back(current);
      current.clear();
    } else if (data[i] != '\0') {
      current += char(data[i]);
    }
  }
  if (!current.empty()) args.push_back(current);
  if (args.size() > 40) return 0;
  for (const auto& a : args)  // commands that write files are not fuzzed
    if (a.rfind("--csv", 0) == 0 || a.rfind("--svg", 0) == 0) return 0;
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  const int status = strata_cli_main(int(args.size()), argv.data());
  if (status != 0 && status != 2) __builtin_trap();
  return 0;
}

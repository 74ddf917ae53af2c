// jisas-sim: thin entry point; the work is done by the libraries behind app/cli.h.
#include "app/cli.h"

int main(int argc, char** argv) {
  const int code = jisas::app::run_cli(argc, argv);
  return jisas::app::finish_standard_output(code);
}

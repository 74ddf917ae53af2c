// jisas-sim: thin entry point; the work is done by the libraries behind app/cli.h.
#include "app/cli.h"

int main(int argc, char** argv) {
  return jisas::app::run_cli(argc, argv);
}

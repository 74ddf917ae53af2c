// The design grid (docs/scenario-schema.md): scalar keys given as lists in the design,
// population, kinetics, assay and protocol sections become axes, combined as a full
// factorial or zipped; every point is parsed with its values substituted for the lists,
// so each grid value passes the same checks as a single value. Used by scenario_loader.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "scenarios/field_reader.h"
#include "scenarios/spec/scenario.h"

namespace jisas::scenarios {

// A key given as a list in a grid section: one axis of the grid.
struct GridList {
  Field field;
  std::vector<Field> values;
};

using PointParser = std::function<DesignPoint(FieldReader&, const Field&)>;

std::vector<GridList> grid_lists(FieldReader& r, const Field& root);

// Full factorial (first axis slowest) or, with zip, the i-th value of every axis together.
// `base` reads the root (each point gets a fresh() reader of the same document).
std::vector<DesignPoint> expand_grid(const FieldReader& base, const Field& root,
                                     const std::vector<GridList>& lists, bool zip,
                                     std::vector<GridAxis>& axes, const PointParser& parse);

}  // namespace jisas::scenarios

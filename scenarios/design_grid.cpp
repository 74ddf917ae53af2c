#include "scenarios/design_grid.h"

#include <string_view>

#include <fmt/format.h>

namespace jisas::scenarios {
namespace {

constexpr std::size_t kMaxDesignPoints = 10000;

// Lists that are values in their own right, never grid axes. Distribution maps take no
// grid lists (their breaks and rates are lists), nor does the sokal split (it must sum to
// 1) or a km_curve's points; protocol.ifn.per_week is a [min, max] pair.
constexpr std::string_view kMapsWithoutGridLists[] = {"population.sokal", "kinetics.relapse_free",
                                                      "design.accrual.piecewise_rate"};
constexpr std::string_view kListValuedKeys[] = {
    "protocol.ifn.per_week", "design.randomization.ratio", "protocol.visits.schedule"};

template <std::size_t N>
bool is_one_of(const std::string& path, const std::string_view (&paths)[N]) {
  for (const std::string_view p : paths) {
    if (p == path) return true;
  }
  return false;
}

bool takes_grid_lists(const Field& map) {
  const YAML::Node& node = map.node;
  return node.IsMap() && !node["dist"].IsDefined() && !is_one_of(map.path, kMapsWithoutGridLists);
}

void collect_grid_lists(FieldReader& r, const Field& map, std::vector<GridList>& lists) {
  if (!takes_grid_lists(map)) return;
  for (const auto& entry : map.node) {
    if (!entry.first.IsScalar()) continue;  // check_keys reports it
    const Field child{entry.second, key_path(map.path, entry.first.Scalar())};
    if (child.node.IsMap()) collect_grid_lists(r, child, lists);
    if (!child.node.IsSequence() || is_one_of(child.path, kListValuedKeys)) continue;
    GridList list{child, r.list(child)};
    if (list.values.empty()) r.fail(child, "empty grid list (give at least one value)");
    for (const Field& v : list.values) {
      if (!v.node.IsScalar()) {
        r.fail(v, fmt::format("a grid value must be a number or a duration, got {}",
                              describe_node(v.node)));
      }
    }
    lists.push_back(std::move(list));
  }
}

}  // namespace

std::vector<GridList> grid_lists(FieldReader& r, const Field& root) {
  std::vector<GridList> lists;
  for (const auto& entry : root.node) {
    const std::string key = entry.first.IsScalar() ? entry.first.Scalar() : "";
    if (key == "design" || key == "population" || key == "kinetics" || key == "assay" ||
        key == "protocol") {
      collect_grid_lists(r, {entry.second, key}, lists);
    }
  }
  return lists;
}

// Every point is parsed with its axis values in place of the lists, so each grid value
// passes the same checks as a single value; zip needs lists of equal length.
std::vector<DesignPoint> expand_grid(const FieldReader& base, const Field& root,
                                     const std::vector<GridList>& lists, bool zip,
                                     std::vector<GridAxis>& axes, const PointParser& parse) {
  std::size_t n = 1;
  for (const GridList& list : lists) {
    if (zip && !axes.empty() && list.values.size() != axes.front().values.size()) {
      base.fail(list.field, fmt::format("grid: zip needs lists of equal length ({}), got {}",
                                        axes.front().values.size(), list.values.size()));
    }
    n = zip ? list.values.size() : n * list.values.size();
    if (n > kMaxDesignPoints) {
      base.fail(list.field,
                fmt::format("the design grid has more than {} points", kMaxDesignPoints));
    }
    axes.push_back({list.field.path, std::vector<double>(list.values.size())});
  }
  std::vector<DesignPoint> points;
  for (std::size_t index = 0; index < n; ++index) {
    FieldReader r = base.fresh();
    std::vector<std::size_t> at(lists.size());
    std::size_t rest = index;
    for (std::size_t a = lists.size(); a-- > 0;) {
      at[a] = zip ? index : rest % lists[a].values.size();
      rest /= zip ? 1 : lists[a].values.size();
      r.substitute(lists[a].field.path, lists[a].values[at[a]].node);
    }
    points.push_back(parse(r, root));
    points.back().index = static_cast<int>(index);
    for (std::size_t a = 0; a < lists.size(); ++a) {
      const auto it = r.numbers_read().find(lists[a].field.path);
      if (it == r.numbers_read().end()) {
        r.fail(lists[a].field,
               "a grid list is allowed only for a key that takes a number or a "
               "duration");
      }
      axes[a].values[at[a]] = it->second;
      points.back().axis_values.push_back(it->second);
      points.back().axis_labels.push_back(lists[a].values[at[a]].node.Scalar());
    }
  }
  return points;
}

}  // namespace jisas::scenarios

// The response durations a stop trial records, from the visits of an IM history
// (models/lsc_immune/lsc_immune.md "History"). Both are sustained-response durations as the
// trials define them: MMR since the first result of the unbroken run of results below the
// MMR threshold, and the deep response (CMR or MR4) since the first deep result after the
// last result that was not deep. A detectable result inside an MMR run therefore resets
// the deep-response clock (STIM1: "undetectable for at least 2 years", Mahon 2010 Lancet
// Oncol 11:1029; EURO-SKI: "MR4 for at least 1 year", Saussele 2018 Lancet Oncol 19:747).
#pragma once

#include <limits>

namespace jisas::models {

class ResponseRuns {
 public:
  // `sustained` false: the deep clock starts at the first deep result of the MMR run and a
  // later result that is not deep does not reset it (the definition calibrated before
  // issue 19; kinetics.history.deep_duration_from).
  explicit ResponseRuns(bool sustained = true) : sustained_(sustained) {}

  // One visit's result, in day order.
  void observe(double day, bool in_mmr, bool deep) {
    day_ = day;
    deep_now_ = in_mmr && deep;
    if (!in_mmr) {
      mmr_since_ = deep_since_ = kNever;
      return;
    }
    if (!(mmr_since_ <= day)) mmr_since_ = day;
    if (!deep) {
      if (sustained_) deep_since_ = kNever;
    } else if (!(deep_since_ <= day)) {
      deep_since_ = day;
    }
  }
  // Days of MMR and of deep response up to the last visit observed (0 outside an MMR run).
  double mmr_duration() const { return mmr_since_ <= day_ ? day_ - mmr_since_ : 0.0; }
  double deep_duration() const { return deep_since_ <= day_ ? day_ - deep_since_ : 0.0; }
  bool in_mmr() const { return mmr_since_ <= day_; }
  bool deep() const { return deep_now_; }

 private:
  static constexpr double kNever = std::numeric_limits<double>::quiet_NaN();
  bool sustained_ = true;
  double mmr_since_ = kNever;
  double deep_since_ = kNever;
  double day_ = 0.0;
  bool deep_now_ = false;
};

}  // namespace jisas::models

#include "io/hdf5_types.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <string>

namespace jisas::io::h5 {
namespace {

using analysis::CohortResult;
using analysis::Measurement;
using analysis::PatientRecord;
using H5::PredType;

H5::ArrayType array_of(const H5::DataType& base, hsize_t n) {
  return H5::ArrayType(base, 1, &n);
}

}  // namespace

bool has_member(const H5::CompType& type, const std::string& name) {
  for (int m = 0; m < type.getNmembers(); ++m) {
    if (type.getMemberName(static_cast<unsigned>(m)) == name) return true;
  }
  return false;
}

H5::CompType packed(const H5::CompType& memory_type) {
  // H5Cpp's copy constructor shares the HDF5 id, so pack() would also pack the memory
  // type: make a real copy with H5Tcopy first.
  const hid_t copy = H5Tcopy(memory_type.getId());
  H5::CompType file_type(copy);  // takes its own reference
  H5Tclose(copy);
  file_type.pack();
  return file_type;
}

namespace {

// Format 1.3: the interim looks and the group-sequential decision (docs/output-format.md).
void insert_look_members(H5::CompType& t) {
  const auto looks = array_of(PredType::NATIVE_DOUBLE, analysis::kMaxLooks + 1);
  const auto counts = array_of(PredType::NATIVE_INT32, analysis::kMaxLooks + 1);
  t.insertMember("stop_look", offsetof(CohortResult, stop_look), PredType::NATIVE_INT8);
  t.insertMember("stop_reason", offsetof(CohortResult, stop_reason), PredType::NATIVE_INT8);
  t.insertMember("null_stop_look", offsetof(CohortResult, null_stop_look), PredType::NATIVE_INT8);
  t.insertMember("null_stop_reason", offsetof(CohortResult, null_stop_reason),
                 PredType::NATIVE_INT8);
  t.insertMember("look_day", offsetof(CohortResult, look_day), looks);
  t.insertMember("look_z", offsetof(CohortResult, look_z), looks);
  t.insertMember("look_fraction", offsetof(CohortResult, look_fraction), looks);
  t.insertMember("look_efficacy_z", offsetof(CohortResult, look_efficacy_z), looks);
  t.insertMember("look_futility_z", offsetof(CohortResult, look_futility_z), looks);
  t.insertMember("look_patients", offsetof(CohortResult, look_patients), counts);
  t.insertMember("look_events", offsetof(CohortResult, look_events), counts);
}

// Per arm (format 1.6): one member per arm, named by it, so readers that flatten arrays
// (R's hdf5r) need no index convention.
void insert_arm_members(H5::CompType& t, hsize_t n_landmarks) {
  const auto landmarks = array_of(PredType::NATIVE_DOUBLE, n_landmarks);
  constexpr const char* kArm[2] = {"control", "experimental"};
  for (std::size_t a = 0; a < 2; ++a) {
    const std::string arm = kArm[a];
    t.insertMember("evaluable_" + arm,
                   offsetof(CohortResult, arm_evaluable) + a * sizeof(std::int32_t),
                   PredType::NATIVE_INT32);
    t.insertMember("relapses_" + arm,
                   offsetof(CohortResult, arm_relapses) + a * sizeof(std::int32_t),
                   PredType::NATIVE_INT32);
    t.insertMember("median_rfs_" + arm, offsetof(CohortResult, arm_median_rfs) + a * sizeof(double),
                   PredType::NATIVE_DOUBLE);
    t.insertMember(
        "km_" + arm,
        offsetof(CohortResult, arm_km) + a * sizeof(std::array<double, analysis::kMaxLandmarks>),
        landmarks);
  }
}

void insert_summary_arm_members(H5::CompType& t) {
  const hsize_t km_dims[2] = {analysis::kMaxLandmarks, 7};
  const H5::ArrayType km(PredType::NATIVE_DOUBLE, 2, km_dims);
  const auto seven = array_of(PredType::NATIVE_DOUBLE, 7);
  const auto f8 = PredType::NATIVE_DOUBLE;
  constexpr const char* kArm[2] = {"control", "experimental"};
  for (std::size_t a = 0; a < 2; ++a) {
    const std::string arm = kArm[a];
    t.insertMember("mean_evaluable_" + arm,
                   offsetof(SummaryRecord, mean_evaluable_arm) + a * sizeof(double), f8);
    t.insertMember("mean_relapses_" + arm,
                   offsetof(SummaryRecord, mean_relapses_arm) + a * sizeof(double), f8);
    t.insertMember(
        "km_" + arm + "_quantiles",
        offsetof(SummaryRecord, km_arm_quantiles) + a * sizeof(double[analysis::kMaxLandmarks][7]),
        km);
    t.insertMember("median_rfs_" + arm + "_quantiles",
                   offsetof(SummaryRecord, median_rfs_arm_quantiles) + a * sizeof(double[7]),
                   seven);
    t.insertMember("median_rfs_reached_" + arm,
                   offsetof(SummaryRecord, median_rfs_reached_arm) + a * sizeof(double), f8);
  }
}

}  // namespace

CohortColumns cohort_columns(bool looks, std::size_t landmarks, std::size_t tests) {
  return {looks, std::max<hsize_t>(landmarks, 1), std::max<hsize_t>(tests, 1)};
}

H5::CompType cohort_type(const CohortColumns& columns) {
  H5::CompType t(sizeof(CohortResult));
  const auto landmarks = array_of(PredType::NATIVE_DOUBLE, columns.landmarks);
  const auto tests = array_of(PredType::NATIVE_DOUBLE, columns.tests);
  const auto decisions = array_of(PredType::NATIVE_INT8, columns.tests);
  t.insertMember("design_point", offsetof(CohortResult, design_point), PredType::NATIVE_INT32);
  t.insertMember("cohort", offsetof(CohortResult, cohort), PredType::NATIVE_INT64);
  t.insertMember("enrolled", offsetof(CohortResult, enrolled), PredType::NATIVE_INT32);
  t.insertMember("evaluable", offsetof(CohortResult, evaluable), PredType::NATIVE_INT32);
  t.insertMember("relapses", offsetof(CohortResult, relapses), PredType::NATIVE_INT32);
  t.insertMember("eligibility_draws", offsetof(CohortResult, eligibility_draws),
                 PredType::NATIVE_INT32);
  t.insertMember("relapse_proportion", offsetof(CohortResult, relapse_proportion),
                 PredType::NATIVE_DOUBLE);
  t.insertMember("median_follow_up", offsetof(CohortResult, median_follow_up),
                 PredType::NATIVE_DOUBLE);
  t.insertMember("median_time_to_relapse", offsetof(CohortResult, median_time_to_relapse),
                 PredType::NATIVE_DOUBLE);
  t.insertMember("median_time_to_regain", offsetof(CohortResult, median_time_to_regain),
                 PredType::NATIVE_DOUBLE);
  t.insertMember("km", offsetof(CohortResult, km), landmarks);
  t.insertMember("km_lower", offsetof(CohortResult, km_lower), landmarks);
  t.insertMember("km_upper", offsetof(CohortResult, km_upper), landmarks);
  t.insertMember("statistic", offsetof(CohortResult, statistic), tests);
  t.insertMember("p_value", offsetof(CohortResult, p_value), tests);
  t.insertMember("reject", offsetof(CohortResult, reject), decisions);
  t.insertMember("hazard_ratio", offsetof(CohortResult, hazard_ratio), PredType::NATIVE_DOUBLE);
  t.insertMember("hazard_ratio_lower", offsetof(CohortResult, hazard_ratio_lower),
                 PredType::NATIVE_DOUBLE);
  t.insertMember("hazard_ratio_upper", offsetof(CohortResult, hazard_ratio_upper),
                 PredType::NATIVE_DOUBLE);
  t.insertMember("null_p_value", offsetof(CohortResult, null_p_value), tests);
  t.insertMember("null_reject", offsetof(CohortResult, null_reject), decisions);
  insert_arm_members(t, columns.landmarks);
  t.insertMember("boundary_p_value", offsetof(CohortResult, boundary_p_value), tests);
  t.insertMember("boundary_reject", offsetof(CohortResult, boundary_reject), decisions);
  if (columns.looks) insert_look_members(t);
  return t;
}

H5::CompType summary_type() {
  H5::CompType t(sizeof(SummaryRecord));
  const auto tests = array_of(PredType::NATIVE_DOUBLE, analysis::kMaxTests);
  const hsize_t km_dims[2] = {analysis::kMaxLandmarks, 7};
  t.insertMember("design_point", offsetof(SummaryRecord, design_point), PredType::NATIVE_INT32);
  t.insertMember("cohorts", offsetof(SummaryRecord, cohorts), PredType::NATIVE_INT64);
  t.insertMember("mean_evaluable", offsetof(SummaryRecord, mean_evaluable),
                 PredType::NATIVE_DOUBLE);
  t.insertMember("mean_relapses", offsetof(SummaryRecord, mean_relapses), PredType::NATIVE_DOUBLE);
  t.insertMember("mean_relapse_proportion", offsetof(SummaryRecord, mean_relapse_proportion),
                 PredType::NATIVE_DOUBLE);
  t.insertMember("relapse_proportion_quantiles",
                 offsetof(SummaryRecord, relapse_proportion_quantiles),
                 array_of(PredType::NATIVE_DOUBLE, 7));
  t.insertMember("km_quantiles", offsetof(SummaryRecord, km_quantiles),
                 H5::ArrayType(PredType::NATIVE_DOUBLE, 2, km_dims));
  t.insertMember("power", offsetof(SummaryRecord, power), tests);
  t.insertMember("power_se", offsetof(SummaryRecord, power_se), tests);
  t.insertMember("power_lower", offsetof(SummaryRecord, power_lower), tests);
  t.insertMember("power_upper", offsetof(SummaryRecord, power_upper), tests);
  const auto seven = array_of(PredType::NATIVE_DOUBLE, 7);
  t.insertMember("events_quantiles", offsetof(SummaryRecord, events_quantiles), seven);
  t.insertMember("time_to_relapse_quantiles", offsetof(SummaryRecord, time_to_relapse_quantiles),
                 seven);
  t.insertMember("time_to_regain_quantiles", offsetof(SummaryRecord, time_to_regain_quantiles),
                 seven);
  t.insertMember("hazard_ratio_quantiles", offsetof(SummaryRecord, hazard_ratio_quantiles), seven);
  t.insertMember("type_i_error", offsetof(SummaryRecord, type_i_error), tests);
  t.insertMember("type_i_error_se", offsetof(SummaryRecord, type_i_error_se), tests);
  insert_summary_arm_members(t);
  t.insertMember("size_at_boundary", offsetof(SummaryRecord, size_at_boundary), tests);
  t.insertMember("size_at_boundary_se", offsetof(SummaryRecord, size_at_boundary_se), tests);
  return t;
}

H5::CompType patient_type() {
  using T = Tagged<PatientRecord>;
  H5::CompType t(sizeof(T));
  const std::size_t r = offsetof(T, record);
  const auto i8 = PredType::NATIVE_INT8;
  const auto f8 = PredType::NATIVE_DOUBLE;
  t.insertMember("design_point", offsetof(T, design_point), PredType::NATIVE_INT32);
  t.insertMember("cohort", offsetof(T, cohort), PredType::NATIVE_INT64);
  t.insertMember("patient", r + offsetof(PatientRecord, patient), PredType::NATIVE_INT32);
  t.insertMember("entry_day", r + offsetof(PatientRecord, entry_day), f8);
  t.insertMember("evaluable", r + offsetof(PatientRecord, evaluable), i8);
  t.insertMember("age_years", r + offsetof(PatientRecord, age_years), f8);
  t.insertMember("sokal", r + offsetof(PatientRecord, sokal), i8);
  t.insertMember("prior_ifn", r + offsetof(PatientRecord, prior_ifn), i8);
  t.insertMember("cmr_duration", r + offsetof(PatientRecord, cmr_duration), f8);
  t.insertMember("mmr_duration", r + offsetof(PatientRecord, mmr_duration), f8);
  t.insertMember("im_duration", r + offsetof(PatientRecord, im_duration), f8);
  t.insertMember("ifn_per_week", r + offsetof(PatientRecord, ifn_per_week), i8);
  t.insertMember("cured", r + offsetof(PatientRecord, cured), i8);
  t.insertMember("latent_relapse", r + offsetof(PatientRecord, latent_relapse), f8);
  t.insertMember("relapsed", r + offsetof(PatientRecord, relapsed), i8);
  t.insertMember("time", r + offsetof(PatientRecord, time), f8);
  t.insertMember("confirmed", r + offsetof(PatientRecord, confirmed), f8);
  t.insertMember("follow_up", r + offsetof(PatientRecord, follow_up), f8);
  t.insertMember("first_loss", r + offsetof(PatientRecord, first_loss), f8);
  t.insertMember("time_to_regain", r + offsetof(PatientRecord, time_to_regain), f8);
  t.insertMember("arm", r + offsetof(PatientRecord, arm), i8);
  t.insertMember("censor_reason", r + offsetof(PatientRecord, censor_reason), i8);
  return t;
}

H5::CompType measurement_type() {
  using T = Tagged<Measurement>;
  H5::CompType t(sizeof(T));
  const std::size_t r = offsetof(T, record);
  t.insertMember("design_point", offsetof(T, design_point), PredType::NATIVE_INT32);
  t.insertMember("cohort", offsetof(T, cohort), PredType::NATIVE_INT64);
  t.insertMember("patient", r + offsetof(Measurement, patient), PredType::NATIVE_INT32);
  t.insertMember("day", r + offsetof(Measurement, day), PredType::NATIVE_DOUBLE);
  t.insertMember("true_ratio", r + offsetof(Measurement, true_ratio), PredType::NATIVE_DOUBLE);
  t.insertMember("abl_copies", r + offsetof(Measurement, abl_copies), PredType::NATIVE_DOUBLE);
  t.insertMember("bcr_abl_copies", r + offsetof(Measurement, bcr_abl_copies),
                 PredType::NATIVE_DOUBLE);
  t.insertMember("measured_ratio", r + offsetof(Measurement, measured_ratio),
                 PredType::NATIVE_DOUBLE);
  t.insertMember("on_im", r + offsetof(Measurement, on_im), PredType::NATIVE_INT8);
  return t;
}

H5::DataSet create_extendible(H5::Group& where, const std::string& name, const H5::CompType& type) {
  const hsize_t initial = 0;
  const hsize_t unlimited = H5S_UNLIMITED;
  const H5::DataSpace space(1, &initial, &unlimited);
  H5::DSetCreatPropList props;
  props.setChunk(1, &kChunkRows);
  props.setDeflate(kDeflateLevel);
  return where.createDataSet(name, packed(type), space, props);
}

void write_string_attribute(H5::H5Object& object, const std::string& name,
                            const std::string& value) {
  const H5::StrType type(H5::PredType::C_S1, H5T_VARIABLE);
  object.createAttribute(name, type, H5::DataSpace(H5S_SCALAR)).write(type, value);
}

void write_strings_attribute(H5::H5Object& object, const std::string& name,
                             const std::vector<std::string>& values) {
  const H5::StrType type(H5::PredType::C_S1, H5T_VARIABLE);
  std::vector<const char*> pointers;
  for (const auto& v : values) pointers.push_back(v.c_str());
  const hsize_t n = values.size();
  if (n == 0) {
    object.createAttribute(name, type, H5::DataSpace(H5S_NULL));
    return;
  }
  object.createAttribute(name, type, H5::DataSpace(1, &n)).write(type, pointers.data());
}

std::string read_string_attribute(const H5::H5Object& object, const std::string& name) {
  const H5::Attribute attribute = object.openAttribute(name);
  std::string value;
  attribute.read(attribute.getStrType(), value);
  return value;
}

std::vector<std::string> read_strings_attribute(const H5::H5Object& object,
                                                const std::string& name) {
  const H5::Attribute attribute = object.openAttribute(name);
  const H5::DataSpace space = attribute.getSpace();
  if (space.getSimpleExtentType() == H5S_NULL) return {};
  const auto n = static_cast<std::size_t>(space.getSimpleExtentNpoints());
  std::vector<char*> pointers(n, nullptr);
  const H5::StrType type(H5::PredType::C_S1, H5T_VARIABLE);
  attribute.read(type, pointers.data());
  std::vector<std::string> values(pointers.begin(), pointers.end());
  H5Dvlen_reclaim(type.getId(), space.getId(), H5P_DEFAULT, pointers.data());
  return values;
}

}  // namespace jisas::io::h5

// Hahnel et al. 2020 (Cancer Res 80:2394), Table S1: the 21 patients' fitted parameters,
// as transcribed from the bioRxiv supplement (10.1101/722546) in radivot/myelo
// (myelo/inst/doc/glauchePars20.R, with its higher-precision p_YX, p_XY and p_Z "from
// Tom Hahnel's email"); immune classes and relapses from the same file and
// myelo CML/TFR/README.md. Rates per month, counts in cells (K_Y = 1e6).
#pragma once

#include <array>

namespace jisas::models {

struct HahnelFit {
  int patient;
  char immune_class;  // A: no immune window; B: stable control; C: labile control
  bool relapsed;      // after the TKI stop in the study
  double p_yx, p_xy, e_tki, p_z, k_z;
  double stop_month;  // CessT, months from diagnosis
  double y0;          // Y at diagnosis
};

inline constexpr std::array<HahnelFit, 21> kHahnelTableS1{{
    {1, 'C', true, 0.0126, 0.0483, 13.90, 2210.0, 362.0, 85.9, 742834},
    {2, 'A', true, 0.00033, 0.0452, 1.95, 1940.0, 508.0, 85.7, 109001},
    {3, 'A', true, 0.878, 0.184, 6.48, 1.5e-07, 4.29, 72.9, 33678},
    {4, 'C', true, 0.000271, 1.68e-06, 2.31, 53800.0, 9570.0, 95.2, 217698},
    {5, 'C', false, 0.000181, 0.00615, 2.38, 176.0, 28.7, 60.3, 312895},
    {6, 'B', false, 0.702, 0.205, 2.07, 311000.0, 6480.0, 53.0, 2740},
    {7, 'A', true, 0.00106, 0.000406, 1.86, 0.00585, 26.3, 108.0, 11949},
    {8, 'C', false, 0.000215, 4.26e-05, 1.86, 696.0, 74.7, 84.7, 61731},
    {9, 'A', true, 0.000378, 0.0732, 2.56, 325.0, 85.7, 60.7, 739824},
    {10, 'C', true, 0.000635, 0.0447, 2.77, 473.0, 115.0, 70.5, 559804},
    {11, 'C', false, 0.000302, 0.00292, 2.57, 2820.0, 318.0, 50.1, 878259},
    {12, 'B', false, 0.0379, 0.00276, 4.30, 19800.0, 462.0, 141.0, 863636},
    {13, 'B', false, 0.107, 4.56e-05, 3.23, 132000.0, 2120.0, 145.0, 975440},
    {14, 'B', false, 0.00985, 1.1e-06, 2.13, 54000.0, 1430.0, 165.0, 1045239},
    {15, 'B', false, 0.585, 0.056, 3.62, 82600.0, 1300.0, 131.0, 599823},
    {16, 'B', false, 0.586, 3.22e-05, 17.70, 57600.0, 1550.0, 60.7, 546945},
    {17, 'C', true, 0.00122, 0.0452, 2.36, 26800.0, 5700.0, 95.6, 996734},
    {18, 'A', true, 0.000457, 0.051, 3.32, 6.57e-07, 6.84, 81.3, 1630508},
    {19, 'A', true, 4.54e-05, 2.86e-06, 1.86, 14.7, 1740.0, 92.6, 637927},
    {20, 'B', false, 0.00895, 0.0387, 2.38, 4420.0, 419.0, 99.0, 628117},
    {21, 'B', false, 0.0224, 0.0353, 7.01, 2530.0, 212.0, 69.3, 309978},
}};

}  // namespace jisas::models

# rpact's simulation and analytic power for the design of tests/run/rpact_survival.yaml
# (issue 14): two arms of 100, uniform accrual over 12 months, exponential relapse with a
# control median of 6 months, hazard ratio 0.6, no dropout; looks at 40 and 80 events, the
# final at 120; one-sided log-rank at 0.025, O'Brien-Fleming-type alpha spending.
# Writes the reference values as JSON for tests/run/check_rpact_survival.py.
# Usage: Rscript rpact_survival.R OUT.json
suppressMessages({library(rpact); library(jsonlite)})
out <- commandArgs(trailingOnly = TRUE)[1]
iterations <- 10000

design <- getDesignGroupSequential(kMax = 3, alpha = 0.025, sided = 1, typeOfDesign = "asOF",
                                   informationRates = c(40, 80, 120) / 120)
sim <- getSimulationSurvival(design, lambda2 = log(2) / 6, hazardRatio = 0.6,
                             directionUpper = FALSE, plannedEvents = c(40, 80, 120),
                             accrualTime = c(0, 12), maxNumberOfSubjects = 200,
                             maxNumberOfIterations = iterations, seed = 20261202)
# The fixed design: one analysis at 120 events (Schoenfeld's normal approximation).
fixed <- getPowerSurvival(getDesignGroupSequential(kMax = 1, alpha = 0.025, sided = 1),
                          lambda2 = log(2) / 6, hazardRatio = 0.6, directionUpper = FALSE,
                          maxNumberOfEvents = 120, accrualTime = c(0, 12),
                          maxNumberOfSubjects = 200)
write_json(list(
  rpact_version = as.character(packageVersion("rpact")),
  iterations = iterations,
  reject_per_stage = as.vector(sim$rejectPerStage),
  overall_reject = sim$overallReject,
  expected_events = sim$expectedNumberOfEvents,
  expected_subjects = sim$expectedNumberOfSubjects,
  analysis_time_months = as.vector(sim$analysisTime),
  fixed_power = fixed$overallReject,
  fixed_analysis_time_months = as.vector(fixed$analysisTime)
), out, auto_unbox = TRUE, digits = NA)

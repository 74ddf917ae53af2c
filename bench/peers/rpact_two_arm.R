# The ENDURE-sized two-arm design of bench/peers (issue 18) in rpact: 203 patients 1:1,
# uniform accrual over 36 months, analysis after 24 months' minimum follow-up, control
# relapse-free S0(t) = 0.58 + 0.42 exp(-t / 4 months) (scenarios/two_arm.yaml's hazard model
# at the reference CMR duration), hazard ratio 0.5, two-sided log-rank at 0.05 (one-sided
# 0.025 in rpact). rpact simulates event times only, from a piecewise exponential; the
# cure-model curve is given as its piecewise hazards over 0-3-6-12-24-60 months (the
# population hazard averaged on each piece), and the analysis is event-driven at 61
# events, the mean number of relapses jisas-sim's fixed-follow-up design sees (60.7, with
# its monthly visits, dropout, unevaluable patients and IFN only while it is given, which
# is also why the two powers differ: the comparison is of cost, not of answers).
# Usage: Rscript rpact_two_arm.R ITERATIONS  -> prints "rpact_seconds <s> power <p>"
suppressMessages(library(rpact))
iterations <- as.integer(commandArgs(trailingOnly = TRUE)[1])
s0 <- function(t) 0.58 + 0.42 * exp(-t / 4)
breaks <- c(0, 3, 6, 12, 24, 60)
lambda2 <- -diff(log(s0(breaks))) / diff(breaks)  # average hazard on each piece
design <- getDesignGroupSequential(kMax = 1, alpha = 0.025, sided = 1)
elapsed <- system.time(
  sim <- getSimulationSurvival(design, piecewiseSurvivalTime = breaks[-length(breaks)],
                               lambda2 = lambda2, hazardRatio = 0.5, directionUpper = FALSE,
                               plannedEvents = 61, accrualTime = c(0, 36),
                               maxNumberOfSubjects = 203, maxNumberOfIterations = iterations,
                               seed = 20160101)
)[["elapsed"]]
cat(sprintf("rpact_seconds %.3f power %.4f version %s\n", elapsed, sim$overallReject,
            as.character(packageVersion("rpact"))))

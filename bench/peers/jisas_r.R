# The single-arm JISAS workload of scenarios/jisas.yaml written as a planner would in R
# (bench/peers, issue 18): per cohort 15 patients entering uniformly Sep 2009 - Dec 2011,
# 20% unevaluable, CMR duration log-normal (median 28 months, sdlog 0.6), cure probability
# logistic in CMR years (0.55 at 2.5 years, log-odds 0.8 per year), IFN hazard ratio 0.5 on
# the population curve (S = S0^HR), Weibull(1.3, 3 months) latent relapse, monthly visits
# with relapse dated at the first of two successive losses, the analysis on 1 Oct 2012;
# survfit's KM at 6, 12 and 24 months, the landmark z-test against 41% on the log-log
# scale, and wilcox.test of CMR duration between sustained and relapsed patients. The
# assay is not simulated (jisas-sim simulates it at every visit): this is a lower bound
# on what an R implementation of the same trial costs.
# Usage: Rscript jisas_r.R COHORTS  -> prints "r_seconds <s> per_cohort_ms <ms> power <p>"
suppressMessages(library(survival))
cohorts <- as.integer(commandArgs(trailingOnly = TRUE)[1])
mo <- 365.25 / 12
one_cohort <- function() {
  n <- 15
  entry <- runif(n, 0, 851)
  cmr <- rlnorm(n, log(28 * mo), 0.6)
  p <- plogis(qlogis(0.55) + 0.8 * (cmr / 365.25 - 2.5))
  u <- runif(n)  # population survival S0^0.5 crosses u: S0(t) = u^2
  target <- u^2
  latent <- rep(Inf, n)  # cured where the target lies below the cure probability
  relapsing <- target > p
  q <- (target[relapsing] - p[relapsing]) / (1 - p[relapsing])
  latent[relapsing] <- 3 * mo * (-log(q))^(1 / 1.3)
  first_loss <- ceiling(latent / mo) * mo          # the first monthly visit past it
  follow <- 1126 - entry                            # days to the analysis date
  relapsed <- first_loss + mo <= follow             # confirmed at the next visit
  time <- ifelse(relapsed, first_loss, pmin(follow, 36 * mo))
  keep <- runif(n) > 0.2
  time <- time[keep]; relapsed <- relapsed[keep]; cmr <- cmr[keep]
  fit <- survfit(Surv(time, relapsed) ~ 1, conf.type = "log-log")
  s <- summary(fit, times = c(6, 12, 24) * mo, extend = TRUE)
  s12 <- s$surv[2]; se12 <- s$std.err[2]
  z <- if (s12 > 0 && s12 < 1) (log(-log(0.41)) - log(-log(s12))) / (se12 / abs(s12 * log(s12))) else 0
  if (any(relapsed) && any(!relapsed)) suppressWarnings(wilcox.test(cmr[!relapsed], cmr[relapsed]))
  z > qnorm(0.95)
}
set.seed(20091001)
elapsed <- system.time(rejections <- sum(replicate(cohorts, one_cohort())))[["elapsed"]]
cat(sprintf("r_seconds %.3f per_cohort_ms %.4f power %.4f\n", elapsed,
            1000 * elapsed / cohorts, rejections / cohorts))

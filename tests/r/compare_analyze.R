# Cross-check of `jisas-sim analyze --json` against R on many data sets.
# Usage: Rscript compare_analyze.R path/to/jisas-sim work-directory scenarios/jisas_interim.csv
# For each data set: survfit (rows, Greenwood SE of S, limits), summary(fit, times,
# extend = TRUE), the print.survfit median, wilcox.test(x, y) and survdiff; every number
# must agree to 1e-9 relative, and R's NA/NaN must be JSON null. With a group column also
# survfit(~ grp) per stratum (1e-9), Peto's hazard ratios from survdiff of each pair with
# the first level (1e-9) and coxph(~ factor(grp)) with Efron ties (1e-6: coef, se, hazard
# ratio, limits, z, p, the three global tests, the log-likelihoods), including R's
# "coefficient may be infinite" warning (status "infinite") and NA (status "not_estimable").
suppressPackageStartupMessages({ library(survival); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
exe <- args[1]; dir <- args[2]; interim <- args[3]
dir.create(dir, showWarnings = FALSE, recursive = TRUE)
failures <- 0L; checks <- 0L; worst <- list("1e-09" = 0, "1e-06" = 0)

# |a - b| <= tol * max(|b|, floor): relative, absolute near zero.
same <- function(a, b, what, tol = 1e-9, floor = 1e-12) {
  a <- if (is.null(a)) NA_real_ else as.numeric(a)
  b <- as.numeric(b)
  ok <- length(a) == length(b) &&
    all(ifelse(is.na(b), is.na(a), !is.na(a) & abs(a - b) <= tol * pmax(abs(b), floor)))
  checks <<- checks + 1L
  both <- !is.na(a) & !is.na(b)
  if (ok && any(both)) {  # the largest relative difference seen, per tolerance
    key <- format(tol)
    worst[[key]] <<- max(worst[[key]], abs(a - b)[both] / pmax(abs(b), floor)[both])
  }
  if (!ok) {
    failures <<- failures + 1L
    cat(sprintf("MISMATCH %s\n  jisas-sim: %s\n  R:         %s\n", what,
                paste(format(a, digits = 17), collapse = " "),
                paste(format(b, digits = 17), collapse = " ")))
  }
}

source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(), value = TRUE))),
                 "compare_analyze_groups.R"))

column <- function(rows, key) sapply(rows, function(r) if (is.null(r[[key]])) NA_real_ else r[[key]])

check_case <- function(name, d, conf.type = "log-log", conf.int = 0.95, landmarks = c(6, 12, 24),
                       alternative = "two.sided") {
  path <- file.path(dir, paste0(name, ".csv"))
  write.csv(d, path, row.names = FALSE)
  cmd <- c("analyze", path, "--json", "--conf-type", conf.type, "--conf-level", conf.int,
           "--landmarks", paste(landmarks, collapse = ","), "--alternative", alternative)
  if ("cov" %in% names(d)) cmd <- c(cmd, "--covariate", "cov")
  if ("grp" %in% names(d)) cmd <- c(cmd, "--group", "grp")
  out <- system2(exe, cmd, stdout = TRUE)
  j <- fromJSON(paste(out, collapse = ""), simplifyVector = FALSE)
  fit <- survfit(Surv(time, event) ~ 1, data = d, conf.type = conf.type, conf.int = conf.int)
  tag <- function(x) paste(name, x)
  same(j$n, nrow(d), tag("n")); same(j$events, sum(d$event), tag("events"))
  same(column(j$km, "time"), fit$time, tag("km time"))
  same(column(j$km, "n_risk"), fit$n.risk, tag("n_risk"))
  same(column(j$km, "n_event"), fit$n.event, tag("n_event"))
  same(column(j$km, "n_censor"), fit$n.censor, tag("n_censor"))
  same(column(j$km, "survival"), fit$surv, tag("survival"))
  same(column(j$km, "std_err"), fit$surv * fit$std.err, tag("std_err"))
  same(column(j$km, "lower"), fit$lower, tag("lower"))
  same(column(j$km, "upper"), fit$upper, tag("upper"))
  s <- summary(fit, times = landmarks, extend = TRUE)
  same(column(j$landmarks, "survival"), s$surv, tag("landmark survival"))
  same(column(j$landmarks, "std_err"), s$std.err, tag("landmark std_err"))
  same(column(j$landmarks, "lower"), s$lower, tag("landmark lower"))
  same(column(j$landmarks, "upper"), s$upper, tag("landmark upper"))
  same(j$median, summary(fit)$table[["median"]], tag("median"))
  if ("cov" %in% names(d)) {
    x <- d$cov[d$event == 0]; y <- d$cov[d$event == 1]
    if (length(x) > 0 && length(y) > 0) {
      w <- suppressWarnings(wilcox.test(x, y, alternative = alternative))
      same(j$mann_whitney$W, w$statistic, tag("W"))
      same(j$mann_whitney$p_value, w$p.value, tag("Mann-Whitney p"))
      exact <- length(x) < 50 && length(y) < 50 && !any(duplicated(c(x, y)))
      checks <<- checks + 1L
      if (j$mann_whitney$method != if (exact) "exact" else "normal") {
        failures <<- failures + 1L; cat("MISMATCH", tag("method"), "\n")
      }
    }
  }
  if ("grp" %in% names(d)) {
    sd <- survdiff(Surv(time, event) ~ grp, data = d)
    same(j$logrank$chisq, sd$chisq, tag("log-rank chisq"))
    same(j$logrank$p_value, sd$pvalue, tag("log-rank p"))
    same(j$logrank$df, sum(sd$exp > 0) - 1, tag("log-rank df"))
    check_groups(j, d, tag, conf.type, conf.int, landmarks)
  }
}

set.seed(20091001)
interim_data <- read.csv(interim)[, c("months", "relapse", "cmr_months", "prior_ifn")]
check_case("jisas_interim", setNames(interim_data, c("time", "event", "cov", "grp")))
for (i in 1:12) {
  n <- sample(c(8, 15, 30, 80, 160), 1)
  # Times rounded to whole months: ties, and censorings at event times.
  d <- data.frame(time = round(rexp(n, 0.08)), event = rbinom(n, 1, 0.6),
                  cov = if (i %% 2) round(runif(n, 0, 60)) else rnorm(n, 30, 10),
                  grp = sample(c("IFN", "stop", "other"), n, replace = TRUE, prob = c(.6, .3, .1)))
  for (ct in c("log-log", "log", "plain")) {
    check_case(sprintf("random%02d_%s", i, ct), d, conf.type = ct,
               conf.int = c(0.95, 0.9, 0.8)[1 + i %% 3],
               alternative = c("two.sided", "less", "greater")[1 + i %% 3])
  }
}
check_case("all_censored", data.frame(time = c(3, 5, 5, 9), event = 0, cov = c(1, 2, 3, 4)))
check_case("all_events", data.frame(time = c(1, 2, 2, 7), event = 1, grp = c(1, 1, 2, 2)))
check_case("one_patient", data.frame(time = 4, event = 1), landmarks = c(0, 4, 10))
check_case("lopsided_groups", data.frame(time = c(1:100, 3, 50), event = rep(c(1, 0), 51),
                                         grp = c(rep("a", 100), "b", "b")))
lung1 <- lung[!is.na(lung$ph.ecog), ]
check_case("lung_ph_ecog", data.frame(time = lung1$time, event = lung1$status - 1,
                                      grp = lung1$ph.ecog), landmarks = c(180, 365, 730))
# A group without events (infinite coefficient, R warns), a group never at risk at an
# event time (R: NA), and six tied events at each of three times.
check_case("group_without_events", data.frame(time = c(1, 2, 2, 3, 4, 5, 5, 6),
                                              event = c(1, 1, 1, 0, 1, 0, 0, 0),
                                              grp = c("a", "a", "b", "b", "a", "c", "c", "c")))
check_case("reference_without_events", data.frame(time = c(1, 2, 3, 4, 5, 6, 7), event = c(0, 1, 0, 1, 1, 0, 1),
                                                  grp = c("a", "b", "a", "b", "b", "a", "b")))
check_case("group_never_at_risk", data.frame(time = c(3, 4, 5, 6, 1, 1), event = c(1, 1, 0, 1, 0, 0),
                                             grp = c("a", "b", "a", "b", "c", "c")))
check_case("heavy_ties", data.frame(time = rep(c(1, 2, 3), each = 8),
                                    event = rep(c(1, 1, 1, 0, 1, 1, 0, 1), 3),
                                    grp = rep(c(0, 1, 1, 0, 2, 0, 1, 2), 3)))
check_case("exact_49", data.frame(time = 1:98, event = rep(0:1, 49), cov = (1:98) * 1.37))
check_case("normal_50", data.frame(time = 1:100, event = rep(0:1, 50), cov = (1:100) * 1.37))

cat(sprintf("largest relative difference: %.2g (checked to 1e-9), %.2g (Cox, checked to 1e-6)\n",
            worst[["1e-09"]], worst[["1e-06"]]))
cat(sprintf("%d passed, %d failed\n", checks - failures, failures))
quit(status = if (failures == 0L) 0L else 1L)

# The --group part of compare_analyze.R (sourced by it; uses its same() and column()):
# Kaplan-Meier per group, Peto's hazard ratio of each group against the first level, and
# coxph(Surv(time, event) ~ factor(grp)) with its default Efron ties.

check_group_km <- function(j, d, tag, conf.type, conf.int, landmarks) {
  fit <- survfit(Surv(time, event) ~ factor(grp), data = d, conf.type = conf.type,
                 conf.int = conf.int)
  lev <- levels(factor(d$grp))
  same(length(j$group_km), length(lev), tag("group count"))
  table <- summary(fit)$table
  if (!is.matrix(table)) table <- t(as.matrix(table))
  for (k in seq_along(lev)) {
    g <- j$group_km[[k]]; f <- fit[k]; gt <- function(x) tag(paste0("group ", lev[k], " ", x))
    checks <<- checks + 1L
    if (!identical(g$level, as.character(lev[k]))) {
      failures <<- failures + 1L; cat("MISMATCH", gt("level"), g$level, "\n")
    }
    same(g$n, fit$n[k], gt("n")); same(g$events, sum(f$n.event), gt("events"))
    same(column(g$km, "time"), f$time, gt("km time"))
    same(column(g$km, "n_risk"), f$n.risk, gt("n_risk"))
    same(column(g$km, "survival"), f$surv, gt("survival"))
    same(column(g$km, "std_err"), f$surv * f$std.err, gt("std_err"))
    same(column(g$km, "lower"), f$lower, gt("lower"))
    same(column(g$km, "upper"), f$upper, gt("upper"))
    s <- summary(f, times = landmarks, extend = TRUE)
    same(column(g$landmarks, "survival"), s$surv, gt("landmark survival"))
    same(column(g$landmarks, "std_err"), s$std.err, gt("landmark std_err"))
    same(column(g$landmarks, "lower"), s$lower, gt("landmark lower"))
    same(column(g$landmarks, "upper"), s$upper, gt("landmark upper"))
    same(g$median, table[k, "median"], gt("median"))
  }
}

# Peto: exp((O - E) / V) of the second group in survdiff of the pair (first level, k).
check_peto <- function(j, d, tag) {
  lev <- levels(factor(d$grp))
  for (k in seq_along(lev)[-1]) {
    pair <- d[d$grp %in% lev[c(1, k)], ]
    sd <- survdiff(Surv(time, event) ~ factor(grp, levels = lev[c(1, k)]), data = pair)
    v <- sd$var[2, 2]
    lhr <- if (v > 0) (sd$obs[2] - sd$exp[2]) / v else NA
    half <- qnorm(0.975) / sqrt(v)
    p <- j$peto$terms[[k - 1]]; pt <- function(x) tag(paste0("Peto ", lev[k], " ", x))
    same(p$hazard_ratio, exp(lhr), pt("HR"))
    same(p$lower, exp(lhr - half), pt("lower"))
    same(p$upper, exp(lhr + half), pt("upper"))
  }
}

# coxph with its warnings caught: "coefficient may be infinite" names the variables.
fit_cox <- function(d) {
  infinite <- integer(0); ran_out <- FALSE
  f <- withCallingHandlers(coxph(Surv(time, event) ~ factor(grp), data = d),
    warning = function(w) {
      m <- conditionMessage(w)
      if (grepl("may be infinite", m) && grepl("variable", m)) {
        infinite <<- as.integer(strsplit(sub(".*variable *([0-9, ]+);.*", "\\1", m), ",")[[1]])
      }
      if (grepl("Ran out of iterations", m)) ran_out <<- TRUE
      invokeRestart("muffleWarning")
    })
  list(fit = f, infinite = infinite, ran_out = ran_out)
}

check_cox_terms <- function(j, f, infinite, tag) {
  s <- summary(f)
  cf <- coef(f)
  for (k in seq_along(cf)) {
    term <- j$cox$terms[[k]]; ct <- function(x) tag(paste0("Cox term ", k, " ", x))
    status <- if (is.na(cf[k])) "not_estimable" else if (k %in% infinite) "infinite" else "estimated"
    checks <<- checks + 1L
    if (!identical(term$status, status)) {
      failures <<- failures + 1L; cat("MISMATCH", ct("status"), term$status, status, "\n")
    }
    if (status == "not_estimable") {  # R: coef NA, se 0; jisas-sim: both null
      same(column(list(term), "coef"), NA, ct("not estimable coef"))
      same(column(list(term), "se"), NA, ct("not estimable se"))
      same(column(list(term), "hazard_ratio"), NA, ct("not estimable HR"))
      next
    }
    if (status == "infinite") {
      same(term$hazard_ratio, if (cf[k] < 0) 0 else NA, ct("infinite HR"))
      next
    }
    # coef and z can be 0 (up to rounding, ~1e-16): absolute 1e-12 there
    same(term$coef, cf[k], ct("coef"), 1e-6, floor = 1e-6)
    same(term$se, s$coefficients[k, "se(coef)"], ct("se"), 1e-6)
    same(term$hazard_ratio, s$conf.int[k, "exp(coef)"], ct("HR"), 1e-6)
    same(term$lower, s$conf.int[k, "lower .95"], ct("lower"), 1e-6)
    same(term$upper, s$conf.int[k, "upper .95"], ct("upper"), 1e-6)
    same(term$z, s$coefficients[k, "z"], ct("z"), 1e-6, floor = 1e-6)
    same(term$p_value, s$coefficients[k, "Pr(>|z|)"], ct("p"), 1e-6)
  }
}

check_cox <- function(j, d, tag) {
  r <- fit_cox(d)
  f <- r$fit; s <- summary(f)
  checks <<- checks + 1L
  if (!identical(j$cox$converged, !r$ran_out)) {
    failures <<- failures + 1L; cat("MISMATCH", tag("Cox converged"), "\n")
  }
  if (r$ran_out) return(invisible())
  check_cox_terms(j, f, r$infinite, tag)
  df <- sum(!is.na(coef(f)))
  same(j$cox$loglik_null, f$loglik[1], tag("Cox loglik null"), 1e-6)
  same(j$cox$loglik, f$loglik[2], tag("Cox loglik"), 1e-6)
  same(j$cox$score$chisq, s$sctest[["test"]], tag("Cox score"), 1e-6)
  same(j$cox$score$p_value, s$sctest[["pvalue"]], tag("Cox score p"), 1e-6)
  same(j$cox$likelihood_ratio$chisq, s$logtest[["test"]], tag("Cox LR"), 1e-6)
  same(j$cox$likelihood_ratio$p_value, s$logtest[["pvalue"]], tag("Cox LR p"), 1e-6)
  same(j$cox$likelihood_ratio$df, df, tag("Cox df"))
  if (length(r$infinite) == 0) {
    # f$wald.test: summary() rounds its waldtest to 2 decimals
    same(j$cox$wald$chisq, f$wald.test, tag("Cox Wald"), 1e-6)
    same(j$cox$wald$p_value, pchisq(f$wald.test, df, lower.tail = FALSE), tag("Cox Wald p"), 1e-6)
  } else {
    same(j$cox$wald$chisq, NA, tag("Cox Wald (infinite coefficient)"))
  }
}

check_groups <- function(j, d, tag, conf.type, conf.int, landmarks) {
  check_group_km(j, d, tag, conf.type, conf.int, landmarks)
  if (length(unique(d$grp)) < 2) {
    checks <<- checks + 1L
    if (!is.null(j$cox)) { failures <<- failures + 1L; cat("MISMATCH", tag("Cox with one group"), "\n") }
    return(invisible())
  }
  checks <<- checks + 1L
  if (!identical(j$cox$reference, as.character(levels(factor(d$grp))[1]))) {
    failures <<- failures + 1L; cat("MISMATCH", tag("Cox reference"), j$cox$reference, "\n")
  }
  check_peto(j, d, tag)
  if (sum(d$event) > 0) check_cox(j, d, tag)
}

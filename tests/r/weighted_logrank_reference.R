# Reference values for tests/unit/test_weighted_logrank.cpp (issue 16): Fleming-Harrington
# G(rho, gamma) scores, variances and z from survMisc::comp (Debian r-cran-survmisc 0.5.6),
# G(0, 0) and G(1, 0) with ties from survival::survdiff(rho = 0, 1), the restricted mean
# and its standard error from survival's print.survfit(rmean = tau), and a MaxCombo
# p-value from mvtnorm::pmvnorm on the correlation of the four statistics.
# Run: Rscript tests/r/weighted_logrank_reference.R (needs Debian r-cran-survmisc and
# r-cran-mvtnorm; scripts/setup.sh does not install survMisc: the values are copied into the
# unit tests, which run without R).
suppressMessages({library(survival); library(survMisc); library(mvtnorm)})
options(digits = 17)

# No tied event times: survMisc's variance (without the ties factor (n - d)/(n - 1)) and
# the hypergeometric one agree, so every FH statistic can be compared.
time  <- c(1, 2, 3.5, 4, 5, 6, 7.5, 8, 9, 10, 11, 12.5, 14, 15, 16,
           1.2, 2.5, 3, 4.5, 5.5, 6.5, 7, 8.5, 9.5, 10.5, 11.5, 13, 14.5, 15.5, 17)
event <- c(1, 1, 1, 0, 1, 1, 0, 1, 0, 1, 0, 0, 1, 0, 0,
           1, 0, 1, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0)
arm   <- rep(c(0, 1), each = 15)
fit <- ten(Surv(time, event) ~ arm)
invisible(capture.output(comp(fit, p = c(0, 0, 1, 1, 0.5), q = c(0, 1, 0, 1, 2))))
lrt <- as.data.frame(attr(fit, "lrt"))
cat("survMisc::comp, no ties: W, Q (= O1 - E1), Var, Z\n")
print(lrt[grepl("FH", lrt$W), c("W", "Q", "Var", "Z")])

# MaxCombo on G(0,0), G(0,1), G(1,0), G(1,1): covariance sum w_a w_b V(t), by hand.
km <- survfit(Surv(time, event) ~ 1)
ev <- sort(unique(time[event == 1]))
s_before <- sapply(ev, function(t) { s <- km$surv[km$time < t]; if (length(s)) tail(s, 1) else 1 })
n  <- sapply(ev, function(t) sum(time >= t)); n1 <- sapply(ev, function(t) sum(time >= t & arm == 1))
d  <- sapply(ev, function(t) sum(time == t & event == 1))
v  <- d * (n - d) * n1 * (n - n1) / (n^2 * (n - 1))
w  <- cbind(1, 1 - s_before, s_before, s_before * (1 - s_before))
cov <- t(w) %*% (w * v)
corr <- cov2cor(cov)
z <- -lrt$Q[match(c("FH_p=0_q=0", "FH_p=0_q=1", "FH_p=1_q=0", "FH_p=1_q=1"), lrt$W)] / sqrt(diag(cov))
cat("MaxCombo z (E1 - O1 scale):\n"); print(z)
cat("correlation:\n"); print(corr)
zmax <- max(z)
cat("det(corr):", det(corr), "\n")
set.seed(1)
gb <- GenzBretz(maxpts = 1e7, abseps = 1e-8, releps = 0)
cat("greater: 1 - pmvnorm(upper = zmax), GenzBretz(abseps = 1e-8), and its error\n")
p <- pmvnorm(upper = rep(zmax, 4), corr = corr, algorithm = gb); print(c(1 - p[1], attr(p, "error")))
cat("two.sided: 1 - pmvnorm(-|z|max, |z|max)\n")
m <- max(abs(z))
p <- pmvnorm(lower = rep(-m, 4), upper = rep(m, 4), corr = corr, algorithm = gb); print(c(1 - p[1], attr(p, "error")))

# With ties: survdiff's hypergeometric variance, rho = 0 and rho = 1.
time2  <- c(1, 2, 2, 3, 5, 6, 6, 8, 9, 12, 14, 15, 1.5, 4, 4, 7, 10, 11, 13, 16, 3.5, 9.5, 6, 2)
event2 <- c(1, 1, 0, 1, 0, 1, 1, 0, 1, 0, 0, 0, 1, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1, 1)
arm2   <- c(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0)
for (rho in c(0, 1)) {
  sd <- survdiff(Surv(time2, event2) ~ arm2, rho = rho)
  cat("survdiff rho =", rho, ": E1 - O1 =", format(sd$exp[2] - sd$obs[2], digits = 17),
      " V11 =", format(sd$var[2, 2], digits = 17), "\n")
}

# Restricted mean to tau = 10 per arm (ties data), as print.survfit reports it.
rm <- summary(survfit(Surv(time2, event2) ~ arm2), rmean = 10)$table
cat("rmean, se(rmean) at tau = 10:\n"); print(rm[, c("rmean", "se(rmean)")])
z_rmst <- (rm[2, "rmean"] - rm[1, "rmean"]) / sqrt(sum(rm[, "se(rmean)"]^2))
cat("RMST difference z, greater p, two-sided p:\n")
print(c(z_rmst, pnorm(z_rmst, lower.tail = FALSE), 2 * pnorm(-abs(z_rmst))))
# tau beyond the last observed time of arm 0 (15): the curve carried flat.
print(summary(survfit(Surv(time2, event2) ~ arm2), rmean = 20)$table[, c("rmean", "se(rmean)")])

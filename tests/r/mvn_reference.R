# Regenerates the mvtnorm reference values pasted into tests/unit/test_multivariate_normal.cpp:
# Rscript tests/r/mvn_reference.R prints one C++ initialiser per case, each after a comment
# with the exact R call that produced it. Needs mvtnorm (1.1-3 produced the values in the
# test). Not run by CI.
#
# The reference is Miwa's algorithm (Miwa, Hayter & Kuriki 2003, JRSS B 65:223) with 4096
# grid points: deterministic and accurate to about 1e-10 for dimensions <= 8 (one-sided 2-D
# and 3-D values are also checked against TVPACK, Genz's bivariate/trivariate method to 1e-14,
# and in 2-D GenzBretz itself uses Genz's bivariate method: exact to about 1e-15). Each value
# is cross-checked with GenzBretz(maxpts = 1e7, abseps = 1e-9), whose difference and error
# estimate are printed; Miwa needs a nonsingular matrix, so singular cases use GenzBretz and
# the exact reduction to fewer variables.
suppressMessages(library(mvtnorm))
stopifnot(packageVersion("mvtnorm") == "1.1.3")

equi <- function(k, rho) { r <- matrix(rho, k, k); diag(r) <- 1; r }
R1 <- matrix(1)
R2 <- equi(2, 0.5)
R2neg <- matrix(c(1, -0.7, -0.7, 1), 2)
R3 <- equi(3, 0.5)
R3mixed <- matrix(c(1, -0.3, 0.2, -0.3, 1, 0.4, 0.2, 0.4, 1), 3)
R4 <- equi(4, 0.5)
R6 <- equi(6, 0.5)
R8 <- equi(8, 0.5)
# Fleming-Harrington FH(0,0), FH(0,1), FH(1,0), FH(1,1) log-rank statistics of a MaxCombo test.
RMaxCombo <- matrix(c(1, 0.78, 0.86, 0.93,
                      0.78, 1, 0.62, 0.91,
                      0.86, 0.62, 1, 0.80,
                      0.93, 0.91, 0.80, 1), 4)
# Singular: statistics 1 and 2 are the same (correlation 1).
RPair <- matrix(c(1, 1, 0.6, 1, 1, 0.6, 0.6, 0.6, 1), 3)
# Singular MaxCombo: FH(0,0) listed twice (weights that coincide).
RMaxComboTwice <- RMaxCombo[c(1, 1, 2, 3, 4), c(1, 1, 2, 3, 4)]
RAnti <- matrix(c(1, -1, -1, 1), 2)  # Z2 = -Z1

num <- function(x) if (is.infinite(x)) ifelse(x > 0, "kInf", "-kInf") else format(x)
cvec <- function(x) paste0("{", paste(sapply(x, num), collapse = ", "), "}")
rvec <- function(x) {
  if (length(x) > 1 && all(x == x[1])) return(sprintf("rep(%s, %d)", x[1], length(x)))
  paste0("c(", paste(x, collapse = ", "), ")")
}
fmt <- function(x) formatC(x, digits = 13, format = "g")

genz <- function(lower, upper, corr) {
  set.seed(20240601)
  alg <- GenzBretz(maxpts = 1e7, abseps = 1e-9)
  # In 1-D pmvnorm wants sigma (it then calls pnorm).
  if (length(lower) == 1) return(pmvnorm(lower, upper, sigma = corr, algorithm = alg))
  pmvnorm(lower, upper, corr = corr, algorithm = alg)
}

# label: the C++ case name; rname: the matrix's name here and in the test.
case <- function(label, lower, upper, rname, exact = NULL, exact_call = NULL) {
  corr <- get(rname)
  g <- genz(lower, upper, corr)
  singular <- min(eigen(corr, only.values = TRUE)$values) < 1e-10
  if (is.null(exact)) {
    call <- sprintf("pmvnorm(lower = %s, upper = %s, corr = %s,\n    //         algorithm = Miwa(steps = 4096))",
                    rvec(lower), rvec(upper), rname)
    # Miwa replaces +-Inf by +-1000 and warns; harmless here.
    value <- suppressWarnings(pmvnorm(lower, upper, corr = corr, algorithm = Miwa(steps = 4096)))
  } else {
    call <- exact_call
    value <- exact
  }
  cat(sprintf("    // %s\n", call))
  cat(sprintf("    // GenzBretz(maxpts = 1e7, abseps = 1e-9): %s, differs by %.1e (error %.1e)\n",
              fmt(g), g - value, attr(g, "error")))
  if (length(lower) %in% 2:3 && !singular && (all(lower == -Inf) || all(upper == Inf))) {
    t <- pmvnorm(lower, upper, corr = corr, algorithm = TVPACK(abseps = 1e-14))
    cat(sprintf("    // TVPACK(abseps = 1e-14): %s (differs by %.1e)\n", fmt(t), t - value))
  }
  cat(sprintf("    {\"%s\", %s, %s, %s, %s},\n", label, cvec(lower), cvec(upper), rname, fmt(value)))
}

ninf <- function(k) rep(-Inf, k)
case("1-D interval", -1, 2, "R1", exact = pnorm(2) - pnorm(-1),
     exact_call = "pnorm(2) - pnorm(-1)")
case("2-D rho 0.5 mixed", c(-1, -Inf), c(1.5, 0.7), "R2")
case("2-D rho -0.7 one-sided", ninf(2), c(2, 2), "R2neg")
case("3-D equi 0.5 one-sided", ninf(3), rep(1.5, 3), "R3")
case("3-D equi 0.5 two-sided", rep(-2, 3), rep(2, 3), "R3")
case("3-D mixed signs rectangle", c(-1, -0.5, -2), c(1, 2, 0.5), "R3mixed")
case("4-D equi 0.5 one-sided", ninf(4), rep(2, 4), "R4")
case("4-D equi 0.5 two-sided", rep(-2, 4), rep(2, 4), "R4")
case("6-D equi 0.5 one-sided", ninf(6), rep(2.5, 6), "R6")
case("6-D equi 0.5 two-sided", rep(-2.5, 6), rep(2.5, 6), "R6")
case("8-D equi 0.5 one-sided", ninf(8), rep(2.7, 8), "R8")
for (z in c(2, 2.5, 3)) {
  case(sprintf("MaxCombo one-sided %g", z), ninf(4), rep(z, 4), "RMaxCombo")
  case(sprintf("MaxCombo two-sided %g", z), rep(-z, 4), rep(z, 4), "RMaxCombo")
}
case("MaxCombo rectangle", c(-1, -0.5, -2, -1.5), c(1, 2, 0.5, 1.7), "RMaxCombo")
# Singular cases: the exact value drops the duplicate (its bounds intersected).
case("perfectly correlated pair", ninf(3), c(1, 1.3, 0.8), "RPair",
     exact = pmvnorm(ninf(2), c(1, 0.8), corr = equi(2, 0.6), algorithm = TVPACK(abseps = 1e-14)),
     exact_call = "pmvnorm(lower = rep(-Inf, 2), upper = c(1, 0.8), corr = matrix(c(1, 0.6, 0.6, 1), 2),\n    //         algorithm = TVPACK(abseps = 1e-14))")
case("MaxCombo with a duplicate, one-sided 2.5", ninf(5), rep(2.5, 5), "RMaxComboTwice",
     exact = pmvnorm(ninf(4), rep(2.5, 4), corr = RMaxCombo, algorithm = Miwa(steps = 4096)),
     exact_call = "pmvnorm(lower = rep(-Inf, 4), upper = rep(2.5, 4), corr = RMaxCombo,\n    //         algorithm = Miwa(steps = 4096))  # without the duplicate")
case("MaxCombo with a duplicate, two-sided 2.5", rep(-2.5, 5), rep(2.5, 5), "RMaxComboTwice",
     exact = pmvnorm(rep(-2.5, 4), rep(2.5, 4), corr = RMaxCombo, algorithm = Miwa(steps = 4096)),
     exact_call = "pmvnorm(lower = rep(-2.5, 4), upper = rep(2.5, 4), corr = RMaxCombo,\n    //         algorithm = Miwa(steps = 4096))  # without the duplicate")
case("anti-correlated pair", ninf(2), c(1, 0.5), "RAnti", exact = pnorm(1) - pnorm(-0.5),
     exact_call = "pnorm(1) - pnorm(-0.5)  # Z2 = -Z1: P(-0.5 <= Z1 <= 1)")

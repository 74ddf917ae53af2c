# Regenerates the rpact reference values pasted into tests/unit/test_group_sequential.cpp
# (issue 14): Rscript tests/r/group_sequential_reference.R prints the C++ initialisers.
# Needs Debian r-cran-rpact (3.3.4; scripts/setup.sh installs it). Not run by CI: the
# values it printed are in the test, each beside its R call.
suppressMessages(library(rpact))
fmt <- function(x) trimws(formatC(x, digits = 12, format = "g"))
vec <- function(x) paste0("{", paste(sapply(x, function(v) if (is.infinite(v)) ifelse(v > 0, "kInf", "-kInf") else fmt(v)), collapse = ", "), "}")
rvec <- function(x) paste0("c(", paste(x, collapse = ", "), ")")
sf <- c(OF = "OBrienFlemingType", P = "PocockType", HSD = "HwangShihDeCani", KD = "KimDeMets")
all13 <- list(list("asOF"), list("asP"), list("asHSD", -4), list("asHSD", -2), list("asHSD", 1),
  list("asKD", 1), list("asKD", 2), list("asKD", 3), list("OF"), list("P"), list("HP"))
pick <- function(...) { w <- c(...); Filter(function(d) paste(d, collapse = "") %in% w, all13) }
specs <- list()
add <- function(...) specs[[length(specs) + 1]] <<- list(...)
addset <- function(sided, rates, k, designs) {
  alpha <- if (sided == 1) 0.025 else 0.05
  for (d in designs) add(sided = sided, alpha = alpha, rates = rates, k = k, tod = d[[1]], gammaA = if (length(d) > 1) d[[2]] else NULL)
}
addset(1, NULL, 3, all13)
addset(1, c(0.3, 1), 2, pick("asOF", "asP", "asHSD-4", "OF", "P", "HP"))
addset(1, c(0.25, 0.4, 0.75, 1), 4, all13)
addset(1, c(0.15, 0.3, 0.5, 0.8, 1), 5, pick("asOF", "asHSD1", "asKD2", "P"))
addset(1, NULL, 2, pick("asOF"))
addset(1, NULL, 4, pick("P"))
addset(1, NULL, 5, pick("asOF", "P"))
add(sided = 1, alpha = 0.025, rates = c(0.3, 0.6, 1), k = 3, tod = "asUser", user = c(0.2, 0.5, 1) * 0.025)
addset(2, NULL, 3, all13)
addset(2, c(0.2, 0.5, 1), 3, pick("asOF", "asHSD-2", "OF", "P"))
addset(2, c(0.15, 0.3, 0.5, 0.8, 1), 5, pick("asP", "OF"))
addset(2, NULL, 2, pick("asP"))
addset(2, NULL, 4, pick("OF"))
addset(2, NULL, 5, pick("asOF"))
add(sided = 2, alpha = 0.05, rates = c(0.3, 0.6, 1), k = 3, tod = "asUser", user = c(0.2, 0.5, 1) * 0.05)
n_eff <- length(specs)
add(sided = 1, alpha = 0.025, rates = NULL, k = 3, tod = "asOF", fut = c(0, 0.5), binding = TRUE)
add(sided = 1, alpha = 0.025, rates = NULL, k = 3, tod = "asOF", fut = c(0, 0.5), binding = FALSE)
add(sided = 1, alpha = 0.025, rates = c(0.3, 0.6, 1), k = 3, tod = "asP", fut = c(-0.5, 0.2), binding = TRUE)
add(sided = 1, alpha = 0.025, rates = c(0.2, 0.5, 0.7, 1), k = 4, tod = "OF", fut = c(-1, 0, 0.5), binding = TRUE)
add(sided = 1, alpha = 0.025, rates = NULL, k = 4, tod = "P", fut = c(-1, 0, 0.5), binding = TRUE)
add(sided = 1, alpha = 0.025, rates = NULL, k = 3, tod = "HP", fut = c(0, 0.5), binding = TRUE)
for (b in c(FALSE, TRUE)) {
  add(sided = 1, alpha = 0.025, rates = NULL, k = 3, tod = "asOF", tbs = "bsOF", binding = b)
  add(sided = 1, alpha = 0.025, rates = c(0.3, 0.7, 1), k = 3, tod = "asOF", tbs = "bsP", binding = b)
  add(sided = 1, alpha = 0.025, rates = NULL, k = 2, tod = "asP", tbs = "bsP", binding = b)
  add(sided = 1, alpha = 0.025, rates = c(0.25, 0.4, 0.75, 1), k = 4, tod = "asKD", gammaA = 2, tbs = "bsKD", gammaB = 2, binding = b)
  add(sided = 1, alpha = 0.025, rates = NULL, k = 5, tod = "asHSD", gammaA = -4, tbs = "bsHSD", gammaB = -2, binding = b)
  add(sided = 1, alpha = 0.025, rates = c(0.2, 0.5, 0.7, 1), k = 4, tod = "asHSD", gammaA = 1, tbs = "bsOF", binding = b)
  add(sided = 1, alpha = 0.025, rates = NULL, k = 4, tod = "asKD", gammaA = 3, tbs = "bsKD", gammaB = 1, binding = b)
  add(sided = 1, alpha = 0.025, rates = c(0.3, 0.6, 1), k = 3, tod = "asUser", user = c(0.005, 0.01, 0.025), tbs = "bsP", binding = b)
}
call_of <- function(s) {
  args <- c(sprintf("kMax = %d", s$k), sprintf("alpha = %s", s$alpha))
  if (s$sided == 2) args <- c(args, "sided = 2")
  if (!is.null(s$rates)) args <- c(args, sprintf("informationRates = %s", rvec(s$rates)))
  args <- c(args, sprintf('typeOfDesign = "%s"', s$tod))
  if (!is.null(s$gammaA)) args <- c(args, sprintf("gammaA = %s", s$gammaA))
  if (!is.null(s$user)) args <- c(args, sprintf("userAlphaSpending = %s", rvec(s$user)))
  if (!is.null(s$fut)) args <- c(args, sprintf("futilityBounds = %s", rvec(s$fut)))
  if (!is.null(s$tbs)) args <- c(args, sprintf('typeBetaSpending = "%s"', s$tbs))
  if (!is.null(s$gammaB)) args <- c(args, sprintf("gammaB = %s", s$gammaB))
  if (!is.null(s$binding)) args <- c(args, sprintf("bindingFutility = %s", s$binding))
  sprintf("getDesignGroupSequential(%s)", paste(args, collapse = ", "))
}
eff_of <- function(s) switch(s$tod,
    asOF = "Spend{SF::OBrienFlemingType}", asP = "Spend{SF::PocockType}",
    asHSD = sprintf("Spend{SF::HwangShihDeCani, %s}", s$gammaA),
    asKD = sprintf("Spend{SF::KimDeMets, %s}", s$gammaA),
    OF = "Classic{CB::OBrienFleming}", P = "Classic{CB::Pocock}", HP = "Classic{CB::HaybittlePeto}",
    asUser = sprintf("UserAlphaSpending{%s}", vec(s$user)))
rates_of <- function(s) if (is.null(s$rates)) (1:s$k) / s$k else s$rates
rates_str <- function(s) if (is.null(s$rates)) paste0("{", paste(c(sprintf("%d.0 / %d", seq_len(s$k - 1), s$k), "1"), collapse = ", "), "}") else vec(s$rates)
pack <- function(parts, first = "    {", indent = "     ") { lines <- c(); cur <- first; for (p in parts) { if (nchar(cur) + nchar(p) + 2 > 99 && cur != first && cur != indent) { lines <- c(lines, paste0(cur, ",")); cur <- paste0(indent, p) } else cur <- if (cur == first || cur == indent) paste0(cur, p) else paste0(cur, ", ", p) }; paste(c(lines, paste0(cur, "},")), collapse = "\n") }
eff_out <- c(); fut_out <- c()
for (i in seq_along(specs)) {
  s <- specs[[i]]
  call <- call_of(s)
  d <- suppressWarnings(eval(parse(text = call)))
  if (i <= n_eff) {
    spent <- if (s$tod %in% c("OF", "P", "HP")) vec(d$alphaSpent) else "{}"
    eff_out <- c(eff_out, sprintf("    // %s\n%s", call, pack(c(rates_str(s), s$sided, s$alpha, eff_of(s), vec(d$criticalValues), spent))))
  } else {
    drift <- "kNaN"; bs <- "{}"; pw <- "{}"
    if (!is.null(s$fut)) fut <- sprintf("FixedFutility{%s, %s}", vec(s$fut), tolower(s$binding))
    if (!is.null(s$tbs)) {
      g <- if (is.null(s$gammaB)) 0 else s$gammaB
      fut <- sprintf("BetaSpendingFutility{SF::%s, %s, %s}", sf[sub("bs", "", s$tbs)], g, tolower(s$binding))
      drift <- fmt(sqrt(getDesignCharacteristics(d)$shift))
      bs <- vec(d$betaSpent); pw <- vec(d$power)
    }
    fut_out <- c(fut_out, sprintf("    // %s\n%s", call, pack(c(rates_str(s), eff_of(s), fut, vec(d$criticalValues), vec(d$futilityBounds), vec(d$alphaSpent), drift, bs, pw))))
  }
}
# exit probabilities at drift theta through getPowerAndAverageSampleNumber(nMax = 1)
pw_out <- c()
pcalls <- c('getDesignGroupSequential(kMax = 3, alpha = 0.025, typeOfDesign = "asOF", typeBetaSpending = "bsOF")',
  'getDesignGroupSequential(kMax = 4, alpha = 0.025, informationRates = c(0.2, 0.5, 0.7, 1), typeOfDesign = "OF", futilityBounds = c(-1, 0, 0.5), bindingFutility = TRUE)',
  'getDesignGroupSequential(kMax = 5, alpha = 0.025, informationRates = c(0.15, 0.3, 0.5, 0.8, 1), typeOfDesign = "asP")',
  'getDesignGroupSequential(kMax = 3, alpha = 0.05, sided = 2, informationRates = c(0.2, 0.5, 1), typeOfDesign = "asOF")')
for (call in pcalls) {
  d <- suppressWarnings(eval(parse(text = call)))
  k <- d$kMax
  two <- d$sided == 2
  lower <- if (two) -d$criticalValues else c(if (all(is.na(d$futilityBounds))) rep(-Inf, k - 1) else d$futilityBounds, -Inf)
  for (theta in c(0, 2.8)) {
    p <- getPowerAndAverageSampleNumber(d, theta = theta, nMax = 1)
    rej <- as.numeric(p$rejectPerStage)
    fut <- if (two) rep(0, k) else c(as.numeric(p$futilityPerStage), 0)
    pw_out <- c(pw_out, sprintf("    // d <- %s; p <- getPowerAndAverageSampleNumber(d, theta = %s, nMax = 1)\n%s", call, theta, pack(c(if (grepl("informationRates", call)) vec(d$informationRates) else rates_str(list(k = k)), vec(lower), vec(d$criticalValues), theta, vec(rej), vec(fut)))))
  }
}
# Usage: Rscript group_sequential_reference.R [OUT_DIR]: writes eff.inc (efficacy-only
# designs), fut.inc (with futility) and pow.inc (exit probabilities) into OUT_DIR
# (default: the current directory) and prints how many of each it wrote.
args <- commandArgs(trailingOnly = TRUE)
out_dir <- if (length(args) > 0) args[1] else "."
writeLines(eff_out, file.path(out_dir, "eff.inc"))
writeLines(fut_out, file.path(out_dir, "fut.inc"))
writeLines(pw_out, file.path(out_dir, "pow.inc"))
cat(n_eff, length(specs) - n_eff, length(pw_out), "\n")

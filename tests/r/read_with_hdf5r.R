# Runs the R reading example of docs/output-format.md, taken from the markdown itself so
# the doc and this test cannot drift, with Debian's hdf5r on WORK_DIR/jisas.h5, and compares
# what it read with h5py (WORK_DIR/expected.json, tests/h5py/hdf5r_reference.py).
# Prints "MISMATCH ..." for each difference and exits 1 if there is any.
# Usage: Rscript read_with_hdf5r.R output-format.md WORK_DIR
suppressMessages(library(jsonlite))
args <- commandArgs(trailingOnly = TRUE)
doc <- readLines(args[1])

# The first ```r block: the example exactly as a reader would paste it.
r_example <- function(lines) {
  start <- which(lines == "```r")[1]
  stopifnot(!is.na(start))
  end <- start + which(lines[(start + 1):length(lines)] == "```")[1]
  lines[(start + 1):(end - 1)]
}

setwd(args[2])  # the example opens "jisas.h5" in the working directory
example <- new.env()
eval(parse(text = r_example(doc)), envir = example)
expected <- fromJSON("expected.json", simplifyVector = TRUE)
failures <- 0
check <- function(what, ok) {
  if (!isTRUE(ok)) {
    cat("MISMATCH", what, "\n")
    failures <<- failures + 1
  }
}

landmarks <- seq_len(expected$landmarks)
check("cohort rows", nrow(example$cohorts) == expected$rows)
check("relapses (a scalar field)", identical(as.numeric(example$cohorts$relapses),
                                             as.numeric(expected$relapses)))
check("km is [cohort, landmark] (format 1.7: one slot per landmark)",
      identical(dim(example$km), c(expected$rows, length(landmarks))))
check("km equals h5py's", isTRUE(all.equal(example$km, expected$km,
                                           tolerance = 1e-15, check.attributes = FALSE)))
check("power equals h5py's", isTRUE(all.equal(example$power, expected$power, tolerance = 1e-15)))

# The two-dimensional layout the doc states below the example: [row, quantile, landmark].
library(hdf5r)
f <- H5File$new("jisas.h5", mode = "r")
s <- f[["summary"]]$read()
f$close_all()
q <- array(s$km_quantiles, c(nrow(s), 7, 8))
check("km_quantiles equals h5py's", isTRUE(all.equal(
  aperm(q[, , landmarks, drop = FALSE], c(1, 3, 2)), expected$km_quantiles,
  tolerance = 1e-15, check.attributes = FALSE)))

cat(sprintf("read_with_hdf5r: %d design points, %d cohort rows, %d mismatches\n",
            length(example$power), nrow(example$cohorts), failures))
quit(status = if (failures > 0) 1 else 0)

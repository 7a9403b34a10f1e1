#!/usr/bin/env Rscript
# Reference dominance analyses from R's dominanceanalysis (built from its CRAN source), on the
# bundled data:
#   Rscript scripts/make_dominance_fixtures.R > Tests/WeightAnalysisTests/Fixtures/dominance-r.csv
# Rows: case,kind,a,b,value (17 significant digits):
#   general,<indicator>,,value      conditional,<indicator>,<level>,value
#   complete|conditional|generalMatrix,<row>,<column>,1|0|0.5 (1: the row dominates the column)
suppressMessages(library(dominanceanalysis))
x7 <- c("satisfaction_pct", "response_hours", "first_fix_pct", "resolution_hours", "complaint_resolution_pct",
        "cost_per_ticket", "utilization_pct")
history <- na.omit(read.csv("datasets/after-sales-history.csv")[, c(x7, "churn_pct")])
customers <- read.csv("datasets/customers.csv")
cat("case,kind,a,b,value\n")
emit <- function(case, da, fit) {
  avg <- da$contribution.average[[fit]]
  for (j in names(avg)) cat(sprintf("%s,general,%s,,%.17g\n", case, j, avg[[j]]))
  lev <- da$contribution.by.level[[fit]]
  for (r in seq_len(nrow(lev))) for (j in setdiff(colnames(lev), "level")) cat(sprintf("%s,conditional,%s,%d,%.17g\n", case, j, lev$level[r], lev[r, j]))
  for (type in c("complete", "conditional", "general")) {
    m <- dominanceMatrix(da, type = type, fit.functions = fit)
    for (a in rownames(m)) for (b in colnames(m)) if (a != b) cat(sprintf("%s,%sMatrix,%s,%s,%.17g\n", case, type, a, b, m[a, b]))
  }
}
emit("linear", dominanceAnalysis(lm(churn_pct ~ ., data = history)), "r2")
g <- glm(as.formula(paste("churned ~", paste(x7, collapse = " + "))), data = customers, family = binomial)
da <- dominanceAnalysis(g)
emit("logit-mcfadden", da, "r2.m")
emit("logit-estrella", da, "r2.e")
# Nagelkerke on 400 customers: dominanceanalysis computes its maximum as 1 − exp(l0)^(2/n), and
# exp(l0) underflows to 0 for larger n (it then returns Cox–Snell's value).
small <- customers[1:400, ]
g <- glm(as.formula(paste("churned ~", paste(x7, collapse = " + "))), data = small, family = binomial)
emit("logit-nagelkerke-400", dominanceAnalysis(g), "r2.n")

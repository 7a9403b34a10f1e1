#!/usr/bin/env Rscript
# The no-intercept logistic LR test as R's glm defines it (null model η = 0, df = k), on the
# customer fixture, with one and with three indicators:
#   Rscript scripts/make_logit_fixtures.R > Tests/WeightAnalysisTests/Fixtures/logit-r.csv
# Rows: case,logLik,nullLogLik,lr,df,p (17 significant digits).
d <- read.csv("Tests/WeightAnalysisTests/Fixtures/churn_customers.csv")
cat("case,logLik,nullLogLik,lr,df,p\n")
for (case in c("noint-3", "noint-1")) {
  f <- if (case == "noint-3") churned ~ 0 + satisfaction_pct + response_hours + first_fix_pct else churned ~ 0 + response_hours
  g <- glm(f, data = d, family = binomial, control = glm.control(epsilon = 1e-15, maxit = 100))
  lr <- g$null.deviance - g$deviance; df <- g$df.null - g$df.residual
  cat(sprintf("%s,%.17g,%.17g,%.17g,%d,%.17g\n", case, as.numeric(logLik(g)), -g$null.deviance / 2, lr, df, pchisq(lr, df, lower.tail = FALSE)))
}

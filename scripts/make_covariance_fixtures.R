#!/usr/bin/env Rscript
# Reference standard errors for the bundled history (churn_pct on the seven indicators), from
# Debian's r-cran-sandwich, r-cran-lmtest and r-cran-clubsandwich:
#   Rscript scripts/make_covariance_fixtures.R > Tests/WeightAnalysisTests/Fixtures/covariance-r.csv
# Rows: type,term,estimate,se,t,p,df (17 significant digits); `wald` rows hold F, p, df1, df2.
suppressMessages({ library(sandwich); library(lmtest); library(clubSandwich) })
d <- na.omit(read.csv("datasets/after-sales-history.csv")[, c("team", "month", "satisfaction_pct", "response_hours", "first_fix_pct", "resolution_hours", "complaint_resolution_pct", "cost_per_ticket", "utilization_pct", "churn_pct")])
f <- lm(churn_pct ~ satisfaction_pct + response_hours + first_fix_pct + resolution_hours +
          complaint_resolution_pct + cost_per_ticket + utilization_pct, data = d)
G.team <- length(unique(d$team)); G.month <- length(unique(d$month))
out <- function(type, table, df) {
  for (i in seq_len(nrow(table))) {
    term <- rownames(table)[i]; if (term == "(Intercept)") term <- "(intercept)"
    cat(sprintf("%s,%s,%.17g,%.17g,%.17g,%.17g,%.17g\n", type, term, table[i, 1], table[i, 2], table[i, 3], table[i, 4], df[i]))
  }
}
wald <- function(type, V, df2) {
  b <- coef(f)[-1]; S <- V[-1, -1]; q <- length(b)
  F <- as.numeric(t(b) %*% solve(S, b)) / q
  cat(sprintf("%s,wald,%.17g,%.17g,%.17g,%.17g,%.17g\n", type, F, pf(F, q, df2, lower.tail = FALSE), q, df2, 0))
}
k <- length(coef(f)); n <- nobs(f)
cat("type,term,estimate,se,t,p,df\n")
out("iid", coeftest(f), rep(n - k, k))
for (hc in c("HC1", "HC3")) {
  V <- vcovHC(f, type = hc)
  out(tolower(hc), coeftest(f, vcov. = V), rep(n - k, k)); wald(tolower(hc), V, n - k)
}
V <- vcovCL(f, cluster = ~team, type = "HC1")
out("cluster-team", coeftest(f, vcov. = V, df = G.team - 1), rep(G.team - 1, k)); wald("cluster-team", V, G.team - 1)
V <- vcovCL(f, cluster = ~team + month, type = "HC1", multi0 = FALSE, fix = TRUE)
G <- min(G.team, G.month)
out("cluster-team-month", coeftest(f, vcov. = V, df = G - 1), rep(G - 1, k)); wald("cluster-team-month", V, G - 1)
ct <- coef_test(f, vcov = "CR2", cluster = d$team, test = "Satterthwaite")
tab <- cbind(ct$beta, ct$SE, ct$tstat, ct$p_Satt); rownames(tab) <- names(coef(f))
out("cr2-team", tab, ct$df_Satt)
# Logistic: high churn (above the median) on the same indicators; z tests (normal), as coeftest on glm.
d$high <- as.integer(d$churn_pct > median(d$churn_pct))
g <- glm(high ~ satisfaction_pct + response_hours + first_fix_pct + resolution_hours +
           complaint_resolution_pct + cost_per_ticket + utilization_pct, data = d, family = binomial,
         control = glm.control(epsilon = 1e-15, maxit = 100))  # converged fully: R takes the SEs from the last IRLS weights
inf <- rep(Inf, length(coef(g)))
out("logit-iid", coeftest(g), inf)
out("logit-hc1", coeftest(g, vcov. = vcovHC(g, type = "HC1")), inf)
out("logit-cluster-team", coeftest(g, vcov. = vcovCL(g, cluster = ~team, type = "HC1")), inf)
out("logit-cluster-team-month", coeftest(g, vcov. = vcovCL(g, cluster = ~team + month, type = "HC1", multi0 = FALSE, fix = TRUE)), inf)
out("logit-hc3", coeftest(g, vcov. = vcovHC(g, type = "HC3")), inf)
# CR2 as clubSandwich takes a glm (working variance mu(1 - mu)), t tests with Satterthwaite df.
ct <- coef_test(g, vcov = "CR2", cluster = d$team, test = "Satterthwaite")
tab <- cbind(ct$beta, ct$SE, ct$tstat, ct$p_Satt); rownames(tab) <- names(coef(g))
out("logit-cr2-team", tab, ct$df_Satt)

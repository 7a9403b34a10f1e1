#!/usr/bin/env Rscript
# Reference fits for fixed effects, observation weights and relaimpo's always=/groups= on the
# bundled confounded history (datasets/confounded-history.csv), from Debian's r-base-core,
# r-cran-sandwich, r-cran-lmtest, r-cran-clubsandwich, and relaimpo built from its CRAN source:
#   Rscript scripts/make_panel_fixtures.R
# writes Tests/WeightAnalysisTests/Fixtures/panel-data.csv (the rows used, with the lag R took)
# and panel-r.csv: case,term,estimate,se,t,p,df for coefficients (17 significant digits), and
# case,stat:NAME,value,0,0,0,0 for fit statistics and importance shares.
suppressMessages({ library(sandwich); library(lmtest); library(clubSandwich); library(relaimpo) })
raw <- read.csv("datasets/confounded-history.csv")
raw <- raw[order(raw$team, raw$month), ]
# Last month's response time within each team (the months are consecutive in the file).
raw$response_hours_lag1 <- ave(raw$response_hours, raw$team, FUN = function(x) c(NA, head(x, -1)))
d <- na.omit(raw)
x <- c("satisfaction_pct", "response_hours", "first_fix_pct", "resolution_hours", "complaint_resolution_pct",
       "cost_per_ticket", "utilization_pct", "response_hours_lag1")
write.csv(d[, c("team", "month", "tickets", x, "churn_pct")], "Tests/WeightAnalysisTests/Fixtures/panel-data.csv", row.names = FALSE)
d$team <- factor(d$team); d$month <- factor(d$month)
rhs <- paste(x, collapse = " + ")
con <- file("Tests/WeightAnalysisTests/Fixtures/panel-r.csv", "w")
cat("case,term,estimate,se,t,p,df\n", file = con)
out <- function(case, table, df) {
  for (term in x) cat(sprintf("%s,%s,%.17g,%.17g,%.17g,%.17g,%.17g\n", case, term, table[term, 1], table[term, 2], table[term, 3], table[term, 4], df[term]), file = con)
}
stat <- function(case, name, value) cat(sprintf("%s,stat:%s,%.17g,0,0,0,0\n", case, name, value), file = con)
named <- function(v) setNames(v, x)
G <- nlevels(d$team)
n <- nrow(d)

fits <- list(
  "fe-team" = lm(as.formula(paste("churn_pct ~", rhs, "+ team")), data = d),
  "fe-team-month" = lm(as.formula(paste("churn_pct ~", rhs, "+ team + month")), data = d),
  "wls" = lm(as.formula(paste("churn_pct ~", rhs)), data = d, weights = tickets),
  "wls-fe-team-month" = lm(as.formula(paste("churn_pct ~", rhs, "+ team + month")), data = d, weights = tickets)
)
for (case in names(fits)) {
  f <- fits[[case]]
  out(paste0(case, "-iid"), coeftest(f), named(rep(f$df.residual, length(x))))
  s <- summary(f)
  stat(case, "rSquared", s$r.squared); stat(case, "adjustedRSquared", s$adj.r.squared)
  stat(case, "sigma", s$sigma); stat(case, "dfResidual", f$df.residual); stat(case, "logLik", as.numeric(logLik(f)))
  # HC1 and CR1 by team with every dummy counted in K (sandwich on the regression with dummies).
  V <- vcovHC(f, type = "HC1"); out(paste0(case, "-hc1"), coeftest(f, vcov. = V), named(rep(f$df.residual, length(x))))
  V <- vcovCL(f, cluster = ~team, type = "HC1")
  out(paste0(case, "-cluster-all"), coeftest(f, vcov. = V, df = G - 1), named(rep(G - 1, length(x))))
}
# HC3 with one-way fixed effects: the dummies' leverage 1/n_g is part of h_i.
f <- fits[["fe-team"]]
V <- vcovHC(f, type = "HC3"); out("fe-team-hc3", coeftest(f, vcov. = V), named(rep(f$df.residual, length(x))))
# CR2 by team with team fixed effects (nested in the clusters), Satterthwaite df.
ct <- coef_test(f, vcov = "CR2", cluster = d$team, test = "Satterthwaite")
tab <- cbind(ct$beta, ct$SE, ct$tstat, ct$p_Satt); rownames(tab) <- names(coef(f))
df <- setNames(ct$df_Satt, names(coef(f)))
out("fe-team-cr2", tab, df)
# CR2 by team of the weighted fit (clubSandwich: working variance 1/w).
f <- fits[["wls"]]
ct <- coef_test(f, vcov = "CR2", cluster = d$team, test = "Satterthwaite")
tab <- cbind(ct$beta, ct$SE, ct$tstat, ct$p_Satt); rownames(tab) <- names(coef(f))
out("wls-cr2", tab, setNames(ct$df_Satt, names(coef(f))))
# Within R²: 1 − SSR / Σ ỹ², ỹ the outcome's residual on the fixed effects alone.
for (case in c("fe-team", "fe-team-month")) {
  fe <- if (case == "fe-team") ~team else ~team + month
  ytilde <- resid(lm(update(fe, churn_pct ~ .), data = d))
  stat(case, "withinRSquared", 1 - sum(resid(fits[[case]])^2) / sum(ytilde^2))
}
# relaimpo: LMG with the fixed effects in every submodel (always=), and with groups.
r <- calc.relimp(as.formula(paste("churn_pct ~", rhs, "+ team + month")), data = d, type = "lmg", always = c("team", "month"), rela = TRUE)
for (j in x) stat("relaimpo-always", paste0("lmg:", j), r@lmg[j])
r <- calc.relimp(as.formula(paste("churn_pct ~", rhs)), data = d, type = "lmg", rela = FALSE,
                 groups = list(c("response_hours", "response_hours_lag1", "resolution_hours")), groupnames = "speed")
for (j in names(r@lmg)) stat("relaimpo-groups", paste0("lmg:", j), r@lmg[j])
r <- calc.relimp(as.formula(paste("churn_pct ~", rhs, "+ team")), data = d, type = "lmg", rela = TRUE, always = "team",
                 groups = list(c("response_hours", "response_hours_lag1", "resolution_hours")), groupnames = "speed")
for (j in names(r@lmg)) stat("relaimpo-always-groups", paste0("lmg:", j), r@lmg[j])
close(con)

// Prototypes of the Fortran 77 LAPACK and BLAS routines kpi-weights calls, as Debian's
// liblapack-dev / libblas-dev (or OpenBLAS through the alternatives system) export them.
//
// Conventions of the gfortran ABI used on Debian:
// - every argument is passed by reference;
// - INTEGER is a 32-bit `int` (LP64 libraries, not ILP64);
// - each CHARACTER argument takes a hidden trailing `size_t` length, appended after all the
//   ordinary arguments in the order the CHARACTER arguments appear.
// No LAPACKE is needed. Only Sources/LinearAlgebra/LAPACK.swift calls these.
#ifndef KPI_WEIGHTS_CLAPACK_PROTOTYPES_H
#define KPI_WEIGHTS_CLAPACK_PROTOTYPES_H

#include <stddef.h>

// QR factorisation without pivoting.
void dgeqrf_(const int *m, const int *n, double *a, const int *lda, double *tau,
             double *work, const int *lwork, int *info);
// QR of a triangle stacked on a pentagon [A; B] (A n×n upper triangular, B m×n with its last l
// rows upper trapezoidal), A overwritten by R: the TSQR step.
void dtpqrt_(const int *m, const int *n, const int *l, const int *nb, double *a, const int *lda,
             double *b, const int *ldb, double *t, const int *ldt, double *work, int *info);
// QR factorisation with column pivoting (Householder, BLAS-3 where possible).
void dgeqp3_(const int *m, const int *n, double *a, const int *lda, int *jpvt, double *tau,
             double *work, const int *lwork, int *info);
// Multiply by Q or Q^T from dgeqrf / dgeqp3.
void dormqr_(const char *side, const char *trans, const int *m, const int *n, const int *k,
             const double *a, const int *lda, const double *tau, double *c, const int *ldc,
             double *work, const int *lwork, int *info, size_t side_len, size_t trans_len);
// Triangular solve.
void dtrtrs_(const char *uplo, const char *trans, const char *diag, const int *n,
             const int *nrhs, const double *a, const int *lda, double *b, const int *ldb,
             int *info, size_t uplo_len, size_t trans_len, size_t diag_len);
// Triangular inverse.
void dtrtri_(const char *uplo, const char *diag, const int *n, double *a, const int *lda,
             int *info, size_t uplo_len, size_t diag_len);
// Singular value decomposition.
void dgesvd_(const char *jobu, const char *jobvt, const int *m, const int *n, double *a,
             const int *lda, double *s, double *u, const int *ldu, double *vt, const int *ldvt,
             double *work, const int *lwork, int *info, size_t jobu_len, size_t jobvt_len);
// Singular values by one-sided Jacobi (high relative accuracy for column-scaled matrices).
void dgesvj_(const char *joba, const char *jobu, const char *jobv, const int *m, const int *n,
             double *a, const int *lda, double *sva, const int *mv, double *v, const int *ldv,
             double *work, const int *lwork, int *info, size_t joba_len, size_t jobu_len,
             size_t jobv_len);
// Minimum-norm least squares by divide-and-conquer SVD.
void dgelsd_(const int *m, const int *n, const int *nrhs, double *a, const int *lda, double *b,
             const int *ldb, double *s, const double *rcond, int *rank, double *work,
             const int *lwork, int *iwork, int *info);
// Linear equality-constrained least squares: min ||c - A x|| s.t. B x = d.
void dgglse_(const int *m, const int *n, const int *p, double *a, const int *lda, double *b,
             const int *ldb, double *c, double *d, double *x, double *work, const int *lwork,
             int *info);
// Cholesky factorisation.
void dpotrf_(const char *uplo, const int *n, double *a, const int *lda, int *info,
             size_t uplo_len);
// Symmetric eigenvalues / eigenvectors.
void dsyev_(const char *jobz, const char *uplo, const int *n, double *a, const int *lda,
            double *w, double *work, const int *lwork, int *info, size_t jobz_len,
            size_t uplo_len);
// General (nonsymmetric) eigenvalues and right eigenvectors.
void dgeev_(const char *jobvl, const char *jobvr, const int *n, double *a, const int *lda,
            double *wr, double *wi, double *vl, const int *ldvl, double *vr, const int *ldvr,
            double *work, const int *lwork, int *info, size_t jobvl_len, size_t jobvr_len);

// BLAS level 1-3.
double dnrm2_(const int *n, const double *x, const int *incx);
void dgemv_(const char *trans, const int *m, const int *n, const double *alpha, const double *a,
            const int *lda, const double *x, const int *incx, const double *beta, double *y,
            const int *incy, size_t trans_len);
void dgemm_(const char *transa, const char *transb, const int *m, const int *n, const int *k,
            const double *alpha, const double *a, const int *lda, const double *b,
            const int *ldb, const double *beta, double *c, const int *ldc, size_t transa_len,
            size_t transb_len);
void dsyrk_(const char *uplo, const char *trans, const int *n, const int *k, const double *alpha,
            const double *a, const int *lda, const double *beta, double *c, const int *ldc,
            size_t uplo_len, size_t trans_len);

#endif

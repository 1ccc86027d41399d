/**
 * Code that several exercises' setup cells share. Pure strings.
 */
import { ts } from '../types';

/** Least-squares polynomials in float64: fitPolynomial, evalPolynomial, mse (and solveLinear). */
export const POLYNOMIAL_HELPERS = ts`
  /** Solves the augmented system [A | b] by Gaussian elimination with partial pivoting. */
  function solveLinear(augmented: number[][]): number[] {
    const a = augmented.map((row) => [...row]);
    const p = a.length;
    for (let col = 0; col < p; col++) {
      let pivot = col;
      for (let r = col + 1; r < p; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
      [a[col], a[pivot]] = [a[pivot], a[col]];
      for (let r = 0; r < p; r++) {
        if (r === col) continue;
        const f = a[r][col] / a[col][col];
        for (let c = col; c <= p; c++) a[r][c] -= f * a[col][c];
      }
    }
    return a.map((row, i) => row[p] / row[i]);
  }
  /** Coefficients c0…c_degree of the least-squares polynomial through (x, y). */
  function fitPolynomial(x: number[], y: number[], degree: number): number[] {
    const p = degree + 1;
    const a = Array.from({ length: p }, () => new Array<number>(p + 1).fill(0));
    x.forEach((xi, i) => {
      const powers = Array.from({ length: p }, (_, k) => xi ** k);
      for (let r = 0; r < p; r++) {
        for (let c = 0; c < p; c++) a[r][c] += powers[r] * powers[c];
        a[r][p] += powers[r] * y[i];
      }
    });
    return solveLinear(a);
  }
  /** The polynomial's values at x. */
  function evalPolynomial(coef: number[], x: number[]): number[] {
    return x.map((xi) => coef.reduce((sum, c, k) => sum + c * xi ** k, 0));
  }
  /** Mean squared error. */
  function mse(pred: number[], y: number[]): number {
    return pred.reduce((sum, p, i) => sum + (p - y[i]) ** 2, 0) / y.length;
  }
`;

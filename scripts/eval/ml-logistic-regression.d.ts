/** Types for ml-logistic-regression 2 (the package ships none): the parts calibrate-agent.ts uses. */
declare module "ml-logistic-regression" {
  import type { Matrix } from "ml-matrix";
  export default class LogisticRegression {
    constructor(options?: { numSteps?: number; learningRate?: number });
    /** one-vs-all: classifier i separates class i (score → 0) from the rest (score → 1) */
    classifiers: { weights: Matrix }[];
    train(X: Matrix, Y: Matrix): void;
    predict(X: Matrix): number[];
  }
}

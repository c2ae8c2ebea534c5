// The public surface of plrf. Only re-exports live here.
export { init, isSimd, hostSupportsSimd, type InitOptions } from './core/wasm.js';
export { PlrfError, type PlrfErrorCode } from './core/errors.js';
export { memoryStats } from './core/memory.js';
export type { LongRunOptions } from './core/async.js';
export { PlrfProblem, MAX_W_ENTRIES, type ProblemOptions, type Spectrum, type WStorage } from './model/problem.js';
export {
  DEFAULT_GAMMA0,
  type ModelOptions,
  defaultGamma,
  traceD,
  flops,
  logCheckpoints,
  stability,
  type StabilityReport,
} from './model/conventions.js';
export { simulateSgd, type SgdOptions, type SgdResult, type SgdEngine, type SgdAbortError } from './sgd/simulate.js';
export {
  resolveOptimizer,
  optimizerTable,
  OPTIMIZER_NAMES,
  MOMENTUM_DEFAULT_DELTA,
  type OptimizerName,
  type OptimizerSpec,
  type Coefficient,
  type ResolvedOptimizer,
} from './model/optimizer.js';
export { symmetricEigen, RandomStream } from './model/linalg.js';
export { SpectralMeasure } from './theory/measure.js';
export { spectralMeasure } from './theory/buildMeasure.js';
export { type MeasureMethod, type MeasureOptions, type ContourOptions } from './theory/measureOptions.js';
export { lossCurve, type CurveOptions, type CurveResult, type RecursionOptions } from './theory/curve.js';
export { type Schedule } from './theory/schedule.js';
export { forcing, kernel, type FunctionOptions } from './theory/functions.js';
export { asymptotics, floorF0, forcingSum, type AsymptoticsOptions, type AsymptoticTerms } from './theory/asymptotics.js';
export { spectralDensity, type DensityOptions } from './theory/density.js';
export { danaDecayExponents, type DanaExponents } from './model/phases.js';
export { classifyPhase, phaseExponents, BOUNDARY_TOLERANCE, type Phase, type PhaseInfo } from './model/phases.js';
export { computeOptimalFront, type FrontCurve, type FrontOptions, type FrontPoint, type FrontResult } from './front/front.js';
export { measureFront, type MeasureFrontOptions, type MeasuredFront } from './front/measureFront.js';
export { frontPlot, isoflopPlot } from './plot/front.js';
export { phaseDiagram, type PhaseDiagramOptions } from './plot/phaseDiagram.js';
export { lossCurvesPlot, type PlotCurve } from './plot/curves.js';
export { svgToPng } from './plot/render.js';
export { sweep, sweepKey, parseSweepLines, mergeRecords, type SweepOptions, type SweepRecord } from './sweep/sweep.js';
export {
  fitScalingLaw,
  predictScalingLaw,
  type ScalingLawOptions,
  type ScalingLawFit,
  type ScalingLawPrediction,
  type ParamEstimate,
  type PowerPoint,
  type ChinchillaPoint,
  type ChinchillaBudget,
} from './fit/scalingLaw.js';
export { fitPlrf, type PlrfFitOptions, type PlrfFit, type PlrfPoint, type PlrfBudget } from './fit/plrf.js';
export {
  parseRuns,
  readRuns,
  RunsFileError,
  type FitForm,
  type RunsData,
  type ParseRunsOptions,
  type PlrfRunRow,
  type ChinchillaRunRow,
  type PowerRunRow,
  type IgnoredRow,
} from './fit/read.js';
export { plrfFitPlot, scalingLawPlot } from './fit/plot.js';
export {
  PLRF_PRESET,
  PAPER_PRESET,
  makePreset,
  toDisplayFlops,
  fromDisplayFlops,
  toDisplayLoss,
  flopsFactor,
  type Preset,
} from './reproduce/presets.js';
export {
  measureTable2,
  icFormula,
  TABLE2_POINTS,
  TABLE2_DMAX,
  TABLE2_DMAX_LARGE,
  type Table2Options,
  type Table2Record,
} from './reproduce/table2.js';
export {
  reproduce,
  parseFigureId,
  FIGURE_IDS,
  FIGURES,
  PAPER_NUMBERS,
  PAPER_D_GRID,
  type FigureId,
  type ReproduceOptions,
  type ReproduceResult,
  type FigureResult,
  type FigureRow,
  type FigureSetting,
  type FigureOptions,
} from './reproduce/index.js';
export {
  study,
  studyEstimate,
  STUDY_D,
  STUDY_COMPARE,
  SGD_CHECK_MAX_FLOPS,
  type StudyOptions,
  type StudyResult,
  type StudyFront,
  type StudyStage,
  type StudyCompare,
  type StudyAbortError,
} from './study/study.js';
export { sgdCheck, sgdVerdict, SGD_CHECK_Z_LIMIT, type SgdCheckOptions, type SgdCheckRun } from './study/sgdCheck.js';
export { estimateStudy, type StudyEstimate } from './study/cost.js';
export { studyPlots } from './study/plots.js';

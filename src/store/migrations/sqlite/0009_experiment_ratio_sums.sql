-- Ratio metrics (CPA = cost / conversions, purchases per click …) in experiment results: per
-- variant, metric and day the denominator's sum ΣD, its sum of squares ΣD² and the cross sum
-- ΣM·D next to the numerator's total and total_squares. NULL for proportion and mean metrics.
ALTER TABLE experiment_observations ADD COLUMN denominator_total REAL;
ALTER TABLE experiment_observations ADD COLUMN denominator_squares REAL;
ALTER TABLE experiment_observations ADD COLUMN cross_total REAL;

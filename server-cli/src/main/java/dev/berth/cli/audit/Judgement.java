package dev.berth.cli.audit;

/**
 * A verdict and why, in words a reader of the table can check against the facts.
 *
 * @param verdict the verdict
 * @param reason why; empty for a plain PASS
 */
record Judgement(Verdict verdict, String reason) {}

/**
 * The {@link dev.specagent.core.ledger.Ledger}: one entry per call attempt (role, timing, usage and fate), from
 * which {@link dev.specagent.core.ledger.RunFigures} computes every figure a run reports;
 * {@link dev.specagent.core.ledger.CommittedCalls} reads the committed path from it.
 */
package dev.specagent.core.ledger;

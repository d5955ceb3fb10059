/**
 * The {@link dev.specagent.core.runner.SpeculativeRunner}: runs an agent against an actor with a speculator
 * guessing ahead under a policy, losslessly: the committed trajectory is always the actor's own. Start here; a
 * run ends with a {@link dev.specagent.core.runner.RunResult} or a
 * {@link dev.specagent.core.runner.RunFailedException} carrying what was committed.
 */
package dev.specagent.core.runner;

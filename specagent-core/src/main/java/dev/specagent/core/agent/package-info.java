/**
 * The {@link dev.specagent.core.agent.Agent}: the policy π (state → next call) and the transition f (state ×
 * outcome → next state), both pure, which the runner also evaluates on guessed outcomes.
 */
package dev.specagent.core.agent;

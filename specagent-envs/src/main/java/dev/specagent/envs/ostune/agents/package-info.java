/**
 * The control agents of OS tuning: the LLM agent with the paper's {@code Analysis:} / {@code Config:} answer
 * contract, and the zero-cost stand-ins (a model-fitting actor, a golden-section speculator).
 */
package dev.specagent.envs.ostune.agents;

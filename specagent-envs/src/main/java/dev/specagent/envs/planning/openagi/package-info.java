/**
 * Live Dynamic Speculative Planning on OpenAGI tasks: LLM approximation and target agents
 * ({@link dev.specagent.envs.planning.openagi.LlmStepAgent}) in the paper's pairings and strategies, their
 * prompts, the tool list and the task descriptions. See {@code docs/dsp.md}.
 */
package dev.specagent.envs.planning.openagi;

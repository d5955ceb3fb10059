/**
 * The online depth predictor: hashed state features, linear models trained online (the expectile loss on
 * λ-returns for the expected acceptance length, the log loss for acceptance probabilities), and the asynchronous
 * trainers (a thread in real time, clock events in simulated time) that publish each new model atomically, so
 * that prediction never waits for training.
 */
package dev.specagent.core.planning.predictor;

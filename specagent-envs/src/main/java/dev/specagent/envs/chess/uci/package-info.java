/**
 * A UCI engine client (Stockfish): one process, a pool of processes, a search as a cancellable call with a
 * timeout (a hung engine is stopped, then killed and replaced).
 */
package dev.specagent.envs.chess.uci;

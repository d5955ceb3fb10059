package dev.specagent.envs.planning.openagi;

import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.call.Usage;
import dev.specagent.core.clock.Clock;
import dev.specagent.core.planning.PlanningTask;
import dev.specagent.core.planning.StepAgent;
import dev.specagent.llm.client.ChatCall;
import dev.specagent.llm.client.ChatModel;
import dev.specagent.llm.client.ChatRequest;
import dev.specagent.llm.client.ChatResponse;
import dev.specagent.llm.client.LlmCall;
import dev.specagent.llm.client.LlmException;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * An OpenAGI planning agent on an LLM: runs its {@link AgentStrategy}'s chained calls through the
 * {@link ChatModel} (the HTTP client, or a simulated model) without blocking (each call starts when the previous one answers), parses the tool name of the final answer, and reports the
 * summed usage of all its calls. Cancelling cancels every call in flight, which closes their HTTP
 * connections, and returns everything spent so far.
 *
 * <p>The step is one of the 15 {@linkplain OpenAgiTools#NAMES tools} or TERMINATE, in its canonical spelling
 * ({@link OpenAgiTools#known}). A final answer that is empty or names none of them (a sentence, a tool that does
 * not exist, an answer cut at its token limit) fails the call, and so does a failed HTTP call; the message names
 * the model, the agent, the task and the step ({@code model gpt-4.1-mini (REACT agent), task 'openagi-3', step 2:
 * ...}) and quotes the answer. There is no retry (the requests are deterministic, so a retry would get the same
 * answer); the failed call reports everything its calls consumed. As a failed draft is only waste (the target's
 * step is committed instead), the agent counts its proposals and failures and keeps the first failure's message
 * ({@link #failures()}, {@link #firstFailure()}), so that a speculator failing every time can be told. Thread-safe.
 */
public final class LlmStepAgent implements StepAgent {

    private final ChatModel client;
    private final AgentStrategy strategy;
    private final AtomicLong proposals = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicReference<String> firstFailure =
            new AtomicReference<>();

    public LlmStepAgent(ChatModel client, AgentStrategy strategy) {
        this.client = Objects.requireNonNull(client, "client");
        this.strategy = Objects.requireNonNull(strategy, "strategy");
    }

    public AgentStrategy strategy() {
        return strategy;
    }

    /** The model the agent asks. */
    public String model() {
        return client.endpoint().model();
    }

    /** How many steps it was asked to propose. */
    public long proposals() {
        return proposals.get();
    }

    /** How many of its proposals failed (no usable answer, or a failed call); cancelled ones are not counted. */
    public long failures() {
        return failures.get();
    }

    /** The message of its first failed proposal, if any failed. */
    public Optional<String> firstFailure() {
        return Optional.ofNullable(firstFailure.get());
    }

    private void failed(Throwable error) {
        failures.incrementAndGet();
        firstFailure.compareAndSet(null, String.valueOf(error.getMessage()));
    }

    @Override
    public CallHandle propose(PlanningTask task, List<String> prefix, Clock clock, Completion<String> done) {
        proposals.incrementAndGet();
        Session session = new Session(done, "model " + client.endpoint().model() + " (" + strategy + " agent), task '"
                + task.id() + "', step " + (prefix.size() + 1));
        List<Function<List<String>, ChatRequest>> stages = switch (strategy) {
            case DIRECT -> List.of(answers -> PlanPrompts.direct(task, prefix));
            case COT -> List.of(answers -> PlanPrompts.cot(task, prefix));
            case REACT -> List.of(answers -> PlanPrompts.reactThought(task, prefix),
                    answers -> PlanPrompts.reactAction(task, prefix, answers.get(0)));
            case DEBATE -> List.of(answers -> PlanPrompts.debateOpen(task, prefix),
                    answers -> PlanPrompts.debateReply(task, prefix, answers.get(0)),
                    answers -> PlanPrompts.debateReflect(task, prefix, answers.get(0), answers.get(1)),
                    answers -> PlanPrompts.debateReflect(task, prefix, answers.get(1), answers.get(2)),
                    answers -> PlanPrompts.debateFinal(task, prefix, answers.get(2), answers.get(3)));
        };
        try {
            session.run(stages, new ArrayList<>());
        } catch (RuntimeException e) { // the first call could not start: the planner counts it as failed, so do we
            failed(e);
            throw e;
        }
        return session;
    }

    /** The chained calls of one proposal; at most one is in flight at a time. */
    private final class Session implements CallHandle {
        private final Completion<String> done;
        /** Who is asking what, for messages: the model, the agent, the task and the step. */
        private final String where;
        private final List<ChatCall> inFlight = new ArrayList<>();
        private Usage spent = Usage.ZERO;
        private boolean over;

        Session(Completion<String> done, String where) {
            this.done = done;
            this.where = where;
        }

        /** Runs the first stage; each stage's request is built from the answers of the earlier ones. */
        void run(List<Function<List<String>, ChatRequest>> stages, List<String> answers) {
            ChatRequest request = stages.get(answers.size()).apply(List.copyOf(answers));
            boolean last = answers.size() == stages.size() - 1;
            start(request, response -> {
                if (last) {
                    finish(response);
                } else {
                    answers.add(response.content());
                    run(stages, answers);
                }
            });
        }

        private void start(ChatRequest request, Consumer<ChatResponse> next) {
            ChatCall call;
            synchronized (this) {
                if (over) {
                    return;
                }
                call = client.start(request);
                inFlight.add(call);
            }
            call.response().whenComplete((response, error) -> {
                Throwable cause = LlmCall.failureOf(error);
                synchronized (this) {
                    if (over || !inFlight.remove(call)) {
                        return;
                    }
                    if (response != null) {
                        spent = spent.plus(response.usage());
                    } else if (cause instanceof LlmException failed) {
                        spent = spent.plus(failed.spent()); // a failed call is paid for what it consumed
                    }
                }
                if (error != null) {
                    if (!(cause instanceof CancellationException)) {
                        fail(described(cause));
                    }
                    return;
                }
                try {
                    next.accept(response);
                } catch (RuntimeException | Error e) { // building or starting the next stage, or reading the answer,
                    // failed: report it, never hang (an Error too: this stage would swallow it, and nothing report)
                    fail(described(e));
                }
            });
        }

        /**
         * Reports the final answer. The report is made under the lock that {@link #cancel} takes, so that a cancel
         * either ends the proposal before it reports or returns after the report was made (the planner then charges
         * what was reported): ended and not yet reported, a cancel would get nothing and find no report.
         */
        private void finish(ChatResponse response) {
            var step = OpenAgiTools.parseStep(response.content()).flatMap(OpenAgiTools::known);
            synchronized (this) {
                if (over) {
                    return;
                }
                over = true;
                if (step.isPresent()) {
                    done.succeed(step.get(), spent);
                } else {
                    IllegalStateException error = new IllegalStateException(where + ": " + unusable(response));
                    failed(error);
                    done.fail(error, spent);
                }
            }
        }

        /** Why an answer names no step, quoting it. */
        private static String unusable(ChatResponse response) {
            String content = response.content();
            String cut = "length".equals(response.finishReason()) ? " (cut at the request's token limit)" : "";
            if (content.isBlank()) {
                return "the answer is empty" + cut + " (finish reason " + response.finishReason() + ")";
            }
            int end = Character.isHighSurrogate(content.charAt(Math.min(299, content.length() - 1))) ? 299 : 300;
            String quoted = content.length() > 300 ? content.substring(0, end) + "..." : content; // whole characters
            return "the answer names none of the 15 OpenAGI tools nor TERMINATE" + cut + ": '" + quoted + "'";
        }

        /** The failure of one of the calls, with the model, agent, task and step in front of its message. */
        private Throwable described(Throwable cause) {
            String own = cause instanceof Error || cause.getMessage() == null ? cause.toString() : cause.getMessage();
            String model = "model " + client.endpoint().model() + ": "; // the client's own prefix, said once
            String message = where + ": " + (own.startsWith(model) ? own.substring(model.length()) : own);
            if (cause instanceof LlmException llm) {
                return new LlmException(llm.kind(), llm.status(), message, llm.spent(), llm);
            }
            return new IllegalStateException(message, cause);
        }

        /** Ends the proposal and reports {@code error}, under the lock {@link #cancel} takes (see {@link #finish}). */
        private synchronized void fail(Throwable error) {
            Usage total = end();
            if (total == null) {
                return;
            }
            failed(error);
            done.fail(error, total);
        }

        @Override
        public Usage cancel() {
            Usage total = end();
            return total == null ? Usage.ZERO : total;
        }

        /** Ends the proposal, cancelling the call in flight: what it spent in all, or null when it had already ended. */
        private Usage end() {
            List<ChatCall> rest;
            Usage total;
            synchronized (this) {
                if (over) {
                    return null;
                }
                over = true;
                rest = List.copyOf(inFlight);
                inFlight.clear();
                total = spent;
            }
            for (ChatCall c : rest) {
                total = total.plus(c.cancel());
            }
            return total;
        }
    }
}

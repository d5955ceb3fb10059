package dev.specagent.envs.chess.replay;

import com.fasterxml.jackson.databind.JsonNode;
import dev.specagent.core.call.CanonicalJson;
import dev.specagent.core.call.Usage;
import dev.specagent.core.data.JsonErrors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Reads the authors' online speculative run of a game: {@code stepsinfo.json} (per ply the actor's
 * move and latency, the predictions {@code current_pred} with {@code time_taken_prediction}, the
 * other player's reply to each prediction {@code current_spec} with {@code time_taken_speculation},
 * and {@code speculation_hit} for plies taken from a branch) and {@code time_checker_speculate.json}.
 */
public final class OnlineRunReader {

    private OnlineRunReader() {
    }

    public static OnlineRun read(Path gameDir) {
        Path file = gameDir.resolve("stepsinfo.json");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no stepsinfo.json in " + gameDir);
        }
        List<OnlineStep> steps = new ArrayList<>();
        for (StepFields f : StepFields.readSteps(file)) {
            boolean hitStep = f.bool("speculation_hit");
            hitAsTheRunnerTookIt(f, hitStep, steps.isEmpty() ? null : steps.get(steps.size() - 1));
            List<String> guesses = f.moves("current_pred");
            List<Double> predSeconds = f.secondsList("time_taken_prediction");
            List<Long> predIn = f.tokensList("input_tokens_prediction");
            List<Long> predOut = f.tokensList("output_tokens_prediction");
            List<Usage> branchUsage = new ArrayList<>();
            List<Long> specIn = f.tokensList("input_tokens_speculation");
            List<Long> specOut = f.tokensList("output_tokens_speculation");
            if (!guesses.isEmpty()) {
                // one guessing call made all predictions: its entries repeat, the first is read
                recorded(f, "time_taken_prediction", "its latency", predSeconds.size());
                recorded(f, "input_tokens_prediction", "its prompt tokens", predIn.size());
                recorded(f, "output_tokens_prediction", "its completion tokens", predOut.size());
                onePerPrediction(f, "input_tokens_speculation", "prompt token count", specIn.size(), guesses.size());
                onePerPrediction(f, "output_tokens_speculation", "completion token count", specOut.size(), guesses.size());
            }
            for (int i = 0; i < guesses.size(); i++) {
                branchUsage.add(StepFields.usage(at(specIn, i), at(specOut, i)));
            }
            // A hit step ran no actor call: its token fields are empty lists, its latency 0.
            Usage actorUsage = hitStep ? Usage.ZERO
                    : StepFields.usage(f.tokens("input_tokens_current_agent"), f.tokens("output_tokens_current_agent"));
            List<String> branchMoves = guesses.isEmpty() ? List.of() : f.moves("current_spec");
            onePerPrediction(f, "current_spec", "move", branchMoves.size(), guesses.size());
            List<Double> branchSeconds = guesses.isEmpty() ? List.of() : f.secondsList("time_taken_speculation");
            onePerPrediction(f, "time_taken_speculation", "number of seconds", branchSeconds.size(), guesses.size());
            steps.add(new OnlineStep(f.ply(), f.move("current_move"), hitStep,
                    hitStep ? 0 : f.seconds("time_taken_current_agent"), actorUsage, guesses,
                    predSeconds.isEmpty() ? 0 : predSeconds.get(0),
                    StepFields.usage(at(predIn, 0), at(predOut, 0)), branchMoves, branchSeconds, branchUsage));
        }
        return new OnlineRun(gameDir.getFileName().toString(), steps, readTotal(gameDir.resolve("time_checker_speculate.json")));
    }

    /**
     * The authors' runner takes a ply from a branch exactly when the ply before it ran its actor and played one of its
     * predictions; a record that says otherwise has no replay (and no bookkeeping) that agrees with it.
     */
    private static void hitAsTheRunnerTookIt(StepFields f, boolean hitStep, OnlineStep previous) {
        if (previous == null) {
            if (hitStep) {
                throw f.error("speculation_hit", "true, but the first ply follows no prediction to take it from");
            }
            return;
        }
        String why = previous.hitStep() ? "ply " + previous.ply() + " was itself taken from a branch, which makes no predictions"
                : "ply " + previous.ply() + " played [" + previous.move() + "], "
                + (previous.guesses().contains(previous.move()) ? "" : "not ") + "among its predictions ("
                + String.join(", ", previous.guesses().stream().map(m -> "[" + m + "]").toList()) + ")";
        boolean expected = !previous.hitStep() && previous.guesses().contains(previous.move());
        if (hitStep != expected) {
            throw f.error("speculation_hit", hitStep + ", but " + why);
        }
    }

    /** The guessing call of a ply with predictions recorded {@code what}; an empty list is not read as 0. */
    private static void recorded(StepFields f, String name, String what, int found) {
        if (found == 0) {
            throw f.error(name, "empty, but the ply has predictions (current_pred), so the call that made them recorded " + what);
        }
    }

    /** A branch list holds one entry per prediction; otherwise the field is named (not only the ply, as a bare step would). */
    private static void onePerPrediction(StepFields f, String name, String what, int found, int predictions) {
        if (found != predictions) {
            throw f.error(name, "expected one " + what + " per prediction (" + predictions + " in current_pred), found "
                    + found);
        }
    }

    private static long at(List<Long> values, int i) {
        return i < values.size() ? values.get(i) : 0;
    }

    /**
     * The authors' total, one JSON number of seconds. Read as JSON, not with {@code Double.parseDouble}, which takes
     * {@code NaN}, {@code Infinity}, {@code 0x10p0} and {@code 7d}; a negative or infinite total is no time a run took.
     */
    private static OptionalDouble readTotal(Path file) {
        if (!Files.isRegularFile(file)) {
            return OptionalDouble.empty();
        }
        JsonNode total;
        try {
            total = CanonicalJson.MAPPER.readTree(Files.readAllBytes(file)); // bytes: a byte order mark is no JSON error
        } catch (IOException e) {
            throw new RecordFormatException(file, "expected one number of seconds: " + JsonErrors.describe(e), e);
        }
        if (total == null || !total.isNumber() || !Double.isFinite(total.doubleValue()) || total.doubleValue() < 0) {
            String got = total == null || total.isMissingNode() ? "an empty file" : JsonErrors.shown(total);
            throw new RecordFormatException(file, "", "expected one number of seconds, 0 or more, got " + got);
        }
        return OptionalDouble.of(total.doubleValue());
    }
}

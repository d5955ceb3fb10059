package dev.specagent.envs.chess;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.specagent.core.actor.Actor;
import dev.specagent.core.actor.CallContext;
import dev.specagent.core.actor.CallHandle;
import dev.specagent.core.actor.Completion;
import dev.specagent.core.actor.Estimate;
import dev.specagent.core.call.Call;
import dev.specagent.core.call.Usage;
import dev.specagent.envs.chess.players.ChessPlayer;
import dev.specagent.envs.chess.rules.Position;

import java.util.function.IntConsumer;

/**
 * The actor of a chess game: a think call goes to the white or the black player by the side to
 * move. On a speculative branch it is the other player thinking about a guessed position.
 */
public final class ChessActor implements Actor {

    private final ChessPlayer white;
    private final ChessPlayer black;
    private final IntConsumer thought;

    public ChessActor(ChessPlayer white, ChessPlayer black) {
        this(white, black, ply -> { });
    }

    /**
     * @param thought told, from the thread that finished it, the ply count reached by every think that
     *                succeeded (committed or on a branch), e.g. for a progress bar
     */
    public ChessActor(ChessPlayer white, ChessPlayer black, IntConsumer thought) {
        this.white = white;
        this.black = black;
        this.thought = thought;
    }

    private ChessPlayer playerFor(Call call) {
        return call.args().path("side").asText().equals("w") ? white : black;
    }

    @Override
    public CallHandle start(Call call, CallContext ctx) {
        Position position = ChessAgent.positionOf(call);
        return playerFor(call).play(position, ctx.speculative(), ctx.clock(), new Completion<>() {
            @Override
            public void succeed(String move, Usage usage) {
                ctx.succeed(TextNode.valueOf(move), usage);
                thought.accept(position.ply() + 1);
            }

            @Override
            public void fail(Throwable error, Usage spent) {
                ctx.fail(error, spent);
            }
        });
    }

    @Override
    public Estimate estimate(Call call) {
        return playerFor(call).estimate();
    }
}

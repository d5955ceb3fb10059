package dev.specagent.core.sandbox;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnapshotSandboxTest {

    private static List<String> append(List<String> list, String item) {
        var copy = new ArrayList<>(list);
        copy.add(item);
        return List.copyOf(copy);
    }

    @Test
    void forkWritesStayInvisibleUntilCommitted() {
        SnapshotSandbox<List<String>> box = new SnapshotSandbox<>(List.of());
        long v0 = box.root().version();
        var fork = box.root().fork();
        fork.update(s -> append(s, "write"));
        assertThat(box.root().state()).isEmpty();
        assertThat(box.root().version()).isEqualTo(v0);
        assertThat(fork.version()).isNotEqualTo(v0);
        fork.commit();
        assertThat(box.root().state()).containsExactly("write");
        assertThat(box.root().version()).isEqualTo(fork.version());
        assertThat(fork.isOpen()).isFalse();
    }

    @Test
    void discardedForkLeavesNoTrace() {
        SnapshotSandbox<List<String>> box = new SnapshotSandbox<>(List.of("a"));
        var fork = box.root().fork();
        fork.update(s -> append(s, "wrong guess"));
        fork.discard();
        assertThat(box.root().state()).containsExactly("a");
        assertThatThrownBy(() -> fork.update(s -> s)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void staleForkCannotCommit() {
        SnapshotSandbox<List<String>> box = new SnapshotSandbox<>(List.of());
        var fork = box.root().fork();
        fork.update(s -> append(s, "speculative"));
        box.root().update(s -> append(s, "committed meanwhile"));
        assertThatThrownBy(fork::commit).isInstanceOf(StaleForkException.class);
        assertThat(box.root().state()).containsExactly("committed meanwhile");
    }

    @Test
    void nestedForkCommitsAfterItsParent() {
        SnapshotSandbox<List<String>> box = new SnapshotSandbox<>(List.of());
        var parent = box.root().fork();
        parent.update(s -> append(s, "first"));
        var child = parent.fork();
        child.update(s -> append(s, "second"));
        assertThatThrownBy(child::commit).isInstanceOf(StaleForkException.class);
        var child2 = parent.fork();
        child2.update(s -> append(s, "second"));
        parent.commit();
        child2.commit();
        assertThat(box.root().state()).containsExactly("first", "second");
    }

    @Test
    void viewsOfAnotherSandboxAreRejected() {
        SnapshotSandbox<String> a = new SnapshotSandbox<>("a");
        SnapshotSandbox<String> b = new SnapshotSandbox<>("b");
        assertThatThrownBy(() -> a.typed(b.root())).isInstanceOf(IllegalArgumentException.class);
        assertThat(a.typed(a.root().fork()).state()).isEqualTo("a");
    }

    /** A fork's base is the version it was forked from, and stays so as the fork and its parent move on. */
    @Test
    void aForksBaseIsTheVersionItWasForkedFrom() {
        SnapshotSandbox<List<String>> box = new SnapshotSandbox<>(List.of());
        box.root().update(s -> append(s, "a"));
        long v = box.root().version();
        var fork = box.root().fork();
        assertThat(fork.isOpen()).isTrue();
        assertThat(fork.baseVersion()).isEqualTo(v).isEqualTo(fork.version());
        fork.update(s -> append(s, "b"));
        var nested = fork.fork();
        box.root().update(s -> append(s, "c"));
        assertThat(fork.baseVersion()).isEqualTo(v);
        assertThat(nested.baseVersion()).isEqualTo(fork.version()).isNotEqualTo(v);
        assertThat(nested.isOpen()).isTrue();
    }

    @Test
    void anUpdateReturnsItsResultOnTheNewState() {
        SnapshotSandbox<List<String>> box = new SnapshotSandbox<>(List.of("a"));
        var fork = box.root().fork();
        int size = fork.update(s -> append(s, "b"), List::size);
        boolean empty = box.root().update(s -> List.of(), List::isEmpty);
        assertThat(size).isEqualTo(2);
        assertThat(empty).isTrue();
    }

    /** The error for a foreign view names it, root or fork, at its version. */
    @Test
    void aForeignViewIsNamedInTheError() {
        SnapshotSandbox<String> a = new SnapshotSandbox<>("a");
        SnapshotSandbox<String> b = new SnapshotSandbox<>("b");
        var fork = b.root().fork();
        assertThatThrownBy(() -> a.typed(fork)).hasMessage("view fork@" + fork.version() + " does not belong to this sandbox");
        assertThatThrownBy(() -> a.typed(b.root()))
                .hasMessage("view root@" + b.root().version() + " does not belong to this sandbox");
    }
}

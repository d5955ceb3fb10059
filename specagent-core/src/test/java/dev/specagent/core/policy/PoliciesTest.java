package dev.specagent.core.policy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Policies by name, as the command line names them, and what each promises about speculating. */
class PoliciesTest {

    @Test
    void eachNameBuildsThePolicyOfThatName() {
        for (String name : Policies.NAMES) {
            assertThat(Policies.byName(name, 2, 3).name()).isEqualTo(name);
        }
        assertThat(((ChainedPolicy) Policies.byName("chained", 2, 3)).maxDepth()).isEqualTo(3);
        assertThat(Policies.byName("chained", 2, 3).k()).isEqualTo(2);
    }

    @Test
    void sequentialNeverSpeculates() {
        SequentialPolicy sequential = new SequentialPolicy();
        assertThat(sequential.k()).isZero();
        assertThat(sequential.speculateOnCommitted(false)).isFalse();
        assertThat(sequential.speculateOnCommitted(true)).isFalse();
        assertThat(sequential.speculateOnBranch(1)).isFalse();
    }
}

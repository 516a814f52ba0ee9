package dev.kinfer.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.KubernetesClientException;
import org.junit.jupiter.api.Test;

/** A test's edit that lost a race with the operator's write is tried again; any other failure is not hidden. */
class EditsTest {

    @Test
    void aConflictAsksForAnotherTry() {
        assertThat(Edits.applied(() -> {
            throw new KubernetesClientException("Operation cannot be fulfilled", 409, null);
        })).isFalse();
    }

    @Test
    void anEditThatWentThroughIsDone() {
        assertThat(Edits.applied(() -> { })).isTrue();
    }

    @Test
    void otherFailuresAreThrown() {
        assertThatThrownBy(() -> Edits.applied(() -> {
            throw new KubernetesClientException("forbidden", 403, null);
        })).isInstanceOf(KubernetesClientException.class).hasMessageContaining("forbidden");
    }
}

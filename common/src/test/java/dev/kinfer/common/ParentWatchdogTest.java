package dev.kinfer.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** KINFER_PARENT_PID: the runtime or operator shuts down once the process that started it is gone, and only then. */
class ParentWatchdogTest {

    private final AtomicBoolean parentAlive = new AtomicBoolean(true);
    private final AtomicInteger shutdowns = new AtomicInteger();

    @Test
    void withoutTheVariableThereIsNoWatchdog() {
        assertThat(ParentWatchdog.fromEnvironment(Map.of(), pid -> true, shutdowns::incrementAndGet)).isEmpty();
        assertThat(ParentWatchdog.fromEnvironment(Map.of(ParentWatchdog.ENV, " "), pid -> true,
                shutdowns::incrementAndGet)).isEmpty();
    }

    @Test
    void aValueThatIsNoProcessIdIsRejectedNamingTheVariable() {
        for (String value : new String[] {"abc", "0", "-5"}) {
            assertThatThrownBy(() -> ParentWatchdog.fromEnvironment(Map.of(ParentWatchdog.ENV, value), pid -> true,
                    shutdowns::incrementAndGet))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("KINFER_PARENT_PID is '" + value + "'");
        }
    }

    @Test
    void checksTheProcessTheVariableNames() {
        AtomicInteger asked = new AtomicInteger();
        ParentWatchdog watchdog = ParentWatchdog.fromEnvironment(Map.of(ParentWatchdog.ENV, "4242"),
                pid -> {
                    asked.set((int) pid);
                    return true;
                }, shutdowns::incrementAndGet).orElseThrow();

        watchdog.check();

        assertThat(asked.get()).isEqualTo(4242);
    }

    @Test
    void shutsDownOnceWhenTheParentIsGoneAndNotBefore() {
        ParentWatchdog watchdog = watching();

        assertThat(watchdog.check()).isFalse();
        assertThat(watchdog.check()).isFalse();
        assertThat(shutdowns.get()).isZero();

        parentAlive.set(false);
        assertThat(watchdog.check()).isTrue();
        assertThat(watchdog.check()).isTrue();
        assertThat(shutdowns.get()).isEqualTo(1);
    }

    @Test
    void theStartedWatchNoticesTheParentGoingWithinSeconds() {
        ParentWatchdog watchdog = watching();
        watchdog.start();
        assertThat(shutdowns.get()).as("the parent is alive").isZero();

        parentAlive.set(false);

        await().atMost(Duration.ofSeconds(10)).until(() -> shutdowns.get() == 1);
    }

    @Test
    void theRealLivenessCheckSeesThisProcessAliveAndAnUnusedPidGone() {
        assertThat(ParentWatchdog.isAlive(ProcessHandle.current().pid())).isTrue();
        assertThat(ParentWatchdog.isAlive(Long.MAX_VALUE)).isFalse();
    }

    private ParentWatchdog watching() {
        return ParentWatchdog.fromEnvironment(Map.of(ParentWatchdog.ENV, "1234"), pid -> parentAlive.get(),
                shutdowns::incrementAndGet).orElseThrow();
    }
}

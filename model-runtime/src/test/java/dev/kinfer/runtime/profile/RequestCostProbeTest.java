package dev.kinfer.runtime.profile;

import dev.kinfer.common.ServerThreads;
import dev.kinfer.common.load.OpenLoop;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How the probe turns a window's server CPU into the request CPU the planner charges. */
class RequestCostProbeTest {

    @Test
    void aLargeModelsRequestCpuIsWhatItsOtherThreadsUsed() {
        // ResNet-18-like: 56 CPU-ms a request once compiled, 90 % of it in the workers, against a 45 CPU-ms in-process
        // call; the workers' 50.4 is within the call's drift, so only the 5.6 of the event loop and parsing counts
        Optional<ServerThreads.Shares> shares = Optional.of(new ServerThreads.Shares(0.9, 0));
        assertEquals(5.6, RequestCostProbe.requestCpuMillis(56, shares, 45), 1e-9);
        // a machine that has become faster since the grid does not make serving cheaper than its other threads
        assertEquals(5.6, RequestCostProbe.requestCpuMillis(56, shares, 60), 1e-9);
    }

    @Test
    void aSmallModelsWorkersAddTheirHandOffBeyondTheCallAndItsDrift() {
        // mlp-like: 0.14 CPU-ms a request, half in the workers, against a 0.027 CPU-ms call
        double expected = 0.07 + (0.07 - 1.25 * 0.027);
        assertEquals(expected, RequestCostProbe.requestCpuMillis(0.14, Optional.of(new ServerThreads.Shares(0.5, 0)),
                0.027), 1e-12);
    }

    @Test
    void theWorkersShareIsTakenOfTheCpuLeftOnceTheCompilerIsLeftOut() {
        // the window's ticks: 60 % workers, 20 % compiler; the 0.16 CPU-ms given is already without the compiler,
        // so the workers hold 0.6 / 0.8 of it
        Optional<ServerThreads.Shares> shares = Optional.of(new ServerThreads.Shares(0.6, 0.2));
        assertEquals(0.04 + Math.max(0, 0.12 - 1.25 * 0.05),
                RequestCostProbe.requestCpuMillis(0.16, shares, 0.05), 1e-12);
    }

    @Test
    void withoutPerThreadFiguresTheWholeServerLessTheCallCounts() {
        assertEquals(11.0, RequestCostProbe.requestCpuMillis(56, Optional.empty(), 45), 1e-9);
        assertEquals(0.0, RequestCostProbe.requestCpuMillis(40, Optional.empty(), 45), "never negative");
    }

    @Test
    void theOpenLoopWindowIsTimedFromTheSendUnlessARequestWaitedForAConnection() {
        Latencies none = new Latencies();
        int connections = RequestCostProbe.TAIL_CONNECTIONS;
        assertEquals(false, new RequestCostProbe.Window(none, none, peakBusy(connections - 1, connections))
                .pacedByTheClient(), "a connection was always free: a wait before sending was this process's own");
        assertEquals(true, new RequestCostProbe.Window(none, none, peakBusy(connections, connections))
                .pacedByTheClient(), "every connection busy at once: requests waited for the server");
    }

    private static OpenLoop.Outcome peakBusy(int peak, int connections) {
        return new OpenLoop.Outcome(0, 0, 0, peak, connections, 0);
    }
}

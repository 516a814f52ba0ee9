package dev.kinfer.runtime.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kinfer.runtime.config.Device;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProfileOptionsTest {

    @Test
    void defaultsMeasureAutoDeviceOverBatchesOneToSixtyFourWithinSixtySeconds() {
        ProfileOptions o = ProfileOptions.parse("--model", "m.pt");
        assertEquals(Path.of("m.pt"), o.model());
        assertEquals(Optional.empty(), o.out());
        assertEquals(Device.AUTO, o.device());
        assertEquals(List.of(1, 2, 4, 8, 16, 32, 64), o.batches());
        assertEquals(1.0, o.secondsPerPoint());
        assertEquals(60, o.budgetSeconds());
        assertEquals(2, o.warmupCalls());
    }

    @Test
    void defaultWorkersArePowersOfTwoUpToAndIncludingTheLimit() {
        ProfileOptions o = ProfileOptions.parse("--model", "m.pt");
        assertEquals(List.of(1, 2), o.workerCounts(2));
        assertEquals(List.of(1, 2, 4, 6), o.workerCounts(6));
        assertEquals(List.of(1, 2, 4, 8), o.workerCounts(8));
        assertEquals(List.of(1), o.workerCounts(1));
    }

    @Test
    void theTailWindowIsLedInByHalfItsLengthUnlessAWarmUpIsGiven() {
        assertEquals(1.0, ProfileOptions.parse("--model", "m.pt").requestLeadInSeconds());
        assertEquals(2.0, ProfileOptions.parse("--model", "m.pt", "--request-seconds", "4").requestLeadInSeconds());
        assertEquals(60.0, ProfileOptions.parse("--model", "m.pt", "--request-seconds", "4",
                "--request-warmup-seconds", "60").requestLeadInSeconds());
        assertEquals(0.0, ProfileOptions.parse("--model", "m.pt", "--request-warmup-seconds=0").requestLeadInSeconds());
        ProfileUsageException e = org.junit.jupiter.api.Assertions.assertThrows(ProfileUsageException.class,
                () -> ProfileOptions.parse("--model", "m.pt", "--request-warmup-seconds", "soon"));
        assertEquals("--request-warmup-seconds is 'soon' but must be a number >= 0", e.getMessage());
    }

    @Test
    void theRequestCostIsMeasuredForTwoSecondsUnlessTurnedOff() {
        assertEquals(2.0, ProfileOptions.parse("--model", "m.pt").requestSeconds());
        assertEquals(0.0, ProfileOptions.parse("--model", "m.pt", "--request-seconds", "0").requestSeconds());
        ProfileUsageException e = org.junit.jupiter.api.Assertions.assertThrows(ProfileUsageException.class,
                () -> ProfileOptions.parse("--model", "m.pt", "--request-seconds", "-1"));
        assertEquals("--request-seconds is '-1' but must be a number >= 0", e.getMessage());
    }

    @Test
    void theSpeedDriftIsMeasuredForTenSecondsUnlessTurnedOff() {
        assertEquals(10.0, ProfileOptions.parse("--model", "m.pt").driftSeconds());
        assertEquals(60.0, ProfileOptions.parse("--model", "m.pt", "--drift-seconds=60").driftSeconds());
        assertEquals(0.0, ProfileOptions.parse("--model", "m.pt", "--drift-seconds", "0").driftSeconds());
        ProfileUsageException e = org.junit.jupiter.api.Assertions.assertThrows(ProfileUsageException.class,
                () -> ProfileOptions.parse("--model", "m.pt", "--drift-seconds", "-5"));
        assertEquals("--drift-seconds is '-5' but must be a number >= 0", e.getMessage());
        assertEquals(java.util.Optional.empty(), ProfileOptions.parse("--model", "m.pt").driftTrace());
        assertEquals(java.util.Optional.of(java.nio.file.Path.of("/tmp/calls.csv")),
                ProfileOptions.parse("--model", "m.pt", "--drift-trace", "/tmp/calls.csv").driftTrace());
    }

    @Test
    void givenWorkersWinOverTheDefault() {
        assertEquals(List.of(1, 3), ProfileOptions.parse("--model", "m.pt", "--workers", "1,3").workerCounts(8));
    }

    @Test
    void acceptsNameEqualsValueForm() {
        ProfileOptions o = ProfileOptions.parse("--model=m.pt", "--out=/dev/termination-log", "--device=CPU",
                "--batches=1,4", "--seconds-per-point=0.2", "--budget-seconds=5");
        assertEquals(Optional.of(Path.of("/dev/termination-log")), o.out());
        assertEquals(Device.CPU, o.device());
        assertEquals(List.of(1, 4), o.batches());
        assertEquals(0.2, o.secondsPerPoint());
        assertEquals(5, o.budgetSeconds());
    }

    @Test
    void missingModelNamesTheOption() {
        assertEquals("--model is required: the path of the TorchScript .pt file to profile",
                assertThrows(ProfileUsageException.class, () -> ProfileOptions.parse("--out", "f")).getMessage());
    }

    @Test
    void nonPositiveSecondsNameTheOptionAndTheExpectedValue() {
        assertEquals("--seconds-per-point is '0' but must be a number > 0", assertThrows(ProfileUsageException.class,
                () -> ProfileOptions.parse("--model", "m.pt", "--seconds-per-point", "0")).getMessage());
        assertEquals("--budget-seconds is 'soon' but must be a number > 0", assertThrows(ProfileUsageException.class,
                () -> ProfileOptions.parse("--model", "m.pt", "--budget-seconds", "soon")).getMessage());
    }

    @Test
    void badListsSayWhatAListLooksLike() {
        String message = assertThrows(ProfileUsageException.class,
                () -> ProfileOptions.parse("--model", "m.pt", "--batches", "8,4")).getMessage();
        assertEquals("--batches is '8,4' but must be whole numbers >= 1 in ascending order, separated by commas,"
                + " e.g. 1,2,4", message);
        assertThrows(ProfileUsageException.class, () -> ProfileOptions.parse("--model", "m.pt", "--workers", "0,1"));
        assertThrows(ProfileUsageException.class, () -> ProfileOptions.parse("--model", "m.pt", "--workers", "1,,2"));
    }

    @Test
    void unknownDeviceListsTheChoices() {
        assertEquals("--device is 'tpu' but must be one of auto|cpu|gpu", assertThrows(ProfileUsageException.class,
                () -> ProfileOptions.parse("--model", "m.pt", "--device", "tpu")).getMessage());
    }

    @Test
    void unknownOptionsAndMissingValuesAreRefused() {
        assertTrue(assertThrows(ProfileUsageException.class, () -> ProfileOptions.parse("--model", "m.pt", "--fast"))
                .getMessage().startsWith("unknown option '--fast'"));
        assertEquals("--out needs a value; see --help", assertThrows(ProfileUsageException.class,
                () -> ProfileOptions.parse("--model", "m.pt", "--out")).getMessage());
        assertTrue(assertThrows(ProfileUsageException.class, () -> ProfileOptions.parse("m.pt"))
                .getMessage().startsWith("unexpected argument 'm.pt'"));
    }

    @Test
    void helpNeedsNoModel() {
        assertTrue(ProfileOptions.parse("--help").help());
    }
}

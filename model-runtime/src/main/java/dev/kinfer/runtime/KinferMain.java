package dev.kinfer.runtime;

import dev.kinfer.runtime.fetch.FetchCommand;
import dev.kinfer.common.ParentWatchdog;
import dev.kinfer.runtime.profile.ProfileCommand;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.io.PrintStream;
import java.util.Arrays;

/**
 * The runtime's entry point. {@code profile ...} measures a model and {@code fetch ...} downloads one (for an init
 * container); both exit without starting Quarkus (no HTTP server, no CDI: see {@link ProfileCommand} and
 * {@link FetchCommand}). Anything else starts the model server exactly as before. Either way,
 * {@code KINFER_PARENT_PID} (a development setting, see {@link ParentWatchdog}) first starts a watch on that process.
 */
@QuarkusMain
public final class KinferMain {
    private KinferMain() {
    }

    public static void main(String... args) {
        ParentWatchdog.watchParentOrExit("kinfer", "runtime");
        if (args.length > 0 && args[0].equals("profile")) {
            // The JSON may go to stdout: keep library prints (DJL, libtorch's Java side) off it.
            PrintStream json = System.out;
            System.setOut(System.err);
            int code = ProfileCommand.standard(json).run(Arrays.copyOfRange(args, 1, args.length));
            json.flush();
            System.exit(code);
        }
        if (args.length > 0 && args[0].equals("fetch")) {
            System.exit(FetchCommand.standard().run(Arrays.copyOfRange(args, 1, args.length)));
        }
        Quarkus.run(args);
    }
}

package dev.waybill.cli;

import dev.waybill.outbox.WaybillException;
import java.io.PrintWriter;
import java.util.ServiceLoader;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code waybill} executable: {@code contracts} here, and whatever {@link CliExtension}s are on the classpath
 * ({@code relay} and {@code migrate} from outbox-relay, {@code dev} from dev mode). Exit codes: 0 all is well, 1
 * problems were found (in contracts, or a refused push), 2 usage, configuration or connection errors.
 */
@Command(
        name = "waybill",
        mixinStandardHelpOptions = true,
        versionProvider = WaybillCli.Version.class,
        description = "Transactional outbox for PostgreSQL with data contracts enforced on the way to Kafka.",
        subcommands = ContractsCommand.class)
public final class WaybillCli {

    public static final int OK = 0;
    public static final int PROBLEMS = 1;
    public static final int ERROR = 2;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line, writing results to {@code out} and errors to {@code err}; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new WaybillCli());
        // Extensions first: setOut, setErr and the handler apply to the subcommands present when they are set.
        ServiceLoader.load(CliExtension.class).forEach(extension -> commandLine.addSubcommand(extension.command()));
        // Added here rather than in @Command so that it comes last in the list of commands.
        commandLine.addSubcommand(new CommandLine.HelpCommand());
        commandLine.setOut(out).setErr(err).setExecutionExceptionHandler((exception, line, parseResult) -> {
            // Known failures get their message, which says what to fix; a stack trace only on request.
            String message = "waybill: "
                    + (exception instanceof WaybillException ? exception.getMessage() : exception.toString());
            boolean debug = System.getenv("WAYBILL_DEBUG") != null;
            if ("json".equals(System.getenv("WAYBILL_LOG_FORMAT"))) {
                // A log pipeline reads every line of standard error as JSON: why the command failed must reach it too.
                LoggerFactory.getLogger(WaybillCli.class).error(message, debug ? exception : null);
                return ERROR;
            }
            line.getErr().println(message);
            if (debug) {
                exception.printStackTrace(line.getErr());
            }
            return ERROR;
        });
        commandLine.getCommandSpec().exitCodeOnInvalidInput(ERROR);
        return commandLine.execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = WaybillCli.class.getPackage().getImplementationVersion();
            return new String[] {"waybill " + (version == null ? "(development build)" : version)};
        }
    }
}

package io.klassic.tools;

import io.klassic.tools.cli.ExitException;
import io.klassic.tools.cli.ToolIo;
import io.klassic.tools.cli.UsageException;
import io.klassic.tools.group.ConsumerGroupCommandOptions;
import io.klassic.tools.group.ConsumerGroupService;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.util.Properties;
import java.util.concurrent.ExecutionException;

/**
 * {@code bin/kafka-consumer-groups.sh}: lists, describes, deletes consumer groups and resets their offsets, with
 * Apache Kafka 3.9's flags and output.
 *
 * <p>Exit code 0 on success, 1 otherwise: usage problems print the message and the help screen on standard
 * error; a failed action prints {@code Error: Executing consumer group command failed due to <message>} and the
 * stack trace on standard error.
 *
 * <p>Not thread-safe; one command per call.
 */
public final class ConsumerGroupCommand {

    private ConsumerGroupCommand() {
    }

    public static void main(String... args) {
        System.exit(mainNoExit(ToolIo.system(), args));
    }

    public static int mainNoExit(ToolIo io, String... args) {
        ConsumerGroupCommandOptions opts = new ConsumerGroupCommandOptions();
        try {
            opts.parse(io, args);
        } catch (UsageException e) {
            return opts.printUsage(io, e);
        } catch (ExitException e) {
            return e.code();
        } catch (RuntimeException e) {
            io.err().println(e.getMessage());
            return 1;
        }
        try {
            Properties props = opts.commandConfig();
            props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, opts.bootstrapServer());
            try (ConsumerGroupService service = new ConsumerGroupService(Admin.create(props), opts, io.out(), io.err())) {
                if (opts.list()) {
                    service.listGroups().forEach(io.out()::println);
                } else if (opts.describe()) {
                    service.describe();
                } else if (opts.delete()) {
                    service.deleteGroups();
                } else {
                    service.resetOffsets();
                }
            }
            return 0;
        } catch (IllegalArgumentException e) {
            return opts.printUsage(io, new UsageException(e.getMessage()));
        } catch (Throwable e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            io.err().println(System.lineSeparator() + "Error: Executing consumer group command failed due to "
                    + cause.getMessage());
            cause.printStackTrace(io.err());
            return 1;
        }
    }
}

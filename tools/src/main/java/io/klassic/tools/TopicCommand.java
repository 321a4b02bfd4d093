package io.klassic.tools;

import io.klassic.tools.cli.ExitException;
import io.klassic.tools.cli.ToolIo;
import io.klassic.tools.cli.UsageException;
import io.klassic.tools.topic.AdminTopicService;
import io.klassic.tools.topic.TopicCommandOptions;
import io.klassic.tools.topic.TopicService;
import io.klassic.tools.topic.ZkTopicService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.ExecutionException;

/**
 * {@code bin/kafka-topics.sh}: creates, lists, describes, alters and deletes topics, with Apache Kafka 3.9's
 * flags, output and exit codes, through a broker ({@code --bootstrap-server}) or, as Kafka 2.x did, directly in
 * ZooKeeper ({@code --zookeeper}).
 *
 * <p>Exit code 0 on success, 1 otherwise. As in Kafka: a command line that does not parse prints the error and
 * its stack trace on standard error; one that cannot be run prints the problem and the help screen on standard
 * error; a failed action prints {@code Error while executing topic command : <message>} on standard output
 * and logs the stack trace at ERROR.
 *
 * <p>Not thread-safe; one command per call.
 */
public final class TopicCommand {

    private static final Logger log = LoggerFactory.getLogger(TopicCommand.class);

    private TopicCommand() {
    }

    public static void main(String... args) {
        System.exit(mainNoExit(ToolIo.system(), args));
    }

    /** Runs the command; returns the exit code. */
    public static int mainNoExit(ToolIo io, String... args) {
        try {
            return execute(io, args);
        } catch (Throwable e) {
            io.err().println(e.getMessage());
            io.err().println(stackTrace(e));
            return 1;
        }
    }

    static int execute(ToolIo io, String... args) throws Exception {
        TopicCommandOptions opts = new TopicCommandOptions();
        try {
            opts.parse(io, args);
        } catch (UsageException e) {
            return opts.printUsage(io, e);
        } catch (ExitException e) {
            return e.code();
        }
        TopicService service = opts.zkConnect().isPresent()
                ? ZkTopicService.create(opts.zkConnect().get(), io.out())
                : AdminTopicService.create(opts.commandConfig(), opts.bootstrapServer().orElseThrow(), io.out());
        try {
            if (opts.hasCreateOption()) {
                service.createTopic(opts);
            } else if (opts.hasAlterOption()) {
                service.alterTopic(opts);
            } else if (opts.hasListOption()) {
                service.listTopics(opts);
            } else if (opts.hasDescribeOption()) {
                service.describeTopic(opts);
            } else if (opts.hasDeleteOption()) {
                service.deleteTopic(opts);
            }
            return 0;
        } catch (ExecutionException e) {
            printException(io, e.getCause() != null ? e.getCause() : e);
            return 1;
        } catch (Throwable e) {
            printException(io, e);
            return 1;
        } finally {
            service.close();
        }
    }

    private static void printException(ToolIo io, Throwable e) {
        io.out().println("Error while executing topic command : " + e.getMessage());
        log.error(stackTrace(e));
    }

    static String stackTrace(Throwable e) {
        StringWriter sw = new StringWriter();
        try (PrintWriter pw = new PrintWriter(sw)) {
            e.printStackTrace(pw);
        }
        return sw.toString();
    }
}

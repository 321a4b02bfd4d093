package io.klassic.tools;

import io.klassic.log.ConfigException;
import io.klassic.tools.cli.ExitException;
import io.klassic.tools.cli.OptionException;
import io.klassic.tools.cli.ToolIo;
import io.klassic.tools.cli.UsageException;
import io.klassic.tools.config.AdminConfigService;
import io.klassic.tools.config.ConfigCommandOptions;
import io.klassic.tools.config.ZkConfigService;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Properties;
import java.util.concurrent.ExecutionException;

/**
 * {@code bin/kafka-configs.sh}: describes and alters topic and broker configs with Apache Kafka 3.9's flags and
 * output, through a broker ({@code --bootstrap-server}: DescribeConfigs, IncrementalAlterConfigs) or, for
 * topics, directly in ZooKeeper ({@code --zookeeper}, as Kafka 2.x).
 *
 * <p>Exit code 0 on success, 1 otherwise. As in Kafka: a command line that cannot be run prints the problem and
 * the help screen on standard error; a bad option, entity or config prints just its message on standard error;
 * any other failure prints {@code Error while executing config command with args '...'} and the stack trace on
 * standard error.
 *
 * <p>Not thread-safe; one command per call.
 */
public final class ConfigCommand {

    private static final Logger log = LoggerFactory.getLogger(ConfigCommand.class);

    private ConfigCommand() {
    }

    public static void main(String... args) {
        System.exit(mainNoExit(ToolIo.system(), args));
    }

    /** Runs the command; returns the exit code. */
    public static int mainNoExit(ToolIo io, String... args) {
        ConfigCommandOptions opts = new ConfigCommandOptions();
        try {
            try {
                opts.parse(io, args);
            } catch (UsageException e) {
                return opts.printUsage(io, e);
            } catch (ExitException e) {
                return e.code();
            }
            if (opts.zkConnect().isPresent()) {
                try (ZkConfigService service = ZkConfigService.create(opts.zkConnect().get(), io.out())) {
                    if (opts.describe()) {
                        service.describe(opts);
                    } else {
                        service.alter(opts);
                    }
                }
            } else {
                Properties props = opts.commandConfig();
                props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, opts.bootstrapServer().orElseThrow());
                try (AdminConfigService service = new AdminConfigService(Admin.create(props), io.out())) {
                    run(service, opts);
                }
            }
            return 0;
        } catch (Throwable e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof IllegalArgumentException || cause instanceof InvalidConfigurationException
                    || cause instanceof OptionException || cause instanceof ConfigException) {
                log.debug("Failed config command with args '{}'", String.join(" ", args), e);
                io.err().println(cause.getMessage());
            } else {
                io.err().println("Error while executing config command with args '" + String.join(" ", args) + "'");
                e.printStackTrace(io.err());
            }
            return 1;
        }
    }

    /** Runs the action of {@code opts} with {@code service} (also used by tests with a fake Admin). */
    static void run(AdminConfigService service, ConfigCommandOptions opts) throws Exception {
        if (opts.describe()) {
            service.describe(opts);
        } else {
            service.alter(opts);
        }
    }
}

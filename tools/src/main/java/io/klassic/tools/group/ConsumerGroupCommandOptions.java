package io.klassic.tools.group;

import io.klassic.tools.cli.CommandLineUtils;
import io.klassic.tools.cli.CommandOptions;
import io.klassic.tools.cli.OptionSpec;
import io.klassic.tools.cli.ToolIo;
import io.klassic.tools.cli.UsageException;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The command line of {@code kafka-consumer-groups.sh} (Apache Kafka 3.9's flags): one action among
 * {@code --list}, {@code --describe} ({@code --offsets} by default, or {@code --members}, {@code --state}),
 * {@code --delete} and {@code --reset-offsets} (one of {@code --to-earliest}, {@code --to-latest},
 * {@code --to-offset}, {@code --shift-by}, {@code --to-current}; {@code --topic t[:p,q]} or {@code --all-topics};
 * {@code --dry-run} (the default) or {@code --execute}).
 *
 * <p>Not thread-safe; built and read on the tool's thread.
 */
public final class ConsumerGroupCommandOptions extends CommandOptions {

    static final String DESCRIPTION = "This tool helps to list all consumer groups, describe a consumer group, "
            + "delete consumer group info, or reset consumer group offsets.";
    static final String NO_EXECUTE_WARNING = "WARN: No action will be performed as the --execute option is missing. "
            + "In a future major release, the default behavior of this command will be to prompt the user before "
            + "executing the reset rather than doing a dry run. You should add the --dry-run option explicitly if "
            + "you are scripting this command and want to keep the current default behavior without prompting.";

    private final OptionSpec<String> bootstrapServerOpt = parser.accepts("bootstrap-server",
                    "REQUIRED: The server(s) to connect to.")
            .withRequiredArg().describedAs("server to connect to").ofType(String.class);
    private final OptionSpec<String> commandConfigOpt = parser.accepts("command-config",
                    "Property file containing configs to be passed to Admin Client and Consumer.")
            .withRequiredArg().describedAs("command config property file").ofType(String.class);
    private final OptionSpec<String> groupOpt = parser.accepts("group", "The consumer group we wish to act on.")
            .withRequiredArg().describedAs("consumer group").ofType(String.class);
    private final OptionSpec<Void> allGroupsOpt = parser.accepts("all-groups", "Apply to all consumer groups.");
    private final OptionSpec<String> topicOpt = parser.accepts("topic",
                    "The topic whose consumer group information should be deleted or topic whose should be included "
                            + "in the reset offset process. In `reset-offsets` case, partitions can be specified "
                            + "using this format: `topic1:0,1,2`, where 0,1,2 are the partition to be included.")
            .withRequiredArg().describedAs("topic").ofType(String.class);
    private final OptionSpec<Void> allTopicsOpt = parser.accepts("all-topics",
            "Consider all topics assigned to a group in the `reset-offsets` process.");
    private final OptionSpec<Void> listOpt = parser.accepts("list", "List all consumer groups.");
    private final OptionSpec<Void> describeOpt = parser.accepts("describe",
            "Describe consumer group and list offset lag (number of messages not yet processed) related to given "
                    + "group.");
    private final OptionSpec<Void> deleteOpt = parser.accepts("delete", "Pass in groups to delete topic partition "
            + "offsets and ownership information over the entire consumer group.");
    private final OptionSpec<Long> timeoutMsOpt = parser.accepts("timeout",
                    "The timeout that can be set for some use cases. For example, it can be used when describing the "
                            + "group to specify the maximum amount of time in milliseconds to wait before the group "
                            + "stabilizes.")
            .withRequiredArg().describedAs("timeout (ms)").ofType(Long.class).defaultsTo(5000L);
    private final OptionSpec<Void> resetOffsetsOpt = parser.accepts("reset-offsets",
            "Reset offsets of consumer group. Supports one consumer group at the time, and instances should be "
                    + "inactive.");
    private final OptionSpec<Void> dryRunOpt = parser.accepts("dry-run",
            "Only show results without executing changes on Consumer Groups. Supported operations: reset-offsets.");
    private final OptionSpec<Void> executeOpt = parser.accepts("execute",
            "Execute operation. Supported operations: reset-offsets.");
    private final OptionSpec<Long> resetToOffsetOpt = parser.accepts("to-offset", "Reset offsets to a specific offset.")
            .withRequiredArg().describedAs("offset").ofType(Long.class);
    private final OptionSpec<Long> resetShiftByOpt = parser.accepts("shift-by",
                    "Reset offsets shifting current offset by 'n', where 'n' can be positive or negative.")
            .withRequiredArg().describedAs("number-of-offsets").ofType(Long.class);
    private final OptionSpec<Void> resetToEarliestOpt = parser.accepts("to-earliest", "Reset offsets to earliest offset.");
    private final OptionSpec<Void> resetToLatestOpt = parser.accepts("to-latest", "Reset offsets to latest offset.");
    private final OptionSpec<Void> resetToCurrentOpt = parser.accepts("to-current", "Reset offsets to current offset.");
    private final OptionSpec<Void> membersOpt = parser.accepts("members",
            "Describe members of the group. This option may be used with '--describe' and '--bootstrap-server' "
                    + "options only.");
    private final OptionSpec<Void> verboseOpt = parser.accepts("verbose",
            "Provide additional information, if any, when describing the group.");
    private final OptionSpec<Void> offsetsOpt = parser.accepts("offsets",
            "Describe the group and list all topic partitions in the group along with their offset lag. This is "
                    + "the default sub-action of and may be used with '--describe' and '--bootstrap-server' options "
                    + "only.");
    private final OptionSpec<Void> stateOpt = parser.accepts("state",
            "When specified with '--describe', includes the state of the group.");

    private final List<OptionSpec<?>> actions = List.of(listOpt, describeOpt, deleteOpt, resetOffsetsOpt);
    private final List<OptionSpec<?>> resetScenarios =
            List.of(resetToEarliestOpt, resetToLatestOpt, resetToOffsetOpt, resetToCurrentOpt, resetShiftByOpt);

    /**
     * Parses and checks {@code args}.
     *
     * @throws io.klassic.tools.cli.OptionException for a command line that does not parse
     * @throws UsageException                       for one that cannot be run (printed with the help screen)
     */
    public ConsumerGroupCommandOptions parse(ToolIo io, String... args) {
        options = parser.parse(args);
        if (args.length == 0) {
            throw new UsageException("List all consumer groups, describe a consumer group, delete consumer group "
                    + "info, or reset consumer group offsets.");
        }
        maybePrintHelpOrVersion(io, DESCRIPTION);
        long count = actions.stream().filter(options::has).count();
        if (count != 1) {
            throw new UsageException("Command must include exactly one action: --list, --describe, --delete, "
                    + "--reset-offsets");
        }
        CommandLineUtils.checkRequiredArgs(options, bootstrapServerOpt);
        if (options.has(describeOpt)) {
            takesOneOf(describeOpt, List.of(allGroupsOpt, groupOpt), true);
            takesAtMostOneOf(describeOpt, List.of(membersOpt, offsetsOpt, stateOpt));
        } else {
            CommandLineUtils.checkInvalidArgs(options, membersOpt, actions.stream().filter(a -> a != describeOpt).toList());
            CommandLineUtils.checkInvalidArgs(options, offsetsOpt, actions.stream().filter(a -> a != describeOpt).toList());
            CommandLineUtils.checkInvalidArgs(options, stateOpt,
                    actions.stream().filter(a -> a != describeOpt && a != listOpt).toList());
        }
        if (options.has(deleteOpt)) {
            takesOneOf(deleteOpt, List.of(allGroupsOpt, groupOpt), true);
            CommandLineUtils.checkInvalidArgs(options, deleteOpt, List.of(topicOpt));
        }
        if (options.has(resetOffsetsOpt)) {
            takesOneOf(resetOffsetsOpt, List.of(allGroupsOpt, groupOpt), true);
            takesAtMostOneOf(resetOffsetsOpt, List.of(dryRunOpt, executeOpt));
            takesOneOf(resetOffsetsOpt, resetScenarios, true);
            takesOneOf(resetOffsetsOpt, List.of(allTopicsOpt, topicOpt), false);
            if (!options.has(dryRunOpt) && !options.has(executeOpt)) {
                io.err().println(NO_EXECUTE_WARNING);
            }
        } else {
            for (OptionSpec<?> s : resetScenarios) {
                CommandLineUtils.checkInvalidArgs(options, s, actions.stream().filter(a -> a != resetOffsetsOpt).toList());
            }
            CommandLineUtils.checkInvalidArgs(options, allTopicsOpt, actions.stream().filter(a -> a != resetOffsetsOpt).toList());
            CommandLineUtils.checkInvalidArgs(options, dryRunOpt, actions.stream().filter(a -> a != resetOffsetsOpt).toList());
            CommandLineUtils.checkInvalidArgs(options, executeOpt, actions.stream().filter(a -> a != resetOffsetsOpt).toList());
        }
        if (options.has(allGroupsOpt) && options.has(groupOpt)) {
            throw new UsageException("Option \"" + allGroupsOpt + "\" can't be used with option \"" + groupOpt + "\"");
        }
        return this;
    }

    /** {@code action} needs one of {@code choices} (exactly one when {@code exclusive}). */
    private void takesOneOf(OptionSpec<?> action, List<OptionSpec<?>> choices, boolean exclusive) {
        long given = choices.stream().filter(options::has).count();
        if (given == 0 || (exclusive && given > 1)) {
            throw new UsageException("Option " + action + " takes " + (exclusive ? "exactly " : "") + "one of these "
                    + "options: " + String.join(", ", choices.stream().map(Object::toString).toList()));
        }
    }

    private void takesAtMostOneOf(OptionSpec<?> action, List<OptionSpec<?>> choices) {
        if (choices.stream().filter(options::has).count() > 1) {
            throw new UsageException("Option " + action + " takes at most one of these options: "
                    + String.join(", ", choices.stream().map(Object::toString).toList()));
        }
    }

    // ------------------------------------------------------------------------------------------ accessors

    public String bootstrapServer() {
        return options.valueOf(bootstrapServerOpt);
    }

    public Properties commandConfig() throws IOException {
        return options.has(commandConfigOpt) ? CommandLineUtils.loadProps(options.valueOf(commandConfigOpt))
                : new Properties();
    }

    public boolean list() {
        return options.has(listOpt);
    }

    public boolean describe() {
        return options.has(describeOpt);
    }

    public boolean delete() {
        return options.has(deleteOpt);
    }

    public boolean resetOffsets() {
        return options.has(resetOffsetsOpt);
    }

    public boolean members() {
        return options.has(membersOpt);
    }

    public boolean state() {
        return options.has(stateOpt);
    }

    public boolean verbose() {
        return options.has(verboseOpt);
    }

    public boolean allGroups() {
        return options.has(allGroupsOpt);
    }

    public List<String> groups() {
        return options.valuesOf(groupOpt);
    }

    public List<String> topics() {
        return options.valuesOf(topicOpt);
    }

    public boolean allTopics() {
        return options.has(allTopicsOpt);
    }

    public boolean execute() {
        return options.has(executeOpt);
    }

    public long timeoutMs() {
        return options.valueOf(timeoutMsOpt);
    }

    public boolean toEarliest() {
        return options.has(resetToEarliestOpt);
    }

    public boolean toLatest() {
        return options.has(resetToLatestOpt);
    }

    public boolean toCurrent() {
        return options.has(resetToCurrentOpt);
    }

    public Optional<Long> toOffset() {
        return Optional.ofNullable(options.valueOf(resetToOffsetOpt));
    }

    public Optional<Long> shiftBy() {
        return Optional.ofNullable(options.valueOf(resetShiftByOpt));
    }
}

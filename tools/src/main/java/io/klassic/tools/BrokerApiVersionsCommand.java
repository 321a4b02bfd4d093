package io.klassic.tools;

import io.klassic.tools.cli.CommandLineUtils;
import io.klassic.tools.cli.CommandOptions;
import io.klassic.tools.cli.ExitException;
import io.klassic.tools.cli.OptionSpec;
import io.klassic.tools.cli.ToolIo;
import io.klassic.tools.cli.UsageException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.protocol.ApiKeys;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/kafka-broker-api-versions.sh}: asks every broker of the cluster (found through
 * {@code --bootstrap-server}) for its API versions and prints Apache Kafka's listing:
 *
 * <pre>
 * 127.0.0.1:9092 (id: 0 rack: null) -> (
 * 	Produce(0): 0 to 9 [usable: 9],
 * 	...
 * 	ApiVersions(18): 0 to 3 [usable: 3]
 * )
 * </pre>
 *
 * "usable" is the highest version both the broker and this tool's client library speak. The request is an
 * ApiVersions v0 on its own connection: {@code int32 size, int16 api_key=18, int16 api_version=0,
 * int32 correlation_id, string client_id}; the v0 response is {@code int32 size, int32 correlation_id,
 * int16 error_code, [int16 api_key, int16 min_version, int16 max_version]}.
 *
 * <p>Exit 0 on success, 1 otherwise. Not thread-safe.
 */
public final class BrokerApiVersionsCommand {

    private BrokerApiVersionsCommand() {
    }

    /** One API as a broker announces it. */
    record ApiRange(int apiKey, int min, int max) {
    }

    static final class Options extends CommandOptions {
        final OptionSpec<String> bootstrapServer = parser.accepts("bootstrap-server",
                        "REQUIRED: The server to connect to.")
                .withRequiredArg().describedAs("server(s) to use for bootstrapping").ofType(String.class);
        final OptionSpec<String> commandConfig = parser.accepts("command-config",
                        "A property file containing configs to be passed to Admin Client.")
                .withRequiredArg().describedAs("command config property file").ofType(String.class);

        void parse(ToolIo io, String[] args) {
            options = parser.parse(args);
            if (args.length == 0) {
                throw new UsageException("This tool helps to retrieve broker version information.");
            }
            maybePrintHelpOrVersion(io, "This tool helps to retrieve broker version information.");
            CommandLineUtils.checkRequiredArgs(options, bootstrapServer);
        }
    }

    public static void main(String... args) {
        System.exit(mainNoExit(ToolIo.system(), args));
    }

    public static int mainNoExit(ToolIo io, String... args) {
        Options opts = new Options();
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
            Properties props = opts.options().has(opts.commandConfig)
                    ? CommandLineUtils.loadProps(opts.options().valueOf(opts.commandConfig)) : new Properties();
            props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, opts.options().valueOf(opts.bootstrapServer));
            List<Node> nodes;
            try (Admin admin = Admin.create(props)) {
                nodes = new ArrayList<>(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS));
            }
            nodes.sort(Comparator.comparingInt(Node::id));
            for (Node node : nodes) {
                try {
                    io.out().print(format(node, fetch(node)));
                } catch (IOException e) {
                    io.out().println(nodeString(node) + " -> ERROR: " + e);
                }
            }
            return 0;
        } catch (Exception e) {
            io.err().println("Error: " + e.getMessage());
            e.printStackTrace(io.err());
            return 1;
        }
    }

    static String nodeString(Node node) {
        return node.host() + ":" + node.port() + " (id: " + node.idString() + " rack: " + node.rack() + ")";
    }

    static String format(Node node, List<ApiRange> ranges) {
        String nl = System.lineSeparator();
        java.util.TreeMap<Integer, String> lines = new java.util.TreeMap<>();
        // as Kafka's tool: the broker APIs the client knows but the broker does not announce show as UNSUPPORTED
        for (ApiKeys key : ApiKeys.apisForListener(org.apache.kafka.common.message.ApiMessageType.ListenerType.BROKER)) {
            lines.put((int) key.id, key.name + "(" + key.id + "): UNSUPPORTED");
        }
        ranges.forEach(r -> lines.put(r.apiKey(), describe(r)));
        List<String> all = new ArrayList<>(lines.values());
        StringBuilder out = new StringBuilder(nodeString(node)).append(" -> (").append(nl);
        for (int i = 0; i < all.size(); i++) {
            out.append('\t').append(all.get(i)).append(i + 1 < all.size() ? "," : "").append(nl);
        }
        return out.append(')').append(nl).toString();
    }

    /** {@code Produce(0): 0 to 9 [usable: 9]}, or Kafka's notes when no version is usable. */
    static String describe(ApiRange r) {
        String range = r.min() == r.max() ? String.valueOf(r.min()) : r.min() + " to " + r.max();
        if (!ApiKeys.hasId(r.apiKey())) {
            return "UNKNOWN(" + r.apiKey() + "): " + range;
        }
        ApiKeys key = ApiKeys.forId(r.apiKey());
        String prefix = key.name + "(" + r.apiKey() + "): " + range;
        short latest = key.latestVersion();
        short oldest = key.oldestVersion();
        if (latest < oldest) {
            // an inter-broker API this client library no longer implements (Kafka 4 dropped the ZooKeeper-era
            // ones): Kafka 3.9's tool, whose client knows them, shows the broker's highest version as usable
            return prefix + " [usable: " + r.max() + "]";
        }
        if (latest < r.min()) {
            return prefix + " [unusable: node too new]";
        }
        if (oldest > r.max()) {
            return prefix + " [unusable: node too old]";
        }
        return prefix + " [usable: " + Math.min(latest, r.max()) + "]";
    }

    static List<ApiRange> fetch(Node node) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(node.host(), node.port()), 10_000);
            socket.setSoTimeout(10_000);
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            byte[] clientId = "broker-api-versions".getBytes(StandardCharsets.UTF_8);
            out.writeInt(2 + 2 + 4 + 2 + clientId.length);
            out.writeShort(18);
            out.writeShort(0);
            out.writeInt(1);
            out.writeShort(clientId.length);
            out.write(clientId);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            in.readInt();
            in.readInt();
            short error = in.readShort();
            if (error != 0) {
                throw new IOException("ApiVersions failed with error code " + error);
            }
            int n = in.readInt();
            List<ApiRange> ranges = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ranges.add(new ApiRange(in.readShort(), in.readShort(), in.readShort()));
            }
            ranges.sort(Comparator.comparingInt(ApiRange::apiKey));
            return ranges;
        }
    }
}

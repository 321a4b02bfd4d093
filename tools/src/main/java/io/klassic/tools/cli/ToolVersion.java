package io.klassic.tools.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version {@code --version} prints: Klassic's, read from {@code io/klassic/tools/version.properties}, which
 * the build fills in.
 *
 * <p>Stateless and thread-safe.
 */
public final class ToolVersion {

    private static final String RESOURCE = "/io/klassic/tools/version.properties";

    private ToolVersion() {
    }

    public static String version() {
        try (InputStream in = ToolVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties props = new Properties();
            props.load(in);
            String v = props.getProperty("version", "unknown").trim();
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }
}

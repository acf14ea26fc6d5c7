package org.orrery.web.console.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.Array;
import java.util.Arrays;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.apache.felix.inventory.Format;
import org.apache.felix.inventory.InventoryPrinter;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The Web Console's <em>Configurations</em> status page (and {@code config/configuration-status.*},
 * the download of every status page) without secrets. The console's own printer of that name
 * shows a property in clear unless its metatype says it is a password; this one takes its
 * place (the inventory shows one printer per name, the highest ranked) and masks every
 * property that is a secret: its name starts with {@code .} (Config Admin's private
 * properties, such as the task store's {@code .password}) or contains password, passwd,
 * secret, token or credential, and {@code password=…} inside a value such as a JDBC URL.
 */
@Component(service = InventoryPrinter.class, property = {
        InventoryPrinter.NAME + "=" + MaskedConfigurationPrinter.TITLE,
        InventoryPrinter.TITLE + "=" + MaskedConfigurationPrinter.TITLE,
        InventoryPrinter.FORMAT + "=TEXT",
        Constants.SERVICE_RANKING + ":Integer=1000" })
public final class MaskedConfigurationPrinter implements InventoryPrinter {

    static final String TITLE = "Configurations";
    static final String MASK = "********";

    private static final Pattern SECRET_NAME = Pattern.compile("(?i)^\\..*|.*(password|passwd|secret|token|credential).*");
    private static final Pattern SECRET_IN_VALUE = Pattern.compile("(?i)((?:password|passwd|pwd|secret|token)=)[^&;\\s]*");
    private static final Set<String> SHOWN_ABOVE = Set.of(Constants.SERVICE_PID, ConfigurationAdmin.SERVICE_FACTORYPID,
            ConfigurationAdmin.SERVICE_BUNDLELOCATION);

    private final ConfigurationAdmin configurationAdmin;

    @Activate
    public MaskedConfigurationPrinter(@Reference ConfigurationAdmin configurationAdmin) {
        this.configurationAdmin = configurationAdmin;
    }

    @Override
    public void print(PrintWriter out, Format format, boolean isZip) {
        Configuration[] configurations;
        try {
            configurations = configurationAdmin.listConfigurations(null);
        } catch (IOException | InvalidSyntaxException e) {
            out.println("Status: Configuration Admin Service not accessible");
            return;
        }
        if (configurations == null || configurations.length == 0) {
            out.println("Status: No Configurations available");
            return;
        }
        out.println("Status: " + configurations.length + " configurations available");
        out.println();
        TreeMap<String, Configuration> byPid = new TreeMap<>();
        Arrays.stream(configurations).forEach(c -> byPid.put(c.getPid(), c));
        byPid.values().forEach(c -> print(out, c));
    }

    private static void print(PrintWriter out, Configuration configuration) {
        out.println("PID = " + configuration.getPid());
        if (configuration.getFactoryPid() != null) {
            out.println("  Factory PID = " + configuration.getFactoryPid());
        }
        Dictionary<String, Object> properties = configuration.getProperties();
        if (properties != null) {
            for (String key : new TreeSet<>(Collections.list(properties.keys()))) {
                if (!SHOWN_ABOVE.contains(key)) {
                    out.println("  " + key + " = " + shown(key, properties.get(key)));
                }
            }
        }
        out.println();
    }

    /** How a property is shown: masked when it is a secret. */
    static String shown(String key, Object value) {
        if (isSecret(key)) {
            return MASK;
        }
        String text;
        if (value != null && value.getClass().isArray()) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < Array.getLength(value); i++) {
                b.append(i == 0 ? "" : ", ").append(Array.get(value, i));
            }
            text = b.append(']').toString();
        } else {
            text = String.valueOf(value);
        }
        return SECRET_IN_VALUE.matcher(text).replaceAll("$1" + MASK);
    }

    static boolean isSecret(String key) {
        return SECRET_NAME.matcher(key.toLowerCase(Locale.ROOT)).matches();
    }
}

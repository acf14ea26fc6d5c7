package org.orrery.web.console.internal;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.felix.inventory.Format;
import org.apache.felix.inventory.InventoryPrinter;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Keeps secrets out of the Web Console's status pages ({@code status-*} and the
 * {@code config/configuration-status.*} download): the console's <em>Configurations</em> printer
 * and the DS plugin's component printer ({@code scr}) print configuration and component
 * properties in clear unless a metatype declares them passwords. For each of them this
 * registers a stand-in under the same name that runs the original and {@link SecretMask masks}
 * what it wrote. The inventory shows one printer per name: the first of them sorted by
 * {@code ServiceReference.compareTo}, which is the <em>lowest</em> ranking, so the stand-in
 * has a negative ranking.
 */
@Component(immediate = true)
public final class SecretMaskingPrinters {

    static final String MASKED = "org.orrery.masked";
    static final String TARGET = "(&(|(" + InventoryPrinter.NAME + "=Configurations)(" + InventoryPrinter.NAME + "=scr))(!("
            + MASKED + "=*)))";

    private final BundleContext context;
    private final Map<InventoryPrinter, ServiceRegistration<InventoryPrinter>> standIns = new ConcurrentHashMap<>();
    private volatile boolean active = true;

    @Activate
    public SecretMaskingPrinters(BundleContext context) {
        this.context = context;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, target = TARGET)
    void addPrinter(InventoryPrinter original, Map<String, Object> properties) {
        if (!active) {
            return;
        }
        Hashtable<String, Object> standIn = new Hashtable<>();
        for (String key : new String[] {InventoryPrinter.NAME, InventoryPrinter.TITLE, InventoryPrinter.FORMAT,
                InventoryPrinter.WEBCONSOLE}) {
            if (properties.get(key) != null) {
                standIn.put(key, properties.get(key));
            }
        }
        standIn.put(MASKED, Boolean.TRUE);
        standIn.put(Constants.SERVICE_RANKING, Integer.MIN_VALUE);
        standIns.put(original, context.registerService(InventoryPrinter.class, masking(original), standIn));
    }

    void removePrinter(InventoryPrinter original) {
        ServiceRegistration<InventoryPrinter> registration = standIns.remove(original);
        if (registration != null) {
            unregister(registration);
        }
    }

    @Deactivate
    void deactivate() {
        active = false;
        standIns.values().forEach(SecretMaskingPrinters::unregister);
        standIns.clear();
    }

    /** A printer that runs {@code original} and writes what it printed with secrets masked. */
    static InventoryPrinter masking(InventoryPrinter original) {
        return (PrintWriter out, Format format, boolean isZip) -> {
            StringWriter buffer = new StringWriter();
            try (PrintWriter captured = new PrintWriter(buffer)) {
                original.print(captured, format, isZip);
            }
            out.print(SecretMask.mask(buffer.toString()));
        };
    }

    private static void unregister(ServiceRegistration<InventoryPrinter> registration) {
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // already gone with this bundle
        }
    }
}

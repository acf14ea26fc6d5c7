package org.orrery.store.files.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.Hashtable;

import org.orrery.files.FileStore;
import org.orrery.platform.OrreryHome;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the file store with its configuration and registers it as the {@link FileStore}
 * service. The store is registered by hand, not by DS: DS would copy every configuration
 * property, the encryption key too, into the service's properties.
 */
@Component(name = FilesComponent.PID, configurationPid = FilesComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true, service = {})
@Designate(ocd = FilesComponent.Config.class)
public final class FilesComponent {

    static final String PID = "org.orrery.store.files";
    private static final Logger LOG = LoggerFactory.getLogger(FilesComponent.class);

    @ObjectClassDefinition(id = PID, name = "Orrery file store",
            description = "Files kept by Orrery (seed 002's storage): root, read cache, encryption keys.")
    public @interface Config {
        // DS and metatype turn '_' in a method name into '.', and '__' into '_': the properties are
        // named cache_size, key_id, encryption_key (what the console's SecretMask recognises), keys_folder

        @AttributeDefinition(name = "Root", description = "Every stored file is under it: an absolute path, or "
                + "relative to ORRERY_HOME. Default data/files.")
        String root() default "data/files";

        @AttributeDefinition(name = "Read cache (bytes)", description = "Bytes of recently read files kept in "
                + "memory; 0 turns the cache off.", min = "0")
        long cache__size() default 32L * 1024 * 1024;

        @AttributeDefinition(name = "Current key id", required = false, description = "The key new encrypted files "
                + "use: the id of encryption_key, or of a key file <id>.key in the keys folder. Empty: no encryption.")
        String key__id() default "";

        @AttributeDefinition(name = "Encryption key", type = AttributeType.PASSWORD, required = false,
                description = "Base64 of 32 bytes (AES-256), named by key_id. A secret: or use a key file instead.")
        String encryption__key() default "";

        @AttributeDefinition(name = "Keys folder", required = false, description = "Key files <id>.key (base64 of "
                + "32 bytes, readable by their owner only): older keys stay here for reading. Relative to ORRERY_HOME.")
        String keys__folder() default "etc/files-keys";
    }

    private final LocalFileStore store;
    private final ServiceRegistration<FileStore> registration;

    @Activate
    public FilesComponent(BundleContext context, Config config) throws IOException {
        OrreryHome home = OrreryHome.fromProperty(context.getProperty(OrreryHome.PROPERTY));
        this.store = open(home.root(), config);
        Dictionary<String, Object> properties = new Hashtable<>();
        properties.put("root", store.root().toString());
        this.registration = context.registerService(FileStore.class, store, properties);
    }

    /** The store a configuration describes, folders relative to {@code home}. */
    static LocalFileStore open(Path home, Config config) throws IOException {
        Path root = home.resolve(config.root().isBlank() ? "data/files" : config.root().trim());
        Path keysFolder = config.keys__folder().isBlank() ? null : home.resolve(config.keys__folder().trim());
        if (config.cache__size() < 0) {
            throw new IllegalArgumentException(PID + ": cache_size must be 0 or more bytes, was " + config.cache__size());
        }
        KeyRing keys;
        try {
            keys = KeyRing.load(keysFolder, config.encryption__key(), config.key__id());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PID + ": " + e.getMessage());
        }
        LocalFileStore store = new LocalFileStore(root, keys, config.cache__size());
        LOG.info("File store at {}: keys {} (current: {}), read cache {} bytes{}", store.root(), keys.ids(),
                keys.currentId() == null ? "none, encryption refused" : keys.currentId(), config.cache__size(),
                store.removedAtStart() == 0 ? "" : "; removed " + store.removedAtStart()
                        + " temporary file(s) of interrupted writes");
        return store;
    }

    LocalFileStore store() {
        return store;
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
    }
}

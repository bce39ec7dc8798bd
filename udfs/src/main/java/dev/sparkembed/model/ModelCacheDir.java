package dev.sparkembed.model;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local folder that models are extracted and copied into, kept private to the user running
 * the JVM. On a shared host anyone can create {@code /tmp/spark-embed-models-alice} before alice
 * does; a folder that someone else owns could hand alice's jobs a model of their choosing, so it
 * is refused, and a folder spark-embed creates is made with mode 0700.
 */
final class ModelCacheDir {

  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
  private static final Map<Path, Path> CHECKED = new ConcurrentHashMap<>();

  private ModelCacheDir() {}

  /** Creates the folder (mode 0700) or checks the one there; once per folder per JVM. */
  static Path ensurePrivate(Path dir) {
    return CHECKED.computeIfAbsent(dir.toAbsolutePath().normalize(), d -> ensurePrivate(d, currentUser()));
  }

  /** As {@link #ensurePrivate(Path)}, for the given user (tests name another one). */
  static Path ensurePrivate(Path dir, UserPrincipal user) {
    try {
      PosixFileAttributeView posix = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
      if (!Files.exists(dir)) {
        Files.createDirectories(dir.getParent());
        try {
          if (posix != null) {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
          } else {
            Files.createDirectory(dir);
          }
        } catch (java.nio.file.FileAlreadyExistsException raced) {
          // another JVM on the host made it first: check it as any existing folder
        }
      }
      if (!Files.isDirectory(dir)) {
        throw new ModelException("model cache " + dir + " is not a folder; set " + ModelLocator.CACHE_DIR_PROPERTY
            + " to a folder of your own");
      }
      UserPrincipal owner = Files.getOwner(dir);
      if (!owner.getName().equals(user.getName())) {
        throw new ModelException("model cache " + dir + " belongs to user " + owner.getName() + ", not " + user.getName()
            + "; refusing to load models from it (set " + ModelLocator.CACHE_DIR_PROPERTY + " to a folder of your own)");
      }
      if (posix != null && !posix.readAttributes().permissions().equals(OWNER_ONLY)) {
        posix.setPermissions(OWNER_ONLY); // ours: others have no business in it
      }
      return dir;
    } catch (IOException e) {
      throw new ModelException("cannot prepare model cache " + dir + ": " + e.getMessage(), e);
    }
  }

  private static UserPrincipal currentUser() {
    try {
      return FileSystems.getDefault().getUserPrincipalLookupService()
          .lookupPrincipalByName(System.getProperty("user.name"));
    } catch (IOException e) {
      throw new ModelException("cannot look up the current user " + System.getProperty("user.name") + ": " + e.getMessage(), e);
    }
  }
}

package dev.sparkembed.similarity;

/** Prints the notice (or "native") from a fresh JVM, where netlib chooses its BLAS on first use. */
public final class NativeBlasMain {

  private NativeBlasMain() {}

  public static void main(String[] args) {
    System.out.println(NativeBlas.missingNotice().orElse("native"));
  }
}

/**
 * SQL for notebooks: {@code embed} and {@code cosine_similarity} as scalar functions, {@code
 * embed_table}, {@code semantic_search} and {@code similarity_join} as table functions. They are
 * declared once in {@link dev.sparkembed.sql.SparkEmbedFunctions} and reach a session through
 * {@link dev.sparkembed.sql.SparkEmbedExtensions} (config or service file) or {@code
 * SparkEmbedFunctions.register(spark)}; each builds the plan the library would run, so SQL batches
 * and joins exactly as the jobs do. Bad arguments are one-line {@code AnalysisException}s.
 */
package dev.sparkembed.sql;

package dev.sparkembed.jobs;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;

/**
 * A corpus ready to embed.
 *
 * @param rows the id column, the text column and kept columns, in that order
 * @param rejected records that could not be parsed ({@code raw, reason, file, parsed}), or null
 *     when the format cannot hold malformed records (Parquet, plain text)
 * @param rejectedSeen counts rejected records as {@code rows} is read; zero after a complete pass
 *     over {@code rows} means there are none (null when {@code rejected} is)
 * @param idCol the id column's name
 * @param textCol the text column's name
 * @param generatedIds whether ids were derived from content because the input had none
 */
public record Corpus(
    Dataset<Row> rows, Dataset<Row> rejected, LongAccumulator rejectedSeen, String idCol, String textCol, boolean generatedIds) {}

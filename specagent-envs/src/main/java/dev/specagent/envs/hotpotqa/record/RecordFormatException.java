package dev.specagent.envs.hotpotqa.record;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.specagent.core.data.IoErrors;
import dev.specagent.core.data.JsonErrors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A recorded file or data set that does not have the expected shape; the message names file and field. */
public final class RecordFormatException extends IllegalArgumentException {

    public RecordFormatException(String message) {
        super(message);
    }

    /** A file that could not be read as JSON: names the file, and the line and column of the error. */
    public static RecordFormatException malformed(Path file, IOException e) {
        if (Files.isDirectory(file)) {
            return new RecordFormatException(file + ": is a folder, expected a JSON file"); // not "cannot read: <file> (Is a directory)"
        }
        if (e instanceof JsonProcessingException json && json.getLocation() != null) {
            return new RecordFormatException(file + ": malformed JSON at " + JsonErrors.describe(json));
        }
        return new RecordFormatException(file + ": cannot read: " + IoErrors.reason(e));
    }
}

package dev.specagent.core.planning.depth;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad settings are refused where they are built, naming the settings' field, not later by the class it feeds. */
class PredictorSettingsTest {

    private static final PredictorSettings BASE = PredictorSettings.of(0.5, 0);

    /** One field of the defaults replaced by {@code value}. */
    private static PredictorSettings with(String field, double value) {
        PredictorSettings b = BASE;
        int i = (int) value;
        return switch (field) {
            case "tau" -> new PredictorSettings(value, b.offset(), b.gamma(), b.lambda(), b.featureBits(),
                    b.bufferCapacity(), b.epochs(), b.batchSize(), b.samplesPerRound(), b.learningRate(),
                    b.roundSeconds(), b.seed());
            case "offset" -> PredictorSettings.of(b.tau(), i);
            case "gamma" -> b.withReturns(value, b.lambda());
            case "lambda" -> b.withReturns(b.gamma(), value);
            case "featureBits" -> new PredictorSettings(b.tau(), b.offset(), b.gamma(), b.lambda(), i,
                    b.bufferCapacity(), b.epochs(), b.batchSize(), b.samplesPerRound(), b.learningRate(),
                    b.roundSeconds(), b.seed());
            case "bufferCapacity" -> new PredictorSettings(b.tau(), b.offset(), b.gamma(), b.lambda(), b.featureBits(),
                    i, b.epochs(), b.batchSize(), b.samplesPerRound(), b.learningRate(), b.roundSeconds(), b.seed());
            case "epochs" -> new PredictorSettings(b.tau(), b.offset(), b.gamma(), b.lambda(), b.featureBits(),
                    b.bufferCapacity(), i, b.batchSize(), b.samplesPerRound(), b.learningRate(), b.roundSeconds(),
                    b.seed());
            case "batchSize" -> new PredictorSettings(b.tau(), b.offset(), b.gamma(), b.lambda(), b.featureBits(),
                    b.bufferCapacity(), b.epochs(), i, b.samplesPerRound(), b.learningRate(), b.roundSeconds(),
                    b.seed());
            case "samplesPerRound" -> new PredictorSettings(b.tau(), b.offset(), b.gamma(), b.lambda(),
                    b.featureBits(), b.bufferCapacity(), b.epochs(), b.batchSize(), i, b.learningRate(),
                    b.roundSeconds(), b.seed());
            case "learningRate" -> new PredictorSettings(b.tau(), b.offset(), b.gamma(), b.lambda(), b.featureBits(),
                    b.bufferCapacity(), b.epochs(), b.batchSize(), b.samplesPerRound(), value, b.roundSeconds(),
                    b.seed());
            case "roundSeconds" -> new PredictorSettings(b.tau(), b.offset(), b.gamma(), b.lambda(), b.featureBits(),
                    b.bufferCapacity(), b.epochs(), b.batchSize(), b.samplesPerRound(), b.learningRate(), value,
                    b.seed());
            default -> throw new AssertionError(field);
        };
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            tau             | 1.5       | PredictorSettings.tau must be in (0, 1), was 1.5
            tau             | 0         | PredictorSettings.tau must be in (0, 1), was 0.0
            tau             | NaN       | PredictorSettings.tau must be in (0, 1), was NaN
            offset          | 21        | PredictorSettings.offset must be in -10..20, was 21
            offset          | -11       | PredictorSettings.offset must be in -10..20, was -11
            gamma           | 0         | PredictorSettings.gamma must be in (0, 1], was 0.0
            gamma           | 1.5       | PredictorSettings.gamma must be in (0, 1], was 1.5
            lambda          | -0.1      | PredictorSettings.lambda must be in [0, 1], was -0.1
            lambda          | 2         | PredictorSettings.lambda must be in [0, 1], was 2.0
            featureBits     | 7         | PredictorSettings.featureBits must be in 8..22, was 7
            featureBits     | 23        | PredictorSettings.featureBits must be in 8..22, was 23
            bufferCapacity  | 0         | PredictorSettings.bufferCapacity must be at least 1, was 0
            epochs          | 0         | PredictorSettings.epochs must be at least 1, was 0
            batchSize       | 0         | PredictorSettings.batchSize must be at least 1, was 0
            samplesPerRound | 0         | PredictorSettings.samplesPerRound must be at least 1, was 0
            learningRate    | 0         | PredictorSettings.learningRate must be positive and finite, was 0.0
            learningRate    | Infinity  | PredictorSettings.learningRate must be positive and finite, was Infinity
            roundSeconds    | -1        | PredictorSettings.roundSeconds must be non-negative and finite, was -1.0
            roundSeconds    | Infinity  | PredictorSettings.roundSeconds must be non-negative and finite, was Infinity
            """)
    void aFieldOutOfRangeIsRefusedNamingTheField(String field, double value, String message) {
        assertThatThrownBy(() -> with(field, value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    /** The ends of each range that the consumers accept are accepted here too. */
    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', textBlock = """
            offset          | 20
            offset          | -10
            gamma           | 1
            lambda          | 0
            lambda          | 1
            featureBits     | 8
            featureBits     | 22
            bufferCapacity  | 1
            epochs          | 1
            batchSize       | 1
            samplesPerRound | 1
            roundSeconds    | 0
            """)
    void theEndsOfEachRangeAreAccepted(String field, double value) {
        assertThat(with(field, value)).isNotNull();
    }

}

/**
 * Lines TensorFlow's native library prints on every start. They say nothing about why a kernel died, and with a
 * short tail they would push out the lines that do, so "Last stderr lines" leaves them out (the log keeps them).
 */
const STARTUP_NOISE: RegExp[] = [
  /^WARNING: All log messages before absl::InitializeLog\(\) is called are written to STDERR$/,
  /oneDNN custom operations are on/,
  /cpu_feature_guard\.cc/,
  /This TensorFlow binary is optimized to use available CPU instructions/,
  /^To enable the following instructions: .* rebuild TensorFlow with the appropriate compiler flags\.$/,
  /Could not find cuda drivers on your machine/,
  /Unable to register cu(DNN|FFT|BLAS) factory/,
  /TF-TRT Warning: Could not find TensorRT/,
  /computation placer already registered/,
];

/** TensorFlow's informational log lines (`I0000 00:00:… file.cc:12] …`) are start-up chatter too; warnings and errors are not. */
const TF_INFO_LINE = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+: )?I(\d{4} \d\d:\d\d:\d\d\.\d+\s+\d+ |\s)\S+\.cc:\d+\] /;

export function isStartupNoise(line: string): boolean {
  return TF_INFO_LINE.test(line) || STARTUP_NOISE.some((pattern) => pattern.test(line));
}

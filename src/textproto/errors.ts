/** A protobuf text-format document that cannot be read, or a value that cannot be written. */
export class TextProtoError extends Error {
  constructor(message: string, readonly line?: number, readonly column?: number) {
    super(line === undefined ? message : `${line}:${column}: ${message}`);
    this.name = 'TextProtoError';
  }
}

// P4Info in protobuf text format, the format p4c writes (`--p4runtime-files x.p4info.txtpb`).
import { P4Info } from '../proto/p4/config/v1/p4info.js';
import { parseTextProto, TextProtoError } from '../textproto/index.js';
import { P4InfoFormatError } from './errors.js';

export function parseP4InfoText(text: string): P4Info {
  try {
    return P4Info.fromJSON(parseTextProto(text, 'p4.config.v1.P4Info'));
  } catch (error) {
    if (error instanceof TextProtoError) throw new P4InfoFormatError(`P4Info text format, ${error.message}`);
    throw error;
  }
}

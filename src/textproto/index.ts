// Protobuf text format (the `.txtpb` files p4c writes P4Info in), for any message in proto/.
// Written here because no maintained JavaScript library reads or writes text format.
export { TextProtoError } from './errors.js';
export { parseTextProto, type JsonObject, type JsonValue } from './parse.js';
export { printTextProto } from './print.js';

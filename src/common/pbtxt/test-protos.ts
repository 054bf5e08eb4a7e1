import protobuf from "protobufjs";

/**
 * Message types for the pbtxt tests, written from specs/tf-serving-api.md (the project's own
 * proto/ files are owned elsewhere). Also used by the fuzz test.
 */
export const TEST_PROTO = `
syntax = "proto3";
package tensorflow.serving;
import "google/protobuf/wrappers.proto";
import "google/protobuf/any.proto";

message SSLConfig { string server_key = 1; string server_cert = 2; string custom_ca = 3; bool client_verify = 4; }

message FileSystemStoragePathSourceConfig {
  message ServableVersionPolicy {
    message Latest { uint32 num_versions = 1; }
    message All {}
    message Specific { repeated int64 versions = 1; }
    oneof policy_choice { Latest latest = 100; All all = 101; Specific specific = 102; }
  }
}
message LoggingConfig { string log_collector_config = 1; }
message ModelConfig {
  string name = 1;
  string base_path = 2;
  int32 model_type = 3;
  string model_platform = 4;
  LoggingConfig logging_config = 6;
  FileSystemStoragePathSourceConfig.ServableVersionPolicy model_version_policy = 7;
  map<string, int64> version_labels = 8;
}
message ModelConfigList { repeated ModelConfig config = 1; }
message ModelServerConfig {
  oneof config { ModelConfigList model_config_list = 1; google.protobuf.Any custom_model_config = 2; }
}

message BatchingParameters {
  google.protobuf.Int64Value max_batch_size = 1;
  google.protobuf.Int64Value batch_timeout_micros = 2;
  google.protobuf.Int64Value max_enqueued_batches = 3;
  google.protobuf.Int64Value num_batch_threads = 4;
  google.protobuf.StringValue thread_pool_name = 5;
  repeated int64 allowed_batch_sizes = 6;
  google.protobuf.BoolValue pad_variable_length_inputs = 7;
  google.protobuf.BoolValue enable_large_batch_splitting = 8;
  google.protobuf.Int64Value max_execution_batch_size = 9;
}

message PrometheusConfig { bool enable = 1; string path = 2; }
message MonitoringConfig { PrometheusConfig prometheus_config = 1; }

enum Color { COLOR_UNSPECIFIED = 0; RED = 1; GREEN = 2; }
message Scalars {
  int32 i32 = 1; uint32 u32 = 2; int64 i64 = 3; uint64 u64 = 4; sint32 s32 = 5; fixed64 f64 = 6;
  float f = 7; double d = 8; bool b = 9; string s = 10; bytes by = 11; Color color = 12;
  repeated int32 ri = 13; repeated string rs = 14; repeated Color rc = 15; repeated double rd = 16;
  map<int32, string> by_int = 17; map<bool, Color> by_bool = 18; map<string, Scalars> children = 19;
  Scalars child = 20; repeated Scalars kids = 21; google.protobuf.Any any = 22;
}
`;

/** Parses TEST_PROTO; `keepCase` chooses snake_case (true) or protobufjs' default camelCase field names. */
export function testRoot(keepCase: boolean): protobuf.Root {
  const root = new protobuf.Root();
  for (const file of ["google/protobuf/any.proto", "google/protobuf/wrappers.proto"]) {
    const json = protobuf.common.get(file);
    if (json?.nested) root.addJSON(json.nested);
  }
  return protobuf.parse(TEST_PROTO, root, { keepCase }).root;
}

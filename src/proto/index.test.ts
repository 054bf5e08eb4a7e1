import assert from "node:assert/strict";
import { test } from "node:test";
import * as grpc from "@grpc/grpc-js";
import { GRPC_PATHS, loadPackageDefinition, protoEnum, protoType } from "./index.ts";

function ids(typeName: string): Record<string, number> {
  return Object.fromEntries(protoType(typeName).fieldsArray.map((f) => [f.name, f.id]));
}

test("field numbers follow the spec tables", () => {
  assert.deepEqual(ids("tensorflow.serving.ModelSpec"), { name: 1, version: 2, version_label: 4, signature_name: 3 });
  assert.deepEqual(ids("tensorflow.serving.PredictRequest"), { model_spec: 1, inputs: 2, output_filter: 3 });
  assert.deepEqual(ids("tensorflow.serving.PredictResponse"), { outputs: 1, model_spec: 2 });
  const t = ids("tensorflow.TensorProto");
  assert.equal(t.tensor_content, 4);
  assert.equal(t.float_val, 5);
  assert.equal(t.half_val, 13);
  assert.equal(t.uint64_val, 17);
  assert.equal(t.float8_val, 18);
  assert.deepEqual(ids("tensorflow.TensorInfo"), {
    name: 1,
    coo_sparse: 4,
    composite_tensor: 5,
    dtype: 2,
    tensor_shape: 3,
  });
  assert.deepEqual(ids("tensorflow.serving.ModelVersionStatus"), { version: 1, state: 2, status: 3 });
  assert.deepEqual(ids("tensorflow.serving.SSLConfig"), {
    server_key: 1,
    server_cert: 2,
    custom_ca: 3,
    client_verify: 4,
  });
  assert.equal(ids("tensorflow.serving.FileSystemStoragePathSourceConfig.ServableVersionPolicy").specific, 102);
  assert.equal(ids("tensorflow.serving.ModelConfig").version_labels, 8);
  assert.equal(ids("tensorflow.serving.BatchingParameters").max_execution_batch_size, 9);
  assert.equal(protoEnum("tensorflow.DataType").values.DT_UINT4, 30);
  assert.equal(protoEnum("tensorflow.serving.ModelVersionStatus.State").values.AVAILABLE, 30);
});

test("proto-loader package definition exposes the services under their gRPC paths", () => {
  const pkg = grpc.loadPackageDefinition(loadPackageDefinition()) as unknown as {
    tensorflow: { serving: Record<string, { service: grpc.ServiceDefinition }> };
    grpc: { health: { v1: { Health: { service: grpc.ServiceDefinition } } } };
  };
  const prediction = pkg.tensorflow.serving.PredictionService.service;
  assert.equal(prediction.Predict.path, GRPC_PATHS.predict);
  assert.equal(prediction.GetModelMetadata.path, GRPC_PATHS.getModelMetadata);
  assert.equal(pkg.tensorflow.serving.ModelService.service.GetModelStatus.path, GRPC_PATHS.getModelStatus);
  assert.equal(pkg.grpc.health.v1.Health.service.Check.path, GRPC_PATHS.healthCheck);
});

import protobuf from "protobufjs";

/**
 * Minimal subset of onnx/onnx.proto (package `onnx`) as a protobufjs JSON descriptor: the messages
 * a feed-forward model needs. Field numbers are those of the ONNX spec (onnx.proto, IR version 8+);
 * fields this generator never writes are left out. Message and field names keep the .proto
 * spelling so the descriptor reads like the spec.
 */
const ONNX_DESCRIPTOR: protobuf.INamespace = {
  nested: {
    onnx: {
      nested: {
        ModelProto: {
          fields: {
            ir_version: { id: 1, type: "int64" },
            producer_name: { id: 2, type: "string" },
            producer_version: { id: 3, type: "string" },
            domain: { id: 4, type: "string" },
            model_version: { id: 5, type: "int64" },
            doc_string: { id: 6, type: "string" },
            graph: { id: 7, type: "GraphProto" },
            opset_import: { id: 8, type: "OperatorSetIdProto", rule: "repeated" },
          },
        },
        OperatorSetIdProto: {
          fields: {
            domain: { id: 1, type: "string" },
            version: { id: 2, type: "int64" },
          },
        },
        GraphProto: {
          fields: {
            node: { id: 1, type: "NodeProto", rule: "repeated" },
            name: { id: 2, type: "string" },
            initializer: { id: 5, type: "TensorProto", rule: "repeated" },
            doc_string: { id: 10, type: "string" },
            input: { id: 11, type: "ValueInfoProto", rule: "repeated" },
            output: { id: 12, type: "ValueInfoProto", rule: "repeated" },
            value_info: { id: 13, type: "ValueInfoProto", rule: "repeated" },
          },
        },
        NodeProto: {
          fields: {
            input: { id: 1, type: "string", rule: "repeated" },
            output: { id: 2, type: "string", rule: "repeated" },
            name: { id: 3, type: "string" },
            op_type: { id: 4, type: "string" },
            attribute: { id: 5, type: "AttributeProto", rule: "repeated" },
            doc_string: { id: 6, type: "string" },
            domain: { id: 7, type: "string" },
          },
        },
        AttributeProto: {
          fields: {
            name: { id: 1, type: "string" },
            f: { id: 2, type: "float" },
            i: { id: 3, type: "int64" },
            s: { id: 4, type: "bytes" },
            t: { id: 5, type: "TensorProto" },
            floats: { id: 7, type: "float", rule: "repeated" },
            ints: { id: 8, type: "int64", rule: "repeated" },
            strings: { id: 9, type: "bytes", rule: "repeated" },
            type: { id: 20, type: "AttributeType" },
          },
          nested: {
            AttributeType: {
              values: {
                UNDEFINED: 0,
                FLOAT: 1,
                INT: 2,
                STRING: 3,
                TENSOR: 4,
                GRAPH: 5,
                FLOATS: 6,
                INTS: 7,
                STRINGS: 8,
              },
            },
          },
        },
        TensorProto: {
          fields: {
            dims: { id: 1, type: "int64", rule: "repeated" },
            data_type: { id: 2, type: "int32" },
            float_data: { id: 4, type: "float", rule: "repeated" },
            int64_data: { id: 7, type: "int64", rule: "repeated" },
            name: { id: 8, type: "string" },
            raw_data: { id: 9, type: "bytes" },
          },
          nested: {
            DataType: { values: { UNDEFINED: 0, FLOAT: 1, UINT8: 2, INT8: 3, INT32: 6, INT64: 7, STRING: 8, BOOL: 9 } },
          },
        },
        ValueInfoProto: {
          fields: {
            name: { id: 1, type: "string" },
            type: { id: 2, type: "TypeProto" },
            doc_string: { id: 3, type: "string" },
          },
        },
        TypeProto: {
          fields: { tensor_type: { id: 1, type: "Tensor" } },
          nested: {
            Tensor: {
              fields: {
                elem_type: { id: 1, type: "int32" },
                shape: { id: 2, type: "TensorShapeProto" },
              },
            },
          },
        },
        TensorShapeProto: {
          fields: { dim: { id: 1, type: "Dimension", rule: "repeated" } },
          nested: {
            Dimension: {
              oneofs: { value: { oneof: ["dim_value", "dim_param"] } },
              fields: {
                dim_value: { id: 1, type: "int64" },
                dim_param: { id: 2, type: "string" },
              },
            },
          },
        },
      },
    },
  },
};

/** protobufjs Root holding the ONNX subset (snake_case field names). */
export const onnxRoot: protobuf.Root = protobuf.Root.fromJSON(ONNX_DESCRIPTOR);

export const ModelProto = onnxRoot.lookupType("onnx.ModelProto");
export const GraphProto = onnxRoot.lookupType("onnx.GraphProto");
export const TensorProto = onnxRoot.lookupType("onnx.TensorProto");

/** TensorProto.DataType values used here (onnx.proto). */
export const ONNX_FLOAT = 1;
export const ONNX_INT64 = 7;

/** AttributeProto.AttributeType values used here (onnx.proto). */
export const ATTR_FLOAT = 1;
export const ATTR_INT = 2;
export const ATTR_INTS = 7;

/** Field numbers written by hand in `encode.ts` (onnx.proto). */
export const MODEL_GRAPH_FIELD = 7;
export const GRAPH_INITIALIZER_FIELD = 5;
export const TENSOR_RAW_DATA_FIELD = 9;
